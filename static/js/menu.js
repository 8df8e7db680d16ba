// The main menu on a phone: folded behind one "Menu" button once this script runs.
// Progressive enhancement only: without it the menu stays open, as before. From 768 px up
// the CSS shows the whole menu and hides the button (static/css/guichet.css).
(function () {
  "use strict";

  var button = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) { return; }

  function fold(folded) {
    menu.classList.toggle("is-folded", folded);
    button.setAttribute("aria-expanded", folded ? "false" : "true");
  }

  button.hidden = false;
  fold(true);
  button.addEventListener("click", function () {
    fold(!menu.classList.contains("is-folded"));
  });
  // Escape folds it again and gives the focus back to the button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !menu.classList.contains("is-folded") && button.offsetParent !== null) {
      fold(true);
      button.focus();
    }
  });
}());
