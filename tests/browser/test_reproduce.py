"""The reproduce kit's copy buttons in real Chromium: what lands on the clipboard is what the
image carried (the fixture's own prompt, parameters and ComfyUI workflow). The pages this task
adds (the kit, the licence page, "How I use AI") are also run through axe."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.kit.files import SITE_YAML, build_site, write_site
from tests.plugins.test_reproduce import FAST, INDEX, WORKFLOW_TEXT, comfy_png
from tests.provenance.test_comfyui import NEGATIVE, POSITIVE

from .conftest import Tab, serve_folder
from .test_accessibility import axe, blocking

pytestmark = pytest.mark.browser
CLIPBOARD = ["clipboard-read", "clipboard-write"]
MOTH = "/galleries/g/moth/"


@pytest.fixture(scope="module")
def kit_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("kit-site")
    write_site(root, {"site.yaml": SITE_YAML + FAST + "reproduce: true\nai_training: {policy: open-models-only, contact: ada@example.test}\n",
                      "content/galleries/g/index.md": INDEX,
                      "content/galleries/g/moth.png": comfy_png()})
    _, out = build_site(root, use_cache=False)
    with serve_folder(Path(out)) as url:
        yield url


def copy(tab: Tab, selector: str, message: str) -> str:
    button = tab.page.locator(f"section.reproduce button.{selector}")
    assert button.is_visible(), f"{selector}: with JavaScript the copy button must be shown"
    status = button.locator("xpath=following-sibling::span[contains(@class, 'copy-status')]")
    button.click()
    status.filter(has_text=message).wait_for()
    return str(tab.page.evaluate("() => navigator.clipboard.readText()"))


def test_copy_prompt_parameters_and_workflow(open_tab: Callable[..., Tab], kit_site: str) -> None:
    tab = open_tab(site=kit_site)
    tab.page.context.grant_permissions(CLIPBOARD, origin=kit_site)
    tab.goto(MOTH)
    tab.page.click("section.reproduce summary")
    assert copy(tab, "copy-prompt", "Prompt copied.") == POSITIVE
    params = copy(tab, "copy-kit-parameters", "Parameters copied.")
    assert params.splitlines()[:2] == [POSITIVE, f"Negative prompt: {NEGATIVE}"]
    assert "Seed: 101" in params and "Steps: 25" in params
    workflow = copy(tab, "copy-workflow", "Workflow copied.")
    assert json.loads(workflow) == json.loads(WORKFLOW_TEXT)
    href = tab.page.get_attribute("section.reproduce a.reproduce-workflow", "href")
    response = tab.page.request.get(kit_site + str(href))
    assert response.ok and response.text() == WORKFLOW_TEXT


def test_without_javascript_the_buttons_stay_hidden_and_the_text_readable(open_tab: Callable[..., Tab],
                                                                          kit_site: str) -> None:
    tab = open_tab(site=kit_site, java_script_enabled=False)
    tab.goto(MOTH)
    tab.page.click("section.reproduce summary")
    assert tab.page.locator("section.reproduce button:visible").count() == 0
    assert POSITIVE in tab.page.inner_text("section.reproduce")


@pytest.mark.parametrize("path", [MOTH, "/ai-training/", "/ai/"])
def test_new_pages_have_no_serious_axe_violations(open_tab: Callable[..., Tab], kit_site: str, axe_path: Path,
                                                  path: str) -> None:
    tab = open_tab(site=kit_site)
    tab.goto(path)
    if path == MOTH:
        tab.page.click("section.reproduce summary")
    found = blocking(axe(tab, axe_path), f"{path} [light]")
    tab.page.emulate_media(color_scheme="dark")
    found += blocking(axe(tab, axe_path, {"runOnly": ["color-contrast"]}), f"{path} [dark]")
    assert not found, "\n".join(found)
