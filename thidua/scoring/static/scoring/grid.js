// Autosave of the scoring grids (the unit's self-assessment sheet and the reviewer's grid):
// clamping with a message, Enter to move on, autosave that never touches the box being typed in,
// and nothing lost when the connection drops (unsaved rows are kept in localStorage and sent
// again when back online or when the page is opened again).
//
// A grid row is a <tr id="…" data-save-url="…" data-fields="points explanation"> (the reviewer's
// grid: data-fields="points reason") holding hidden inputs "item" and "version", the boxes named
// in data-fields and a ".row-status" element. The server answers a save with the row as it
// renders it (200 saved, 409 someone else saved first, 422 refused, 403 not allowed) and, on the
// sheet, the progress (#progress) out of band.
//
// Saves go to the server one at a time, in order. A row's save reads the row's values and version
// when it is sent, not when it was asked for, so a save queued behind another carries the version
// the earlier one returned and never meets the user's own save as a conflict. The answer updates
// only what the user is not editing: the version, the status message, the progress, and a box's
// value when the box is not focused and still holds what was sent.
(function () {
  "use strict";
  const KEY = "thidua-pending:" + location.pathname;
  const TIMEOUT_MS = 30000;
  const SLOW_MS = 400;
  const SAVING = '<div class="small text-muted row-saving" role="status">Đang lưu…</div>';
  const KEPT = " Nội dung bạn đang gõ vẫn được giữ trong ô, chưa lưu: sửa lại ô để lưu đè.";
  const ROWS = "tr[data-save-url]";
  const status = document.getElementById("net-status");
  const lastSaved = new WeakMap(); // row -> {field: value} the server holds
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
  function names(row) { return (row.dataset.fields || "").split(/\s+/).filter(Boolean); }
  function values(row) {
    const data = {};
    names(row).forEach(function (name) { data[name] = (field(row, name) || {}).value || ""; });
    return data;
  }
  function rowData(row) {
    const data = values(row);
    data.version = (field(row, "version") || {}).value || "";
    return data;
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
    Object.keys(sent).forEach(function (name) { body.append(name, sent[name]); });
    // The row must not grow under the pointer while a click that ended the typing (on "Hoàn thành
    // thẩm định", say) is still under way, or the click is lost: a message already shown is
    // replaced in the same height, and an empty row says "Đang lưu…" only when the save is slow.
    const box = row.querySelector(".row-status");
    let notice = null;
    if (box && box.textContent.trim()) {
      box.style.minHeight = box.offsetHeight + "px";
      setStatus(row, SAVING);
    } else {
      notice = setTimeout(function () { setStatus(row, SAVING); }, SLOW_MS);
    }
    const abort = new AbortController();
    const timer = setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    return fetch(row.dataset.saveUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken(), Accept: "text/html" },
      credentials: "same-origin",
      signal: abort.signal,
    })
      .then(function (response) {
        return response.text().then(function (html) { answered(row, sent, response.status, html); });
      })
      .catch(function () { unreachable(row); })
      .finally(function () {
        clearTimeout(timer);
        clearTimeout(notice);
        if (box) box.style.minHeight = "";
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
    const held = {}; // what the server now holds, as the boxes would show it
    names(row).forEach(function (name) {
      const box = field(row, name), newer = field(fresh, name);
      held[name] = sent[name];
      if (!box || !newer) return;
      if (document.activeElement !== box && box.value === sent[name]) held[name] = box.value = newer.value;
      else if (box.value !== newer.value) keptTyping = true;
    });
    if (code === 200) lastSaved.set(row, held);
    if (code === 409) {
      // Someone else saved first: what is still queued for the row was based on their old value.
      row.dataset.conflict = "1";
      lastSaved.set(row, values(fresh));
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

  function isGridBox(el) {
    const row = el && el.closest && el.closest(ROWS);
    return Boolean(row) && names(row).indexOf(el.name) >= 0;
  }

  // Clamp before the save (this listener runs in the capture phase, the save in the bubble phase).
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!input.classList || !input.classList.contains("score-input") || !input.dataset.max) return;
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
    if (isGridBox(event.target)) save(event.target.closest("tr"));
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
      names(row).forEach(function (name) {
        const box = field(row, name);
        if (box && typeof saved[name] === "string") box.value = saved[name];
      });
      save(row);
    });
  }

  // A row whose boxes hold something the server does not: still being typed, or refused.
  function dirty(row) {
    const known = lastSaved.get(row);
    if (!known) return false;
    const now = values(row);
    return names(row).some(function (name) { return known[name] !== now[name]; });
  }
  // Something typed that no save has carried yet (a box still has focus, a save is waiting or was
  // refused, or the connection dropped).
  function unsaved() {
    if (inFlight || queued.size || Object.keys(pending()).length) return true;
    return Array.from(document.querySelectorAll(ROWS)).some(dirty);
  }
  function settled() {
    return chain.then(function () { return inFlight || queued.size ? settled() : undefined; });
  }

  // A form marked data-after-saves (finishing the review) is sent once the grid's saves have
  // answered, and not while a row holds text the server refused or never got: it would be lost.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-after-saves") || !unsaved()) return;
    event.preventDefault();
    settled().then(function () {
      if (!unsaved()) { form.submit(); return; }
      form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
      let note = form.querySelector(".after-saves-note");
      if (!note) {
        note = document.createElement("div");
        note.className = "small text-danger after-saves-note";
        note.setAttribute("role", "alert");
        form.appendChild(note);
      }
      note.textContent = "Chưa gửi được: còn điểm chưa lưu lên máy chủ (xem thông báo ở dòng tô màu hoặc dòng trạng thái mạng). Sửa lại rồi bấm lại.";
      const row = Array.from(document.querySelectorAll(ROWS)).find(dirty);
      if (row) {
        const box = names(row).map(function (name) { return field(row, name); }).find(Boolean);
        if (box) box.focus();
      }
    });
  });

  window.addEventListener("online", resend);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(ROWS).forEach(function (row) { lastSaved.set(row, values(row)); });
    store(pending());
    resend();
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved()) { event.preventDefault(); event.returnValue = ""; }
  });
})();
