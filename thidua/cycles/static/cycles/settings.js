// The bloc settings page. With JavaScript, ↑/↓ reorder the tie-break list and "Thêm mức xếp loại"
// adds a band row in place; without it the same buttons post the page and the server redraws it
// with the change made (cycles.forms.SettingsEditor). Either way "Lưu thiết lập" saves.
(function () {
  "use strict";
  const form = document.getElementById("settings-form");
  if (!form) return;

  const list = document.getElementById("tie-rows");
  const status = document.getElementById("tie-status");

  function renumber() {
    const rows = Array.from(list.children);
    rows.forEach((row, i) => {
      row.querySelector("input[name$='-ORDER']").value = i + 1;
      row.querySelector("button[value$=':up']").disabled = i === 0;
      row.querySelector("button[value$=':down']").disabled = i === rows.length - 1;
    });
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=move]");
    if (!button) return;
    event.preventDefault();
    const row = button.closest("li");
    const up = button.value.endsWith(":up");
    const other = up ? row.previousElementSibling : row.nextElementSibling;
    if (!other) return;
    list.insertBefore(up ? row : other, up ? other : row);
    renumber();
    // Moving the row drops the focus; keep it on the row, on a button still usable.
    const next = button.disabled ? row.querySelector(up ? "button[value$=':down']" : "button[value$=':up']") : button;
    next.focus();
    const label = row.querySelector("label").textContent.trim();
    status.textContent = `Đã chuyển “${label}” đến vị trí ${Array.from(list.children).indexOf(row) + 1}.`;
  });

  const add = form.querySelector("button[name=add_band]");
  const template = document.getElementById("band-template");
  const body = document.getElementById("band-rows");
  const total = form.querySelector("input[name='bands-TOTAL_FORMS']");
  add.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    const max = Number(add.dataset.max);
    if (index >= max) return;
    body.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
    total.value = index + 1;
    add.disabled = index + 1 >= max;
    body.lastElementChild.querySelector("select").focus();
  });

  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.id === "settings-save") {
      // After the form data is taken, so that a second click cannot post it twice.
      setTimeout(() => { button.disabled = true; });
    }
  });
})();
