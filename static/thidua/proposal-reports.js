// The charts of the proposals' reports page (thidua/proposals/templates/proposals/reports.html):
// the figures come from the page's <script type="application/json" id="charts-data">, so the
// page needs no inline script (the Content-Security-Policy allows this site's files only).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("charts-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const opts = (type, d, label) => ({
    type,
    data: {labels: d.labels, datasets: [{label, data: d.values, backgroundColor: "#1f5fa8", borderColor: "#1f5fa8"}]},
    options: {plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
  });
  new Chart(document.getElementById("chart-form"), {...opts("bar", data.form, "Số lượt"), options: {indexAxis: "y", plugins: {legend: {display: false}}}});
  new Chart(document.getElementById("chart-year"), opts("line", data.year, "Số lượt"));
  new Chart(document.getElementById("chart-status"), opts("bar", data.status, "Số đề nghị"));
  new Chart(document.getElementById("chart-cash"), opts("bar", data.cash, "Đồng"));
});
