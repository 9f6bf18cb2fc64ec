"""The cleaners read untrusted bytes: damaged files give CannotClean (a warning naming the file),
never another exception, which would stop a build copying a loose image."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.images.privacy import CannotClean, clean_original, clean_xmp
from generator.images.strip import strip_all

from .image_fixtures import private_exif
from .leak_fixtures import exiftool_xmp, png_with_chunks, raw_profile_chunk, stealth_image, xmp_text_chunk


def _samples() -> dict[str, bytes]:
    jpeg = io.BytesIO()
    Image.new("RGB", (16, 16), (9, 9, 9)).save(jpeg, "JPEG", exif=private_exif(), xmp=exiftool_xmp("m"))
    webp = io.BytesIO()
    Image.open(io.BytesIO(stealth_image("secret", size=(16, 16)))).save(webp, "WEBP", lossless=True, exif=private_exif())
    tiff = io.BytesIO()
    Image.new("RGB", (8, 8)).save(tiff, "TIFF", exif=private_exif())
    return {"JPEG": jpeg.getvalue(), "WEBP": webp.getvalue(), "TIFF": tiff.getvalue(),
            "PNG": png_with_chunks([xmp_text_chunk(b"zTXt", exiftool_xmp("m")), raw_profile_chunk("iptc", b"x" * 40)],
                                   size=(16, 16), text={"parameters": "p"})}


SAMPLES = _samples()
pytestmark = pytest.mark.filterwarnings("ignore:Tag data larger than file:UserWarning")  # Pillow on cut TIFFs


def damaged(data: bytes, cuts: list[tuple[int, int]], length: int) -> bytes:
    out = bytearray(data)
    for where, value in cuts:
        out[where % len(out)] = value
    return bytes(out[: max(1, length % (len(out) + 1))])


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=6),
       length=st.integers(0, 1 << 20))
def test_a_damaged_file_is_cleaned_or_refused(fmt: str, cuts: list[tuple[int, int]], length: int) -> None:
    data = damaged(SAMPLES[fmt], cuts, length)
    for clean in (clean_original, strip_all):
        try:
            out = clean(data, fmt)
        except CannotClean:
            continue
        assert isinstance(out, bytes)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_any_packet_gives_bytes(packet: bytes) -> None:
    assert isinstance(clean_xmp(b"<x:xmpmeta>" + packet + b"</x:xmpmeta>"), bytes)
