"""The provenance badge on work pages: keyboard disclosure, the copy button, and private prompts.

Expected parameters come from scripts/make_demo_images.py, which wrote the demo images' metadata
the way AUTOMATIC1111 writes it; nothing here is copied from artsite's own output.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from types import ModuleType

import pytest

from .conftest import REPO_ROOT, Tab

pytestmark = pytest.mark.browser

GREENHOUSE = "/galleries/latent-gardens/greenhouse-at-dusk/"
NIGHT_MARKET = "/galleries/latent-gardens/night-market/"
BADGE = "details.badge-technical"
SUMMARY = "details.badge-technical > summary"
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def demo_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo_images", REPO_ROOT / "scripts" / "make_demo_images.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


A1111_TEXT: str = demo_script().A1111_TEXT
# The night-market image is the greenhouse text with these swaps (see make_demo_images.main).
NIGHT_TEXT = A1111_TEXT.replace("greenhouse at dusk", "night market in the rain").replace(
    "Seed: 1234567890", "Seed: 555")


def without_version(text: str) -> str:
    """A1111's trailing "Version:" names the UI build, not a setting; a copy may leave it out."""
    return re.sub(r", Version: [^,\n]*$", "", text)


def accepted(text: str) -> set[str]:
    return {text, without_version(text)}


def open_state(tab: Tab, selector: str = BADGE) -> bool:
    return bool(tab.page.eval_on_selector(selector, "d => d.hasAttribute('open')"))


def tab_to(tab: Tab, selector: str, limit: int = 60) -> None:
    """Press Tab from the top of the page until `selector` has focus: proves it is in the tab order."""
    for _ in range(limit):
        tab.page.keyboard.press("Tab")
        if tab.page.eval_on_selector(selector, "el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} never received focus after {limit} presses of Tab")


def copy_parameters(open_tab: Callable[..., Tab], path: str) -> tuple[Tab, str]:
    tab = open_tab()
    tab.page.context.grant_permissions(CLIPBOARD, origin=tab.base_url)
    tab.goto(path)
    button = tab.page.locator("button.copy-parameters")
    assert button.is_visible(), "with JavaScript the copy button must be shown"
    button.click()
    tab.page.wait_for_function("() => document.querySelector('.copy-status').textContent !== ''")
    assert tab.page.text_content(".copy-status") == "Parameters copied."
    return tab, str(tab.page.evaluate("() => navigator.clipboard.readText()"))


def test_badge_leads_with_a_plain_sentence_and_folds_the_settings(tab: Tab) -> None:
    """Issue 16: the sentence and the model's human name are visible at once; the settings start closed."""
    tab.goto(GREENHOUSE)
    sentence = tab.page.inner_text(".badge-sentence")
    assert sentence == ("Made with Stable Diffusion XL 1.0 base in AUTOMATIC1111. "
                        "The settings are embedded in the file, but not signed.")
    assert tab.page.get_attribute(".badge-sentence a.badge-model", "href") == "/openness/#model-sdxl-base-1.0"
    assert not open_state(tab), "the technical settings start closed"
    assert not tab.page.is_visible(".badge-settings"), "Seed, Sampler and CFG are folded away"
    tab.assert_clean()


def test_badge_details_toggle_with_enter_and_space(tab: Tab) -> None:
    tab.goto(GREENHOUSE)
    assert not open_state(tab)
    tab_to(tab, SUMMARY)
    tab.page.keyboard.press("Enter")
    assert open_state(tab), "Enter on the summary must open the settings"
    assert tab.page.is_visible(".badge-settings")
    tab.page.keyboard.press("Enter")
    assert not open_state(tab), "Enter must close them again"
    tab.page.keyboard.press("Space")
    assert open_state(tab), "Space on the summary must open them"
    tab.page.keyboard.press(" ")
    assert not open_state(tab)
    tab.assert_clean()


def test_disclosure_controls_show_a_chevron_in_link_colour(tab: Tab) -> None:
    """A <summary> must look like a control: a visible marker that turns, and link colour."""
    tab.goto(GREENHOUSE)
    for selector in (SUMMARY, "details.openness-details > summary"):
        marker = tab.page.eval_on_selector(selector, """s => {
            const b = getComputedStyle(s, '::before');
            return {content: b.content, width: parseFloat(b.width), border: b.borderRightStyle,
                    transform: b.transform, colour: getComputedStyle(s).color,
                    link: getComputedStyle(document.querySelector('.badge-sentence a')).color};
        }""")
        assert marker["content"] not in ("none", "normal") and marker["width"] > 0 and marker["border"] == "solid", \
            f"{selector} has no visible chevron: {marker}"
        assert marker["colour"] == marker["link"], f"{selector} is not in link colour: {marker}"
    closed = tab.page.eval_on_selector(SUMMARY, "s => getComputedStyle(s, '::before').transform")
    tab.page.click(SUMMARY)
    # the turn is a 0.15 s transition: wait for it to end rather than read its first frame
    tab.page.wait_for_function("([sel, closed]) => getComputedStyle(document.querySelector(sel), '::before')"
                               ".transform !== closed", arg=[SUMMARY, closed], timeout=3000)
    opened = tab.page.eval_on_selector(SUMMARY, "s => getComputedStyle(s, '::before').transform")
    assert closed != opened, "the chevron turns when the settings open"
    tab.assert_clean()


def test_every_setting_has_a_tooltip_and_a_working_glossary_link(tab: Tab) -> None:
    tab.goto(GREENHOUSE)
    tab.page.click(SUMMARY)
    terms = tab.page.eval_on_selector_all(".badge-settings dt", """dts => dts.map(dt => ({
        label: dt.querySelector('.badge-term').textContent, tip: dt.querySelector('.badge-term').title,
        href: dt.querySelector('a.glossary-link').getAttribute('href')}))""")
    labels = [t["label"] for t in terms]
    assert {"Seed", "Sampler", "Scheduler", "Steps", "CFG", "Size"} <= set(labels), labels
    for term in terms:
        assert len(term["tip"]) > 20, term
        tab.goto(term["href"])
        anchor = term["href"].split("#", 1)[1]
        assert tab.page.is_visible(f"[id='{anchor}']"), f"{term['href']} has no such glossary entry"
        tab.page.go_back()
    tab.assert_clean()


def test_grid_marker_expands_on_hover_and_focus(tab: Tab) -> None:
    """The grid shows a short chip; the full disclosure appears when the item is hovered or focused."""
    tab.goto("/galleries/latent-gardens/")
    item = ".work-grid-item:has(a[href$='/greenhouse-at-dusk/'])"
    full = f"{item} .badge-compact-full"
    chip = f"{item} .badge-marker"
    assert tab.page.is_visible(chip)
    assert tab.page.eval_on_selector(full, "e => e.getBoundingClientRect().width") <= 1, "folded by default"
    widths = tab.page.eval_on_selector_all(".work-grid-item .badge-compact",
                                           "els => els.map(e => e.getBoundingClientRect().height)")
    assert max(widths) < 40, f"the folded markers must not wrap onto several lines: {widths}"
    tab.page.focus(f"{item} a.gallery-link")
    assert tab.page.eval_on_selector(full, "e => e.getBoundingClientRect().width") > 50, "focus expands it"
    assert "AI-generated" in tab.page.inner_text(full) and "Open weights" in tab.page.inner_text(full)
    tab.page.mouse.move(0, 0)
    tab.assert_clean()


def test_openness_details_open_by_keyboard(tab: Tab) -> None:
    tab.goto(GREENHOUSE)
    inner = "details.openness-details"
    assert not open_state(tab, inner)
    tab_to(tab, f"{inner} > summary")
    tab.page.keyboard.press("Enter")
    assert open_state(tab, inner)
    assert tab.page.is_visible(f"{inner} .openness-sources")
    links = tab.page.eval_on_selector_all(f"{inner} .openness-sources a", "as => as.map(a => [a.textContent, a.href])")
    assert links and all(text != href and "://" not in text for text, href in links), \
        f"sources must read as titles, not addresses: {links}"
    tab.page.keyboard.press("Space")
    assert not open_state(tab, inner)
    tab.assert_clean()


def test_copy_button_copies_the_a1111_parameters(open_tab: Callable[..., Tab]) -> None:
    tab, copied = copy_parameters(open_tab, GREENHOUSE)
    assert copied in accepted(A1111_TEXT), f"clipboard holds:\n{copied}"
    tab.assert_clean()


def test_copy_button_leaves_a_private_prompt_out(open_tab: Callable[..., Tab]) -> None:
    tab, copied = copy_parameters(open_tab, NIGHT_MARKET)
    settings = NIGHT_TEXT.splitlines()[-1]
    assert copied in accepted(settings), f"clipboard holds:\n{copied}"
    tab.assert_clean()


def test_private_prompt_is_nowhere_in_the_dom(tab: Tab) -> None:
    tab.goto(NIGHT_MARKET)
    prompt, negative = NIGHT_TEXT.splitlines()[:2]
    negative = negative.removeprefix("Negative prompt: ")
    dom = tab.page.content()
    text = tab.page.evaluate("() => document.documentElement.textContent")
    values = tab.page.evaluate(
        "() => Array.from(document.querySelectorAll('textarea, input')).map(e => e.value).join('\\n')")
    for haystack in (dom, text, values):
        assert "night market in the rain, glass panes" not in haystack
        assert prompt.split(",")[0] not in haystack
        assert negative not in haystack
        assert "Negative prompt" not in haystack
    assert tab.page.is_visible("text=The artist keeps the prompt private.")
    assert tab.page.query_selector(".badge-prompt") is None
    tab.assert_clean()


def test_copy_button_is_hidden_without_javascript(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(java_script_enabled=False)
    tab.goto(GREENHOUSE)
    assert tab.page.query_selector("button.copy-parameters") is not None
    assert not tab.page.is_visible("button.copy-parameters"), "a button that cannot work must stay hidden"
    assert tab.page.is_visible(".badge-prompt"), "the parameters stay readable without JavaScript"
    tab.assert_clean()
