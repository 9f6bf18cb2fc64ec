"""Content layout: post bundles with their images, files copied as they are, privacy, symlinks."""

from __future__ import annotations

import io
import os
from pathlib import Path

import piexif
import pytest
from PIL import Image

from tests.kit.images import jpeg, png
from tests.kit.sites import TmpSite, output_path_for, problems_text


def jpeg_with_gps() -> bytes:
    """A JPEG as a phone writes it: camera make/model, serial and GPS position in EXIF."""
    exif = {
        "0th": {piexif.ImageIFD.Make: b"PhoneCo", piexif.ImageIFD.Model: b"Pocket 12",
                piexif.ImageIFD.Software: b"Pocket OS"},
        "Exif": {piexif.ExifIFD.BodySerialNumber: b"SN-998877"},
        "GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N", piexif.GPSIFD.GPSLatitude: ((52, 1), (22, 1), (1, 1)),
                piexif.GPSIFD.GPSLongitudeRef: b"E", piexif.GPSIFD.GPSLongitude: ((4, 1), (53, 1), (2, 1))},
    }
    return jpeg(exif, (64, 48), colour=(255, 165, 0))


def image_urls(site: TmpSite, rel: str) -> list[str]:
    page = site.html(rel)
    return [value.split(" ")[0] for tag, key, value in page.attrs
            for value in value.split(",") if tag in ("img", "source") and key in ("src", "srcset")]


@pytest.mark.parametrize("layout", ["blog/my-post/my-post.md", "posts/my-post/index.md"])
def test_post_bundle_relative_images_just_work(site: TmpSite, layout: str) -> None:
    (site.root / "content" / Path(layout).parent).mkdir(parents=True)
    (site.root / "content" / Path(layout).parent / "photo.png").write_bytes(png(size=(320, 200), colour=(0, 128, 128)))
    site.write(f"content/{layout}", "---\ntitle: Bundle\ndate: 2025-02-02\n---\n"
                                   "Look:\n\n![A teal rectangle](photo.png)\n")
    result = site.build()
    assert not result.problems.errors
    page = layout.split("/", 1)[0] + "/my-post/index.html"  # a post keeps its folder, as in Eleventy
    urls = image_urls(site, page)
    assert urls, "the post shows no image"
    for url in urls:
        assert url.startswith("/"), url
        assert (site.out / output_path_for(url)).is_file(), f"{url} is not in the output"
    assert 'alt="A teal rectangle"' in site.read(page)


def test_other_files_are_copied_as_they_are(site: TmpSite) -> None:
    site.post("p.md")
    site.write("content/files/notes.txt", "plain notes\n")
    (site.root / "content/files/data.bin").write_bytes(bytes(range(256)))
    site.write("content/CNAME", "art.example.test\n")
    site.build()
    assert site.read("files/notes.txt") == "plain notes\n"
    assert (site.out / "files/data.bin").read_bytes() == bytes(range(256))
    assert site.read("CNAME") == "art.example.test\n"


def test_images_are_published_without_gps_or_camera_data(site: TmpSite) -> None:
    site.post("p.md")
    (site.root / "content/images").mkdir(parents=True)
    (site.root / "content/images/holiday.jpg").write_bytes(jpeg_with_gps())
    result = site.build()
    assert not result.problems.errors, problems_text(result.problems)
    published = (site.out / "images/holiday.jpg").read_bytes()
    with Image.open(io.BytesIO(published)) as img:
        assert img.size == (64, 48)
        exif_bytes = img.info.get("exif", b"")
    if exif_bytes:
        exif = piexif.load(exif_bytes)
        assert not exif.get("GPS"), exif.get("GPS")
        assert piexif.ImageIFD.Make not in exif["0th"] and piexif.ImageIFD.Model not in exif["0th"]
        assert piexif.ExifIFD.BodySerialNumber not in exif["Exif"]
    assert b"PhoneCo" not in published and b"SN-998877" not in published


def test_hidden_and_system_files_are_not_published(site: TmpSite) -> None:
    site.post("p.md")
    site.write("content/.secret", "x")
    site.write("content/.DS_Store", "x")
    site.write("content/_drafts/idea.md", "---\ntitle: Idea\n---\nx\n")
    site.build()
    assert not {".secret", ".DS_Store"} & site.files()
    assert not any("idea" in rel for rel in site.files())


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlinks_outside_content_are_refused(site: TmpSite, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwords.txt").write_text("hunter2\n")
    (outside / "leak.md").write_text("---\ntitle: Leak\n---\nhunter2\n")
    site.post("p.md")
    os.symlink(outside / "passwords.txt", site.root / "content/passwords.txt")
    os.symlink(outside, site.root / "content/posts/linked-dir")
    try:
        result = site.build()
        problems = result.problems
    except AssertionError:  # refusing may also fail the build; either way nothing leaks
        problems = site.fail()
    named = [p.file or "" for p in problems.items]
    for link in ("content/passwords.txt", "content/posts/linked-dir"):
        assert any(name.endswith(link) for name in named), problems_text(problems)
    if site.out.exists():
        for rel in site.files():
            assert "hunter2" not in (site.out / rel).read_text(errors="replace"), rel


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlinks_inside_content_are_followed(site: TmpSite) -> None:
    site.post("p.md")
    site.write("content/files/real.txt", "real\n")
    os.symlink(site.root / "content/files/real.txt", site.root / "content/alias.txt")
    result = site.build()
    assert not result.problems.errors
    assert site.read("alias.txt") == "real\n"
