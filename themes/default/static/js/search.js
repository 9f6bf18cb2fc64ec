// Mounts Pagefind's own search UI (shipped in the site's /pagefind/ bundle, nothing off-site) with
// its filter panel: tag, gallery, tool, model, openness grade, AI disclosure and year.
(function () {
  "use strict";
  var mount = document.getElementById("search");
  if (!mount || typeof window.PagefindUI !== "function") return;
  new window.PagefindUI({
    element: "#search",
    bundlePath: mount.getAttribute("data-bundle"),
    showImages: true,
    showSubResults: false,
    resetStyles: false,
    translations: { placeholder: "Search posts, works, models and prompts" }
  });
  // A visible label for the field (Pagefind gives it only a placeholder and an aria-label).
  var input = mount.querySelector("input");
  var label = document.querySelector(".search-label");
  if (input && label) {
    input.id = "search-field";
    label.htmlFor = "search-field";
    label.hidden = false;
  }
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q");
  if (query) {
    if (input) {
      input.value = query;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
})();
