// The partner's "Print the list" button: shown only where this script runs (browsers print from their menu too).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
