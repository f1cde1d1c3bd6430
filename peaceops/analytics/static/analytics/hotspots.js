/* The hotspots page's map: the mission's admin areas as a base, the hotspot cells drawn over them (darker for
   99% than for 95%) and each labelled with its nearest place or area. The table beside it says the same, so
   the page reads without this script. */
(function () {
  "use strict";
  var container = document.getElementById("hotspot-map");
  var data = document.getElementById("hotspot-features");
  if (!container || !data || typeof maplibregl === "undefined") return;
  var features = JSON.parse(data.textContent);
  var extent = JSON.parse(document.getElementById("hotspot-extent").textContent);
  try {
    maplibregl.setWorkerUrl(container.dataset.workerUrl);
    var options = { container: container, attributionControl: false,
      style: container.dataset.basemapUrl };
    if (extent) { options.bounds = extent; options.fitBoundsOptions = { padding: 30, maxZoom: 11 }; }
    else { options.center = [0, 10]; options.zoom = 1.5; }
    var map = new maplibregl.Map(options);
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    map.on("load", function () {
      // The platform's base map style (countries as land; streets when installed): areas as outlines over streets.
      var streets = !!(map.getStyle().metadata || {})["peaceops:basemap"];
      if (streets) map.addControl(new maplibregl.AttributionControl({ compact: true }));
      map.addSource("areas", { type: "geojson", data: container.dataset.areasUrl });
      map.addLayer({ id: "land", type: "fill", source: "areas", filter: ["<=", ["get", "level"], 1],
        paint: { "fill-color": "#fbfaf6", "fill-opacity": streets ? 0 : 1 } });
      map.addLayer({ id: "area-lines", type: "line", source: "areas", filter: [">=", ["get", "level"], 1],
        paint: { "line-color": "#aab4be", "line-width": 0.8 } });
      map.addSource("hotspots", { type: "geojson", data: features });
      map.addLayer({ id: "hotspots", type: "fill", source: "hotspots",
        paint: { "fill-color": ["case", ["==", ["get", "confidence"], 99], "#b30000", "#fc8d59"], "fill-opacity": 0.7 } });
      map.addLayer({ id: "hotspots-outline", type: "line", source: "hotspots",
        paint: { "line-color": "#7f0000", "line-width": 1 } });
      features.features.forEach(function (feature) {
        var p = feature.properties;
        var label = document.createElement("div");
        label.className = "hotspot-label";
        label.textContent = p.label + " · " + p.count;
        new maplibregl.Marker({ element: label, anchor: "top", offset: [0, 8] }).setLngLat([p.lon, p.lat]).addTo(map);
      });
      container.dataset.state = "ready";
    });
  } catch (error) {
    container.dataset.state = "failed";
  }
})();
