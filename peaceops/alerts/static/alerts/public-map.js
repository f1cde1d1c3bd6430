/* The public report form's small map (peaceops.alerts.public): an extra for phones that run JavaScript. The
 * form works without it (a place found by name, or "I don't know").
 *
 * A button offers the map; only when pressed is the map library downloaded (it is large for a thin link).
 * The map shows the countries and the mission's regions and municipalities (no street map: the public page
 * is not a tile server); a tap sets the hidden lon/lat fields and chooses "the point I tapped on the map".
 */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  if (!el) { return; }
  var lon = document.getElementById("id_lon");
  var lat = document.getElementById("id_lat");
  var choice = document.getElementById("place-map-choice");
  var radio = document.getElementById("place-map");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.id = "report-map-show";
  button.textContent = el.dataset.showLabel;
  el.parentNode.insertBefore(button, el);

  button.addEventListener("click", function () {
    button.hidden = true;
    el.hidden = false;
    if (window.maplibregl) { draw(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = el.dataset.libraryCssUrl;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = el.dataset.libraryUrl;
    script.onload = draw;
    document.head.appendChild(script);
  });

  function picked() {
    var x = parseFloat(lon.value), y = parseFloat(lat.value);
    return isFinite(x) && isFinite(y) ? [x, y] : null;
  }

  function pointData() {
    var p = picked();
    return { type: "FeatureCollection", features: p ? [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: p } }] : [] };
  }

  function draw() {
    maplibregl.setWorkerUrl(el.dataset.workerUrl);
    var box = el.dataset.bbox.split(",").map(Number);
    var map = new maplibregl.Map({
      container: el,
      bounds: [[box[0], box[1]], [box[2], box[3]]],
      fitBoundsOptions: { padding: 10 },
      attributionControl: false,
      dragRotate: false,
      style: {
        version: 8,
        sources: {
          countries: { type: "geojson", data: el.dataset.countriesUrl },
          areas: { type: "geojson", data: el.dataset.areasUrl },
          pick: { type: "geojson", data: pointData() }
        },
        layers: [
          { id: "sea", type: "background", paint: { "background-color": "#dde6ee" } },
          { id: "countries", type: "fill", source: "countries", paint: { "fill-color": "#f1efe9" } },
          { id: "areas", type: "line", source: "areas", paint: { "line-color": ["match", ["get", "level"], 1, "#5b6875", "#9aa5b1"], "line-width": ["match", ["get", "level"], 1, 1.6, 0.8] } },
          { id: "pick", type: "circle", source: "pick", paint: { "circle-radius": 8, "circle-color": "#c0392b", "circle-stroke-color": "#ffffff", "circle-stroke-width": 2 } }
        ]
      }
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    el.reportMap = map;
    map.on("click", function (event) {
      lon.value = event.lngLat.lng.toFixed(6);
      lat.value = event.lngLat.lat.toFixed(6);
      choice.hidden = false;
      radio.checked = true;
      map.getSource("pick").setData(pointData());
    });
  }
})();
