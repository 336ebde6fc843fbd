// aftercare admin: small enhancements only; every page works without this script.
(function () {
  "use strict";
  // A shop switcher submits itself when a shop is picked.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.requestSubmit(); });
  });
  // Copy buttons: the text of the element they name.
  document.querySelectorAll("button[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () {
      var el = document.getElementById(b.getAttribute("data-copy"));
      if (!el || !navigator.clipboard) return;
      navigator.clipboard.writeText(el.textContent.trim()).then(function () {
        b.setAttribute("data-copied", "");
        setTimeout(function () { b.removeAttribute("data-copied"); }, 1500);
      });
    });
  });
  // The template editor: the preview follows the typing.
  var form = document.querySelector("form[data-preview]");
  var button = document.getElementById("preview-button");
  if (form && button) {
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { form.requestSubmit(button); }, 400);
    });
  }
})();
