"""What a gallery build writes at artsite's image defaults, and what its markup points at (issue 15).

The defaults are one modern file per width (WebP for the grid, AVIF for the page-size image where
it pays), and one fallback at one width: a baseline JPEG, or a PNG for an image with alpha. Every
extra file here used to cost build time that no visitor's browser ever downloaded, so a file that
comes back, or a <source> that loses a width, fails this test. Expectations are written from the
settings' documented defaults (docs/galleries.md#responsive-images), not read from the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, features

from tests.kit.config import site_yaml
from tests.kit.files import build_site, write_site

from .image_fixtures import noisy

pytestmark = pytest.mark.skipif(not features.check("avif"), reason="this Pillow cannot write AVIF")

GALLERY = "---\ntitle: Shore\n---\n"


def gallery_site(root: Path, extra: str = "") -> Path:
    """A gallery of an opaque 1100x800 picture and a 600x500 one with transparency."""
    write_site(root, {"site.yaml": site_yaml(plugins="[]", extra=extra),
                      "content/galleries/shore/index.md": GALLERY})
    folder = root / "content/galleries/shore"
    noisy((1100, 800)).save(folder / "wave.png")
    noisy((600, 500), "RGBA", seed=2).save(folder / "foam.png")
    return root


def published(out: Path) -> set[str]:
    return {p.name for p in (out / "galleries/shore").iterdir() if p.is_file() and p.suffix != ".html"}


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def test_a_default_gallery_build_writes_one_modern_file_per_width_and_one_fallback(tmp_path: Path) -> None:
    result, out = build_site(gallery_site(tmp_path))
    assert not result.problems.errors
    assert published(out) == {
        # opaque, 1100 px: grid 400 + 800 WebP; page 1100 AVIF (>= avif_min_width 1000) beside the
        # grid's 800 WebP; one JPEG at 800
        "wave-400.webp", "wave-800.webp", "wave-1100.avif", "wave-800.jpg",
        # alpha, 600 px: grid 400 + 600 WebP (never enlarged), no AVIF below 1000 px, PNG fallback
        "foam-400.webp", "foam-600.webp", "foam-600.png",
    }
    for name, fmt, size in (("wave-1100.avif", "AVIF", (1100, 800)), ("wave-800.webp", "WEBP", (800, 582)),
                            ("wave-400.webp", "WEBP", (400, 291)), ("wave-800.jpg", "JPEG", (800, 582)),
                            ("foam-600.png", "PNG", (600, 500))):
        with Image.open(out / "galleries/shore" / name) as image:
            assert (image.format, image.size) == (fmt, size), name
            if fmt == "JPEG":
                assert not image.info.get("progressive"), "the fallback is a baseline JPEG"


def test_default_markup_references_exactly_the_files_written(tmp_path: Path) -> None:
    _, out = build_site(gallery_site(tmp_path))
    (page,) = pictures((out / "galleries/shore/wave/index.html").read_text("utf-8"))
    assert re.findall(r'<source type="([^"]+)" srcset="([^"]+)"', page) == [
        ("image/avif", "/galleries/shore/wave-1100.avif 1100w"),
        ("image/webp", "/galleries/shore/wave-800.webp 800w"),
    ]
    assert 'src="/galleries/shore/wave-800.jpg"' in page and "srcset" not in page.split("<img")[1]
    grid = "".join(pictures((out / "galleries/shore/index.html").read_text("utf-8")))
    assert "/galleries/shore/wave-400.webp 400w, /galleries/shore/wave-800.webp 800w" in grid
    assert "/galleries/shore/foam-400.webp 400w, /galleries/shore/foam-600.webp 600w" in grid
    assert "image/avif" not in grid  # grid thumbnails stay WebP at avif_min_width 1000
    referenced = set(re.findall(r"/galleries/shore/([\w.-]+\.(?:avif|webp|jpg|png))", page + grid))
    assert referenced == published(out)


def test_webp_beside_avif_brings_back_the_page_size_webp(tmp_path: Path) -> None:
    _, out = build_site(gallery_site(tmp_path, "images:\n  webp_beside_avif: true\n"))
    assert "wave-1100.webp" in published(out)
    (page,) = pictures((out / "galleries/shore/wave/index.html").read_text("utf-8"))
    assert "/galleries/shore/wave-800.webp 800w, /galleries/shore/wave-1100.webp 1100w" in page
