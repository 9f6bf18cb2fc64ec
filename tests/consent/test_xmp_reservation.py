"""add_tdm_reservation on real-shaped PNG, JPEG and WebP files, and its refusals."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from generator.consent.xmp_reservation import add_tdm_reservation

TDM = "http://www.w3.org/ns/tdmrep/"
OTHER_XMP = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
             '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
             '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
             '<dc:creator><rdf:Seq><rdf:li>Ada Example</rdf:li></rdf:Seq></dc:creator></rdf:Description>'
             '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def image(fmt: str, mode: str = "RGB", **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (24, 16), (200, 40, 40) if mode == "RGB" else (200, 40, 40, 128)).save(buffer, fmt, **save)
    return buffer.getvalue()


def xmp_of(data: bytes) -> str:
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        raw = img.info.get("xmp") or img.info.get("XML:com.adobe.xmp")
        assert img.size == (24, 16)
    assert raw, "no XMP found by Pillow"
    return raw.decode("utf-8") if isinstance(raw, bytes) else raw


def assert_reserved(data: bytes, policy: str | None = None) -> str:
    xmp = xmp_of(data)
    assert f'xmlns:tdm="{TDM}"' in xmp
    assert "<tdm:reservation>1</tdm:reservation>" in xmp
    if policy:
        assert f"<tdm:policy>{policy}</tdm:policy>" in xmp
    return xmp


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_adds_a_packet_to_a_file_without_xmp(fmt: str) -> None:
    out = add_tdm_reservation(image(fmt), "https://example.org/licensing/")
    assert out is not None
    assert_reserved(out, "https://example.org/licensing/")


def test_webp_with_alpha_gets_an_extended_header() -> None:
    out = add_tdm_reservation(image("WEBP", "RGBA", lossless=True), None)
    assert out is not None
    assert out[12:16] == b"VP8X" and out[20] & 0x04 and out[20] & 0x10
    assert_reserved(out)
    with Image.open(io.BytesIO(out)) as img:
        assert img.mode == "RGBA"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_existing_xmp_is_kept(fmt: str) -> None:
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", OTHER_XMP)
        source = image(fmt, pnginfo=info)
    else:
        source = image(fmt, xmp=OTHER_XMP.encode("utf-8"))
    assert "Ada Example" in xmp_of(source)
    out = add_tdm_reservation(source, None)
    assert out is not None
    xmp = assert_reserved(out)
    assert "<rdf:li>Ada Example</rdf:li>" in xmp
    assert xmp.count("<x:xmpmeta") == 1


def test_png_pixels_and_other_chunks_survive() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "a prompt, Steps: 20")
    source = image("PNG", pnginfo=info)
    out = add_tdm_reservation(source, None)
    assert out is not None
    with Image.open(io.BytesIO(out)) as a, Image.open(io.BytesIO(source)) as b:
        assert a.info["parameters"] == "a prompt, Steps: 20"
        assert a.tobytes() == b.tobytes()


def test_jpeg_exif_stays_before_xmp() -> None:
    exif = Image.Exif()
    exif[0x010E] = "described"
    source = image("JPEG", exif=exif.tobytes())
    out = add_tdm_reservation(source, None)
    assert out is not None
    assert out.index(b"Exif\x00\x00") < out.index(b"http://ns.adobe.com/xap/1.0/\x00")
    with Image.open(io.BytesIO(out)) as img:
        assert img.getexif()[0x010E] == "described"


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def test_png_with_c2pa_manifest_is_left_alone() -> None:
    source = image("PNG")
    # c2patool stores the manifest store as a caBX chunk before IDAT
    idat = source.index(b"IDAT") - 4
    signed = source[:idat] + png_chunk(b"caBX", b"\x00\x00\x00\x10jumbc2pa-manifest") + source[idat:]
    assert add_tdm_reservation(signed, None) is None


def test_jpeg_with_c2pa_app11_is_left_alone() -> None:
    source = image("JPEG")
    # APP11 JUMBF: "JP" common identifier, box instance, sequence, then a jumb superbox labelled c2pa
    payload = b"JP\x00\x01\x00\x00\x00\x01" + b"\x00\x00\x00\x30jumb\x00\x00\x00\x28jumdc2pa\x00\x11\x00\x10"
    segment = b"\xff\xeb" + struct.pack(">H", len(payload) + 2) + payload
    assert add_tdm_reservation(source[:2] + segment + source[2:], None) is None


def test_webp_with_c2pa_chunk_is_left_alone() -> None:
    source = image("WEBP", "RGBA", lossless=True, exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00")
    body = source[12:] + b"C2PA" + struct.pack("<I", 4) + b"jumb"
    signed = b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body
    assert add_tdm_reservation(signed, None) is None


@pytest.mark.parametrize("data", [b"", b"GIF89a....", b"\x89PNG\r\n\x1a\n\x00\x00", b"\xff\xd8\xff\xe1\xff\xff",
                                  b"RIFF\x10\x00\x00\x00WEBPVP8X"])
def test_junk_and_truncated_input_gives_none(data: bytes) -> None:
    assert add_tdm_reservation(data, None) is None


def test_malformed_or_hostile_existing_xmp_is_not_edited() -> None:
    hostile = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
               '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
               "&a;</rdf:RDF></x:xmpmeta>")
    for packet in (hostile, "<x:xmpmeta><rdf:RDF>", OTHER_XMP.replace(TDM, TDM)[:-40]):
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", packet)
        assert add_tdm_reservation(image("PNG", pnginfo=info), None) is None


def test_policy_is_escaped_in_the_packet() -> None:
    out = add_tdm_reservation(image("PNG"), "https://example.org/?a=1&b=<2>")
    assert out is not None
    assert "<tdm:policy>https://example.org/?a=1&amp;b=&lt;2&gt;</tdm:policy>" in xmp_of(out)
