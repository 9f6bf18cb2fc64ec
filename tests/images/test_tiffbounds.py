"""EXIF whose entries claim more data than the block holds is dropped before piexif parses it.

The hostile file is the one fuzz/fuzz_images.py found: a JFIF JPEG whose APP1 EXIF has one
Orientation entry (SHORT) with a count of 0xD7D7D7D7. piexif trusted the count and spent 136 s and
6.9 GB on 529 bytes while `originals: clean` cleaned it.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from pathlib import Path

import piexif
import pytest
from PIL import Image

from generator.images.tiffbounds import exif_fits

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def hostile_exif(count: int = 0xD7D7D7D7) -> bytes:
    """Big-endian TIFF, IFD0 at 8 with one entry: Orientation, type SHORT, `count` values."""
    ifd = struct.pack(">H", 1) + struct.pack(">HHII", 0x0112, 3, count, 0x00060000) + struct.pack(">I", 0)
    return b"Exif\x00\x00" + b"MM\x00*" + struct.pack(">I", 8) + ifd


def jpeg_with_app1(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (10, 120, 200)).save(buffer, "JPEG")
    plain = buffer.getvalue()
    return plain[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + plain[2:]


def test_real_exif_fits() -> None:
    zeroth = {piexif.ImageIFD.Make: b"Canon", piexif.ImageIFD.Orientation: 6, piexif.ImageIFD.Software: b"x" * 300}
    gps = {piexif.GPSIFD.GPSLatitudeRef: b"N", piexif.GPSIFD.GPSLatitude: ((51, 1), (30, 1), (0, 1))}
    exif = {piexif.ExifIFD.UserComment: b"ASCII\x00\x00\x00" + b"prompt " * 50}
    thumb = io.BytesIO()
    Image.new("RGB", (8, 8)).save(thumb, "JPEG")
    data = piexif.dump({"0th": zeroth, "Exif": exif, "GPS": gps, "1st": {piexif.ImageIFD.Orientation: 1},
                        "thumbnail": thumb.getvalue()})
    assert exif_fits(data)
    assert exif_fits(data[6:])  # bare TIFF, as a WebP EXIF chunk may hold it


@pytest.mark.parametrize("bad", [
    hostile_exif(),
    hostile_exif(count=3)[:-8],  # IFD cut short
    b"Exif\x00\x00II*\x00" + struct.pack("<I", 4000),  # IFD0 past the end
    b"Exif\x00\x00GARBAGE!",
], ids=["huge-count", "truncated-ifd", "ifd-outside", "no-tiff-header"])
def test_exif_that_does_not_fit_is_refused(bad: bytes) -> None:
    assert not exif_fits(bad)


def test_a_looping_ifd_chain_is_refused() -> None:
    """IFD0's next-IFD pointer and its Exif pointer both lead back to IFD0."""
    ifd = struct.pack("<H", 1) + struct.pack("<HHII", 0x8769, 4, 1, 8) + struct.pack("<I", 8)
    assert not exif_fits(b"Exif\x00\x00II*\x00" + struct.pack("<I", 8) + ifd)


def test_cleaning_the_hostile_original_is_quick_and_drops_its_exif(tmp_path: Path) -> None:
    source = tmp_path / "hostile.jpg"
    source.write_bytes(jpeg_with_app1(hostile_exif()))
    code = ("import sys; from generator.images.privacy import clean_original; "
            "data = clean_original(open(sys.argv[1], 'rb').read(), 'JPEG'); "
            "open(sys.argv[1] + '.out', 'wb').write(data)")
    subprocess.run([sys.executable, "-c", code, str(source)], cwd=REPO, timeout=10, check=True)
    cleaned = Path(str(source) + ".out").read_bytes()
    assert b"Exif\x00\x00" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as im:
        assert im.size == (24, 16)


def test_every_exif_block_in_the_corpus_fits() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared) is not here")
    found = 0
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file():
            continue
        try:
            with Image.open(path) as im:
                exif = im.info.get("exif")
        except Exception:
            continue
        if exif:
            found += 1
            assert exif_fits(exif), path.name
    assert found >= 10


def test_a_build_with_clean_originals_and_kept_metadata_finishes_quickly(tmp_path: Path) -> None:
    """End to end, both places EXIF is cleaned: the published original and kept derivative EXIF."""
    from tests.kit.hostile import new_site, run_build

    site = new_site(tmp_path / "site")
    config = site.root / "site.yaml"
    config.write_text(config.read_text().replace("  display_widths: [64]\n", "  display_widths: [64]\n"
                                                 "  originals: clean\n  keep_metadata: true\n"), encoding="utf-8")
    site.write("content/galleries/g/index.md", "---\ntitle: G\n---\n")
    site.write("content/galleries/g/hostile.jpg", jpeg_with_app1(hostile_exif()))
    site.write("content/galleries/g/hostile.jpg.md", "---\nalt: hostile exif\n---\n")
    run = run_build(site.root, output=site.out, timeout=20)
    run.assert_clean_exit()
    assert run.rc == 0, run.output
    assert run.seconds < 10, f"the build took {run.seconds:.1f} s"
    original = site.out / "galleries/g/hostile.jpg"
    assert original.is_file() and b"Exif\x00\x00" not in original.read_bytes()


def test_a_header_cut_before_its_first_offset_does_not_fit() -> None:
    """Found by the cleaner's property test: `Exif\\0\\0II*\\0` and nothing more."""
    from generator.images.tiffbounds import exif_fits

    assert exif_fits(b"Exif\x00\x00II*\x00") is False
    assert exif_fits(b"MM\x00*\x00\x00") is False
