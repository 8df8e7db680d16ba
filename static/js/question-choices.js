// Question forms: the "choices" box only matters for a single-choice question, so it is shown only then.
// Progressive enhancement: without this script the box is always there, and its label says when it counts.
(function () {
  "use strict";
  document.querySelectorAll("form").forEach(function (form) {
    var kind = form.querySelector("select[name=kind]");
    var choices = form.querySelector(".question-choices");
    if (!kind || !choices) { return; }
    function show() { choices.hidden = kind.value !== "choice"; }
    kind.addEventListener("change", show);
    show();
  });
})();
