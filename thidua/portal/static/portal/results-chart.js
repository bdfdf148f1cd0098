(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  new Chart(document.getElementById("ranking-chart"), {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: "Điểm", data: data.scores, backgroundColor: "#a4161a" }] },
    options: { indexAxis: "y", animation: false, scales: { x: { beginAtZero: true } }, plugins: { legend: { display: false } } }
  });
})();
