/* The COP's risk layer: the latest stored risk forecast the user may read, as a choropleth of the probability
 * of at least one fatality in the chosen month, under the incident layers. Its state lives in the page URL
 * (`risk=<level>` when shown, `horizon=<1..12>`), so a copied link reproduces it; off by default.
 * `#cop[data-risk]` is "off", "loading", "ready", "empty" or "error"; `#cop-risk[data-count]` the units drawn. */
(function () {
  "use strict";
  var COP = window.COP;
  var box = document.getElementById("cop-risk");
  var levels = JSON.parse(document.getElementById("cop-risk-levels").textContent);
  var toggle = document.getElementById("risk-on");
  var levelSelect = document.getElementById("risk-level");
  var horizonSelect = document.getElementById("risk-horizon");
  var legendBox = document.getElementById("risk-legend");
  var controls = document.getElementById("risk-controls");
  /* Classes of P(>=1 fatality): ColorBrewer BuPu, sequential and colour-blind safe, apart from the incident
   * layers' oranges. [lower bound, colour, label]. */
  var CLASSES = [[0, "#bfd3e6", "< 10%"], [0.1, "#8c96c6", "10–30%"], [0.3, "#88419d", "30–60%"], [0.6, "#4d004b", "> 60%"]];
  var FILL = ["step", ["get", "prob_1"], CLASSES[0][1]];
  CLASSES.slice(1).forEach(function (c) { FILL.push(c[0], c[1]); });
  var INCIDENT_LAYERS = ["hexes", "incident-points", "clusters"];
  var map = null;
  var generation = 0;

  function levelOf(value) {
    for (var i = 0; i < levels.length; i++) if (levels[i].value === value) return levels[i];
    return null;
  }

  /* {level, horizon} from the URL: level null when the layer is off (or names no readable level). */
  function stateFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var level = levelOf(params.get("risk") || "") ? params.get("risk") : null;
    var horizon = parseInt(params.get("horizon") || "1", 10);
    if (!(horizon >= 1 && horizon <= 12)) horizon = 1;
    return { level: level, horizon: horizon };
  }

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function percent(p) {
    if (p > 0 && p < 0.005) return "< 1%";
    if (p < 1 && p > 0.995) return "> 99%";
    return Math.round(p * 100) + "%";
  }

  function number(n) { return String(Math.round(n * 10) / 10); }

  function horizonLabels(level) {
    var found = levelOf(level);
    if (!found) return;
    Array.prototype.forEach.call(horizonSelect.options, function (option, i) {
      option.textContent = option.textContent.replace(/^\S+/, found.months[i]);
    });
  }

  function controlsFromUrl() {
    var state = stateFromUrl();
    toggle.checked = state.level !== null;
    controls.hidden = !toggle.checked;
    if (state.level) levelSelect.value = state.level;
    horizonLabels(levelSelect.value);
    horizonSelect.value = String(state.horizon);
    return state;
  }

  function save() {
    var params = new URLSearchParams(window.location.search);
    if (toggle.checked) {
      params.set("risk", levelSelect.value);
      params.set("horizon", horizonSelect.value);
    } else {
      params.delete("risk");
      params.delete("horizon");
    }
    COP.setQuery(params, false);
  }

  function showLegend(body) {
    legendBox.textContent = "";
    legendBox.hidden = false;
    if (!body.features.length) {
      legendBox.appendChild(COP.el("p", "risk-none", COP.strings.riskNoRun));
      return;
    }
    legendBox.appendChild(COP.el("p", "risk-title", fmt(COP.strings.riskTitle, { month: body.target_month })));
    CLASSES.forEach(function (c) { legendBox.appendChild(COP.swatch(c[1], c[2])); });
    legendBox.appendChild(COP.el("p", "risk-note", fmt(COP.strings.riskMade,
      { origin: body.origin, builder: body.built_by || "?", model: body.model })));
  }

  function setState(state, count) {
    COP.root.dataset.risk = state;
    document.getElementById("cop-map").classList.toggle("risk-on", state === "ready");
    box.dataset.count = String(count || 0);
  }

  function draw(data) {
    if (map && map.getSource("risk")) map.getSource("risk").setData(data);
  }

  /* Fetch and draw the layer for the URL's state (or clear it when off). */
  function load() {
    var mine = ++generation;
    var state = stateFromUrl();
    if (!state.level) {
      draw({ type: "FeatureCollection", features: [] });
      legendBox.hidden = true;
      setState("off", 0);
      return Promise.resolve();
    }
    setState("loading", 0);
    var query = new URLSearchParams({ level: state.level, horizon: String(state.horizon) });
    return COP.getJSON(COP.root.dataset.riskUrl + "?" + query.toString()).then(function (body) {
      if (mine !== generation) return;
      draw(body);
      showLegend(body);
      setState(body.features.length ? "ready" : "empty", body.features.length);
    }).catch(function (error) {
      if (mine !== generation) return;
      legendBox.hidden = false;
      legendBox.textContent = COP.strings.riskFailed + ": " + (error.field ? error.field + ": " : "") + error.message;
      setState("error", 0);
    });
  }

  function popup(feature, lngLat) {
    var p = feature.properties;
    var content = COP.el("div", "cop-popup risk-popup");
    content.dataset.unit = p.unit;
    content.appendChild(COP.el("strong", "risk-label", p.label));
    content.appendChild(COP.el("div", "", COP.strings.riskMonth + ": " + p.target_month));
    var main = COP.el("div", "risk-p1");
    main.appendChild(COP.el("span", "", COP.strings.riskProb1 + ": "));
    main.appendChild(COP.el("b", "risk-prob1", percent(p.prob_1)));
    content.appendChild(main);
    content.appendChild(COP.el("div", "risk-p25", COP.strings.riskProb25 + ": " + percent(p.prob_25)));
    content.appendChild(COP.el("div", "risk-median", COP.strings.riskMedian + ": " + number(p.p50)));
    content.appendChild(COP.el("div", "risk-range", COP.strings.riskRange + ": " + number(p.p10) + "–" + number(p.p90)));
    content.appendChild(COP.el("div", "risk-note", fmt(COP.strings.riskMade,
      { origin: p.origin, builder: p.built_by || "?", model: p.model })));
    new maplibregl.Popup({ maxWidth: "22rem" }).setLngLat(lngLat).setDOMContent(content).addTo(map);
  }

  function addLayers() {
    var below = map.getLayer("municipalities") ? "municipalities" : undefined;
    map.addSource("risk", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "risk-fill", type: "fill", source: "risk", paint: { "fill-color": FILL, "fill-opacity": 0.8 } }, below);
    map.addLayer({ id: "risk-outline", type: "line", source: "risk",
      paint: { "line-color": "#1d1030", "line-width": 1.2, "line-opacity": 0.7 } }, below);
    map.on("click", "risk-fill", function (e) {
      var present = INCIDENT_LAYERS.filter(function (id) { return map.getLayer(id); });
      if (present.length && map.queryRenderedFeatures(e.point, { layers: present }).length) return;
      popup(e.features[0], e.lngLat);
    });
    map.on("mouseenter", "risk-fill", function () { map.getCanvas().classList.add("pointer"); });
    map.on("mouseleave", "risk-fill", function () { map.getCanvas().classList.remove("pointer"); });
  }

  if (!toggle) {  // no run readable: nothing to offer
    COP.root.dataset.risk = "off";
    return;
  }
  toggle.addEventListener("change", function () { controls.hidden = !toggle.checked; save(); load(); });
  levelSelect.addEventListener("change", function () {
    horizonLabels(levelSelect.value);
    if (toggle.checked) { save(); load(); }
  });
  horizonSelect.addEventListener("change", function () {
    if (toggle.checked) { save(); load(); }
  });
  window.addEventListener("popstate", function () { controlsFromUrl(); load(); });
  controlsFromUrl();
  setState("off", 0);
  COP.map.ready.then(function (ready) {
    map = ready;
    if (map) addLayers();
    load();
  });
  COP.risk = { load: load };
})();
