// Check-in page: keep the arrival counts fresh while several doors tick people in.
// Progressive enhancement only: the page works fully without this script.
(function () {
  "use strict";
  var box = document.querySelector("[data-counts-url]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-counts-url");

  function refresh() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (!counts) { return; }
        Object.keys(counts).forEach(function (name) {
          var cell = box.querySelector('[data-count="' + name + '"]');
          if (cell && cell.textContent !== String(counts[name])) { cell.textContent = String(counts[name]); }
        });
      })
      .catch(function () { /* offline for a moment: the next round will do */ });
  }

  window.setInterval(refresh, 15000);
  document.addEventListener("visibilitychange", refresh);
}());
