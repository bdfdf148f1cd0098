// Charts of the awards pages and one-click protection of forms (a second click never resubmits).
(function () {
  function lineChart(id, type) {
    var canvas = document.getElementById(id);
    var source = document.getElementById(id + "-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    var points = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: type,
      data: {
        labels: points.map(function (p) { return p.x; }),
        datasets: [{ data: points.map(function (p) { return p.y; }), backgroundColor: "#0d6efd", borderColor: "#0d6efd", stepped: type === "line" }]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    lineChart("history-chart", "bar");
    lineChart("salary-chart", "line");
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[data-once]").forEach(function (b) { b.disabled = true; b.textContent = "Đang gửi…"; });
      });
    });
  });
})();
