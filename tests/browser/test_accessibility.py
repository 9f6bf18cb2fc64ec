"""axe-core on every kind of page, in both colour schemes, with a screenshot of each for CI.

The full default rule set (WCAG 2 A/AA and best practice) runs in both schemes, each in a context
opened with that `color_scheme`, so the dark page is laid out and scripted as a dark-mode visitor
gets it. Any violation fails, whatever its impact (Lighthouse's accessibility score counts minor
ones too); the message lists rule, page and target.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import Tab

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "post": "/posts/welcome/",
    "post-with-image": "/posts/studio-notes/",
    "page": "/about/",
    "galleries": "/galleries/",
    "gallery": "/galleries/latent-gardens/",
    "work": "/galleries/latent-gardens/greenhouse-at-dusk/",
    "work-comfyui": "/galleries/latent-gardens/stained-glass-moth/",
    "work-private-prompt": "/galleries/latent-gardens/night-market/",
    "openness": "/openness/",
    "tags": "/tags/",
    "tag": "/tags/insects/",
    "tag-with-works": "/tags/flow-fields/",
    "work-signed": "/galleries/currents/evening-ridges/",
    "work-hand-made": "/galleries/ink-and-paper/heron-linocut/",
    "glossary": "/about-provenance/",
    "archive": "/archive/",
}
DARK_SHOTS = {"home", "work"}
BLOCKING = {"minor", "moderate", "serious", "critical"}
RUN_AXE = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
}"""


def axe(tab: Tab, axe_path: Path, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    if not tab.page.evaluate("() => typeof window.axe === 'object'"):
        tab.page.add_script_tag(path=str(axe_path))
    # resultTypes: only violations get full node details, which makes axe markedly faster.
    return list(tab.page.evaluate(RUN_AXE, {"resultTypes": ["violations"], **(options or {})}))


def blocking(violations: list[dict[str, Any]], where: str) -> list[str]:
    return [f"{where}: {v['id']} ({v['impact']}) {v['help']} -> {node['target']}: {node['summary']}"
            for v in violations if v["impact"] in BLOCKING for node in v["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(open_tab: Callable[..., Tab], axe_path: Path, artifacts: Path, name: str,
                                    scheme: str) -> None:
    path = PAGES[name]
    tab = open_tab(color_scheme=scheme)
    tab.goto(path)
    if scheme == "light" or name in DARK_SHOTS:
        tab.page.screenshot(path=str(artifacts / f"{name}{'-dark' if scheme == 'dark' else ''}.png"), full_page=True)
    found = blocking(axe(tab, axe_path), f"{path} [{scheme}]")
    assert not found, "\n".join(found)
    tab.assert_clean()


def test_open_lightbox_has_no_axe_violations(tab: Tab, axe_path: Path, artifacts: Path) -> None:
    tab.goto(PAGES["gallery"])
    tab.page.click("a.gallery-link")
    tab.page.wait_for_selector(".lightbox", state="visible")
    tab.page.wait_for_function("() => document.querySelector('.lightbox img').naturalWidth > 0")
    tab.page.screenshot(path=str(artifacts / "gallery-lightbox.png"))
    found = blocking(axe(tab, axe_path), "lightbox open")
    assert not found, "\n".join(found)
    tab.assert_clean()


FOCUS_STYLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const seen = el.hasAttribute('data-tab-seen');
  el.setAttribute('data-tab-seen', '');
  return {tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim().slice(0, 40), seen: seen,
          visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          inMain: !!el.closest('main')};
}"""


@pytest.mark.parametrize("name", ["gallery", "work"])
def test_every_tab_stop_shows_a_focus_outline(tab: Tab, name: str) -> None:
    tab.goto(PAGES[name])
    stops = []
    for _ in range(60):
        tab.page.keyboard.press("Tab")
        stop = tab.page.evaluate(FOCUS_STYLE)
        if stop["tag"] == "body" or stop["seen"]:
            break
        stops.append(stop)
    assert len(stops) < 60, "Tab never left the page: a focus trap outside any dialog?"
    assert sum(stop["inMain"] for stop in stops) >= 5, stops
    hidden = [stop for stop in stops if not stop["visible"]]
    assert not hidden, f"{PAGES[name]}: no visible focus outline on {hidden}"
    tab.assert_clean()


def test_skip_link_appears_and_moves_focus_to_main(tab: Tab) -> None:
    tab.goto(PAGES["post"])
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.className") == "skip-link"
    box = tab.page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link must be on screen"
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("document.activeElement.id") == "main"
    tab.assert_clean()
