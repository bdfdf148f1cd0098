// Self-assessment grid: clamping with a message, Enter to move on, and nothing lost when the
// connection drops (unsaved rows are kept in localStorage and sent again when back online).
(function () {
  "use strict";
  const KEY = "thidua-pending:" + location.pathname;
  const status = document.getElementById("net-status");

  function pending() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  function store(data) {
    if (Object.keys(data).length) localStorage.setItem(KEY, JSON.stringify(data));
    else localStorage.removeItem(KEY);
    const n = Object.keys(data).length;
    if (status) status.textContent = n ? "Mất kết nối: " + n + " điểm chưa lưu lên máy chủ, sẽ tự gửi lại." : "";
  }
  function rowData(row) {
    const get = (name) => (row.querySelector("[name=" + name + "]") || {}).value || "";
    return { points: get("points"), explanation: get("explanation"), version: get("version") };
  }

  // Clamp before HTMX (listening on the row) sends the value.
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!input.classList || !input.classList.contains("score-input")) return;
    const note = input.closest("tr").querySelector(".clamp-note");
    const raw = input.value.replace(",", ".");
    if (raw === "") { if (note) note.textContent = ""; return; }
    const value = Number(raw), max = Number(input.dataset.max);
    let fixed = value;
    if (Number.isNaN(value)) return;
    if (value > max) fixed = max;
    if (value < 0) fixed = 0;
    if (fixed !== value) {
      input.value = String(fixed);
      if (note) note.textContent = "Điểm phải từ 0 đến " + max + ": đã điều chỉnh " + raw + " thành " + fixed + ".";
    } else if (note) {
      note.textContent = "";
    }
  }, true);

  // Enter moves to the next criterion's score (the change event saves the current one).
  document.addEventListener("keydown", function (event) {
    const input = event.target;
    if (event.key !== "Enter" || !input.classList || !input.classList.contains("score-input")) return;
    event.preventDefault();
    const inputs = Array.from(document.querySelectorAll(".score-input"));
    const next = inputs[inputs.indexOf(input) + (event.shiftKey ? -1 : 1)];
    input.dispatchEvent(new Event("change", { bubbles: true }));
    if (next) { next.focus(); next.select(); }
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    const row = event.detail.elt;
    if (!row.id) return;
    const data = pending();
    data[row.id] = rowData(row);
    store(data);
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    const row = event.detail.elt;
    if (!row.id || !row.querySelector(".row-saved, .row-error")) return;
    const data = pending();
    if (data[row.id]) { delete data[row.id]; store(data); }
  });

  function resend() {
    const data = pending();
    Object.keys(data).forEach(function (id) {
      const row = document.getElementById(id);
      if (!row) return;
      const saved = data[id];
      row.querySelector("[name=points]").value = saved.points;
      row.querySelector("[name=explanation]").value = saved.explanation;
      if (window.htmx) window.htmx.trigger(row, "change");
    });
  }
  window.addEventListener("online", resend);
  document.addEventListener("DOMContentLoaded", function () { store(pending()); resend(); });
  window.addEventListener("beforeunload", function (event) {
    if (Object.keys(pending()).length) { event.preventDefault(); event.returnValue = ""; }
  });

  const modal = document.getElementById("upload");
  if (modal) {
    modal.addEventListener("show.bs.modal", function (event) {
      const button = event.relatedTarget;
      document.getElementById("upload-item").value = button.dataset.item;
      document.getElementById("upload-code").textContent = button.dataset.code;
    });
  }
})();
