/* The COP's record layers (sites, patrols, units, coverage...): one toggle and legend swatch per layer the page
 * lists in #cop-layers-data; each shown layer is fetched and drawn above the incidents: points as small symbols,
 * lines (patrol tracks; dashed when planned) and hexagons (coverage cells) in each feature's own colour.
 * A layer marked `timed` follows the time slider: it is fetched again with `since`/`until` when the window moves.
 * `#cop-layers [data-<key>]` is "off", "loading", "ready" or "error"; `data-<key>-count` the points fetched,
 * `data-<key>-drawn` those the map rendered. */
(function () {
  "use strict";
  var COP = window.COP;
  var box = document.getElementById("cop-layers");
  var source = document.getElementById("cop-layers-data");
  if (!box || !source) return;
  var layers = JSON.parse(source.textContent);
  var map = null;
  var loaded = {};

  function setState(key, state, count) {
    box.dataset[key] = state;
    box.dataset[key + "Count"] = String(count || 0);
  }

  function popup(feature, lngLat) {
    var p = feature.properties;
    var content = COP.el("div", "cop-popup layer-popup");
    var link = COP.el("a", "layer-name", p.name);
    link.href = p.url;
    content.appendChild(link);
    if (p.type) content.appendChild(COP.el("div", "layer-type", p.type));
    if (p.year) content.appendChild(COP.el("div", "layer-troops", p.year + ": " + (p.troops || 0)));
    if (p.status) content.appendChild(COP.el("div", "layer-status", p.status + (p.priority ? " · " + p.priority : "")));
    if (p.joint_with) content.appendChild(COP.el("div", "layer-joint", p.joint_with));
    if (p.contingent) content.appendChild(COP.el("div", "layer-contingent", p.contingent + " (" + p.country + ")"));
    if (p.strength !== undefined && p.strength !== null) content.appendChild(COP.el("div", "layer-strength", String(p.strength)));
    if (p.details) p.details.forEach(function (line) { content.appendChild(COP.el("div", "layer-detail", line)); });
    new maplibregl.Popup({ maxWidth: "20rem" }).setLngLat(lngLat).setDOMContent(content).addTo(map);
  }

  var drawn = {};  // the map layer ids of each record layer

  function addLayer(spec) {
    var id = "layer-" + spec.key;
    // a feature's own colour (alerts: their priority band; patrols: their status) before the layer's
    var colour = ["coalesce", ["get", "colour"], spec.colour];
    map.addSource(id, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    if (spec.symbol === "line") {
      drawn[spec.key] = [id, id + "-planned"];
      map.addLayer({ id: id, type: "line", source: id, layout: { visibility: "none" },
        filter: ["!=", ["get", "planned"], true], paint: { "line-color": colour, "line-width": 3 } });
      map.addLayer({ id: id + "-planned", type: "line", source: id, layout: { visibility: "none" },
        filter: ["==", ["get", "planned"], true],
        paint: { "line-color": colour, "line-width": 2.5, "line-dasharray": [2, 2] } });
    } else if (spec.symbol === "hexagon") {
      drawn[spec.key] = [id];
      map.addLayer({ id: id, type: "fill", source: id, layout: { visibility: "none" },
        paint: { "fill-color": colour, "fill-opacity": 0.45, "fill-outline-color": "#00000055" } });
    } else {
      drawn[spec.key] = [id];
      map.addLayer({ id: id, type: "circle", source: id, layout: { visibility: "none" },
        paint: { "circle-radius": 5, "circle-color": colour,
                 "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 } });
    }
    drawn[spec.key].forEach(function (layerId) {
      map.on("click", layerId, function (e) { popup(e.features[0], e.lngLat); });
    });
  }

  /* The slider's window as a query string ("since=...&until=..."; "" when open). */
  function windowQuery() {
    var filters = COP.filters(), params = new URLSearchParams();
    ["since", "until"].forEach(function (key) { if (filters.get(key)) params.set(key, filters.get(key)); });
    return params.toString();
  }
  var fetchedWindow = {};

  function show(spec, on) {
    var id = "layer-" + spec.key;
    if (!map) return;
    drawn[spec.key].forEach(function (layerId) {
      map.setLayoutProperty(layerId, "visibility", on ? "visible" : "none");
    });
    if (!on) { setState(spec.key, "off", 0); return; }
    var query = spec.timed ? windowQuery() : "";
    if (loaded[spec.key] !== undefined && fetchedWindow[spec.key] === query) {
      setState(spec.key, "ready", loaded[spec.key]); return;
    }
    setState(spec.key, "loading", 0);
    fetchedWindow[spec.key] = query;
    var current = COP.latest("layer-" + spec.key);
    COP.getJSON(spec.url + (query ? "?" + query : "")).then(function (body) {
      if (!current()) return;
      map.getSource(id).setData(body);
      loaded[spec.key] = body.features.length;
      map.once("idle", function () {  /* what the map really drew, for tests and debugging */
        box.dataset[spec.key + "Drawn"] = String(map.queryRenderedFeatures({ layers: drawn[spec.key] }).length);
        setState(spec.key, "ready", body.features.length);
      });
    }).catch(function () { setState(spec.key, "error", 0); });
  }

  COP.map.ready.then(function (ready) {
    map = ready;
    layers.forEach(function (spec) {
      setState(spec.key, "off", 0);
      if (!map) return;
      addLayer(spec);
      var toggle = document.getElementById("layer-" + spec.key + "-on");
      /* The legend entry: the layer's symbol and name on a line of its own under its toggle, while shown. */
      var legend = COP.swatch(spec.colour, spec.legend || spec.label);
      legend.classList.add("layer-legend");
      legend.dataset.layer = spec.key;
      legend.firstChild.classList.add("chip-" + (spec.symbol || "circle"));
      legend.hidden = !toggle.checked;
      toggle.parentNode.insertAdjacentElement("afterend", legend);
      toggle.addEventListener("change", function () {
        legend.hidden = !toggle.checked;
        show(spec, toggle.checked);
      });
      if (toggle.checked) show(spec, true);
    });
    /* Every round of the page (filters, slider, back button) fetches the shown timed layers again when the
     * window changed. */
    var refresh = COP.refresh;
    COP.refresh = function () {
      layers.forEach(function (spec) {
        var toggle = document.getElementById("layer-" + spec.key + "-on");
        if (map && spec.timed && toggle && toggle.checked && fetchedWindow[spec.key] !== windowQuery()) show(spec, true);
      });
      return refresh.apply(null, arguments);
    };
  });
})();
