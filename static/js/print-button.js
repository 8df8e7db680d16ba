// Shows the "Print" buttons (hidden without script: the browser's own menu prints too) and opens the print dialog.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
