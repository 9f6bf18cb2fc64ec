"""XMP is cleaned by namespace URI from a parsed packet, keeping an allow-list; PNG text chunks and
JPEG segments that hold location or identity are dropped whatever they are called."""

from __future__ import annotations

import io
import struct

from PIL import Image

from generator.images.privacy import clean_original, clean_xmp

from .image_fixtures import noisy
from .leak_fixtures import exiftool_xmp, photoshop_irb, png_with_chunks, raw_profile_chunk, xmp_text_chunk

MARK = "wren-cobalt-8812"
KEPT = (b"a heron at dawn", b"ComfyUI", b"trainedAlgorithmicMedia")


def assert_clean(data: bytes) -> None:
    assert MARK.encode() not in data
    for gps in (b"53.2047", b"6.5371", b"53,12.0N", b"GpsL", b"GPSL"):
        assert gps not in data, gps


def test_the_packet_keeps_generation_data_and_loses_dji_gps_contact_info_and_any_prefix_gps() -> None:
    cleaned = clean_xmp(exiftool_xmp(MARK))
    assert_clean(cleaned)
    for kept in KEPT:
        assert kept in cleaned, kept
    from defusedxml.ElementTree import fromstring

    fromstring(cleaned[cleaned.index(b"<x:xmpmeta"):cleaned.rindex(b"</x:xmpmeta>") + 12])  # still XML


def test_a_packet_that_does_not_parse_or_declares_entities_is_dropped() -> None:
    assert clean_xmp(b"<x:xmpmeta><rdf:RDF><exif:GPSLatitude>1</rdf:RDF>") == b""
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "' + MARK.encode() + b'">]>'
            b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>&a;</x:xmpmeta>")
    assert clean_xmp(bomb) == b""


def test_jpeg_xmp_is_cleaned_and_photoshop_iptc_and_vendor_segments_go() -> None:
    buffer = io.BytesIO()
    noisy((32, 32)).save(buffer, "JPEG", xmp=exiftool_xmp(MARK))
    data = buffer.getvalue()
    irb = b"Photoshop 3.0\x00" + photoshop_irb(MARK)
    ducky = b"Ducky\x00\x01\x00\x04" + MARK.encode()  # APP12, as Photoshop's Save for Web writes it
    extra = b"".join(bytes([0xFF, marker]) + struct.pack(">H", len(p) + 2) + p for marker, p in ((0xED, irb), (0xEC, ducky)))
    cleaned = clean_original(data[:2] + extra + data[2:], "JPEG")
    assert_clean(cleaned)
    assert b"a heron at dawn" in cleaned and b"Photoshop 3.0" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as im:
        im.load()


def test_xmp_in_png_text_ztxt_and_itxt_chunks_is_cleaned() -> None:
    for kind in (b"tEXt", b"zTXt", b"iTXt"):
        source = png_with_chunks([xmp_text_chunk(kind, exiftool_xmp(MARK))])
        cleaned = clean_original(source, "PNG")
        assert_clean(cleaned)
        with Image.open(io.BytesIO(cleaned)) as im:
            im.load()
            assert "a heron at dawn" in im.info.get("XML:com.adobe.xmp", ""), kind


def test_imagemagick_raw_profiles_are_dropped_whatever_they_hold() -> None:
    chunks = [raw_profile_chunk(name, payload) for name, payload in
              (("8bim", photoshop_irb(MARK)), ("iptc", photoshop_irb(MARK)), ("exif", b"Exif\x00\x00" + MARK.encode()),
               ("xmp", exiftool_xmp(MARK)))]
    source = png_with_chunks(chunks, text={"parameters": "a heron\nSteps: 20"})
    assert MARK.encode().hex().encode() in zlib_inflated(source)
    cleaned = clean_original(source, "PNG")
    assert b"Raw profile" not in cleaned and MARK.encode().hex().encode() not in zlib_inflated(cleaned)
    assert b"Steps: 20" in cleaned


def zlib_inflated(png: bytes) -> bytes:
    """Every compressed text chunk's text, inflated, so hex dumps can be searched."""
    import zlib

    out, pos = b"", 8
    while pos + 12 <= len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        if kind == b"zTXt":
            out += zlib.decompress(body.split(b"\x00", 1)[1][1:])
        pos += 12 + length
    return out
