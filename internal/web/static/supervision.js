// Charts of the supervision dashboard (/supervision). Loaded as a file (the
// CSP allows no inline script); each .sv-chart[data-kind] element carries
// its data in data-* attributes (JSON). The same figures are in the cards
// and tables, so without script nothing is lost. A point or bar with a link
// (data-links) opens that day's, month's or region's dashboard.
(function () {
  "use strict";
  var colors = ["#b71c1c", "#0b57d0", "#9a6700", "#1a7f37", "#6f42c1"];
  function json(el, name) {
    try { return JSON.parse(el.dataset[name] || "[]") || []; } catch (e) { return []; }
  }
  function title(el) {
    return { text: el.dataset.title || "", left: "center", textStyle: { fontSize: 14 } };
  }
  function narrow(el) { return el.clientWidth < 480; }
  function follow(chart, links) {
    chart.on("click", function (p) {
      var href = links[p.dataIndex];
      if (href) { window.location.href = href; }
    });
  }
  var kinds = {
    trend: function (el) {
      var series = json(el, "series");
      return {
        title: title(el), color: colors,
        tooltip: { trigger: "axis" },
        legend: { bottom: 0 },
        grid: { left: 8, right: 16, top: 36, bottom: 36, containLabel: true },
        xAxis: { type: "category", data: json(el, "labels"), boundaryGap: false },
        yAxis: { type: "value", minInterval: 1 },
        series: series.map(function (s) {
          return { name: s.name, type: "line", data: s.values, symbolSize: 6, smooth: false };
        })
      };
    },
    pie: function (el) {
      var labels = json(el, "labels"), values = json(el, "values");
      return {
        title: title(el), color: colors,
        tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
        legend: { bottom: 0 },
        series: [{
          type: "pie", radius: narrow(el) ? ["30%", "55%"] : ["35%", "62%"], center: ["50%", "50%"],
          label: { formatter: "{b}\n{d}%" },
          data: labels.map(function (l, i) { return { name: l, value: values[i] }; })
        }]
      };
    },
    regions: function (el) {
      var rateName = el.dataset.rateName || "", countName = el.dataset.countName || "";
      var labels = json(el, "labels");
      // Many regions (a county's townships) are labelled aslant, shortened.
      var rotate = labels.length > (narrow(el) ? 4 : 10);
      var short = function (s) { return s.length > 7 ? s.slice(0, 6) + "…" : s; };
      return {
        title: title(el), color: ["#0b57d0", "#b71c1c"],
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { bottom: 0 },
        grid: { left: 8, right: 8, top: 44, bottom: 36, containLabel: true },
        xAxis: { type: "category", data: labels, axisLabel: rotate ? { interval: 0, rotate: 35, formatter: short } :
          { interval: 0, width: Math.max(48, el.clientWidth / labels.length - 12), overflow: "break" } },
        yAxis: [
          { type: "value", name: rateName, min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
          { type: "value", name: countName, minInterval: 1, splitLine: { show: false } }
        ],
        series: [
          { name: rateName, type: "bar", data: json(el, "rates"), barMaxWidth: 28,
            tooltip: { valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } } },
          { name: countName, type: "bar", yAxisIndex: 1, data: json(el, "counts"), barMaxWidth: 28 }
        ]
      };
    }
  };
  function draw(el) {
    var make = kinds[el.dataset.kind];
    if (!make) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var opt = make(el);
    opt.animation = false;
    chart.setOption(opt);
    var links = json(el, "links");
    if (links.length) { follow(chart, links); }
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() {
    if (!window.echarts) { return; }
    var els = document.querySelectorAll(".sv-chart[data-kind]");
    for (var i = 0; i < els.length; i++) { draw(els[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
