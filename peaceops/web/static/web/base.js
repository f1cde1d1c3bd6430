/* PeaceOps page chrome: selects marked data-autosubmit submit their form on change (mission, language). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();
/* The header's Menu button (phones and narrow tablets): opens and closes the menu; Escape closes it. */
(function () {
  "use strict";
  var toggle = document.getElementById("menu-toggle");
  if (!toggle) { return; }
  var header = toggle.closest(".site-header");
  function set(open) {
    header.classList.toggle("menu-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.addEventListener("click", function () { set(!header.classList.contains("menu-open")); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("menu-open")) { set(false); toggle.focus(); }
  });
})();
