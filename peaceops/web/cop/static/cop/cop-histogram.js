/* The COP's time histogram: incident counts per day, week or month in view (every filter but the time window),
 * drawn as SVG bars; dragging across it chooses the time window (since/until), a click clears it. */
(function () {
  "use strict";
  var COP = window.COP;
  var SVG = "http://www.w3.org/2000/svg";
  var HEIGHT = 90, PAD_LEFT = 36, PAD_BOTTOM = 18, PAD_TOP = 6;
  var box = document.getElementById("cop-histogram");
  var data = { buckets: [] };
  var scale = null;

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function day(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function draw() {
    box.textContent = "";
    var buckets = data.buckets;
    var filters = COP.filters();
    var since = filters.get("since"), until = filters.get("until");
    var sinceMs = since ? day(since.slice(0, 10)) : -Infinity, untilMs = until ? day(until.slice(0, 10)) : Infinity;
    var total = 0, selected = 0;
    buckets.forEach(function (b) {
      total += b.count;
      if (day(b.start) >= sinceMs && day(b.end) <= untilMs) selected += b.count;
    });
    box.dataset.total = String(total);
    box.dataset.selectedTotal = String(selected);
    box.dataset.by = data.by || "";
    if (!buckets.length) { scale = null; return; }
    var width = Math.max(box.clientWidth, 200);
    var t0 = day(buckets[0].start), t1 = day(buckets[buckets.length - 1].end);
    var max = Math.max.apply(null, buckets.map(function (b) { return b.count; }));
    var plotW = width - PAD_LEFT - 4, plotH = HEIGHT - PAD_TOP - PAD_BOTTOM;
    scale = {
      x: function (t) { return PAD_LEFT + ((t - t0) / (t1 - t0)) * plotW; },
      t: function (x) { return t0 + ((x - PAD_LEFT) / plotW) * (t1 - t0); },
    };
    var svg = svgEl("svg", { width: width, height: HEIGHT, viewBox: "0 0 " + width + " " + HEIGHT, role: "img" });
    svg.appendChild(svgEl("line", { x1: PAD_LEFT, x2: width - 4, y1: HEIGHT - PAD_BOTTOM, y2: HEIGHT - PAD_BOTTOM,
      class: "axis" }));
    buckets.forEach(function (b) {
      var x = scale.x(day(b.start)), w = Math.max(scale.x(day(b.end)) - x - 0.5, 1);
      var h = max ? (b.count / max) * plotH : 0;
      var inWindow = day(b.start) >= sinceMs && day(b.end) <= untilMs;
      var bar = svgEl("rect", { x: x.toFixed(1), y: (HEIGHT - PAD_BOTTOM - h).toFixed(1), width: w.toFixed(1),
        height: h.toFixed(1), class: "bar" + (inWindow ? " selected" : ""), "data-key": b.key,
        "data-count": b.count });
      var title = svgEl("title");
      title.textContent = b.label + ": " + b.count + " " + COP.strings.incidents;
      bar.appendChild(title);
      svg.appendChild(bar);
    });
    [[PAD_LEFT, buckets[0].start, "start"], [width - 4, buckets[buckets.length - 1].end, "end"]].forEach(function (l) {
      var text = svgEl("text", { x: l[0], y: HEIGHT - 4, class: "tick", "text-anchor": l[2] });
      text.textContent = l[1];
      svg.appendChild(text);
    });
    var top = svgEl("text", { x: PAD_LEFT - 4, y: PAD_TOP + 9, class: "tick", "text-anchor": "end" });
    top.textContent = String(max);
    svg.appendChild(top);
    var brush = svgEl("rect", { x: 0, y: PAD_TOP, width: 0, height: plotH, class: "brush" });
    svg.appendChild(brush);
    attachBrush(svg, brush);
    box.appendChild(svg);
  }

  /* Snap a dragged time range to whole buckets: [start of first bucket touched, end of last bucket touched). */
  function snap(a, b) {
    var touched = data.buckets.filter(function (k) { return day(k.end) > a && day(k.start) < b; });
    if (!touched.length) return [iso(a), iso(b + 86400000)];
    return [touched[0].start, touched[touched.length - 1].end];
  }

  function attachBrush(svg, brush) {
    var startX = null;
    function localX(event) { return event.clientX - svg.getBoundingClientRect().left; }
    svg.addEventListener("pointerdown", function (event) {
      startX = localX(event);
      svg.setPointerCapture(event.pointerId);
      brush.setAttribute("x", startX);
      brush.setAttribute("width", 0);
    });
    svg.addEventListener("pointermove", function (event) {
      if (startX === null) return;
      var x = localX(event);
      brush.setAttribute("x", Math.min(x, startX));
      brush.setAttribute("width", Math.abs(x - startX));
    });
    svg.addEventListener("pointerup", function (event) {
      if (startX === null || !scale) return;
      var x = localX(event), a = Math.min(x, startX), b = Math.max(x, startX);
      startX = null;
      if (b - a < 4) { COP.setTimeWindow("", ""); }
      else {
        var window_ = snap(scale.t(a), scale.t(b));
        COP.setTimeWindow(window_[0], window_[1]);
      }
      COP.refresh();
    });
  }

  COP.histogram = {
    load: function (query) {
      var current = COP.latest("histogram");
      return COP.getJSON(COP.root.dataset.histogramUrl + "?" + query).then(function (body) {
        if (!current()) return;
        data = body;
        draw();
      });
    },
    redraw: draw,
  };
  window.addEventListener("resize", COP.debounce(draw, 200));
})();
