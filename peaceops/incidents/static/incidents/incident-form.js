/* Report form behaviour: choosing a gazetteer result fills the place, and a change of place, time or category
 * asks the server for likely duplicates (the #duplicates element listens for "dupcheck" on the body). */
(function () {
  "use strict";
  var form = document.getElementById("incident-form");
  if (!form) { return; }
  var WATCHED = ["id_lon", "id_lat", "id_occurred_start", "id_category"];

  function set(id, value) {
    var input = document.getElementById(id);
    if (input) {
      input.value = value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target && WATCHED.indexOf(event.target.id) >= 0) {
      document.body.dispatchEvent(new CustomEvent("dupcheck"));
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".place-result") : null;
    if (!button) { return; }
    set("id_lon", Number(button.dataset.lon).toFixed(5));
    set("id_lat", Number(button.dataset.lat).toFixed(5));
    set("id_location_name", button.dataset.name);
    document.getElementById("place-results").replaceChildren();
    document.dispatchEvent(new CustomEvent("incident:place"));
  });

  // Enter in the place search looks the name up; it must not submit the report.
  var search = document.getElementById("place-q");
  if (search) {
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }
})();
