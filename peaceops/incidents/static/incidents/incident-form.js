/* Report form behaviour: choosing a place search result fills the place; a point picked on the map fills the
 * place name with the nearest known place (unless the reporter typed one); a change of place, time or category
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

  // A point picked on the map: the nearest known place becomes the place name, unless the reporter wrote one.
  var nameInput = document.getElementById("id_location_name");
  var nearestBox = document.getElementById("nearest-place");
  if (nameInput) {
    nameInput.addEventListener("input", function () { delete nameInput.dataset.auto; });
  }
  document.addEventListener("incident:picked", function () {
    var lon = (document.getElementById("id_lon") || {}).value;
    var lat = (document.getElementById("id_lat") || {}).value;
    if (!nearestBox || !nearestBox.dataset.url || !lon || !lat) { return; }
    var url = nearestBox.dataset.url + "?lon=" + encodeURIComponent(lon) + "&lat=" + encodeURIComponent(lat);
    // The server's fragment (an escaped template) is swapped in by htmx, as every server fragment is.
    htmx.ajax("GET", url, { target: nearestBox, swap: "innerHTML" }).then(function () {
      var found = nearestBox.querySelector(".nearest-place");
      if (found && nameInput && (!nameInput.value || nameInput.dataset.auto === "1")) {
        nameInput.value = found.dataset.name;
        nameInput.dataset.auto = "1";
      }
    }).catch(function () { /* the name stays as it is */ });
  });

  // Enter in the place search looks the name up; it must not submit the report.
  var search = document.getElementById("place-q");
  if (search) {
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }
})();
