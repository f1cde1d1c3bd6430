/* The COP map: MapLibre GL on the platform's base map style (/basemap/style.json: the world's countries as
 * land and, when an operator installed one, the offline street-level base map), with the mission's admin
 * boundaries (regions and municipalities) and their names in the user's language over it; incidents are drawn as H3 hexagons (server
 * aggregates) when zoomed out and as clustered markers when zoomed in. Incidents that zooming in cannot separate
 * (one position, or a few metres apart) stay one numbered dot at every zoom, and a click lists them. If WebGL is missing the page keeps
 * working without the map: counts, histogram and list still follow the filters. */
(function () {
  "use strict";
  var COP = window.COP;
  var POINTS_ZOOM = 9;          // from this zoom, individual incidents (unless too many)
  var DETAIL_LABELS_ZOOM = 8.5; // municipality names instead of region names
  var container = document.getElementById("cop-map");
  var map = null;
  var clusterMarkers = {};
  var HEX_COUNT = ["step", ["get", "count"], "#fdbb84", 3, "#fc8d59", 10, "#ef6548", 30, "#d7301f", 100, "#990000"];
  var HEX_KILLED = ["step", ["get", "fatalities"], "#d9d9d9", 1, "#fdbb84", 5, "#fc8d59", 20, "#e34a33", 100, "#7f0000"];
  var POINT_KILLED = ["step", ["get", "fatalities"], "#6b7b8c", 1, "#fc8d59", 5, "#e34a33", 20, "#7f0000"];
  var RAMPS = {
    hexagons: { category: [[1, "#fdbb84"], [3, "#fc8d59"], [10, "#ef6548"], [30, "#d7301f"], [100, "#990000"]],
      casualties: [[0, "#d9d9d9"], [1, "#fdbb84"], [5, "#fc8d59"], [20, "#e34a33"], [100, "#7f0000"]] },
    points: { casualties: [[0, "#6b7b8c"], [1, "#fc8d59"], [5, "#e34a33"], [20, "#7f0000"]] },
  };
  var lastPoints = [];
  var stack = null;  // the open list of incidents at one point: { popup, keys (their positions) }

  function emptyCollection() { return { type: "FeatureCollection", features: [] }; }

  function setState(mode, count, note) {
    container.dataset.mode = mode;
    container.dataset.count = String(count);
    document.getElementById("cop-count").textContent = count + " " + COP.strings.inView;
    document.getElementById("cop-mode").textContent = note;
  }

  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }

  COP.view = function () {
    if (!map) return null;
    var b = map.getBounds();
    var west = b.getWest(), east = b.getEast();
    if (east - west >= 360 || west < -180 || east > 180) { west = Math.max(west, -180); east = Math.min(east, 180); }
    return {
      bbox: [clamp(west, -180, 180), clamp(b.getSouth(), -90, 90), clamp(east, -180, 180), clamp(b.getNorth(), -90, 90)]
        .map(function (v) { return v.toFixed(5); }).join(","),
      zoom: map.getZoom(),
    };
  };

  /* Whether the street-level base map is drawn (the style says): the areas are then outlines only. */
  function streets() { return !!(map.getStyle().metadata || {})["peaceops:basemap"]; }

  function baseLayers() {
    var fill = streets() ? 0 : 1;
    if (streets()) map.addControl(new maplibregl.AttributionControl({ compact: true }));
    container.dataset.basemap = streets() ? "streets" : "boundaries";
    map.addSource("areas", { type: "geojson", data: COP.root.dataset.areasUrl });
    map.addLayer({ id: "land", type: "fill", source: "areas", filter: ["==", ["get", "level"], 0],
      paint: { "fill-color": "#fbfaf6", "fill-opacity": fill } });
    map.addLayer({ id: "municipalities-fill", type: "fill", source: "areas", filter: ["==", ["get", "level"], 2],
      paint: { "fill-color": "#fbfaf6", "fill-opacity": fill, "fill-outline-color": "#b8c2cc" } });
    map.addLayer({ id: "municipalities", type: "line", source: "areas", filter: ["==", ["get", "level"], 2],
      paint: { "line-color": "#aab4be", "line-width": 0.6 } });
    map.addLayer({ id: "regions", type: "line", source: "areas", filter: ["==", ["get", "level"], 1],
      paint: { "line-color": "#5b6875", "line-width": 1.4 } });
    map.addLayer({ id: "country", type: "line", source: "areas", filter: ["==", ["get", "level"], 0],
      paint: { "line-color": "#1d2733", "line-width": 2 } });
    COP.areas.forEach(function (area) {
      var label = COP.el("div", "area-label level-" + area.level, area.name);
      new maplibregl.Marker({ element: label }).setLngLat([area.lon, area.lat]).addTo(map);
    });
  }

  function incidentLayers() {
    map.addSource("hexes", { type: "geojson", data: emptyCollection() });
    map.addLayer({ id: "hexes", type: "fill", source: "hexes", paint: { "fill-color": HEX_COUNT, "fill-opacity": 0.8 } });
    map.addLayer({ id: "hexes-outline", type: "line", source: "hexes", paint: { "line-color": "#7f2704", "line-width": 0.6, "line-opacity": 0.6 } });
    // Clusters up to the map's deepest zoom (22), so incidents at one point never fall apart into dots drawn
    // on top of each other; clicking a cluster zooms in until it splits, or lists it when it cannot.
    map.addSource("incidents", { type: "geojson", data: emptyCollection(), cluster: true, clusterRadius: 40,
      maxzoom: 23, clusterMaxZoom: 22 });
    map.addLayer({ id: "clusters", type: "circle", source: "incidents", filter: ["has", "point_count"],
      paint: { "circle-color": "#0b2239", "circle-opacity": 0.75,
        "circle-radius": ["step", ["get", "point_count"], 13, 10, 17, 50, 22, 200, 28],
        "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 } });
    map.addLayer({ id: "incident-points", type: "circle", source: "incidents", filter: ["!", ["has", "point_count"]],
      paint: { "circle-color": ["get", "colour"], "circle-radius": 6, "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5 } });
    map.on("click", "clusters", function (e) {
      var feature = e.features[0], source = map.getSource("incidents"), id = feature.properties.cluster_id;
      Promise.all([source.getClusterExpansionZoom(id), source.getClusterLeaves(id, Infinity, 0)]).then(function (got) {
        var zoom = got[0], leaves = got[1];
        if (zoom <= map.getMaxZoom() && map.getZoom() < map.getMaxZoom() && !together(leaves)) {
          map.easeTo({ center: feature.geometry.coordinates, zoom: zoom });
          return;
        }
        openStack(leaves.map(function (f) { return key(f.geometry.coordinates); }), feature.geometry.coordinates);
      });
    });
    map.on("click", "incident-points", function (e) { popup(e.features[0], e.lngLat); });
    map.on("click", "hexes", function (e) {
      var p = e.features[0].properties;
      var box = COP.el("div", "cop-popup");
      box.appendChild(COP.el("strong", "", p.count + " " + COP.strings.incidents));
      box.appendChild(COP.el("div", "", p.fatalities + " " + COP.strings.killed));
      new maplibregl.Popup().setLngLat(e.lngLat).setDOMContent(box).addTo(map);
    });
    ["clusters", "incident-points", "hexes"].forEach(function (layer) {
      map.on("mouseenter", layer, function () { map.getCanvas().classList.add("pointer"); });
      map.on("mouseleave", layer, function () { map.getCanvas().classList.remove("pointer"); });
    });
    map.on("render", updateClusterCounts);
  }

  function popup(feature, lngLat) {
    var p = feature.properties;
    var box = COP.el("div", "cop-popup");
    var link = COP.el("a", "", p.title);
    link.href = "/incidents/" + p.id + "/";
    box.appendChild(link);
    box.appendChild(COP.el("div", "muted", p.occurred_start.slice(0, 16).replace("T", " ") + " · " +
      (p.category_name || COP.strings.noCategory)));
    if (p.fatalities) box.appendChild(COP.el("div", "", p.fatalities + " " + COP.strings.killed));
    new maplibregl.Popup().setLngLat(lngLat).setDOMContent(box).addTo(map);
  }

  function key(coordinates) { return coordinates[0].toFixed(6) + "," + coordinates[1].toFixed(6); }

  /* Whether the incidents are within two pixels of each other even at the deepest zoom. */
  function together(features) {
    var scale = 512 * Math.pow(2, map.getMaxZoom()), xs = [], ys = [];
    features.forEach(function (f) {
      var m = maplibregl.MercatorCoordinate.fromLngLat(f.geometry.coordinates);
      xs.push(m.x * scale); ys.push(m.y * scale);
    });
    return Math.max.apply(null, xs) - Math.min.apply(null, xs) <= 2 && Math.max.apply(null, ys) - Math.min.apply(null, ys) <= 2;
  }

  /* The list of the incidents drawn at the positions `keys`, newest first, from the points now on the map (so
   * a live update or a filter change redraws it with the dot's new count, and closes it when none are left). */
  function stackList(keys) {
    var wanted = {};
    keys.forEach(function (k) { wanted[k] = true; });
    var rows = lastPoints.filter(function (f) { return wanted[key(f.geometry.coordinates)]; });
    var box = COP.el("div", "cop-popup cop-stack");
    box.dataset.count = String(rows.length);
    box.appendChild(COP.el("strong", "", COP.strings.atOnePoint.replace("%(count)s", rows.length)));
    var list = COP.el("ol", "cop-stack-list");
    rows.forEach(function (f) {
      var p = f.properties, item = COP.el("li", ""), link = COP.el("a", "", p.title);
      link.href = "/incidents/" + p.id + "/";
      item.appendChild(link);
      item.appendChild(COP.el("div", "muted", p.occurred_start.slice(0, 16).replace("T", " ") + " · " +
        (COP.strings["class" + p.classification] || p.classification)));
      list.appendChild(item);
    });
    box.appendChild(list);
    return rows.length ? box : null;
  }

  function openStack(keys, lngLat) {
    closeStack();
    var box = stackList(keys);
    if (!box) return;
    var popup = new maplibregl.Popup({ maxWidth: "320px" }).setLngLat(lngLat).setDOMContent(box).addTo(map);
    stack = { popup: popup, keys: keys };
    popup.on("close", function () { if (stack && stack.popup === popup) stack = null; });
  }

  function closeStack() { if (stack) stack.popup.remove(); stack = null; }

  function redrawStack() {
    if (!stack) return;
    var box = stackList(stack.keys);
    if (box) stack.popup.setDOMContent(box); else closeStack();
  }

  /* Numbers on cluster circles as HTML markers (the map has no glyph server for text layers). */
  function updateClusterCounts() {
    if (!map.getSource("incidents") || !map.isSourceLoaded("incidents")) return;
    var seen = {};
    map.querySourceFeatures("incidents").forEach(function (f) {
      if (!f.properties.cluster) return;
      var id = f.properties.cluster_id + ":" + f.properties.point_count;
      seen[id] = true;
      if (!clusterMarkers[id]) {
        var label = COP.el("div", "cluster-count", String(f.properties.point_count));
        clusterMarkers[id] = new maplibregl.Marker({ element: label }).setLngLat(f.geometry.coordinates);
      }
      clusterMarkers[id].addTo(map);
    });
    Object.keys(clusterMarkers).forEach(function (id) {
      if (!seen[id]) { clusterMarkers[id].remove(); delete clusterMarkers[id]; }
    });
  }

  function clearClusterMarkers() {
    Object.keys(clusterMarkers).forEach(function (id) { clusterMarkers[id].remove(); });
    clusterMarkers = {};
  }

  function paint() {
    if (!map || !map.getLayer("hexes")) return;
    var casualties = COP.colourMode() === "casualties";
    map.setPaintProperty("hexes", "fill-color", casualties ? HEX_KILLED : HEX_COUNT);
    map.setPaintProperty("incident-points", "circle-color", casualties ? POINT_KILLED : ["get", "colour"]);
    legend();
  }

  function legend() {
    var box = document.getElementById("cop-legend");
    box.textContent = "";
    var mode = container.dataset.mode, casualties = COP.colourMode() === "casualties";
    if (mode === "points" && !casualties) {
      var groups = {};
      lastPoints.forEach(function (f) { groups[f.properties.group_name || COP.strings.noCategory] = f.properties.colour; });
      Object.keys(groups).sort().forEach(function (name) { box.appendChild(COP.swatch(groups[name], name)); });
      return;
    }
    var ramp = mode === "points" ? RAMPS.points.casualties : RAMPS.hexagons[casualties ? "casualties" : "category"];
    var unit = casualties ? COP.strings.killed : COP.strings.incidents;
    ramp.forEach(function (step, i) {
      var next = ramp[i + 1], last = next ? next[0] - 1 : null;
      var range = last === null ? step[0] + "+" : last === step[0] ? String(step[0]) : step[0] + "–" + last;
      box.appendChild(COP.swatch(step[1], range + " " + unit));
    });
  }

  function showHexes(query, note, current) {
    return COP.getJSON(COP.root.dataset.hexesUrl + "?" + query).then(function (body) {
      if (!current()) return;
      if (map) {
        map.getSource("hexes").setData(body);
        map.getSource("incidents").setData(emptyCollection());
        clearClusterMarkers();
      }
      lastPoints = [];
      closeStack();
      setState("hexagons", body.count, note || COP.strings.hexes);
      legend();
    });
  }

  COP.map = {
    ready: new Promise(function (resolve) {
      try {
        maplibregl.setWorkerUrl(COP.root.dataset.workerUrl);
        var options = { container: container, hash: "map", attributionControl: false,
          style: COP.root.dataset.basemapUrl };
        if (COP.extent) { options.bounds = COP.extent; options.fitBoundsOptions = { padding: 20 }; }
        else { options.center = [0, 10]; options.zoom = 1.5; }
        map = new maplibregl.Map(options);
        map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
        map.addControl(new maplibregl.ScaleControl());
        map.on("load", function () {
          baseLayers();
          incidentLayers();
          paint();
          container.dataset.state = "ready";
          resolve(map);
        });
        map.on("zoom", function () { container.classList.toggle("detail", map.getZoom() >= DETAIL_LABELS_ZOOM); });
        container.classList.toggle("detail", map.getZoom() >= DETAIL_LABELS_ZOOM);
      } catch (error) {
        map = null;
        container.dataset.state = "failed";
        container.appendChild(COP.el("p", "cop-map-failed", COP.strings.mapFailed));
        resolve(null);
      }
    }),
    on: function (event, fn) { if (map) map.on(event, fn); },
    /* Show the admin area chosen in the filter whole (none chosen: the whole mission). */
    fitArea: function (id) {
      if (!map) return;
      var area = COP.areas.filter(function (a) { return String(a.id) === String(id); })[0];
      var box = area ? area.bbox : COP.extent;
      if (box) map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 20, duration: 300 });
    },
    /* Fetch and draw incidents for the current filters and view: points when zoomed in, else hexagons. */
    load: function () {
      var query = COP.dataQuery();
      var current = COP.latest("map");
      if (!map || map.getZoom() < POINTS_ZOOM) return showHexes(query, null, current);
      return COP.getJSON(COP.root.dataset.pointsUrl + "?" + query).then(function (body) {
        if (!current()) return;
        if (body.overflow) return showHexes(query, COP.strings.overflow, current);
        clearClusterMarkers();  // cluster ids of the old data may name other clusters in the new
        map.getSource("incidents").setData(body);
        map.getSource("hexes").setData(emptyCollection());
        lastPoints = body.features;
        redrawStack();
        setState("points", body.count, COP.strings.points);
        legend();
      });
    },
    paint: paint,
    /* Ids of the incidents drawn as markers (empty on hexagons): for tests and debugging. */
    ids: function () { return lastPoints.map(function (f) { return f.properties.id; }); },
    /* The base map's features drawn now, as "layer id/source layer" (optionally only at a [lon, lat]): for tests. */
    drawn: function (lngLat) {
      if (!map) return [];
      var at = lngLat ? map.project(lngLat) : undefined;
      return map.queryRenderedFeatures(at).filter(function (f) { return f.source === "basemap" || f.source === "countries"; })
        .map(function (f) { return f.layer.id + "/" + (f.sourceLayer || f.properties.name); });
    },
    /* The ids of the map's layers, bottom to top: for tests. */
    layerOrder: function () { return map ? map.getStyle().layers.map(function (l) { return l.id; }) : []; },
    /* Where a [lon, lat] is drawn, in pixels from the map's top left (null without a map): for tests. */
    project: function (lngLat) { if (!map) return null; var p = map.project(lngLat); return { x: p.x, y: p.y }; },
  };
})();
