/* Patrol maps: drawing a route (patrol planning and saved route forms) and showing a patrol (its page).
 *
 * The base map is the platform's style (data-basemap-url, offline) under the mission's areas (data-areas-url):
 * no network beyond the platform. `#patrol-map[data-mode=draw]` draws the route into the form's text box
 * `#id_path` (JSON [[lon, lat], ...]): a click adds a point, a point dragged moves, "Undo last point" and
 * "Clear" do what they say, and typing in the text box redraws. Picking a saved route (`#id_route`) shows it
 * (thin dashed) while nothing is drawn. Without JavaScript the text box alone works.
 * `#patrol-map[data-mode=show]` draws the JSON of `#patrol-map-data` ({path, track, observations}): the
 * planned route dashed, the track solid, observations as points, fitted to them all.
 * The element's data-* attributes say how far it got (ready, points), for tests.
 */
(function () {
  "use strict";
  var el = document.getElementById("patrol-map");
  if (!el || !window.maplibregl) { return; }
  var drawing = el.dataset.mode === "draw";
  var input = document.getElementById("id_path");
  if (drawing && !input) { return; }

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function parsePath(text) {
    var value;
    try { value = JSON.parse(text && text.trim() ? text : "[]"); } catch (e) { return null; }
    if (!Array.isArray(value)) { return null; }
    var out = [];
    for (var i = 0; i < value.length; i++) {
      var p = value[i];
      if (!Array.isArray(p) || p.length !== 2 || !isFinite(p[0]) || !isFinite(p[1])) { return null; }
      out.push([Number(p[0]), Number(p[1])]);
    }
    return out;
  }

  var shown = drawing ? {} : (readJson("patrol-map-data") || {});
  var routes = readJson("patrol-routes") || {};
  var routeSelect = document.getElementById("id_route");
  var points = drawing ? (parsePath(input.value) || []) : [];

  function line(coords) {
    return { type: "FeatureCollection", features: coords && coords.length > 1 ?
      [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: coords } }] : [] };
  }
  function dots(coords, props) {
    return { type: "FeatureCollection", features: (coords || []).map(function (c, i) {
      return { type: "Feature", id: i, properties: props ? props(i) : { i: i }, geometry: { type: "Point", coordinates: c } };
    }) };
  }
  function savedRoute() {
    return routeSelect && routeSelect.value && routes[routeSelect.value] ? routes[routeSelect.value] : [];
  }
  function planned() { return drawing ? points : (shown.path || []); }

  maplibregl.setWorkerUrl(el.dataset.workerUrl);
  if (drawing) {  // the map and its tools replace the text box, kept (closed) for typing points
    el.hidden = false;
    ["patrol-map-tools", "patrol-map-help"].forEach(function (id) {
      var node = document.getElementById(id);
      if (node) { node.hidden = false; }
    });
    var details = document.getElementById("path-json");
    if (details && !document.querySelector("#path-json .has-error")) { details.open = false; }
  }
  var map = new maplibregl.Map({ container: el, style: el.dataset.basemapUrl, center: [0, 0], zoom: 1,
    attributionControl: false, dragRotate: false });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  el.patrolMap = map;

  function observations() {
    return { type: "FeatureCollection", features: (shown.observations || []).map(function (o) {
      return { type: "Feature", properties: { text: o.text, at: o.at }, geometry: { type: "Point", coordinates: [o.lon, o.lat] } };
    }) };
  }

  function allCoords() {
    var coords = planned().concat(shown.track || []).concat((shown.observations || []).map(function (o) { return [o.lon, o.lat]; }));
    return coords.length ? coords : savedRoute();
  }

  function fit() {
    var coords = allCoords();
    if (!coords.length) { return false; }
    var b = [coords[0][0], coords[0][1], coords[0][0], coords[0][1]];
    coords.forEach(function (c) {
      b = [Math.min(b[0], c[0]), Math.min(b[1], c[1]), Math.max(b[2], c[0]), Math.max(b[3], c[1])];
    });
    if (b[0] === b[2] && b[1] === b[3]) { map.jumpTo({ center: [b[0], b[1]], zoom: 13 }); } else {
      map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, duration: 0, maxZoom: 15 });
    }
    el.dataset.fitted = "1";
    return true;
  }

  function fitAreas() {
    if (!el.dataset.areasUrl) { el.dataset.fitted = "1"; return; }
    fetch(el.dataset.areasUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (fc) {
      var b = null;
      (fc.features || []).forEach(function (f) {
        if (!f.bbox) { return; }
        b = b ? [Math.min(b[0], f.bbox[0]), Math.min(b[1], f.bbox[1]), Math.max(b[2], f.bbox[2]), Math.max(b[3], f.bbox[3])] : f.bbox.slice();
      });
      if (b && !allCoords().length) { map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 10, duration: 0 }); }
      el.dataset.fitted = "1";
    }).catch(function () { el.dataset.fitted = "1"; /* the map stays where it is; the text box still works */ });
  }

  function redraw() {
    if (!map.getSource("planned")) { return; }
    map.getSource("planned").setData(line(planned()));
    map.getSource("vertices").setData(dots(drawing ? points : []));
    map.getSource("saved-route").setData(line(drawing && !points.length ? savedRoute() : []));
    el.dataset.points = String(planned().length);
    var count = document.getElementById("patrol-map-count");
    if (count) { count.textContent = points.length ? count.dataset.label + ": " + points.length : ""; }
  }

  function write() {
    input.value = points.length ? JSON.stringify(points) : "";
    input.dispatchEvent(new Event("change", { bubbles: true }));
    redraw();
  }

  map.on("load", function () {
    if (el.dataset.areasUrl) {
      map.addSource("areas", { type: "geojson", data: el.dataset.areasUrl });
      map.addLayer({ id: "areas-line", type: "line", source: "areas", paint: { "line-color": "#8a9aa6", "line-width": 1 } });
    }
    map.addSource("saved-route", { type: "geojson", data: line([]) });
    map.addLayer({ id: "saved-route", type: "line", source: "saved-route",
      paint: { "line-color": "#5b6b77", "line-width": 2, "line-dasharray": [1, 2] } });
    map.addSource("track", { type: "geojson", data: line(shown.track || []) });
    map.addLayer({ id: "track", type: "line", source: "track", layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": "#c0392b", "line-width": 3.5 } });
    map.addSource("planned", { type: "geojson", data: line([]) });
    map.addLayer({ id: "planned", type: "line", source: "planned",
      paint: { "line-color": "#1f5fa8", "line-width": 3, "line-dasharray": [2, 1.5] } });
    map.addSource("vertices", { type: "geojson", data: dots([]) });
    map.addLayer({ id: "vertices", type: "circle", source: "vertices",
      paint: { "circle-radius": 7, "circle-color": "#1f5fa8", "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 } });
    map.addSource("observations", { type: "geojson", data: observations() });
    map.addLayer({ id: "observations", type: "circle", source: "observations",
      paint: { "circle-radius": 6, "circle-color": "#f39c12", "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 } });
    redraw();
    if (!fit()) { fitAreas(); }
    el.dataset.trackPoints = String((shown.track || []).length);
    el.dataset.observations = String((shown.observations || []).length);
    el.dataset.ready = "1";
  });

  map.on("click", "observations", function (e) {
    var p = e.features[0].properties;
    var text = document.createElement("div");
    text.textContent = (p.at || "").slice(0, 16).replace("T", " ") + " \u00b7 " + (p.text || "");
    new maplibregl.Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(text).addTo(map);
  });

  if (!drawing) { return; }

  /* Drawing: click adds, drag moves, undo and clear. */
  var dragging = null;
  var justDragged = false;
  function round(v) { return Math.round(v * 1e5) / 1e5; }

  map.on("click", function (e) {
    if (justDragged) { justDragged = false; return; }
    if (map.queryRenderedFeatures(e.point, { layers: ["vertices"] }).length) { return; }
    points.push([round(e.lngLat.lng), round(e.lngLat.lat)]);
    write();
  });
  function startDrag(e) {
    if (!e.features || !e.features.length) { return; }
    e.preventDefault();
    dragging = e.features[0].id;
    map.dragPan.disable();
  }
  function moveDrag(e) {
    if (dragging === null) { return; }
    points[dragging] = [round(e.lngLat.lng), round(e.lngLat.lat)];
    redraw();
  }
  function endDrag() {
    if (dragging === null) { return; }
    dragging = null;
    justDragged = true;
    setTimeout(function () { justDragged = false; }, 0);
    map.dragPan.enable();
    write();
  }
  map.on("mousedown", "vertices", startDrag);
  map.on("touchstart", "vertices", startDrag);
  map.on("mousemove", moveDrag);
  map.on("touchmove", moveDrag);
  map.on("mouseup", endDrag);
  map.on("touchend", endDrag);
  map.on("mouseenter", "vertices", function () { map.getCanvas().style.cursor = "move"; });
  map.on("mouseleave", "vertices", function () { map.getCanvas().style.cursor = ""; });

  document.getElementById("patrol-map-undo").addEventListener("click", function () { points.pop(); write(); });
  document.getElementById("patrol-map-clear").addEventListener("click", function () { points = []; write(); });
  input.addEventListener("input", function () {
    var typed = parsePath(input.value);
    if (typed) { points = typed; redraw(); }
  });
  if (routeSelect) {
    routeSelect.addEventListener("change", function () { redraw(); if (!points.length) { fit(); } });
  }
})();
