"""A video work in a real browser: it plays, it never starts by itself, and its page shows how it
was made. The site is built here with a video made at test time (tests/video/videokit.py)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import pytest

from tests.support.sites import SITE_YAML, build_site, write_site
from tests.video.videokit import make_video, vhs_tags

from .conftest import LOOPBACK, QuietHandler, Tab, _guard

pytestmark = pytest.mark.browser
WORK = "/galleries/clips/heron/"


@pytest.fixture(scope="module")
def video_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("video-site")
    write_site(root, {"site.yaml": SITE_YAML, "content/galleries/clips/index.md": "---\ntitle: Clips\n---\n",
                      "content/galleries/clips/heron.mp4.md": "---\nalt: A heron in the reeds\n---\n"})
    make_video(root / "content/galleries/clips/heron.mp4", vhs_tags("a heron in the reeds"), audio=True,
               frames=24)
    _, out = build_site(root)
    server = ThreadingHTTPServer((LOOPBACK, 0), functools.partial(QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOOPBACK}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def open_video_tab(browser: Any, base_url: str) -> tuple[Any, Tab]:
    context = browser.new_context()
    context.set_default_timeout(5000)
    tab = Tab(page=context.new_page(), base_url=base_url)
    context.route("**/*", _guard(tab))
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    return context, tab


def test_the_video_plays_only_when_asked_and_shows_its_provenance(browser: Any, video_base_url: str) -> None:
    context, tab = open_video_tab(browser, video_base_url)
    try:
        tab.goto(WORK)
        tab.page.wait_for_timeout(300)
        state = tab.page.evaluate("""() => { const v = document.querySelector('video.work-video');
            return {paused: v.paused, time: v.currentTime, autoplay: v.autoplay, muted: v.muted,
                    box: [v.clientWidth, v.clientHeight]}; }""")
        assert state["paused"] and state["time"] == 0 and not state["autoplay"]
        assert state["box"][0] > 0 and state["box"][1] > 0  # sized from its attributes before playing
        played = tab.page.evaluate("""async () => { const v = document.querySelector('video.work-video');
            v.muted = true; await v.play(); await new Promise(r => setTimeout(r, 700));
            return {time: v.currentTime, width: v.videoWidth, error: v.error && v.error.code}; }""")
        assert played["error"] is None and played["width"] == 64 and played["time"] > 0.2
        badge = tab.page.inner_text("body")
        assert "wan2.1_t2v_14B_fp8.safetensors" in badge and "a heron in the reeds" in badge
        tab.assert_clean()
    finally:
        context.close()
