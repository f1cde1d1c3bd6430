/* PeaceOps page chrome: selects marked data-autosubmit submit their form on change (mission, language), and the
 * service worker that keeps the application shell on the device (peaceops.web.shell; static/web/shell-worker.js). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });

  /* Register the service worker once the page has loaded (its install then takes the shell from the HTTP
   * cache), and tell it which static files this page used, so that it keeps them for the next visit. */
  /* It also learns this page's user (opaque: meta peaceops-user), and the page itself when the worker did not
   * control it yet, so that the report form and incident pages open offline for this user only. */
  var worker = document.querySelector("meta[name=peaceops-service-worker]");
  var user = document.querySelector("meta[name=peaceops-user]");
  if (worker && "serviceWorker" in navigator && window.isSecureContext) {
    var uncontrolled = !navigator.serviceWorker.controller;
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(worker.content, { scope: "/" }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        var urls = performance.getEntriesByType("resource").map(function (entry) { return entry.name; });
        if (registration.active) {
          registration.active.postMessage({ type: "keep", urls: urls, user: user ? user.content : null,
                                            page: location.href.split("#")[0], uncontrolled: uncontrolled });
        }
        document.documentElement.dataset.shell = "ready";
      }).catch(function () { /* no worker (private window, old browser): pages load from the network */ });
    });
  }
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
