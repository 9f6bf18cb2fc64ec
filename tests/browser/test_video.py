"""A video work in a real browser: it plays, it never starts by itself, and its page shows how it
was made. The site is built here with a video made at test time (tests/video/videokit.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.kit.files import SITE_YAML, build_site, write_site
from tests.video.videokit import make_video, vhs_tags

from .conftest import Tab, serve_folder

pytestmark = pytest.mark.browser
WORK = "/galleries/clips/heron/"


@pytest.fixture(scope="module")
def video_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("video-site")
    write_site(root, {"site.yaml": SITE_YAML, "content/galleries/clips/index.md": "---\ntitle: Clips\n---\n",
                      "content/galleries/clips/heron.mp4.md": "---\nalt: A heron in the reeds\n---\n"})
    make_video(root / "content/galleries/clips/heron.mp4", vhs_tags("a heron in the reeds"), audio=True,
               frames=24)
    _, out = build_site(root)
    with serve_folder(out) as url:
        yield url


def test_the_video_plays_only_when_asked_and_shows_its_provenance(open_tab: Callable[..., Tab],
                                                                   video_site: str) -> None:
    tab = open_tab(site=video_site)
    tab.goto(WORK)
    tab.page.wait_for_timeout(300)
    state = tab.page.evaluate("""() => { const v = document.querySelector('video.work-video');
        return {paused: v.paused, time: v.currentTime, autoplay: v.autoplay, box: [v.clientWidth, v.clientHeight]}; }""")
    assert state["paused"] and state["time"] == 0 and not state["autoplay"]
    assert state["box"][0] > 0 and state["box"][1] > 0  # sized from its attributes before playing
    played = tab.page.evaluate("""async () => { const v = document.querySelector('video.work-video');
        v.muted = true; await v.play(); await new Promise(r => setTimeout(r, 700));
        return {time: v.currentTime, width: v.videoWidth, error: v.error && v.error.code}; }""")
    assert played["error"] is None and played["width"] == 64 and played["time"] > 0.2
    text = tab.page.inner_text("body")
    assert "wan2.1_t2v_14B_fp8.safetensors" in text and "a heron in the reeds" in text


def test_the_demo_sites_video_work_plays_and_is_published_without_its_tags(tab: Tab, built_site: Path) -> None:
    from tests.video.videokit import container_tags

    tags, stream_tags, kinds = container_tags(built_site / "galleries/latent-gardens/koi-ripples.mp4")
    assert "comment" not in tags and kinds == ["video"]
    tab.goto("/galleries/latent-gardens/koi-ripples/")
    played = tab.page.evaluate("""async () => { const v = document.querySelector('video.work-video');
        const before = {paused: v.paused, autoplay: v.autoplay};
        v.muted = true; await v.play(); await new Promise(r => setTimeout(r, 500));
        return {...before, time: v.currentTime, error: v.error && v.error.code}; }""")
    assert played["paused"] and not played["autoplay"] and played["error"] is None and played["time"] > 0.1
    assert "wan2.1_t2v_1.3B_fp16.safetensors" in tab.page.inner_text("body")


def test_the_demo_sites_warned_work_is_blurred_in_its_gallery(tab: Tab) -> None:
    tab.goto("/galleries/latent-gardens/")
    thumb = tab.page.locator('a[href="/galleries/latent-gardens/stained-glass-moth/"] img')
    assert "blur" in thumb.evaluate("el => getComputedStyle(el).filter")
