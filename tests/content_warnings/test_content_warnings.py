"""Content warnings: every place a warned image appears, it is labelled and blurred, and where a
visitor cannot choose to see it (cards, feeds) it is not there at all."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.kit.files import SITE_YAML, build_site, write_site
from tests.kit.images import png

WARNED = "flashing lights, gore"


def warned_site(root: Path, extra: str = "") -> Path:
    return write_site(root, {
        "site.yaml": SITE_YAML + extra,
        "content/galleries/g/index.md": "---\ntitle: G\ndate: 2025-01-01\n---\n",
        "content/galleries/g/a.png": png(colour=(200, 10, 10)),
        "content/galleries/g/a.png.md": f"---\nalt: A red thing\ncontent_warning: \"{WARNED}\"\n---\n",
        "content/galleries/g/b.png": png(colour=(10, 200, 10)),
        "content/galleries/g/b.png.md": "---\nalt: A green thing\n---\n",
        "content/galleries/h/index.md": "---\ntitle: H\ndate: 2025-01-02\ncontent_warning: mild peril\n---\n",
        "content/galleries/h/c.png": png(colour=(10, 10, 200)),
        "content/galleries/h/c.png.md": "---\nalt: A blue thing\n---\n",
        "content/posts/p/index.md": f"---\ntitle: Warned post\ndate: 2025-02-01\ncontent_warning: {WARNED}\n"
                                    "image: pic.png\ndescription: About a thing.\n---\n![A picture](pic.png)\n",
        "content/posts/p/pic.png": png(colour=(90, 90, 90)),
        "content/posts/q.md": "---\ntitle: Plain post\ndate: 2025-02-02\n---\nNothing to warn of.\n",
    })


def og_image(page: str) -> str | None:
    found = re.search(r'<meta property="og:image" content="([^"]+)"', page)
    return found.group(1) if found else None


def test_a_warned_work_is_blurred_and_labelled_everywhere_and_shares_no_card(tmp_path: Path) -> None:
    _, out = build_site(warned_site(tmp_path))
    work = (out / "galleries/g/a/index.html").read_text()
    assert f'<span class="cw cw-blurred" data-cw="{WARNED}"><picture>' in work
    assert f"Content warning: {WARNED}" in work and 'class="cw-reveal"' in work
    assert "<noscript><a href=" in work  # without JavaScript: a link to the image itself
    assert og_image(work) is None and "twitter:image" not in work
    assert og_image((out / "galleries/g/b/index.html").read_text())  # an unwarned work keeps its card
    grid = (out / "galleries/g/index.html").read_text()
    assert f'data-cw="{WARNED}" data-cw-blurred' in grid  # the lightbox blurs it too
    thumb = grid.split('href="/galleries/g/a/"', 1)[1].split("</a>", 1)[0]
    assert 'class="cw cw-blurred"' in thumb and "cw-reveal" not in thumb  # no button inside a link
    assert '<script src="/theme/js/cw.js' in grid


def test_a_gallery_warning_covers_its_works_and_its_cover(tmp_path: Path) -> None:
    _, out = build_site(warned_site(tmp_path))
    assert 'data-cw="mild peril"' in (out / "galleries/h/c/index.html").read_text()
    index = (out / "galleries/index.html").read_text()
    assert 'data-cw="mild peril"' in index and f'data-cw="{WARNED}"' in index  # g's cover is its first work, a
    assert "cw-reveal" not in index

def test_a_warned_post_has_blurred_images_no_card_and_a_feed_notice(tmp_path: Path) -> None:
    _, out = build_site(warned_site(tmp_path))
    post = (out / "posts/p/index.html").read_text()
    assert 'class="cw cw-blurred"' in post and og_image(post) is None
    feed = json.loads((out / "feed.json").read_text())
    item = next(i for i in feed["items"] if i["title"] == "Warned post")
    assert item["summary"] == f"Content warning: {WARNED}. About a thing."
    assert "<img" not in item["content_html"] and "https://example.test/posts/p/" in item["content_html"]
    atom = (out / "feed.xml").read_text()
    entry = atom.split("<title>Warned post</title>", 1)[1].split("</entry>", 1)[0]
    assert f"Content warning: {WARNED}." in entry and "&lt;img" not in entry and "<img" not in entry
    plain = next(i for i in feed["items"] if i["title"] == "Plain post")
    assert "Content warning" not in plain["content_html"]


def test_the_site_chooses_which_warnings_start_blurred(tmp_path: Path) -> None:
    _, out = build_site(warned_site(tmp_path, "content_warnings: {blur: [gore]}\n"))
    assert 'class="cw cw-blurred" data-cw="flashing lights, gore"' in (out / "galleries/g/a/index.html").read_text()
    mild = (out / "galleries/h/c/index.html").read_text()
    assert 'class="cw" data-cw="mild peril"' in mild and "cw-reveal" not in mild  # labelled, not blurred
    _, out = build_site(warned_site(tmp_path / "none", "content_warnings: {blur: none}\n"))
    assert "cw-blurred" not in (out / "galleries/g/a/index.html").read_text()


def test_a_site_without_warnings_loads_no_warning_script(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/posts/q.md": "---\ntitle: Q\ndate: 2025-01-01\n---\nHi\n"})
    _, out = build_site(tmp_path)
    assert "cw.js" not in (out / "posts/q/index.html").read_text()
