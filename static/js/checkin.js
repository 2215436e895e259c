/* Check-in at the door. A handheld scanner types the code and Enter like a keyboard: the code
   field keeps the focus so that the next badge can be scanned without touching the screen, and
   the present / expected counts follow the other doors. Without this script the page still works. */
(function () {
  "use strict";

  var POLL_MS = 15000;

  function keepFocus(field) {
    function refocus() {
      // Someone typing in another field or pressing a button keeps their focus.
      var active = document.activeElement;
      if (active && active !== document.body && active !== field &&
          active.matches("input, button, a, select, textarea")) { return; }
      field.focus();
    }
    field.addEventListener("blur", function () { window.setTimeout(refocus, 200); });
    field.focus();
    field.select();
  }

  function pollCounts(container) {
    var url = container.getAttribute("data-counts-url");
    var present = container.querySelector("[data-present]");
    var expected = container.querySelector("[data-expected]");
    if (!url || !present || !expected || !window.fetch) { return; }
    window.setInterval(function () {
      if (document.hidden) { return; }
      window.fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (counts) {
          if (!counts) { return; }
          present.textContent = counts.present;
          expected.textContent = counts.expected;
        })
        .catch(function () { /* offline for a moment: the next poll tries again */ });
    }, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.querySelector("[data-checkin]");
    if (!container) { return; }
    var field = container.querySelector("[data-scan-field]");
    if (field) { keepFocus(field); }
    pollCounts(container);
  });
}());
