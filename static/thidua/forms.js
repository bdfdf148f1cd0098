// Behaviour that pages declare with attributes, so that no page needs an inline script or an
// on…= handler (the Content-Security-Policy allows scripts from this site's files only):
//   <form data-confirm="Xóa mục này?">  asks before sending; "Hủy" sends nothing;
//   <form data-once> / <button data-once> disables the form's submit buttons once it is sent,
//                                         so a second click sends nothing twice;
//   <button data-print>                   prints the page.
// The submit listener runs in the capture phase, before HTMX's own, so that a refused
// confirmation stops an hx-post form too.
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      var question = form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      var whole = form.hasAttribute("data-once");
      var buttons = form.querySelectorAll("button, input[type=submit]");
      // After the browser has read the pressed button's name and value into the request, and
      // only when the form is really sent: a handler that held it back (HTMX sending it itself,
      // the score grid waiting for its saves) keeps its buttons as it wants them.
      window.setTimeout(function () {
        if (event.defaultPrevented) return;
        buttons.forEach(function (b) {
          if (b.hasAttribute("data-once") || (whole && b.type === "submit")) b.disabled = true;
        });
      }, 0);
    },
    true
  );
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
})();
