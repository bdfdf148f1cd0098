// The delegate's phone page. The QR code on a voting card opens /hoi-nghi/bo-phieu/#<code>: the
// fragment never leaves the phone, so the code reaches no server log. This script takes it out
// of the address bar and posts it (like typing it into the form), and the server answers with a
// cookie and the token-free page. It also keeps a vote from being sent twice by a double tap.
(function () {
  "use strict";

  function enterFromFragment() {
    var code = window.location.hash.length > 1 ? window.location.hash.slice(1) : "";
    var enter = document.getElementById("enter");
    if (!code) return;
    window.history.replaceState(null, "", window.location.pathname);
    if (!enter) return;
    enter.elements.token.value = decodeURIComponent(code);
    var note = document.getElementById("entering");
    if (note) note.hidden = false;
    enter.submit();
  }

  enterFromFragment();
  // A card scanned while this page is already open only changes the fragment.
  window.addEventListener("hashchange", enterFromFragment);

  var forms = document.querySelectorAll("form[data-once]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      var button = form.querySelector("button[type=submit]");
      if (!button) return;
      if (button.disabled) {
        event.preventDefault();
        return;
      }
      button.disabled = true;
      button.textContent = "Đang gửi…";
    });
  });
})();
