// Editor pages (loaded in <head>, right after Trix, so that the configuration below is in place
// before Trix defines its elements): the rich-text editor keeps every element the server's
// sanitiser allows (thidua/portal/html.py), no form is sent twice, and images dropped into Trix
// are uploaded and checked.
//
// How the body survives the editor:
// * Trix learns the blocks and inline elements it lacks: headings h2–h4 (toolbar buttons H2, H3,
//   H4 in place of Trix's h1, which the sanitiser drops), underline, strikethrough <s>,
//   subscript, superscript and inline code; the paragraphs it writes as <div> are sent as <p>.
// * What Trix cannot edit faithfully (tables, horizontal rules, bare images, links with a title,
//   blocks holding any of these) is loaded as a block kept whole: shown, movable and deletable,
//   and written back exactly as it came. A figure with one image and a plain caption becomes a
//   Trix image whose caption can be edited; unchanged, it is written back as it came.
// * Saving without editing sends the body exactly as it was loaded.
// <b>, <i> and <div> are edited as <strong>, <em> and <p> once their block is changed.
(function () {
  "use strict";
  if (!window.Trix) { return; }
  var PRESERVED = "application/vnd.thidua.preserved+html";
  // The toolbar, dialogs and captions in Vietnamese (Trix reads these when it draws its toolbar).
  Object.assign(Trix.config.lang, {
    attachFiles: "Đính kèm tệp", bold: "Chữ đậm", bullets: "Danh sách dấu chấm", byte: "byte",
    bytes: "byte", captionPlaceholder: "Thêm chú thích…", code: "Mã", heading1: "Tiêu đề",
    indent: "Lùi vào", italic: "Chữ nghiêng", link: "Liên kết", numbers: "Danh sách đánh số",
    outdent: "Lùi ra", quote: "Trích dẫn", redo: "Làm lại", remove: "Bỏ", strike: "Gạch ngang",
    undo: "Hoàn tác", unlink: "Bỏ liên kết", url: "Địa chỉ", urlPlaceholder: "Nhập địa chỉ liên kết…"
  });
  var blocks = Trix.config.blockAttributes;
  var inline = Trix.config.textAttributes;
  [2, 3, 4].forEach(function (n) {
    blocks["heading" + n] = { tagName: "h" + n, terminal: true, breakOnReturn: true, group: false };
  });
  ["u", "s", "sub", "sup", "code"].forEach(function (tag) {
    inline["thidua_" + tag] = { tagName: tag, inheritable: true };
  });

  var NATIVE = { P: 1, DIV: 1, H2: 1, H3: 1, H4: 1, BLOCKQUOTE: 1, UL: 1, OL: 1, PRE: 1 };
  var INLINE = { STRONG: 1, B: 1, EM: 1, I: 1, U: 1, S: 1, DEL: 1, SUB: 1, SUP: 1, A: 1, CODE: 1, BR: 1 };
  var LIST = { UL: 1, OL: 1, LI: 1 };

  function parse(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    return tpl.content;
  }
  function outer(node) {
    return node.nodeType === 1 ? node.outerHTML : node.textContent;
  }
  function escapeAttr(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function attachmentElement(json, attributes) {
    var html = '<figure data-trix-attachment="' + escapeAttr(JSON.stringify(json)) + '"';
    if (attributes) { html += ' data-trix-attributes="' + escapeAttr(JSON.stringify(attributes)) + '"'; }
    return html + "></figure>";
  }

  // Can Trix load this block and write it back as it was?
  function editable(el) {
    if (!NATIVE[el.tagName]) { return false; }
    var list = el.tagName === "UL" || el.tagName === "OL";
    var all = el.querySelectorAll("*");
    for (var i = 0; i < all.length; i++) {
      var child = all[i];
      if (!(INLINE[child.tagName] || (list && LIST[child.tagName]))) { return false; }
      if (child.tagName === "A" && child.hasAttribute("title")) { return false; }
    }
    return true;
  }

  // <figure><img><figcaption>text</figcaption></figure> (the image possibly inside a link).
  function simpleFigure(el) {
    if (el.tagName !== "FIGURE") { return null; }
    var img = null, link = null, caption = null;
    for (var i = 0; i < el.children.length; i++) {
      var child = el.children[i];
      if (child.tagName === "IMG" && !img) { img = child; }
      else if (child.tagName === "A" && !img && child.children.length === 1 && child.children[0].tagName === "IMG" && !child.hasAttribute("title")) { link = child; img = child.children[0]; }
      else if (child.tagName === "FIGCAPTION" && !caption && child.children.length === 0) { caption = child; }
      else { return null; }
    }
    if (!img || !img.getAttribute("src")) { return null; }
    var json = { contentType: "image", url: img.getAttribute("src"), thidua: { original: el.outerHTML } };
    ["width", "height"].forEach(function (name) {
      var value = parseInt(img.getAttribute(name), 10);
      if (!isNaN(value)) { json[name] = value; }
    });
    if (img.hasAttribute("alt")) { json.thidua.alt = img.getAttribute("alt"); }
    if (link) { json.href = link.getAttribute("href"); }
    var text = caption ? caption.textContent : "";
    json.thidua.caption = text;
    return attachmentElement(json, text ? { caption: text } : null);
  }

  // The stored body as Trix should load it.
  function prepare(html) {
    var out = [];
    parse(html || "").childNodes.forEach(function (node) {
      if (node.nodeType === 3) { out.push(node.textContent.trim() ? escapeAttr(node.textContent) : ""); return; }
      if (node.nodeType !== 1) { return; }
      if (editable(node)) { out.push(node.outerHTML); return; }
      var figure = simpleFigure(node);
      if (figure) { out.push(figure); return; }
      out.push(attachmentElement({ contentType: PRESERVED, content: node.outerHTML }));
    });
    return out.join("");
  }

  function figureHTML(json, caption) {
    var img = '<img src="' + escapeAttr(json.url || "") + '"';
    if (json.width) { img += ' width="' + json.width + '"'; }
    if (json.height) { img += ' height="' + json.height + '"'; }
    if (json.thidua && json.thidua.alt !== undefined) { img += ' alt="' + escapeAttr(json.thidua.alt) + '"'; }
    img += ">";
    if (json.href) { img = '<a href="' + escapeAttr(json.href) + '">' + img + "</a>"; }
    var text = caption ? "<figcaption>" + escapeAttr(caption).replace(/&quot;/g, '"') + "</figcaption>" : "";
    return "<figure>" + img + text + "</figure>";
  }

  // Trix's HTML with the kept blocks put back as they came and images as plain figures.
  function finish(html) {
    var root = parse(html);
    root.querySelectorAll("figure[data-trix-attachment]").forEach(function (figure) {
      var json = {}, attributes = {};
      try { json = JSON.parse(figure.getAttribute("data-trix-attachment")); } catch (e) { json = {}; }
      try { attributes = JSON.parse(figure.getAttribute("data-trix-attributes") || "{}"); } catch (e) { attributes = {}; }
      var replacement;
      if (json.contentType === PRESERVED) {
        replacement = json.content || "";
      } else if (/^image/.test(json.contentType || "")) {
        var caption = attributes.caption || "";
        var kept = json.thidua && json.thidua.original && json.thidua.caption === caption;
        replacement = kept ? json.thidua.original : figureHTML(json, caption);
      } else {
        replacement = "";
      }
      figure.replaceWith(parse(replacement));
    });
    // Trix writes paragraphs as <div>; they are stored as <p>, and what Trix put inside a paragraph
    // that cannot live in one (a figure, a kept table) stands on its own between paragraphs.
    Array.prototype.slice.call(root.childNodes).forEach(function (node) {
      if (node.nodeType === 1 && node.tagName === "DIV") { node.replaceWith.apply(node, paragraphs(node)); }
    });
    return Array.prototype.map.call(root.childNodes, outer).join("");
  }

  function paragraphs(div) {
    var out = [], run = [];
    function flush() {
      while (run.length && run[0].nodeName === "BR") { run.shift(); }
      while (run.length && run[run.length - 1].nodeName === "BR") { run.pop(); }
      if (run.some(function (n) { return n.nodeType === 1 || n.textContent.trim(); })) {
        var p = document.createElement("p");
        run.forEach(function (n) { p.appendChild(n); });
        out.push(p);
      }
      run = [];
    }
    var nodes = Array.prototype.slice.call(div.childNodes);
    var mixed = nodes.some(function (n) { return n.nodeType === 1 && !INLINE[n.tagName]; });
    if (!mixed) {
      var p = document.createElement("p");
      nodes.forEach(function (n) { p.appendChild(n); });
      return [p];
    }
    nodes.forEach(function (n) {
      if (n.nodeType === 1 && !INLINE[n.tagName]) { flush(); out.push(n); } else { run.push(n); }
    });
    flush();
    return out;
  }

  var original = new WeakMap(); // trix-editor -> {html: as stored, document: as loaded}

  function inputOf(editor) {
    return document.getElementById(editor.getAttribute("input"));
  }

  // The body the form should send for this editor.
  function serialize(editor) {
    var kept = original.get(editor);
    if (kept && kept.document && editor.editor.getDocument().isEqualTo(kept.document)) { return kept.html; }
    return finish(inputOf(editor).value);
  }

  document.addEventListener("trix-before-initialize", function (event) {
    var editor = event.target, input = inputOf(editor);
    if (!input) { return; }
    original.set(editor, { html: input.value, document: null });
    input.value = prepare(input.value);
  });

  document.addEventListener("trix-initialize", function (event) {
    var editor = event.target;
    var kept = original.get(editor);
    if (kept) { kept.document = editor.editor.getDocument(); }
    var toolbar = editor.toolbarElement;
    var h1 = toolbar && toolbar.querySelector("[data-trix-attribute=heading1]");
    if (!h1) { return; }
    [["heading2", "H2", "Tiêu đề mục"], ["heading3", "H3", "Tiêu đề nhỏ"], ["heading4", "H4", "Tiêu đề nhỏ hơn"]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "trix-button thidua-heading";
      button.dataset.trixAttribute = spec[0];
      button.title = spec[2] + " (" + spec[1] + ")";
      button.setAttribute("aria-label", button.title);
      button.tabIndex = -1;
      button.textContent = spec[1];
      h1.parentNode.insertBefore(button, h1);
    });
    h1.remove();
  });

  // Send the body as it should be stored (before the one-submission guard below disables buttons).
  document.addEventListener("submit", function (event) {
    event.target.querySelectorAll("trix-editor").forEach(function (editor) {
      if (editor.editor) { inputOf(editor).value = serialize(editor); }
    });
  }, true);

  // Forms that undo work (restoring an older version) ask first: data-confirm, which
  // static/thidua/forms.js handles on every page (asking here too would ask twice).

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-once") || event.defaultPrevented) { return; }
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    setTimeout(function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  document.addEventListener("trix-attachment-add", function (event) {
    var attachment = event.attachment;
    if (!attachment.file) { return; }
    var editor = event.target;
    var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    var data = new FormData();
    data.append("file", attachment.file);
    data.append("caption", attachment.file.name.replace(/\.[^.]+$/, ""));
    var xhr = new XMLHttpRequest();
    xhr.open("POST", editor.dataset.uploadUrl, true);
    xhr.setRequestHeader("X-CSRFToken", csrf ? csrf.value : "");
    // One key per attachment: a repeated send of the same image stores it once.
    if (!attachment.idempotencyKey) {
      attachment.idempotencyKey = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + "-" + Math.random();
    }
    xhr.setRequestHeader("Idempotency-Key", attachment.idempotencyKey);
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

  window.ThiDuaEditor = { prepare: prepare, finish: finish, serialize: serialize };
})();
