"""Removing every piece of metadata from an image without touching its pixels.

Animated images that are too large to re-encode are passed through as they are, and a pass-through
must carry nothing a derivative would not: no EXIF, no GPS, no XMP, no prompt in a text chunk, no
GIF comment. Only the chunks and blocks needed to draw (and animate, and colour-manage) survive.
The same holds for a file published beside a post whose prompt is hidden. Text hidden in the
pixels' low bits is destroyed as well (stealth.py), and BMP/TIFF are rebuilt from their pixels.
"""

from __future__ import annotations

import struct

from .errors import CannotClean
from .stealth import scrub_encoded

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"acTL", b"fcTL", b"fdAT", b"gAMA", b"cHRM",
            b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs"}
# JPEG: the markers that decode a picture, plus JFIF, ICC and Adobe's colour transform (by payload).
JPEG_TABLES = {0xC4, 0xCC, 0xDB, 0xDD, *range(0xC0, 0xD0)}
JPEG_APP_KEEP = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
WEBP_KEEP = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
GIF_LOOP_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")
VP8X_EXIF_XMP_FLAGS = 0x08 | 0x04


def strip_all(data: bytes, fmt: str) -> bytes:
    """The same image with no metadata; CannotClean for containers this cannot do safely."""
    if fmt == "PNG":
        return scrub_encoded(_png(data), "PNG")
    if fmt == "WEBP":
        return scrub_encoded(_webp(data), "WEBP")
    if fmt == "GIF":
        return _gif(data)
    if fmt in ("JPEG", "MPO"):
        return _jpeg(data)
    if fmt in ("BMP", "TIFF"):
        from .reencode import reencode

        return reencode(data, fmt)
    raise CannotClean(f"cannot strip {fmt or 'unknown'} files without re-encoding")


def _png(data: bytes) -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        raise CannotClean("not a PNG stream")
    out = bytearray(PNG_SIGNATURE)
    pos = len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            break
        if kind in PNG_KEEP:
            out += data[pos:end]
        if kind == b"IEND":
            return bytes(out)
        pos = end
    raise CannotClean("PNG ended without IEND")


def _jpeg(data: bytes) -> bytes:
    """The first picture's tables and scans: no EXIF, XMP, IPTC, comments, vendor blocks or the
    pictures an MPO or a motion photo appends after it."""
    if data[:2] != b"\xff\xd8":
        raise CannotClean("not a JPEG stream")
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise CannotClean("corrupt JPEG marker stream")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:
            end = data.find(b"\xff\xd9", pos)
            if end == -1:
                raise CannotClean("JPEG ended inside its image data")
            return bytes(out + data[pos:end + 2])
        if marker in (0x01, *range(0xD0, 0xD8)):
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise CannotClean("truncated JPEG segment")
        payload = data[pos + 4:end]
        if marker in JPEG_TABLES or payload.startswith(JPEG_APP_KEEP.get(marker, b"\xff\xff")):
            out += data[pos:end]
        pos = end
    raise CannotClean("JPEG ended before image data")


def _webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise CannotClean("not a WebP stream")
    body = bytearray()
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos:pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4:pos + 8])
        end = pos + 8 + length + (length & 1)
        if pos + 8 + length > len(data):
            raise CannotClean("truncated WebP chunk")
        chunk = bytearray(data[pos:end])
        if kind == b"VP8X" and length >= 1:
            chunk[8] &= ~VP8X_EXIF_XMP_FLAGS & 0xFF
        if kind in WEBP_KEEP:
            body += chunk
        pos = end
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + bytes(body)


def _gif(data: bytes) -> bytes:
    """Keep the header, colour tables, graphic controls, loop extensions and frames; drop comments,
    plain-text and every other application extension (XMP lives in one)."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        raise CannotClean("not a GIF stream")
    flags = data[10]
    pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    out = bytearray(data[:pos])
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:
            return bytes(out + b"\x3b")
        if block == 0x2C:
            end = pos + 10
            local = data[pos + 9] if end <= len(data) else 0
            end += 3 * (2 << (local & 7)) if local & 0x80 else 0
            end = _sub_blocks(data, end + 1)
            out += data[pos:end]
        elif block == 0x21 and pos + 1 < len(data):
            label = data[pos + 1]
            end = _sub_blocks(data, pos + 2)
            app = data[pos + 3:pos + 14] if label == 0xFF else b""
            if label == 0xF9 or app in GIF_LOOP_APPS:
                out += data[pos:end]
        else:
            raise CannotClean("unexpected block in GIF stream")
        pos = end
    raise CannotClean("GIF ended without a trailer")


def _sub_blocks(data: bytes, pos: int) -> int:
    """The position after a chain of length-prefixed sub-blocks ending with a zero length."""
    while pos < len(data):
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos
    raise CannotClean("truncated GIF data")
