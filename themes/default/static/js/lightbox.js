/* artsite lightbox: a progressive enhancement. Without JavaScript every thumbnail is a plain link
   to its work page. Keys: ← → move, Esc closes; focus is trapped while open and returns to the
   thumbnail; swipe on touch screens; the browser's Back button closes it (history entry). */
(function () {
  "use strict";
  var group = document.querySelector("[data-lightbox-group]");
  if (!group) return;
  var links = Array.prototype.slice.call(group.querySelectorAll("a[data-lightbox]"));
  if (!links.length) return;
  var box, img, caption, closeBtn, prevBtn, nextBtn, index = 0, opener = null, touchX = null, pushed = false;
  var frame, warningText, revealBtn;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function build() {
    // tabindex -1: a click on the picture or caption keeps focus inside the dialog instead of
    // dropping it to <body>, where Tab and Shift+Tab would walk into the page behind.
    box = el("div", { "class": "lightbox", role: "dialog", "aria-modal": "true", "aria-label": "Image viewer",
                      tabindex: "-1", hidden: "" });
    img = el("img", { alt: "" });
    // A warned work stays blurred here too until its Show button is pressed (see js/cw.js).
    frame = el("span", { "class": "lightbox-frame" });
    warningText = el("span", { "class": "cw-label", hidden: "" });
    revealBtn = el("button", { type: "button", "class": "cw-reveal", "aria-pressed": "false" }, "Show");
    revealBtn.addEventListener("click", function (e) {
      e.stopPropagation();
      var shown = frame.classList.toggle("cw-shown");
      revealBtn.setAttribute("aria-pressed", shown ? "true" : "false");
      revealBtn.textContent = shown ? "Hide" : "Show";
    });
    frame.appendChild(img);
    frame.appendChild(warningText);
    caption = el("p", { "class": "lightbox-caption", id: "lightbox-caption" });
    closeBtn = el("button", { type: "button", "class": "lightbox-close", "aria-label": "Close" }, "✕");
    prevBtn = el("button", { type: "button", "class": "lightbox-prev", "aria-label": "Previous image" }, "←");
    nextBtn = el("button", { type: "button", "class": "lightbox-next", "aria-label": "Next image" }, "→");
    box.setAttribute("aria-describedby", "lightbox-caption");
    [frame, caption, closeBtn, prevBtn, nextBtn].forEach(function (n) { box.appendChild(n); });
    document.body.appendChild(box);
    closeBtn.addEventListener("click", function () { close(true); });
    prevBtn.addEventListener("click", function () { show(index - 1); });
    nextBtn.addEventListener("click", function () { show(index + 1); });
    box.addEventListener("click", function (e) { if (e.target === box) close(true); });
    box.addEventListener("touchstart", function (e) { touchX = e.changedTouches[0].clientX; }, { passive: true });
    box.addEventListener("touchend", function (e) {
      if (touchX === null) return;
      var dx = e.changedTouches[0].clientX - touchX;
      touchX = null;
      if (Math.abs(dx) > 40) show(index + (dx < 0 ? 1 : -1));
    });
  }

  function show(i) {
    index = (i + links.length) % links.length;
    var link = links[index];
    img.src = link.getAttribute("data-full");
    // Always reset srcset: a stale one from the previous work would win over the new src.
    img.srcset = link.getAttribute("data-full-srcset") || "";
    img.sizes = "100vw";
    img.alt = link.getAttribute("data-alt") || "";
    caption.textContent = link.getAttribute("data-caption") || "";
    var warning = link.getAttribute("data-cw");
    var blurred = warning !== null && link.hasAttribute("data-cw-blurred");
    frame.className = warning !== null ? "lightbox-frame cw" + (blurred ? " cw-blurred" : "") : "lightbox-frame";
    warningText.hidden = warning === null;
    warningText.textContent = warning !== null ? "Content warning: " + warning + " " : "";
    if (blurred) {
      revealBtn.setAttribute("aria-pressed", "false");
      revealBtn.textContent = "Show";
      warningText.appendChild(revealBtn);
    }
    var multiple = links.length > 1;
    prevBtn.hidden = !multiple;
    nextBtn.hidden = !multiple;
  }

  function open(i, link) {
    if (!box) build();
    opener = link;
    show(i);
    box.hidden = false;
    document.body.classList.add("lightbox-open");
    if (!pushed) { history.pushState({ artsiteLightbox: true }, ""); pushed = true; }
    closeBtn.focus();
  }

  function close(fromUser) {
    if (!box || box.hidden) return;
    box.hidden = true;
    document.body.classList.remove("lightbox-open");
    if (pushed) { pushed = false; if (fromUser) history.back(); }
    if (opener) opener.focus();
  }

  function focusables() {
    return [closeBtn, prevBtn, nextBtn, revealBtn].filter(function (b) { return !b.hidden && b.isConnected; });
  }

  // Listens on the document, not the dialog, so the keys keep working wherever focus sits while open.
  function onKey(e) {
    if (!box || box.hidden) return;
    if (e.key === "Escape") { e.preventDefault(); close(true); }
    else if (e.key === "ArrowRight") { e.preventDefault(); show(index + 1); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); show(index - 1); }
    else if (e.key === "Tab") {
      var items = focusables(), first = items[0], last = items[items.length - 1];
      var at = items.indexOf(document.activeElement);
      if (at === -1) { e.preventDefault(); (e.shiftKey ? last : first).focus(); }
      else if (e.shiftKey && at === 0) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && at === items.length - 1) { e.preventDefault(); first.focus(); }
    }
  }

  document.addEventListener("keydown", onKey);
  window.addEventListener("popstate", function () { if (pushed) { pushed = false; close(false); } });
  links.forEach(function (link, i) {
    link.addEventListener("click", function (e) {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
      e.preventDefault();
      open(i, link);
    });
  });
})();
