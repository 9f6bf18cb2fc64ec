"""Colour scheme and network behaviour of the default theme in a real browser.

Expected colours are read from the theme's site.css (its :root block and its prefers-color-scheme
dark block), so the test checks that the browser applies them, not that they have given values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from .conftest import LOOPBACK, REPO_ROOT, Tab

pytestmark = pytest.mark.browser

SITE_CSS = REPO_ROOT / "themes" / "default" / "static" / "css" / "site.css"
EVERY_PAGE = ["/", "/posts/welcome/", "/posts/studio-notes/", "/about/", "/galleries/", "/galleries/latent-gardens/",
              "/galleries/latent-gardens/greenhouse-at-dusk/", "/galleries/latent-gardens/stained-glass-moth/",
              "/openness/", "/tags/", "/tags/insects/", "/tags/flow-fields/", "/archive/", "/about-provenance/",
              "/galleries/currents/", "/galleries/currents/evening-ridges/"]


def css_variables(scheme: str) -> dict[str, str]:
    """Custom properties from site.css: the :root block, then the dark media block on top for "dark"."""
    css = SITE_CSS.read_text(encoding="utf-8")
    dark_at = css.index("@media (prefers-color-scheme: dark)")
    blocks = [css[css.index(":root"):dark_at]]
    if scheme == "dark":
        blocks.append(css[dark_at:css.index("}", css.index("}", dark_at) + 1)])
    values: dict[str, str] = {}
    for block in blocks:
        values.update(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block))
    return values


def rgb(hex_colour: str) -> str:
    value = hex_colour.strip().lstrip("#")
    assert len(value) == 6, f"expected a #rrggbb colour in site.css, got {hex_colour!r}"
    red, green, blue = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


def body_colours(tab: Tab) -> dict[str, str]:
    return dict(tab.page.evaluate("""() => {
      const body = getComputedStyle(document.body), root = getComputedStyle(document.documentElement);
      return {background: body.backgroundColor, color: body.color,
              bg: root.getPropertyValue('--bg').trim(), fg: root.getPropertyValue('--fg').trim()};
    }"""))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_body_colours_follow_prefers_color_scheme(open_tab: Callable[..., Tab], scheme: str) -> None:
    tab = open_tab(color_scheme=scheme)
    tab.goto("/")
    expected = css_variables(scheme)
    colours = body_colours(tab)
    assert colours["bg"] == expected["--bg"] and colours["fg"] == expected["--fg"]
    assert colours["background"] == rgb(expected["--bg"])
    assert colours["color"] == rgb(expected["--fg"])
    tab.assert_clean()


def test_light_and_dark_backgrounds_differ(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(color_scheme="light")
    tab.goto("/galleries/latent-gardens/greenhouse-at-dusk/")
    light = body_colours(tab)
    tab.page.emulate_media(color_scheme="dark")
    dark = body_colours(tab)
    assert light["background"] != dark["background"]
    assert light["color"] != dark["color"]
    assert dark["background"] == rgb(css_variables("dark")["--bg"])
    tab.assert_clean()


def test_no_request_leaves_localhost_on_any_page(tab: Tab) -> None:
    for path in EVERY_PAGE:
        tab.goto(path)
        tab.page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")  # wake lazy images
        tab.page.wait_for_load_state("load")
    kinds = {urlsplit(url).path.rsplit(".", 1)[-1] for url in tab.requests}
    assert {"css", "js"} <= kinds, f"the recorder saw no stylesheet or script: {sorted(kinds)}"
    assert kinds & {"avif", "webp", "png", "jpg"}, "the recorder saw no image"
    hosts = {urlsplit(url).hostname for url in tab.requests}
    assert hosts == {LOOPBACK}, f"requests went to {hosts}"
    tab.assert_clean()


def test_the_network_guard_catches_a_foreign_request(tab: Tab) -> None:
    """The guard itself works: a request to another host is blocked and reported."""
    tab.goto("/")
    outcome = tab.page.evaluate("""async () => {
      try { await fetch('http://example.org/tracker.js', {mode: 'no-cors'}); return 'sent'; }
      catch (e) { return 'blocked'; }
    }""")
    assert outcome == "blocked"
    assert tab.foreign == ["http://example.org/tracker.js"]
    assert any("example.org" in problem for problem in tab.problems())
    tab.foreign.clear()
    tab.requests[:] = [url for url in tab.requests if "example.org" not in url]
    tab.errors.clear()  # the blocked fetch logs a console error on purpose
    tab.assert_clean()
