"""Fixtures for the real-browser tests: the demo site built once, served on loopback, one Chromium.

Debian's chromium is driven through Playwright's Python package; Playwright's own browser download
is never used. A missing browser or axe-core makes the tests FAIL, never skip: CI installs both
through scripts/test.sh, and a silently skipped accessibility suite is worse than a red build.
Every context records every request and every console error, and the fixture fails the test at
teardown if a page logged an error or anything tried to leave 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.pipeline.site import BuildOptions, build

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO_ROOT / "test-output"
LOOPBACK = "127.0.0.1"
# Without the background-networking flags Chromium phones Google hosts, which are refused here.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
IGNORED_SCHEMES = ("data:", "blob:", "about:")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without printing a line per request into the test output."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        return


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo site, built once per session into a temporary folder."""
    output = tmp_path_factory.mktemp("browser-site") / "site"
    result = build(BuildOptions(source=REPO_ROOT, output=output, use_cache=False))
    assert (result.output / "index.html").is_file(), "the demo site build wrote no home page"
    return result.output


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A threaded static server for `folder` on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer((LOOPBACK, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The demo site, served for the whole session."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the session; contexts keep the tests apart."""
    if not CHROMIUM.exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: the browser tests need it. Install it with "
                    "`apt-get install chromium` (scripts/test.sh does this) - these tests never skip.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run `npm ci --no-audit --no-fund` in the repository "
                    "(scripts/test.sh does this) - the accessibility tests never skip.", pytrace=False)
    return AXE_JS


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-output/ in the repository: CI keeps the screenshots written here."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@dataclass
class Tab:
    """A page in its own context, with everything it asked the network for and every error it logged."""

    page: Any
    base_url: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"

    def problems(self) -> list[str]:
        found = [f"request left {LOOPBACK}: {url}" for url in self.foreign]
        found += [f"request to another host: {url}" for url in self.requests
                  if not url.startswith(IGNORED_SCHEMES) and urlsplit(url).hostname != LOOPBACK]
        found += [f"console/page error: {text}" for text in self.errors]
        return found

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)


def _guard(tab: Tab) -> Callable[[Any], None]:
    """Route handler: loopback requests go through, anything else is recorded and aborted."""

    def handle(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == LOOPBACK:
            route.continue_()
        else:
            tab.foreign.append(url)
            route.abort()

    return handle


@pytest.fixture
def open_tab(browser: Any, base_url: str) -> Iterator[Callable[..., Tab]]:
    """Factory: open_tab(**context_options) -> Tab. Fails the test at teardown on errors or escapes.
    `site=URL` opens the tab on another served folder (see serve_folder) instead of the demo."""
    tabs: list[tuple[Any, Tab]] = []

    def factory(site: str | None = None, **options: Any) -> Tab:
        context = browser.new_context(**options)
        context.set_default_timeout(5000)
        page = context.new_page()
        tab = Tab(page=page, base_url=site or base_url)
        context.on("request", lambda request: tab.requests.append(request.url))
        context.route("**/*", _guard(tab))
        page.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
        page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tabs.append((context, tab))
        return tab

    yield factory
    for context, _ in tabs:
        context.close()
    problems = [problem for _, tab in tabs for problem in tab.problems()]
    assert not problems, "\n".join(problems)


@pytest.fixture
def tab(open_tab: Callable[..., Tab]) -> Tab:
    """A page in a default context (JavaScript on, light scheme)."""
    return open_tab()
