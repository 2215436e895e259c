/* Tabs for the texts in four languages. Without this script every language is shown, one after
   the other, with its heading; with it, one language at a time behind accessible tabs. */
(function () {
  "use strict";

  function enhance(container) {
    var tablist = container.querySelector("[data-tablist]");
    var tabs = Array.prototype.slice.call(container.querySelectorAll("[data-tab]"));
    var panels = Array.prototype.slice.call(container.querySelectorAll("[data-panel]"));
    if (!tablist || tabs.length !== panels.length || !tabs.length) { return; }

    tablist.hidden = false;
    tablist.setAttribute("role", "tablist");
    container.classList.add("enhanced");

    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var selected = i === index;
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        tab.tabIndex = selected ? 0 : -1;
        panels[i].hidden = !selected;
      });
      if (focus) { tabs[index].focus(); }
    }

    tabs.forEach(function (tab, i) {
      tab.setAttribute("role", "tab");
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", tab.id);
      panels[i].tabIndex = 0;
      tab.addEventListener("click", function () { select(i, false); });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") { next = (i + 1) % tabs.length; }
        if (event.key === "ArrowLeft") { next = (i - 1 + tabs.length) % tabs.length; }
        if (event.key === "Home") { next = 0; }
        if (event.key === "End") { next = tabs.length - 1; }
        if (next !== null) { event.preventDefault(); select(next, true); }
      });
    });

    // A link in the error summary to a field in a hidden language opens that language first.
    container.showFieldOf = function (element) {
      var index = panels.findIndex(function (panel) { return panel.contains(element); });
      if (index >= 0) { select(index, false); }
    };

    // Open the first language with an error, else the first one.
    var first = panels.findIndex(function (panel) { return panel.querySelector("[aria-invalid=true]"); });
    select(first >= 0 ? first : 0, false);
  }

  /* A table wider than the screen (a phone, 200 % zoom) scrolls inside its box; keyboard users
     reach that box with Tab and scroll it with the arrow keys, and it is named by its table. */
  function tableLabel(box, index) {
    var table = box.querySelector("table");
    var caption = box.querySelector("caption");
    if (table && table.getAttribute("aria-labelledby")) { return table.getAttribute("aria-labelledby"); }
    if (caption) {
      caption.id = caption.id || "table-caption-" + index;
      return caption.id;
    }
    var section = box.closest("[aria-labelledby]");
    return section ? section.getAttribute("aria-labelledby") : null;
  }

  function scrollableTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (box, index) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        var label = tableLabel(box, index);
        if (label) { box.setAttribute("aria-labelledby", label); }
      } else if (!scrolls && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollableTables();
    window.addEventListener("resize", scrollableTables);
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), enhance);
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var target = link && document.getElementById(link.getAttribute("href").slice(1));
        var tabs = target && target.closest("[data-tabs]");
        if (tabs && tabs.showFieldOf) { tabs.showFieldOf(target); }
      });
      summary.focus();
    }
  });
}());
