"""The gallery lightbox in a real browser: keyboard, focus, history, and the no-JavaScript fallback.

The expected order of works comes from the gallery's own index.md (sort: manual), not from the
rendered page, so a build that reorders the grid fails here too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .conftest import REPO_ROOT, Tab
from .test_layout import SCREENSHOTS

pytestmark = pytest.mark.browser

GALLERY = "/galleries/latent-gardens/"
BOX = ".lightbox"
ACTIVE_HREF = "document.activeElement && document.activeElement.getAttribute('href')"
FOCUS_IN_BOX = "!!(document.activeElement && document.activeElement.closest('.lightbox'))"


def work_slugs() -> list[str]:
    """Work slugs in gallery order, read from the gallery's front matter."""
    text = (REPO_ROOT / "content" / "galleries" / "latent-gardens" / "index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    return [Path(entry["file"]).stem for entry in front["images"]]


SLUGS = work_slugs()


def thumb(slug: str) -> str:
    return f'a.gallery-link[href="{GALLERY}{slug}/"]'


def shown_image(tab: Tab) -> dict[str, object]:
    """The lightbox image's src attribute and what the browser actually loaded for it."""
    tab.page.wait_for_function(
        "() => { const i = document.querySelector('.lightbox img'); return i.complete && i.naturalWidth > 0; }")
    return tab.page.eval_on_selector(
        f"{BOX} img", "i => ({src: i.getAttribute('src'), current: i.currentSrc, alt: i.alt})")


def open_first(tab: Tab) -> None:
    tab.goto(GALLERY)
    tab.page.focus(thumb(SLUGS[0]))
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector(BOX, state="visible")


def test_thumbnail_opens_lightbox_with_its_image(tab: Tab) -> None:
    tab.goto(GALLERY)
    tab.page.click(thumb(SLUGS[0]))
    tab.page.wait_for_selector(BOX, state="visible")
    assert tab.page.url.endswith(GALLERY), "clicking a thumbnail with JavaScript must not navigate"
    image = shown_image(tab)
    assert f"/{SLUGS[0]}-" in str(image["src"]) and f"/{SLUGS[0]}-" in str(image["current"])
    assert image["alt"], "the enlarged image needs the work's alt text"
    assert tab.page.get_attribute(BOX, "role") == "dialog"
    assert tab.page.get_attribute(BOX, "aria-modal") == "true"
    tab.assert_clean()


def test_arrow_keys_move_between_works(tab: Tab) -> None:
    open_first(tab)
    tab.page.keyboard.press("ArrowRight")
    image = shown_image(tab)
    assert f"/{SLUGS[1]}-" in str(image["src"]), image
    assert f"/{SLUGS[1]}-" in str(image["current"]), "the browser shows another work's image than its src"
    assert tab.page.text_content(".lightbox-caption")
    tab.page.keyboard.press("ArrowLeft")
    tab.page.keyboard.press("ArrowLeft")
    image = shown_image(tab)
    assert f"/{SLUGS[-1]}-" in str(image["src"]), "ArrowLeft on the first work must wrap to the last"
    assert f"/{SLUGS[-1]}-" in str(image["current"])
    tab.assert_clean()


def test_escape_closes_and_returns_focus_to_the_opening_thumbnail(tab: Tab) -> None:
    tab.goto(GALLERY)
    opener = thumb(SLUGS[2])
    tab.page.focus(opener)
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector(BOX, state="visible")
    tab.page.keyboard.press("ArrowRight")  # moving on must not change where focus returns to
    tab.page.keyboard.press("Escape")
    tab.page.wait_for_selector(BOX, state="hidden")
    assert tab.page.evaluate(ACTIVE_HREF) == f"{GALLERY}{SLUGS[2]}/"
    assert not tab.page.evaluate("document.body.classList.contains('lightbox-open')")
    assert tab.page.url.endswith(GALLERY)
    tab.assert_clean()


def test_focus_is_trapped_while_open(tab: Tab) -> None:
    open_first(tab)
    assert tab.page.evaluate(FOCUS_IN_BOX), "opening must move focus into the dialog"
    seen = set()
    for _ in range(9):
        tab.page.keyboard.press("Tab")
        assert tab.page.evaluate(FOCUS_IN_BOX), "Tab left the open lightbox"
        seen.add(tab.page.evaluate("document.activeElement.className"))
    assert seen == {"lightbox-close", "lightbox-work-link", "lightbox-prev", "lightbox-next"}, seen
    for _ in range(4):
        tab.page.keyboard.press("Shift+Tab")
        assert tab.page.evaluate(FOCUS_IN_BOX), "Shift+Tab left the open lightbox"
    tab.assert_clean()


def test_keys_still_work_after_clicking_inside_the_dialog(tab: Tab) -> None:
    """A click on the picture or caption must not drop focus to the page behind the dialog."""
    open_first(tab)
    shown_image(tab)
    tab.page.click(f"{BOX} img")
    assert tab.page.is_visible(BOX), "clicking the image must not close the lightbox"
    assert tab.page.evaluate(FOCUS_IN_BOX), "clicking the image moved focus out of the dialog"
    tab.page.keyboard.press("ArrowRight")
    assert f"/{SLUGS[1]}-" in str(shown_image(tab)["src"]), "ArrowRight ignored after clicking the image"
    tab.page.keyboard.press("Shift+Tab")
    assert tab.page.evaluate(FOCUS_IN_BOX), "Shift+Tab after clicking the image left the dialog"
    tab.page.click(".lightbox-caption")
    tab.page.keyboard.press("Escape")
    tab.page.wait_for_selector(BOX, state="hidden")
    assert tab.page.evaluate(ACTIVE_HREF) == f"{GALLERY}{SLUGS[0]}/"
    tab.assert_clean()


def test_back_button_closes_the_lightbox_and_stays_on_the_gallery(tab: Tab) -> None:
    open_first(tab)
    tab.page.go_back()
    tab.page.wait_for_selector(BOX, state="hidden")
    assert tab.page.url.endswith(GALLERY), "Back must close the lightbox, not leave the gallery"
    assert tab.page.evaluate(ACTIVE_HREF) == f"{GALLERY}{SLUGS[0]}/"
    # It opens again afterwards, and closing by Esc then does not step back out of the gallery.
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector(BOX, state="visible")
    tab.page.keyboard.press("Escape")
    tab.page.wait_for_selector(BOX, state="hidden")
    tab.page.wait_for_timeout(150)  # history.back() settles asynchronously
    assert tab.page.url.endswith(GALLERY)
    assert tab.page.is_visible(thumb(SLUGS[0]))
    tab.assert_clean()


def test_close_button_closes_without_leaving_the_gallery(tab: Tab) -> None:
    open_first(tab)
    tab.page.click(".lightbox-close")
    tab.page.wait_for_selector(BOX, state="hidden")
    tab.page.wait_for_timeout(150)
    assert tab.page.url.endswith(GALLERY)
    assert tab.page.evaluate(ACTIVE_HREF) == f"{GALLERY}{SLUGS[0]}/"
    tab.assert_clean()


def test_without_javascript_a_thumbnail_is_a_link_to_the_work_page(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(java_script_enabled=False)
    tab.goto(GALLERY)
    with tab.page.expect_navigation():
        tab.page.click(thumb(SLUGS[1]))
    assert tab.page.url.endswith(f"{GALLERY}{SLUGS[1]}/")
    assert tab.page.is_visible("h1.work-title")
    assert tab.page.query_selector(BOX) is None
    tab.assert_clean()


def test_counter_title_disclosure_and_work_link_follow_the_work(tab: Tab) -> None:
    open_first(tab)
    for step, slug in enumerate(SLUGS[:3]):
        if step:
            tab.page.keyboard.press("ArrowRight")
        assert tab.page.text_content(".lightbox-counter") == f"{step + 1} / {len(SLUGS)}"
        assert tab.page.get_attribute(".lightbox-work-link", "href") == f"{GALLERY}{slug}/"
        thumbnail = tab.page.locator(thumb(slug))
        assert tab.page.text_content(".lightbox-caption") == thumbnail.locator(".gallery-item-title").text_content()
        disclosure = tab.page.text_content(".lightbox-disclosure")
        # the same words as the grid's marker spells out in full ("AI-generated · C Open weights")
        full = thumbnail.locator("xpath=..").locator(".badge-compact-full").text_content() or ""
        assert disclosure and full.startswith(disclosure + " ·"), (disclosure, full)
    tab.page.click(".lightbox-work-link")
    tab.page.wait_for_url(f"**{GALLERY}{SLUGS[2]}/")
    tab.assert_clean()


def test_lightbox_loads_modern_formats_not_the_fallbacks(tab: Tab) -> None:
    """Stepping through the gallery fetches AVIF or WebP display files, never the PNG/JPEG ones."""
    open_first(tab)
    before = len(tab.requests)
    shown = []
    for _ in SLUGS:
        shown.append(shown_image(tab)["current"])
        tab.page.keyboard.press("ArrowRight")
    fetched = [url for url in tab.requests[before:] if "/galleries/" in url]
    assert all(str(url).rsplit(".", 1)[-1] in ("avif", "webp") for url in shown), shown
    fallbacks = [url for url in fetched if url.rsplit(".", 1)[-1] in ("png", "jpg", "jpeg")]
    assert not fallbacks, f"the lightbox fetched fallback files: {fallbacks}"
    tab.assert_clean()


def test_controls_never_cover_the_picture_on_a_phone(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab.goto(GALLERY)
    tab.page.tap(thumb(SLUGS[0]))
    tab.page.wait_for_selector(BOX, state="visible")
    shown_image(tab)
    overlaps = tab.page.evaluate("""() => {
      const img = document.querySelector('.lightbox img').getBoundingClientRect();
      return [...document.querySelectorAll('.lightbox button:not([hidden]), .lightbox a')]
        .filter(b => !b.closest('.cw-label')).map(b => [b.className, b.getBoundingClientRect()])
        .filter(([, r]) => r.left < img.right && r.right > img.left && r.top < img.bottom && r.bottom > img.top)
        .map(([name]) => name);
    }""")
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(SCREENSHOTS / "lightbox-390.png"))
    assert not overlaps, f"controls on top of the picture: {overlaps}"
    # A horizontal swipe moves to the next work.
    tab.page.evaluate("""() => {
      const stage = document.querySelector('.lightbox-stage');
      const touch = x => new Touch({identifier: 1, target: stage, clientX: x, clientY: 300});
      stage.dispatchEvent(new TouchEvent('touchstart', {changedTouches: [touch(300)], bubbles: true}));
      stage.dispatchEvent(new TouchEvent('touchend', {changedTouches: [touch(120)], bubbles: true}));
    }""")
    assert tab.page.text_content(".lightbox-counter") == f"2 / {len(SLUGS)}"
    tab.assert_clean()
