"""Content warnings in a real browser: blurred until asked, on the work page and in the lightbox,
and reachable by keyboard; without JavaScript the image is one plain link away."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.content_warnings.test_content_warnings import warned_site
from tests.kit.files import build_site

from .conftest import Tab, serve_folder

pytestmark = pytest.mark.browser
BLUR = "el => getComputedStyle(el).filter"


@pytest.fixture(scope="module")
def cw_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("cw-site")
    _, out = build_site(warned_site(root))
    with serve_folder(out) as url:
        yield url


def test_the_work_page_image_stays_blurred_until_the_button_is_pressed(open_tab: Callable[..., Tab],
                                                                         cw_site: str) -> None:
    tab = open_tab(site=cw_site)
    tab.goto("/galleries/g/a/")
    image = tab.page.locator(".cw img")
    assert "blur" in image.evaluate(BLUR)
    button = tab.page.locator(".cw .cw-reveal")
    assert button.inner_text() == "Show"
    button.focus()
    tab.page.keyboard.press("Enter")
    assert image.evaluate(BLUR) == "none"
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() == "Hide"


def test_the_lightbox_blurs_a_warned_work_and_not_the_others(open_tab: Callable[..., Tab], cw_site: str) -> None:
    tab = open_tab(site=cw_site)
    tab.goto("/galleries/g/")
    assert "blur" in tab.page.locator('a[href="/galleries/g/a/"] img').evaluate(BLUR)  # the thumbnail
    tab.page.locator('a[href="/galleries/g/a/"]').click()
    box_image = tab.page.locator(".lightbox img")
    box_image.wait_for()
    assert "blur" in box_image.evaluate(BLUR)
    assert "Content warning: flashing lights, gore" in tab.page.inner_text(".lightbox")
    tab.page.locator(".lightbox .cw-reveal").click()
    assert box_image.evaluate(BLUR) == "none"
    tab.page.keyboard.press("ArrowRight")  # the next work has no warning
    assert box_image.evaluate(BLUR) == "none"
    assert tab.page.locator(".lightbox .cw-label").is_hidden()


def test_without_javascript_the_image_is_a_plain_link_away(open_tab: Callable[..., Tab], cw_site: str) -> None:
    tab = open_tab(site=cw_site, java_script_enabled=False)
    tab.goto("/galleries/g/a/")
    assert "blur" in tab.page.locator(".cw img").evaluate(BLUR)
    link = tab.page.get_by_role("link", name="Show the image")
    shown = tab.page.locator(".cw img").get_attribute("src")
    assert link.get_attribute("href") == shown  # the image the page shows, unblurred
