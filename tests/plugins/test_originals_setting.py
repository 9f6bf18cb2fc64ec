"""`originals:` in a sidecar or gallery: what YAML makes of it must never publish more than asked.

YAML reads `originals: no` as false. That must mean "no original", not "fall back to the site's
setting" (which may be `exact`, GPS included); and a value artsite does not know is a warning on
that work, never a build that stops without naming the file.
"""

from __future__ import annotations

from pathlib import Path

import piexif

from tests.kit.files import SITE_YAML, build_site, published_files, write_site
from tests.kit.images import jpeg

INDEX = "---\ntitle: G\ndate: 2025-01-02\n---\n"
GPS = {"GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N", piexif.GPSIFD.GPSLatitude: ((52, 1), (31, 1), (0, 1))}}


def originals_published(out: Path) -> list[str]:
    return sorted(rel for rel in published_files(out) if rel.startswith("galleries/g/") and rel.endswith(".jpg")
                  and "-" not in rel.rsplit("/", 1)[-1])


def test_no_in_a_sidecar_publishes_no_original_even_when_the_site_says_exact(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "images: {originals: exact}\n",
                          "content/galleries/g/index.md": INDEX,
                          "content/galleries/g/fox.jpg": jpeg(GPS),
                          "content/galleries/g/fox.jpg.md": "---\nalt: A fox\noriginals: no\n---\n",
                          "content/galleries/g/owl.jpg": jpeg(GPS),
                          "content/galleries/g/owl.jpg.md": "---\nalt: An owl\n---\n"})
    _result, out = build_site(tmp_path)
    assert originals_published(out) == ["galleries/g/owl.jpg"]  # the site-wide exact still applies to the owl
    assert "Download the original" not in (out / "galleries/g/fox/index.html").read_text()


def test_an_unknown_value_is_a_warning_on_that_work_and_publishes_nothing(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML,
                          "content/galleries/g/index.md": INDEX,
                          "content/galleries/g/fox.jpg": jpeg(GPS),
                          "content/galleries/g/fox.jpg.md": "---\nalt: A fox\noriginals: yes\n---\n"})
    result, out = build_site(tmp_path)
    [warning] = [p for p in result.problems.warnings if "originals" in p.message]
    assert str(warning.file).endswith("fox.jpg") and "True" in warning.message
    assert originals_published(out) == []
    assert (out / "galleries/g/fox/index.html").is_file()
