/* The sign-in, sign-in code and enrolment forms keep the address's #fragment (the COP's map position,
   #map=zoom/lat/lon): the server never sees it, so on submit it is added to the form's `next`, the page shown
   after signing in. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target, next = form && form.querySelector && form.querySelector("input[name=next]");
    if (!next || !location.hash || location.hash.length < 2) return;
    var target = next.value || "/";
    if (target.indexOf("#") === -1) next.value = target + location.hash;
  });
})();
