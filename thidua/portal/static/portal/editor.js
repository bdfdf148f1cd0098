// Editor pages: no double submission, and images dropped into Trix are uploaded and checked.
(function () {
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (form.dataset.sent) { return; }
      form.dataset.sent = "1";
      setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  document.addEventListener("trix-attachment-add", function (event) {
    var attachment = event.attachment;
    if (!attachment.file) { return; }
    var editor = event.target;
    var data = new FormData();
    data.append("file", attachment.file);
    data.append("caption", attachment.file.name.replace(/\.[^.]+$/, ""));
    var xhr = new XMLHttpRequest();
    xhr.open("POST", editor.dataset.uploadUrl, true);
    xhr.setRequestHeader("X-CSRFToken", csrf ? csrf.value : "");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { attachment.setUploadProgress(e.loaded / e.total * 100); }
    });
    xhr.addEventListener("load", function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status === 201) {
        attachment.setAttributes({ url: body.url, href: body.url });
      } else {
        attachment.remove();
        alert(body.detail || "Không tải được ảnh lên.");
      }
    });
    xhr.send(data);
  });
  // Attachments are only images uploaded through the check above.
  document.addEventListener("trix-file-accept", function (event) {
    if (!/^image\//.test(event.file.type)) {
      event.preventDefault();
      alert("Chỉ chèn được tệp ảnh.");
    }
  });
})();
