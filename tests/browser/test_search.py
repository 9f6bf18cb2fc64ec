"""Search on the demo site in a real browser: Pagefind's own code over the index the build wrote.

What each search should find is worked out from /provenance.json (the build's machine-readable
record of every work), not from the search index, so an index that drifts from the works fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import Tab

pytestmark = pytest.mark.browser

SEARCH = """async ([query, filters]) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const found = await pagefind.search(query, {filters});
  const data = await Promise.all(found.results.map(r => r.data()));
  return data.map(d => d.url).sort();
}"""


def works_by_model(built_site: Path) -> dict[str, set[str]]:
    sidecar = json.loads((built_site / "provenance.json").read_text(encoding="utf-8"))
    models: dict[str, set[str]] = {}
    for work in sidecar["works"]:
        name = (work.get("openness") or {}).get("canonical_name")
        if name:
            models.setdefault(name, set()).add("/" + work["page"].split("://", 1)[1].split("/", 1)[1])
    return models


def test_a_model_filter_finds_exactly_the_works_made_with_it(tab: Tab, built_site: Path) -> None:
    models = works_by_model(built_site)
    assert len(models) >= 2, "the demo site should show works from more than one model"
    tab.goto("/search/")
    for model, urls in models.items():
        found: Any = tab.page.evaluate(SEARCH, [None, {"Model": model}])
        assert set(found) == urls, model
        combined: Any = tab.page.evaluate(SEARCH, [None, {"Model": model, "Type": "Post"}])
        assert combined == []  # filters combine: no post is "made with" a model


def test_typing_a_model_name_lists_its_works(tab: Tab, built_site: Path) -> None:
    models = works_by_model(built_site)
    model = next(name for name in sorted(models) if "FLUX" in name)
    tab.goto("/search/")
    field = tab.page.locator(".pagefind-ui__search-input")
    field.focus()
    tab.page.keyboard.type("FLUX")
    results = tab.page.locator(".pagefind-ui__result-link")
    results.first.wait_for()
    hrefs = {results.nth(i).get_attribute("href") for i in range(results.count())}
    assert models[model] <= hrefs
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement !== document.body")  # the UI is keyboard-reachable


def test_without_javascript_the_search_page_links_to_tags_and_archive(open_tab: Any) -> None:
    tab = open_tab(java_script_enabled=False)
    tab.goto("/search/")
    links = tab.page.locator(".search-browse a")
    assert {links.nth(i).get_attribute("href") for i in range(links.count())} >= {"/tags/", "/archive/"}
    assert tab.page.locator("noscript").count() == 1


def test_the_search_page_with_results_has_no_serious_axe_violations(tab: Tab, axe_path: Path) -> None:
    from .test_accessibility import axe, blocking

    tab.goto("/search/")
    tab.page.locator(".pagefind-ui__search-input").fill("moth")
    tab.page.locator(".pagefind-ui__result-link").first.wait_for()
    found = blocking(axe(tab, axe_path), "/search/ [light]")
    tab.page.emulate_media(color_scheme="dark")
    found += blocking(axe(tab, axe_path, {"runOnly": ["color-contrast"]}), "/search/ [dark]")
    assert not found, "\n".join(found)
