/* COP state: the filter panel <-> the page URL (shareable, back button works), the map view, and small helpers.
 * Filters live in the query string under the API's names; the map position lives in the hash (#map=z/lat/lon). */
(function () {
  "use strict";
  var COP = (window.COP = window.COP || {});
  var FILTER_KEYS = ["since", "until", "category", "admin_area", "actor", "status", "classification", "q"];
  /* Page state that is not a filter, kept when the filters change: colour mode and the risk layer. */
  var VIEW_KEYS = ["colour", "risk", "horizon"];
  var root = document.getElementById("cop");
  COP.root = root;
  COP.strings = JSON.parse(document.getElementById("cop-strings").textContent);
  COP.extent = JSON.parse(document.getElementById("cop-extent").textContent);
  COP.areas = JSON.parse(document.getElementById("cop-areas").textContent);
  COP.form = document.getElementById("cop-filters");

  /* The filters in the page URL, as URLSearchParams holding only non-empty filter keys. */
  COP.filters = function () {
    var current = new URLSearchParams(window.location.search);
    var params = new URLSearchParams();
    FILTER_KEYS.forEach(function (key) {
      var value = (current.get(key) || "").trim();
      if (value) params.set(key, value);
    });
    return params;
  };

  /* The colour mode kept in the URL ("category" unless told otherwise). */
  COP.colourMode = function () {
    return new URLSearchParams(window.location.search).get("colour") === "casualties" ? "casualties" : "category";
  };

  /* Read the filter form into the URL (a new history entry unless `replace`). */
  COP.saveForm = function (replace) {
    var params = new URLSearchParams();
    new FormData(COP.form).forEach(function (value, key) {
      value = String(value).trim();
      if (value && FILTER_KEYS.indexOf(key) >= 0) params.set(key, value);
    });
    var current = new URLSearchParams(window.location.search);
    VIEW_KEYS.forEach(function (key) { if (current.get(key)) params.set(key, current.get(key)); });
    COP.setQuery(params, replace);
  };

  COP.setQuery = function (params, replace) {
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  };

  /* Put the URL's filters back into the form (after the back button). */
  COP.loadForm = function () {
    var params = COP.filters();
    FILTER_KEYS.forEach(function (key) {
      var field = COP.form.elements.namedItem(key);
      if (field) field.value = params.get(key) || "";
    });
    var mode = COP.colourMode();
    document.querySelectorAll("input[name=colour]").forEach(function (input) {
      input.checked = input.value === mode;
    });
  };

  /* Set the time window (ISO dates or "") and save it. */
  COP.setTimeWindow = function (since, until) {
    COP.form.elements.namedItem("since").value = since || "";
    COP.form.elements.namedItem("until").value = until || "";
    COP.saveForm(false);
  };

  /* Filters plus the map's bbox and zoom, as a query string for the data endpoints. */
  COP.dataQuery = function (extra) {
    var params = COP.filters();
    var view = COP.view ? COP.view() : null;
    if (view) {
      params.set("bbox", view.bbox);
      params.set("zoom", view.zoom.toFixed(2));
    }
    Object.keys(extra || {}).forEach(function (key) {
      if (extra[key] !== undefined && extra[key] !== null && extra[key] !== "") params.set(key, extra[key]);
    });
    return params.toString();
  };

  /* `COP.latest(kind)` numbers a new request of that kind and returns a check that is true while it is still
   * the newest: a response that arrives after a newer request of its kind (a filter changed while the previous
   * load was in flight) is dropped, so map, histogram and list never show an older query than the others. */
  var newest = {};
  COP.latest = function (kind) {
    var mine = (newest[kind] || 0) + 1;
    newest[kind] = mine;
    return function () { return newest[kind] === mine; };
  };

  COP.getJSON = function (url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw Object.assign(new Error(body.message || r.statusText), { field: body.field });
        return body;
      });
    });
  };

  COP.debounce = function (fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  };

  COP.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  /** A legend row: a colour chip and its text (the incident and risk legends both use it). */
  COP.swatch = function (colour, text) {
    var row = COP.el("div", "legend-row");
    var chip = COP.el("span", "chip");
    chip.style.backgroundColor = colour;
    row.appendChild(chip);
    row.appendChild(COP.el("span", "", text));
    return row;
  };
})();
