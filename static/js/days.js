// Registration form of an event whose days people choose: the programme slots of a day not
// ticked are hidden (the server ignores them anyway), so that only the days attended ask for a choice.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[name='days']");
  if (!boxes.length) { return; }
  function update() {
    var ticked = {};
    boxes.forEach(function (box) { ticked[box.value] = box.checked; });
    document.querySelectorAll("[data-day]").forEach(function (group) {
      group.hidden = ticked[group.getAttribute("data-day")] === false;
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
