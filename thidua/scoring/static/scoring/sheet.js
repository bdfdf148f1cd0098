// Self-assessment grid: clamping with a message, Enter to move on, autosave that never touches the
// box being typed in, and nothing lost when the connection drops (unsaved rows are kept in
// localStorage and sent again when back online).
//
// Saves go to the server one at a time, in order. A row's save reads the row's values and version
// when it is sent, not when it was asked for, so a save queued behind another carries the version
// the earlier one returned and never meets the officer's own save as a conflict. The answer (the
// row as the server renders it) updates only what the officer is not editing: the version, the
// status message, the progress, and a box's value when the box is not focused and still holds
// what was sent.
(function () {
  "use strict";
  const KEY = "thidua-pending:" + location.pathname;
  const TIMEOUT_MS = 30000;
  const KEPT = " Nội dung bạn đang gõ vẫn được giữ trong ô, chưa lưu: sửa lại ô để lưu đè.";
  const status = document.getElementById("net-status");
  const lastSaved = new WeakMap(); // row -> {points, explanation} the server holds
  const queued = new Set(); // rows waiting for their turn
  let chain = Promise.resolve();
  let inFlight = null;

  function pending() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  function store(data) {
    if (Object.keys(data).length) localStorage.setItem(KEY, JSON.stringify(data));
    else localStorage.removeItem(KEY);
    const n = Object.keys(data).length;
    if (status) status.textContent = n ? "Mất kết nối: " + n + " điểm chưa lưu lên máy chủ, sẽ tự gửi lại." : "";
  }
  function field(row, name) { return row.querySelector("[name=" + name + "]"); }
  function rowData(row) {
    const get = (name) => (field(row, name) || {}).value || "";
    return { points: get("points"), explanation: get("explanation"), version: get("version") };
  }
  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }
  function setStatus(row, html) {
    const box = row.querySelector(".row-status");
    if (box) box.innerHTML = html;
  }
  function busy(row) {
    if (queued.has(row) || inFlight === row) row.dataset.saving = "1";
    else delete row.dataset.saving;
  }

  // Asks for a save of the row; several requests while one is waiting make a single save.
  function save(row) {
    delete row.dataset.conflict;
    if (queued.has(row)) return;
    queued.add(row);
    busy(row);
    chain = chain.then(function () { return send(row); });
  }

  function send(row) {
    queued.delete(row);
    if (row.dataset.conflict) { busy(row); return Promise.resolve(); }
    inFlight = row;
    busy(row);
    const sent = rowData(row);
    const body = new FormData();
    body.append("item", field(row, "item").value);
    body.append("points", sent.points);
    body.append("explanation", sent.explanation);
    body.append("version", sent.version);
    setStatus(row, '<div class="small text-muted row-saving" role="status">Đang lưu…</div>');
    const abort = new AbortController();
    const timer = setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    return fetch(row.dataset.saveUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      signal: abort.signal,
    })
      .then(function (response) {
        return response.text().then(function (html) { answered(row, sent, response.status, html); });
      })
      .catch(function () { unreachable(row); })
      .finally(function () {
        clearTimeout(timer);
        inFlight = null;
        busy(row);
      });
  }

  function answered(row, sent, code, html) {
    const tpl = document.createElement("template");
    tpl.innerHTML = html;
    const fresh = tpl.content.querySelector("tr");
    const progress = tpl.content.querySelector("#progress");
    const current = document.getElementById("progress");
    if (progress && current) current.innerHTML = progress.innerHTML;
    if (!fresh || fresh.id !== row.id) {
      setStatus(row, '<div class="small text-danger row-error" role="alert">Máy chủ không lưu được điểm này (lỗi ' + code + "). Điểm được giữ trên máy và sẽ gửi lại khi bạn mở lại trang.</div>");
      keep(row, sent);
      return;
    }
    row.className = fresh.className;
    field(row, "version").value = field(fresh, "version").value;
    let keptTyping = false;
    ["points", "explanation"].forEach(function (name) {
      const box = field(row, name), newer = field(fresh, name);
      if (!box || !newer) return;
      if (document.activeElement !== box && box.value === sent[name]) box.value = newer.value;
      else if (box.value !== newer.value) keptTyping = true;
    });
    if (code === 200) lastSaved.set(row, { points: sent.points, explanation: sent.explanation });
    if (code === 409) {
      // Someone else saved first: what is still queued for the row was based on their old value.
      row.dataset.conflict = "1";
      lastSaved.set(row, { points: field(fresh, "points").value, explanation: field(fresh, "explanation").value });
    }
    const message = fresh.querySelector(".row-status");
    setStatus(row, message ? message.innerHTML : "");
    if (code === 409 && keptTyping) {
      const error = row.querySelector(".row-error");
      if (error) error.textContent += KEPT;
    }
    forget(row);
  }

  function unreachable(row) {
    setStatus(row, "");
    keep(row, rowData(row));
  }
  function keep(row, data) {
    const all = pending();
    all[row.id] = data;
    store(all);
  }
  function forget(row) {
    const all = pending();
    if (all[row.id]) { delete all[row.id]; store(all); }
  }

  function isSheetBox(el) {
    return el && el.closest && el.closest("tr[data-save-url]") && (el.name === "points" || el.name === "explanation");
  }

  // Clamp before the save (this listener runs in the capture phase, the save in the bubble phase).
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

  document.addEventListener("change", function (event) {
    if (isSheetBox(event.target)) save(event.target.closest("tr"));
  });

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

  function resend() {
    const data = pending();
    Object.keys(data).forEach(function (id) {
      const row = document.getElementById(id);
      if (!row || !row.dataset.saveUrl) return;
      const saved = data[id];
      field(row, "points").value = saved.points;
      field(row, "explanation").value = saved.explanation;
      save(row);
    });
  }

  // Something typed that no save has carried yet (the box still has focus, or a save is waiting).
  function unsaved() {
    if (inFlight || queued.size || Object.keys(pending()).length) return true;
    const el = document.activeElement;
    if (!isSheetBox(el)) return false;
    const known = lastSaved.get(el.closest("tr"));
    return known !== undefined && known[el.name] !== el.value;
  }

  window.addEventListener("online", resend);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("tr[data-save-url]").forEach(function (row) {
      lastSaved.set(row, { points: (field(row, "points") || {}).value, explanation: (field(row, "explanation") || {}).value });
    });
    store(pending());
    resend();
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved()) { event.preventDefault(); event.returnValue = ""; }
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
