// Content warnings: a warned image stays blurred until its Show button is pressed, and can be
// hidden again. Without JavaScript the button stays hidden and a plain link to the image shows.
(function () {
  "use strict";
  function toggle(button) {
    var holder = button.closest(".cw");
    if (!holder) return;
    var shown = holder.classList.toggle("cw-shown");
    button.setAttribute("aria-pressed", shown ? "true" : "false");
    button.textContent = shown ? "Hide" : "Show";
  }
  document.querySelectorAll(".cw-reveal").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      toggle(button);
    });
  });
  window.artsiteRevealable = toggle; // the lightbox reuses it for its own copy of the button
})();
