/* Incident map inset (detail page) and place picker (report form).
 *
 * The base map is the platform's style (data-basemap-url: the countries as land, and the offline street-level
 * map when one is installed) under the mission's admin boundaries (GeoJSON from the geo API): no network
 * beyond the platform itself. The incident is a point; its location precision is drawn as a circle ("near", about 25 km)
 * or as its admin area highlighted. In the form (data-mode="pick") a click sets the longitude and latitude
 * inputs (and asks the form for the nearest known place's name: "incident:picked"), and typing in them moves
 * the point. Everything is configured by the element's data-* attributes.
 *
 * On the report form the map library is not part of the page (issue 13: a form over a team site's link):
 * `data-library-url` names it, loaded at once when it is already on the device (the service worker's shell
 * cache, after a visit to the COP), else when the user presses "Show the map". Without the map, the point is
 * typed or found by place name.
 */
(function () {
  "use strict";
  var el = document.getElementById("incident-map");
  if (!el) { return; }
  if (window.maplibregl) { draw(); return; }
  var libraryUrl = el.dataset.libraryUrl;
  var button = document.getElementById("incident-map-show");
  if (!libraryUrl) { return; }

  function load() {
    if (button) { button.hidden = true; }
    el.hidden = false;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = el.dataset.libraryCssUrl;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = libraryUrl;
    script.onload = draw;
    document.head.appendChild(script);
  }

  var onDevice = window.caches && caches.match ? caches.match(new URL(libraryUrl, window.location.href).href)
    .catch(function () { return null; }) : Promise.resolve(null);
  onDevice.then(function (hit) {
    if (hit) { load(); return; }
    el.hidden = true;
    if (button) {
      button.hidden = false;
      button.addEventListener("click", load);
    }
  });

  /* Draw the map (the library is loaded). */
  function draw() {
  var picking = el.dataset.mode === "pick";
  var lonInput = document.getElementById("id_lon");
  var latInput = document.getElementById("id_lat");
  var NEAR_KM = 25;
  var STREET_ZOOM = 14;

  maplibregl.setWorkerUrl(el.dataset.workerUrl);

  function point() {
    var lon = parseFloat(picking && lonInput ? lonInput.value : el.dataset.lon);
    var lat = parseFloat(picking && latInput ? latInput.value : el.dataset.lat);
    if (!isFinite(lon) || !isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) { return null; }
    return [lon, lat];
  }

  function circle(center, km) {
    var coords = [];
    var dLat = km / 111.32;
    var dLon = dLat / Math.max(Math.cos(center[1] * Math.PI / 180), 1e-6);
    for (var i = 0; i <= 64; i++) {
      var a = (i / 64) * 2 * Math.PI;
      coords.push([center[0] + dLon * Math.cos(a), center[1] + dLat * Math.sin(a)]);
    }
    return { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [coords] } };
  }

  function pointData() {
    var p = point();
    return { type: "FeatureCollection", features: p ? [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: p } }] : [] };
  }

  function precisionData() {
    var p = point();
    var precision = picking ? (document.getElementById("id_location_precision") || {}).value : el.dataset.precision;
    return { type: "FeatureCollection", features: p && precision === "near" ? [circle(p, NEAR_KM)] : [] };
  }

  var start = point();
  var map = new maplibregl.Map({
    container: el,
    style: el.dataset.basemapUrl,
    center: start || [0, 0],
    zoom: start ? 9.5 : 1,
    attributionControl: false,
    dragRotate: false
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  el.incidentMap = map;

  map.on("load", function () {
    // Over the street-level base map the areas are outlines (the incident's own area lightly tinted).
    var streets = !!(map.getStyle().metadata || {})["peaceops:basemap"];
    if (streets) { map.addControl(new maplibregl.AttributionControl({ compact: true })); }
    el.dataset.basemap = streets ? "streets" : "boundaries";
    // An exact point over streets is shown at street level (the boundaries-only map has nothing to show there).
    var exact = (picking ? (document.getElementById("id_location_precision") || {}).value : el.dataset.precision) === "exact";
    if (streets && start && exact) { map.jumpTo({ center: start, zoom: STREET_ZOOM }); }
    map.addSource("areas", { type: "geojson", data: el.dataset.areasUrl });
    map.addLayer({ id: "areas-fill", type: "fill", source: "areas",
      paint: { "fill-color": ["case", ["==", ["id"], Number(el.dataset.areaId || -1)], "#f4c56c", "#ffffff"],
        "fill-opacity": ["case", ["==", ["id"], Number(el.dataset.areaId || -1)], streets ? 0.25 : 0.8, streets ? 0 : 0.8] } });
    map.addLayer({ id: "areas-line", type: "line", source: "areas", paint: { "line-color": "#8a9aa6", "line-width": 1 } });
    map.addSource("precision", { type: "geojson", data: precisionData() });
    map.addLayer({ id: "precision-fill", type: "fill", source: "precision", paint: { "fill-color": "#c0392b", "fill-opacity": 0.12 } });
    map.addLayer({ id: "precision-line", type: "line", source: "precision", paint: { "line-color": "#c0392b", "line-width": 1.5, "line-dasharray": [2, 2] } });
    map.addSource("incident", { type: "geojson", data: pointData() });
    map.addLayer({ id: "incident-point", type: "circle", source: "incident",
      paint: { "circle-radius": 7, "circle-color": "#c0392b", "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 } });
    if (!start) {
      fetch(el.dataset.areasUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (fc) {
        var b = null;
        (fc.features || []).forEach(function (f) {
          if (!f.bbox) { return; }
          b = b ? [Math.min(b[0], f.bbox[0]), Math.min(b[1], f.bbox[1]), Math.max(b[2], f.bbox[2]), Math.max(b[3], f.bbox[3])] : f.bbox.slice();
        });
        if (b && !point()) { map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 10, duration: 0 }); }
      }).catch(function () { /* the map stays empty; the inputs still work */ });
    }
    el.dataset.ready = "1";
  });
  map.on("sourcedata", function (e) {
    if (e.sourceId === "areas" && e.isSourceLoaded) { el.dataset.areasLoaded = "1"; }
  });

  function redraw(recenter) {
    if (!map.getSource("incident")) { return; }
    map.getSource("incident").setData(pointData());
    map.getSource("precision").setData(precisionData());
    var p = point();
    if (p && recenter) { map.easeTo({ center: p, zoom: Math.max(map.getZoom(), 9.5), duration: 300 }); }
  }

  if (picking && lonInput && latInput) {
    map.getCanvas().style.cursor = "crosshair";
    map.on("click", function (e) {
      lonInput.value = e.lngLat.lng.toFixed(5);
      latInput.value = e.lngLat.lat.toFixed(5);
      lonInput.dispatchEvent(new Event("change", { bubbles: true }));
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
      redraw(false);
      document.dispatchEvent(new CustomEvent("incident:picked"));
    });
    [lonInput, latInput].forEach(function (input) {
      input.addEventListener("input", function () { redraw(true); });
    });
    var precisionSelect = document.getElementById("id_location_precision");
    if (precisionSelect) { precisionSelect.addEventListener("change", function () { redraw(false); }); }
    document.addEventListener("incident:place", function () { redraw(true); });
  }
}
})();
