"""Every page of the demo site passes the Nu HTML Checker (vnu.jar, the W3C validator's engine).

vnu.jar comes from npm (package.json's `vnu-jar`) and runs on Debian's default-jre-headless;
scripts/test.sh installs both. Like the browser, a missing checker FAILS the test: a silently
skipped validator is how `<p><figure>` reached the demo site before. Pagefind's own bundle is
not ours and is left out; every page artsite writes is checked, feeds' HTML included.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO_ROOT

pytestmark = pytest.mark.browser

VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu(*args: str) -> list[dict[str, Any]]:
    """The checker's error messages (warnings and info left out) for the files or folders given."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: install Debian's default-jre-headless (scripts/test.sh does this) - "
                    "the HTML validity test never skips.", pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"vnu.jar is missing ({VNU_JAR}): run `npm ci` in the repository (scripts/test.sh does this).",
                    pytrace=False)
    run = subprocess.run([java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *args],
                         capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(run.stderr or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]


def site_pages(site: Path) -> list[str]:
    return [str(p) for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith("pagefind/")]


def test_the_checker_finds_an_error_when_there_is_one(tmp_path: Path) -> None:
    """The harness itself works: the invalid markup this suite guards against is reported."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
                    '<body><p><figure><img src="a.png" alt="a"></figure></p></body></html>', encoding="utf-8")
    errors = vnu(str(page))
    assert any("“p”" in m.get("message", "") and "end tag" in m.get("message", "") for m in errors), errors


def test_every_demo_page_is_valid_html(built_site: Path) -> None:
    pages = site_pages(built_site)
    assert len(pages) >= 20, f"only {len(pages)} pages found: is the demo site complete?"
    errors = vnu(*pages)
    found = [f"{m.get('url', '?').rsplit('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m.get('message')}"
             for m in errors]
    assert not found, "\n".join(found)


def test_feed_content_is_valid_html(built_site: Path, tmp_path: Path) -> None:
    """The JSON feed's content_html, each item as a document of its own, is valid too."""
    feed = json.loads((built_site / "feed.json").read_text(encoding="utf-8"))
    files = []
    for number, item in enumerate(feed["items"]):
        if item.get("content_html"):
            page = tmp_path / f"item-{number}.html"
            page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>item</title></head>'
                            f"<body>{item['content_html']}</body></html>", encoding="utf-8")
            files.append(str(page))
    assert files, "the feed has no HTML content to check"
    errors = vnu(*files)
    assert not errors, [(m.get("url", "").rsplit("/", 1)[-1], m.get("message")) for m in errors]
