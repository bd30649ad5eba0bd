// Charts of the catalogue indicators page (/catalog/indicators). Loaded as a
// file (the CSP allows no inline script); each .ind-chart element carries
// its data in data-labels / data-values (JSON arrays) and data-unit ("%" for
// rates). The same figures are in the tables, so without script nothing is lost.
(function () {
  "use strict";
  function draw(el) {
    var labels = JSON.parse(el.dataset.labels || "[]");
    var values = JSON.parse(el.dataset.values || "[]");
    var pct = el.dataset.unit === "%";
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var fmt = function (v) { return pct ? v + "%" : String(v); };
    chart.setOption({
      title: { text: el.dataset.title || "", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt },
      grid: { left: 8, right: 48, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: pct ? 100 : null, minInterval: pct ? 0 : 1, axisLabel: { formatter: pct ? "{value}%" : "{value}" } },
      // Categories read top-down in the order given.
      yAxis: { type: "category", data: labels, inverse: true, axisTick: { show: false } },
      series: [{
        type: "bar", data: values, barMaxWidth: 22, itemStyle: { color: pct ? "#0b57d0" : "#b71c1c" },
        label: { show: true, position: "right", formatter: function (p) { return fmt(p.value); } }
      }],
      animation: false
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() {
    if (!window.echarts) { return; }
    var els = document.querySelectorAll(".ind-chart");
    for (var i = 0; i < els.length; i++) { draw(els[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
