// Charts for the ranking and a unit's years: large type for a projector, no animation so that
// printing captures the final picture, colours that survive black-and-white printing.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  Chart.defaults.font.size = 16;
  Chart.defaults.color = "#212529";
  Chart.defaults.animation = false;
  const palette = ["#a50e0e", "#1f5fa8", "#2e7d32", "#b8860b", "#6a1b9a", "#00838f", "#5d4037", "#455a64"];
  const common = { responsive: true, maintainAspectRatio: false };

  const totals = document.getElementById("chart-totals");
  if (totals) {
    new Chart(totals, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: "Tổng điểm",
          data: data.totals,
          backgroundColor: data.leading.map((lead) => (lead ? "#b8860b" : "#a50e0e")),
        }],
      },
      options: Object.assign({}, common, {
        indexAxis: "y",
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
        scales: { x: { beginAtZero: true, title: { display: true, text: "Điểm" } } },
      }),
    });
  }
  const groups = document.getElementById("chart-groups");
  if (groups) {
    new Chart(groups, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.groups.map((g, i) => ({ label: g.label, data: g.data, backgroundColor: palette[i % palette.length] })),
      },
      options: Object.assign({}, common, {
        plugins: { legend: { position: "bottom" } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: "Điểm" } } },
      }),
    });
  }
  const years = document.getElementById("chart-years");
  if (years) {
    new Chart(years, {
      type: "line",
      data: { labels: data.labels, datasets: [{ label: "Tổng điểm", data: data.totals, borderColor: "#a50e0e", backgroundColor: "#a50e0e", borderWidth: 3, pointRadius: 6 }] },
      options: Object.assign({}, common, { plugins: { legend: { display: false } }, scales: { y: { title: { display: true, text: "Điểm" } } } }),
    });
  }
  window.thiduaChartsReady = true;
})();
