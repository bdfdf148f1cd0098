(function () {
  // Charts of the open statistics page: one stacked bar chart per grouping (collectives and
  // individuals), from the JSON the page carries (no inline script: the CSP forbids it).
  var source = document.getElementById("stats-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  Object.keys(data).forEach(function (key) {
    var canvas = document.getElementById("chart-" + key);
    if (!canvas) { return; }
    var d = data[key];
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: [
          { label: "Tập thể", data: d.collective, backgroundColor: "#a4161a" },
          { label: "Cá nhân", data: d.individual, backgroundColor: "#e09f3e" }
        ]
      },
      options: {
        indexAxis: key === "year" ? "x" : "y",
        animation: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  });
})();
