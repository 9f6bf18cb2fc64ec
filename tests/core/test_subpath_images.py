"""On a site served from a subpath, every image URL carries that subpath (GitHub Pages project sites)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.kit.files import SITE_YAML, build_site, write_site
from tests.kit.images import png


def test_every_image_url_honours_a_subpath_base_url(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "site.yaml": SITE_YAML.replace("https://example.test/", "https://u.github.io/blog/"),
        "content/galleries/g/index.md": "---\ntitle: G\n---\n",
        "content/galleries/g/a.png": png(size=(900, 600)),
        "content/posts/p/index.md": "---\ntitle: P\ndate: 2025-01-01\n---\n![A square](b.png)\n",
        "content/posts/p/b.png": png(size=(500, 500)),
    })
    _, out = build_site(tmp_path)
    pages = [out / "galleries" / "g" / "index.html", out / "galleries" / "g" / "a" / "index.html",
             out / "posts" / "p" / "index.html", out / "galleries" / "index.html"]
    urls = []
    for page in pages:
        html = page.read_text()
        urls += re.findall(r'\bsrc="([^"]+)"', html)
        for srcset in re.findall(r'\bsrcset="([^"]+)"', html):
            urls += [candidate.split()[0] for candidate in srcset.split(",")]
    image_urls = [u for u in urls if re.search(r"\.(png|webp|avif|jpg)$", u)]
    assert len(image_urls) >= 8
    assert all(u.startswith("/blog/") for u in image_urls), [u for u in image_urls if not u.startswith("/blog/")]
    for url in image_urls:
        assert (out / url.removeprefix("/blog/")).is_file(), url


def test_pages_in_folders_keep_their_folder_in_the_url(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "site.yaml": SITE_YAML,
        "content/about.md": "---\ntitle: About\n---\nA\n",
        "content/contact/index.md": "---\ntitle: Contact\n---\nC\n",
        "content/notes/first-note.md": "---\ntitle: Note\n---\nN\n",
    })
    _, out = build_site(tmp_path)
    assert (out / "about" / "index.html").is_file()
    assert (out / "contact" / "index.html").is_file()
    assert (out / "notes" / "first-note" / "index.html").is_file()
    assert not (out / "index" / "index.html").exists()
