// Booking form: − and + buttons around the number of seats, big enough for a thumb.
// Progressive enhancement only: without this script the field is a plain number field that works the same.
(function () {
  "use strict";

  function clamp(input, value) {
    var min = parseInt(input.getAttribute("min"), 10);
    var max = parseInt(input.getAttribute("max"), 10);
    if (!isNaN(min) && value < min) { value = min; }
    if (!isNaN(max) && value > max) { value = max; }
    return value;
  }

  function button(input, text, label, step) {
    var b = document.createElement("button");
    b.type = "button";  // never submits the form
    b.className = "btn btn-outline-primary stepper-button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.setAttribute("aria-controls", input.id);
    b.addEventListener("click", function () {
      var current = parseInt(input.value, 10);
      input.value = String(clamp(input, (isNaN(current) ? 0 : current) + step));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    return b;
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-stepper]"), function (input) {
    var box = document.createElement("div");
    box.className = "stepper";
    input.parentNode.insertBefore(box, input);
    box.appendChild(button(input, "\u2212", input.getAttribute("data-less"), -1));
    box.appendChild(input);
    box.appendChild(button(input, "+", input.getAttribute("data-more"), 1));
  });
}());
