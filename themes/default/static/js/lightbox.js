/* artsite lightbox: a progressive enhancement. Without JavaScript every thumbnail is a plain link
   to its work page. Keys: ← → move, Esc closes; focus is trapped while open and returns to the
   thumbnail; swipe on touch screens; the browser's Back button closes it (history entry).
   The picture gets the same AVIF/WebP sources as the work page (<picture> with <source>s), so
   stepping through a gallery costs what the modern files cost, not the PNG/JPEG fallbacks.
   The controls sit in bars above and below the picture, never on it. */
(function () {
  "use strict";
  var group = document.querySelector("[data-lightbox-group]");
  if (!group) return;
  var links = Array.prototype.slice.call(group.querySelectorAll("a[data-lightbox]"));
  if (!links.length) return;
  var FORMATS = [["avif", "image/avif"], ["webp", "image/webp"]];
  var box, stage, frame, picture, caption, disclosure, workLink, counter, closeBtn, prevBtn, nextBtn;
  var warningText, revealBtn, index = 0, opener = null, touchX = null, touchY = null, pushed = false;

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
    var top = el("div", { "class": "lightbox-top" });
    counter = el("p", { "class": "lightbox-counter", "aria-live": "polite" });
    closeBtn = el("button", { type: "button", "class": "lightbox-close", "aria-label": "Close" }, "✕ Close");
    top.appendChild(counter);
    top.appendChild(closeBtn);
    stage = el("div", { "class": "lightbox-stage" });
    // A warned work stays blurred here too until its Show button is pressed (see js/cw.js).
    frame = el("span", { "class": "lightbox-frame" });
    picture = el("picture", {});
    warningText = el("span", { "class": "cw-label", hidden: "" });
    revealBtn = el("button", { type: "button", "class": "cw-reveal", "aria-pressed": "false" }, "Show");
    revealBtn.addEventListener("click", function (e) {
      e.stopPropagation();
      var shown = frame.classList.toggle("cw-shown");
      revealBtn.setAttribute("aria-pressed", shown ? "true" : "false");
      revealBtn.textContent = shown ? "Hide" : "Show";
    });
    frame.appendChild(picture);
    frame.appendChild(warningText);
    stage.appendChild(frame);
    var bottom = el("div", { "class": "lightbox-bottom" });
    var info = el("div", { "class": "lightbox-info" });
    caption = el("p", { "class": "lightbox-caption", id: "lightbox-caption" });
    disclosure = el("p", { "class": "lightbox-disclosure" });
    var more = el("p", { "class": "lightbox-disclosure" });
    workLink = el("a", { "class": "lightbox-work-link" }, "About this work");
    more.appendChild(workLink);
    [caption, disclosure, more].forEach(function (n) { info.appendChild(n); });
    var controls = el("div", { "class": "lightbox-controls" });
    prevBtn = el("button", { type: "button", "class": "lightbox-prev", "aria-label": "Previous image" }, "← Previous");
    nextBtn = el("button", { type: "button", "class": "lightbox-next", "aria-label": "Next image" }, "Next →");
    controls.appendChild(prevBtn);
    controls.appendChild(nextBtn);
    bottom.appendChild(info);
    bottom.appendChild(controls);
    box.setAttribute("aria-describedby", "lightbox-caption");
    [top, stage, bottom].forEach(function (n) { box.appendChild(n); });
    document.body.appendChild(box);
    closeBtn.addEventListener("click", function () { close(true); });
    prevBtn.addEventListener("click", function () { show(index - 1); });
    nextBtn.addEventListener("click", function () { show(index + 1); });
    stage.addEventListener("click", function (e) { if (e.target === stage) close(true); });
    stage.addEventListener("touchstart", function (e) {
      touchX = e.changedTouches[0].clientX;
      touchY = e.changedTouches[0].clientY;
    }, { passive: true });
    stage.addEventListener("touchend", function (e) {
      if (touchX === null) return;
      var dx = e.changedTouches[0].clientX - touchX, dy = e.changedTouches[0].clientY - touchY;
      touchX = touchY = null;
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) show(index + (dx < 0 ? 1 : -1));
    });
  }

  function setPicture(link) {
    // A fresh <picture> per work: the browser picks among its <source>s once, when the <img> is
    // inserted, so a reused element could keep showing the previous work's file.
    var fresh = el("picture", {});
    FORMATS.forEach(function (format) {
      var srcset = link.getAttribute("data-srcset-" + format[0]);
      if (srcset) fresh.appendChild(el("source", { type: format[1], srcset: srcset, sizes: "100vw" }));
    });
    var img = el("img", { alt: link.getAttribute("data-alt") || "", sizes: "100vw" });
    var fallback = link.getAttribute("data-full-srcset");
    if (fallback) img.setAttribute("srcset", fallback);
    var width = link.getAttribute("data-width"), height = link.getAttribute("data-height");
    if (width && height) { img.setAttribute("width", width); img.setAttribute("height", height); }
    img.setAttribute("src", link.getAttribute("data-full"));
    fresh.appendChild(img);
    frame.replaceChild(fresh, picture);
    picture = fresh;
  }

  function show(i) {
    index = (i + links.length) % links.length;
    var link = links[index];
    setPicture(link);
    caption.textContent = link.getAttribute("data-caption") || "";
    var said = link.getAttribute("data-disclosure");
    disclosure.textContent = said || "";
    disclosure.hidden = !said;
    workLink.setAttribute("href", link.getAttribute("href"));
    counter.textContent = (index + 1) + " / " + links.length;
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
    return [closeBtn, revealBtn, workLink, prevBtn, nextBtn].filter(function (b) { return !b.hidden && b.isConnected; });
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
