"""The theme's layout in a real browser: no layout shift, no sideways scrolling, uncropped
thumbnails, works on the home page, and a screenshot of every page type at phone and desktop width.

Layout shift is measured the way Lighthouse does (PerformanceObserver, `layout-shift` entries
without recent input), on a server that holds every image back for a moment: on loopback images
arrive at once, and a page whose boxes only get their size from the loaded image would look
stable. Screenshots go to tests/browser/screenshots/ (gitignored; CI keeps them as artifacts).
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import LOOPBACK, REPO_ROOT, QuietHandler, Tab

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
IMAGE_DELAY = 0.35  # seconds every image is held back, so layout happens before pixels arrive
PAGE_TYPES = {
    "home": "/",
    "post": "/posts/welcome/",
    "post-with-image": "/posts/studio-notes/",
    "page": "/about/",
    "galleries": "/galleries/",
    "gallery": "/galleries/latent-gardens/",
    "work": "/galleries/latent-gardens/greenhouse-at-dusk/",
    "work-portrait": "/galleries/latent-gardens/stained-glass-moth/",
    "work-video": "/galleries/latent-gardens/koi-ripples/",
    "openness": "/openness/",
    "tags": "/tags/",
    "tag": "/tags/insects/",
    "archive": "/archive/",
    "search": "/search/",
    "404": "/404.html",
}
WIDTHS = (320, 390)
IMAGE_SUFFIXES = (".avif", ".webp", ".png", ".jpg", ".jpeg")

OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push({value: entry.value,
      nodes: (entry.sources || []).map(s => s.node ? (s.node.className || s.node.nodeName) : '?')});
  }
}).observe({type: 'layout-shift', buffered: true});
"""


class SlowImageHandler(QuietHandler):
    """Serves the site, holding every image back by IMAGE_DELAY, like a slow phone connection."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        if self.path.split("?", 1)[0].lower().endswith(IMAGE_SUFFIXES):
            time.sleep(IMAGE_DELAY)
        super().do_GET()


@contextlib.contextmanager
def serve_slowly(folder: Path) -> Iterator[str]:
    handler = functools.partial(SlowImageHandler, directory=str(folder))
    server = ThreadingHTTPServer((LOOPBACK, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="slow-image-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def slow_url(built_site: Path) -> Iterator[str]:
    with serve_slowly(built_site) as url:
        yield url


def every_page(site: Path) -> list[str]:
    """Every HTML page of the built demo site, as a path (redirect stubs included)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("pagefind/", "theme/")):
            continue
        pages.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return pages


def gallery_works() -> list[str]:
    """The demo gallery's works, from its index.md (the source, not the rendered page)."""
    text = (REPO_ROOT / "content" / "galleries" / "latent-gardens" / "index.md").read_text(encoding="utf-8")
    return [entry["file"] for entry in yaml.safe_load(text.split("---")[1])["images"]]


def settle(tab: Tab) -> None:
    """Load everything: scroll down in steps (waking lazy images), wait for each image, go back up."""
    tab.page.wait_for_load_state("load")
    tab.page.evaluate("""async () => {
      const step = innerHeight / 2;
      for (let y = 0; y <= document.documentElement.scrollHeight; y += step) {
        scrollTo(0, y); await new Promise(r => setTimeout(r, 60));
      }
      await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
      scrollTo(0, 0);
    }""")
    tab.page.wait_for_timeout(100)


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_layout_shift_and_a_screenshot(open_tab: Callable[..., Tab], slow_url: str, name: str, width: int,
                                          height: int) -> None:
    tab = open_tab(site=slow_url, viewport={"width": width, "height": height})
    tab.page.add_init_script(OBSERVE_SHIFTS)
    tab.goto(PAGE_TYPES[name])
    settle(tab)
    shifts: list[dict[str, Any]] = tab.page.evaluate("() => window.__shifts")
    score = sum(s["value"] for s in shifts)
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    assert score < 0.01, f"{PAGE_TYPES[name]} at {width}px: CLS {score:.4f} from {shifts}"
    tab.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_a_phone(open_tab: Callable[..., Tab], built_site: Path, width: int) -> None:
    tab = open_tab(viewport={"width": width, "height": 800})
    wide = []
    for path in every_page(built_site):
        tab.goto(path)
        tab.page.wait_for_load_state("load")
        size = tab.page.evaluate("""() => ({page: document.documentElement.scrollWidth, view: innerWidth,
          widest: [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > innerWidth + 1
            && !e.closest('.visually-hidden') && getComputedStyle(e).position !== 'fixed')
            .slice(0, 3).map(e => e.tagName + '.' + e.className)})""")
        if size["page"] > size["view"]:
            wide.append(f"{path}: {size['page']}px in a {width}px viewport ({size['widest']})")
    assert len(every_page(built_site)) >= 20, "the walk found too few pages to mean anything"
    assert not wide, "\n".join(wide)
    tab.assert_clean()


THUMB_SHAPES = """() => [...document.querySelectorAll('.work-grid img')].map(i => {
  const box = i.getBoundingClientRect();
  return {src: i.currentSrc, shown: box.width / box.height, natural: i.naturalWidth / i.naturalHeight};
})"""


@pytest.mark.parametrize("path", ["/galleries/latent-gardens/", "/"])
@pytest.mark.parametrize("width", [390, 1366])
def test_thumbnails_keep_their_aspect_ratio(open_tab: Callable[..., Tab], path: str, width: int) -> None:
    tab = open_tab(viewport={"width": width, "height": 900})
    tab.goto(path)
    settle(tab)
    shapes = tab.page.evaluate(THUMB_SHAPES)
    assert shapes, f"{path}: no thumbnails in a work grid"
    distorted = [s for s in shapes if abs(s["shown"] / s["natural"] - 1) > 0.02]
    assert not distorted, f"{path} at {width}px: cropped or stretched thumbnails {distorted}"
    assert len({round(s["natural"], 2) for s in shapes}) > 1, "the demo needs works of different shapes"
    tab.assert_clean()


def test_justified_rows_share_one_height(tab: Tab) -> None:
    """Thumbnails on one row have one height: the rows are justified, not a ragged masonry."""
    tab.page.set_viewport_size({"width": 1366, "height": 900})
    tab.goto("/galleries/latent-gardens/")
    settle(tab)
    boxes = tab.page.evaluate("""() => [...document.querySelectorAll('.work-grid img')].map(i => {
      const b = i.getBoundingClientRect(); return {top: Math.round(b.top + scrollY), height: b.height}; })""")
    rows: dict[int, list[float]] = {}
    for box in boxes:
        rows.setdefault(box["top"], []).append(box["height"])
    assert any(len(heights) > 1 for heights in rows.values()), f"no row holds two works: {rows}"
    for top, heights in rows.items():
        assert max(heights) - min(heights) <= 1.5, f"row at {top}px has uneven heights {heights}"
    tab.assert_clean()


def test_home_page_opens_with_the_latest_works(tab: Tab) -> None:
    tab.goto("/")
    settle(tab)
    works = tab.page.evaluate("""() => [...document.querySelectorAll('.home-works .work-grid a.gallery-link')]
      .map(a => ({href: a.getAttribute('href'), loaded: a.querySelector('img') ? a.querySelector('img').naturalWidth : 0}))""")
    every = sum(len(yaml.safe_load(index.read_text(encoding="utf-8").split("---")[1]).get("images") or [])
                for index in (REPO_ROOT / "content" / "galleries").glob("*/index.md"))
    expected = min(8, every)  # home.works defaults to 8; the demo does not set it
    assert len(works) == expected, works
    assert all(w["loaded"] > 0 for w in works), f"a home thumbnail did not load: {works}"
    assert all(w["href"].startswith("/galleries/") for w in works)
    first_work = tab.page.evaluate("() => document.querySelector('.home-works').compareDocumentPosition("
                                   "document.querySelector('.post-list')) & Node.DOCUMENT_POSITION_FOLLOWING")
    assert first_work, "the works must come before the posts"
    assert tab.page.locator(".post-summary").count() >= 1
    tab.assert_clean()


def test_first_thumbnails_load_eagerly(tab: Tab) -> None:
    """The first screen of a gallery is not lazy, and the first image is fetched first."""
    tab.goto("/galleries/latent-gardens/")
    loading = tab.page.evaluate("""() => [...document.querySelectorAll('.work-grid img')].map(i =>
      ({lazy: i.loading === 'lazy', priority: i.getAttribute('fetchpriority')}))""")
    assert loading[0] == {"lazy": False, "priority": "high"}, loading
    assert not any(item["lazy"] for item in loading[:4]), loading
    assert sum(item["priority"] == "high" for item in loading) == 1, loading
    tab.assert_clean()


def test_gallery_intro_comes_before_its_grid(tab: Tab) -> None:
    tab.goto("/galleries/latent-gardens/")
    intro_first = tab.page.evaluate("() => document.querySelector('.gallery-body').compareDocumentPosition("
                                    "document.querySelector('.work-grid')) & Node.DOCUMENT_POSITION_FOLLOWING")
    assert intro_first, "the gallery's intro text must render above its grid"
    tab.assert_clean()


def test_work_text_starts_at_the_image_edge_and_the_bars_line_up(open_tab: Callable[..., Tab]) -> None:
    """One left edge on a work page; the header, main column and footer share one width; the
    previous/next bar keeps its slots on the first and the last work."""
    tab = open_tab(viewport={"width": 1366, "height": 900})
    slugs = [Path(f).stem for f in gallery_works()]
    lefts = {}
    for slug in (slugs[0], slugs[1], slugs[-1]):
        tab.goto(f"/galleries/latent-gardens/{slug}/")
        edges = tab.page.evaluate("""() => {
          const left = s => Math.round(document.querySelector(s).getBoundingClientRect().left);
          const width = s => Math.round(document.querySelector(s).getBoundingClientRect().width);
          return {image: left('.work-figure > :first-child'), title: left('.work-title'),
                  header: width('.site-header .wrap'), main: width('main'), footer: width('.site-footer .wrap'),
                  up: left('.work-nav .nav-up')};
        }""")
        assert edges["image"] == edges["title"], edges
        assert edges["header"] == edges["main"] == edges["footer"], edges
        lefts[slug] = edges["up"]
    assert len(set(lefts.values())) == 1, f"the Gallery link moves between works: {lefts}"
    tab.assert_clean()


def test_nav_labels_are_not_underlined(tab: Tab) -> None:
    tab.goto("/galleries/latent-gardens/greenhouse-at-dusk/")
    label = tab.page.evaluate("""() => { const s = document.querySelector('.post-nav .nav-label');
      return {label: getComputedStyle(s).textDecorationLine, link: getComputedStyle(s.closest('a')).textDecorationLine,
              title: getComputedStyle(s.parentElement.querySelector('.nav-title')).textDecorationLine}; }""")
    assert label == {"label": "none", "link": "none", "title": "underline"}, label
    tab.assert_clean()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_header_is_the_same_on_every_page_type(open_tab: Callable[..., Tab], width: int) -> None:
    """The menu wraps the same way everywhere: no page has a taller header or a narrower one."""
    tab = open_tab(viewport={"width": width, "height": 900})
    seen = {}
    for name, path in PAGE_TYPES.items():
        tab.goto(path)
        seen[name] = tab.page.evaluate("""() => { const h = document.querySelector('.site-header .wrap').getBoundingClientRect();
          const n = document.querySelector('.site-nav').getBoundingClientRect();
          return [Math.round(h.width), Math.round(h.height), Math.round(n.left)]; }""")
    assert len({tuple(v) for v in seen.values()}) == 1, f"the header differs between pages at {width}px: {seen}"
    tab.assert_clean()
