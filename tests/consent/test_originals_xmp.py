"""Published originals carry the TDM reservation in their XMP, except where that would change an exact copy."""

from __future__ import annotations

from pathlib import Path

from tests.kit.files import SITE_YAML, a1111_parameters, build_site, write_site
from tests.kit.images import png

TDM_NS = b"http://www.w3.org/ns/tdmrep/"


def site_with_original(root: Path, originals: str, reserve: bool = True) -> bytes:
    source = png({"parameters": a1111_parameters("a heron")})
    yaml = SITE_YAML + f"images: {{originals: {originals}}}\nai_training: {{reserve: {str(reserve).lower()}}}\n"
    write_site(root, {"site.yaml": yaml, "content/galleries/g/index.md": "---\ntitle: G\n---\n",
                      "content/galleries/g/heron.png": source})
    return source


def test_clean_original_of_a_reserved_work_carries_the_reservation(tmp_path: Path) -> None:
    site_with_original(tmp_path, "clean")
    _, out = build_site(tmp_path)
    original = (out / "galleries" / "g" / "heron.png").read_bytes()
    assert TDM_NS in original and b"reservation" in original
    assert b"a heron" in original  # generation parameters are kept in clean originals


def test_exact_original_stays_byte_identical(tmp_path: Path) -> None:
    source = site_with_original(tmp_path, "exact")
    _, out = build_site(tmp_path)
    assert (out / "galleries" / "g" / "heron.png").read_bytes() == source


def test_no_reservation_when_training_is_not_reserved(tmp_path: Path) -> None:
    site_with_original(tmp_path, "clean", reserve=False)
    _, out = build_site(tmp_path)
    assert TDM_NS not in (out / "galleries" / "g" / "heron.png").read_bytes()


def test_marking_the_output_never_touches_the_image_cache(tmp_path: Path) -> None:
    site_with_original(tmp_path, "clean")
    build_site(tmp_path)
    cached = [p for p in (tmp_path / ".artsite-cache" / "images").rglob("*") if p.is_file() and p.suffix == ".png"]
    assert cached and all(TDM_NS not in p.read_bytes() for p in cached)
