// georisk dashboard charts. Every element with class "chart" names its data
// (data-src, a JSON API URL) and kind (tension, series, gpr); clicking a
// point opens data-click with {start} and {end} filled in from the bucket.
(function () {
  "use strict";

  function seconds(day) { return Date.parse(day + "T00:00:00Z") / 1000; }

  // Each kind: which fields to plot, on which scale, in which colour.
  var kinds = {
    tension: {
      series: [
        { label: "tension", field: "index", stroke: "#c0392b", width: 2, scale: "idx" },
        { label: "events", field: "events", stroke: "#1f5fae", width: 1, scale: "n", dash: [4, 3] }
      ],
      axes: [{ scale: "idx", label: "index (σ)" }, { scale: "n", label: "events", side: 1, grid: false }]
    },
    series: {
      series: [
        { label: "events", field: "events", stroke: "#1f5fae", width: 2, scale: "n" },
        { label: "conflict", get: function (p) { return p.quad[3] + p.quad[4]; }, stroke: "#c0392b", width: 2, scale: "n" },
        { label: "cooperation", get: function (p) { return p.quad[1] + p.quad[2]; }, stroke: "#2e8b57", width: 2, scale: "n" }
      ],
      axes: [{ scale: "n", label: "events" }]
    },
    gpr: {
      series: [
        { label: "GPR", field: "gpr", stroke: "#8e44ad", width: 2, scale: "g" },
        { label: "threats", field: "gpr_threats", stroke: "#e67e22", width: 1, scale: "g" },
        { label: "acts", field: "gpr_acts", stroke: "#c0392b", width: 1, scale: "g" }
      ],
      axes: [{ scale: "g", label: "index" }],
      filter: function (p) { return p.scope === ""; }
    }
  };

  function message(el, text) {
    var m = document.createElement("div");
    m.className = "msg";
    m.textContent = text;
    el.appendChild(m);
  }

  function draw(el, points) {
    var kind = kinds[el.dataset.kind];
    if (kind.filter) { points = points.filter(kind.filter); }
    if (!points.length) { message(el, "No data yet."); return; }
    var data = [points.map(function (p) { return seconds(p.start); })];
    var series = [{}];
    var scales = { x: { time: true } };
    kind.series.forEach(function (s) {
      data.push(points.map(function (p) { return s.get ? s.get(p) : p[s.field]; }));
      series.push({ label: s.label, stroke: s.stroke, width: s.width, scale: s.scale, dash: s.dash,
        value: function (u, v) { return v == null ? "–" : (Math.round(v * 100) / 100).toString(); } });
      scales[s.scale] = { auto: true };
    });
    var axes = [{}].concat(kind.axes.map(function (a) {
      return { scale: a.scale, label: a.label, side: a.side === 1 ? 1 : 3, grid: { show: a.grid !== false } };
    }));
    var width = Math.max(280, el.clientWidth || 360);
    var u = new uPlot({ width: width, height: 220, series: series, scales: scales, axes: axes,
      cursor: { points: { size: 8 } }, legend: { live: true } }, data, el);
    el.georiskChart = u;
    el.georiskPoints = points;
    if (el.dataset.click) {
      u.over.addEventListener("click", function () {
        var i = u.cursor.idx;
        if (i == null || !points[i]) { return; }
        window.location.href = el.dataset.click
          .replace("{start}", encodeURIComponent(points[i].start))
          .replace("{end}", encodeURIComponent(points[i].end));
      });
    }
    el.dataset.ready = "1";
  }

  function load(el) {
    fetch(el.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { return r.json().then(function (e) { throw new Error(e.error || r.statusText); }); }
        return r.json();
      })
      .then(function (points) { draw(el, points); })
      .catch(function (err) { message(el, "Could not load the chart: " + err.message); el.dataset.ready = "error"; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof uPlot === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-src]"), load);
  });
})();
