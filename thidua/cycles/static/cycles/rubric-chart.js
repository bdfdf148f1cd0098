// Share of the rubric's points by group (or top-level criterion), from a json_script block.
(function () {
  const source = document.getElementById("rubric-chart-data");
  const canvas = document.getElementById("rubric-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "doughnut",
    data: {
      labels: data.labels,
      datasets: [{ data: data.values }],
    },
    options: {
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: (ctx) => ` ${ctx.label}: ${ctx.parsed} điểm` } },
      },
    },
  });
})();
