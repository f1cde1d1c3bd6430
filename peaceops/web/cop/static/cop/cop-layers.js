/* The COP's record layers (sites, ...): one toggle and legend swatch per layer the page lists in
 * #cop-layers-data; each shown layer is fetched once and drawn as small symbols above the incidents.
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
    new maplibregl.Popup({ maxWidth: "20rem" }).setLngLat(lngLat).setDOMContent(content).addTo(map);
  }

  function addLayer(spec) {
    var id = "layer-" + spec.key;
    map.addSource(id, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: id, type: "circle", source: id, layout: { visibility: "none" },
      // a feature's own colour (alerts: their priority band) before the layer's
      paint: { "circle-radius": 5, "circle-color": ["coalesce", ["get", "colour"], spec.colour],
               "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 } });
    map.on("click", id, function (e) { popup(e.features[0], e.lngLat); });
  }

  function show(spec, on) {
    var id = "layer-" + spec.key;
    if (!map) return;
    map.setLayoutProperty(id, "visibility", on ? "visible" : "none");
    if (!on) { setState(spec.key, "off", 0); return; }
    if (loaded[spec.key]) { setState(spec.key, "ready", loaded[spec.key]); return; }
    setState(spec.key, "loading", 0);
    COP.getJSON(spec.url).then(function (body) {
      map.getSource(id).setData(body);
      loaded[spec.key] = body.features.length;
      map.once("idle", function () {  /* what the map really drew, for tests and debugging */
        box.dataset[spec.key + "Drawn"] = String(map.queryRenderedFeatures({ layers: [id] }).length);
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
  });
})();
