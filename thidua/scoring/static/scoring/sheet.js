// Self-assessment sheet: what only the sheet has. The grid's autosave, clamping, Enter to move on
// and offline keeping are shared with the reviewer's grid in grid.js.
(function () {
  "use strict";
  const modal = document.getElementById("upload");
  if (modal) {
    modal.addEventListener("show.bs.modal", function (event) {
      const button = event.relatedTarget;
      document.getElementById("upload-item").value = button.dataset.item;
      document.getElementById("upload-code").textContent = button.dataset.code;
    });
  }
})();
