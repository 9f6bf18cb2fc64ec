/* Copy buttons for the provenance badge and the reproduce kit: each copies the text of the
   element its data-copy-target names (the parameters in AUTOMATIC1111's format, the prompt, the
   workflow) and says so with its data-copied message. Buttons are hidden until this script runs,
   so readers without JavaScript never see a control that does nothing; the text stays readable. */
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.copy-parameters"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) return;
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(source.value).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied") || "Parameters copied.";
      }, function () {
        if (status) status.textContent = "Could not copy; select the text in the badge instead.";
      });
    });
  });
})();
