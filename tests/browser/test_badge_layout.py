"""The badge, the labels and the pages that carry them, at phone widths (issue 16): nothing wider than
the viewport at 320 and 390 px (the /openness/ tables scroll inside their own box), and screenshots of
each at 390 and 1366 px kept under tests/browser/screenshots/ (gitignored) for a person to look at."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import REPO_ROOT, Tab

pytestmark = pytest.mark.browser

SHOTS = REPO_ROOT / "tests" / "browser" / "screenshots"
PAGES = {
    "openness": "/openness/",
    "glossary": "/about-provenance/",
    "work-a1111": "/galleries/latent-gardens/greenhouse-at-dusk/",
    "work-signed": "/galleries/currents/evening-ridges/",
    "work-hand-made": "/galleries/ink-and-paper/heron-linocut/",
    "gallery": "/galleries/latent-gardens/",
    "tag-with-works": "/tags/flow-fields/",
}
OVERFLOW = """() => ({page: document.documentElement.scrollWidth, viewport: window.innerWidth,
  wide: Array.from(document.querySelectorAll('main *')).filter(e => {
    const r = e.getBoundingClientRect();
    // content inside a box that scrolls sideways on its own (a wide table) does not widen the page
    const scroller = e.parentElement.closest('.openness-table-wrap, table, .reproduce-scroll, pre');
    return r.right > window.innerWidth + 1 && !scroller
      && !e.closest('.visually-hidden, .badge-compact-full');
  }).slice(0, 5).map(e => e.tagName + '.' + e.className)})"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_overflow_on_phones(open_tab: Callable[..., Tab], name: str, width: int) -> None:
    tab = open_tab(viewport={"width": width, "height": 800})
    tab.goto(PAGES[name])
    if tab.page.query_selector("details.badge-technical > summary"):
        tab.page.click("details.badge-technical > summary")  # the widest content, opened
    measured = tab.page.evaluate(OVERFLOW)
    assert measured["page"] <= measured["viewport"], f"{name} at {width}px: {measured}"
    assert not measured["wide"], f"{name} at {width}px: elements past the right edge: {measured['wide']}"
    tab.assert_clean()


def test_openness_tables_scroll_inside_their_box_on_a_phone(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(viewport={"width": 320, "height": 800})
    tab.goto("/openness/")
    boxes = tab.page.eval_on_selector_all(".openness-table-wrap", """ws => ws.map(w => ({
        overflow: getComputedStyle(w).overflowX, width: w.getBoundingClientRect().width,
        focusable: w.tabIndex === 0, name: w.getAttribute('aria-label')}))""")
    assert len(boxes) == 3
    for box in boxes:
        assert box["overflow"] == "auto" and box["width"] <= 320 and box["focusable"] and box["name"], box
    tab.assert_clean()


@pytest.mark.parametrize("width", [390, 1366])
def test_screenshots_for_review(open_tab: Callable[..., Tab], width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab = open_tab(viewport={"width": width, "height": 900})
    for name, path in PAGES.items():
        tab.goto(path)
        target = SHOTS / f"badge-{name}-{width}.png"
        tab.page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000, f"{target.name} looks empty"
    tab.assert_clean()
