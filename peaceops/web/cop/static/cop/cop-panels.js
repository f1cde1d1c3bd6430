/* The COP on a phone or tablet: under the map, two tabs show the incident list or the filters and layers, one at
   a time (on a desk both panels are always shown beside the map, and the tabs are hidden by the stylesheet).
   Layout only: it does not fetch anything. Without JavaScript both panels are simply shown one under the other. */
(function () {
  "use strict";
  var cop = document.getElementById("cop");
  if (!cop) { return; }
  var tabs = Array.prototype.slice.call(cop.querySelectorAll(".cop-tabs [role=tab]"));
  function show(tab) {
    tabs.forEach(function (t) {
      var selected = t === tab;
      t.setAttribute("aria-selected", selected ? "true" : "false");
      t.tabIndex = selected ? 0 : -1;
    });
    cop.setAttribute("data-panel", tab.getAttribute("aria-controls"));
  }
  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { show(tab); });
    tab.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) { return; }
      var next = tabs[(index + step + tabs.length) % tabs.length];
      show(next);
      next.focus();
    });
  });
  if (tabs.length) { show(tabs[0]); }
})();
