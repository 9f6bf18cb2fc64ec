"""Builders for test images written the way real tools write them (shared by H1's test files)."""

from __future__ import annotations

import io
import struct
import zlib

import piexif
from PIL import Image
from PIL.PngImagePlugin import PngInfo

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)


def ihdr(width: int = 1, height: int = 1, color: int = 2) -> bytes:
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0))


def idat_rgb(width: int = 1, height: int = 1) -> bytes:
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return chunk(b"IDAT", zlib.compress(raw))


def png_with(chunks_before: list[bytes], chunks_after: list[bytes] = ()) -> bytes:
    """A valid 1x1 RGB PNG with extra chunks before and after IDAT."""
    return PNG_SIGNATURE + ihdr() + b"".join(chunks_before) + idat_rgb() + b"".join(chunks_after) + chunk(b"IEND", b"")


def pillow_png(info: PngInfo | None = None, mode: str = "RGB", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 20, 30, 255)[: len(mode)]).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def exif_bytes(zeroth: dict | None = None, exif: dict | None = None) -> bytes:
    return piexif.dump({"0th": zeroth or {}, "Exif": exif or {}, "GPS": {}, "1st": {}, "thumbnail": None})


def jpeg(exif: bytes | None = None, size: tuple[int, int] = (16, 8)) -> bytes:
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif else {}
    Image.new("RGB", size, (200, 10, 10)).save(buffer, "JPEG", **kwargs)
    return buffer.getvalue()


def insert_jpeg_segment(data: bytes, marker: int, body: bytes) -> bytes:
    """Insert an APPn segment right after SOI."""
    return data[:2] + bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body + data[2:]


def webp(exif: bytes | None = None, xmp: bytes | None = None, mode: str = "RGB", size=(16, 8)) -> bytes:
    buffer = io.BytesIO()
    kwargs = {}
    if exif:
        kwargs["exif"] = exif
    if xmp:
        kwargs["xmp"] = xmp
    Image.new(mode, size, (1, 2, 3, 128)[: len(mode)]).save(buffer, "WEBP", lossless=True, **kwargs)
    return buffer.getvalue()


def xmp_packet(description_attrs: str = "", body: str = "") -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        f'xmlns:dcterms="http://purl.org/dc/terms/" {description_attrs}>{body}</rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()
