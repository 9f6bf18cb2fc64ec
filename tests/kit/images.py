"""Image bytes made the way real tools write them: Pillow (which A1111, ComfyUI and most
generators save through), piexif for EXIF, and raw chunks for what no encoder would write.

One builder per container: `png` and `jpeg`. `png_bytes` and `jpeg_bytes` are the hostile
suites' shorthands (tiny images, EXIF text in A1111's own form) over the same builders.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import piexif
import piexif.helper
from PIL import Image
from PIL.PngImagePlugin import PngInfo

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png(text: dict[str, str] | None = None, size: tuple[int, int] = (64, 48),
        colour: tuple[int, int, int] = (120, 80, 40), itxt: dict[str, str] | None = None) -> bytes:
    """A PNG with tEXt (latin-1) and iTXt (UTF-8) chunks, as A1111 and ComfyUI save them through Pillow."""
    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    for key, value in (itxt or {}).items():
        info.add_itxt(key, value)
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_bytes(text: dict[str, str] | None = None, itxt: dict[str, str] | None = None,
              size: tuple[int, int] = (8, 8), colour: tuple[int, int, int] = (90, 60, 30)) -> bytes:
    """`png`, small: the hostile suites build many and look only at their metadata."""
    return png(text, size, colour, itxt)


def chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)


def raw_png(width: int, height: int, extra: list[bytes] = (), idat: bytes | None = None) -> bytes:
    """A PNG assembled chunk by chunk, for headers Pillow would never write (huge sizes, no pixels)."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if idat is None:
        idat = zlib.compress(b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height)))
    return PNG_SIGNATURE + header + b"".join(extra) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg(exif: dict | None = None, size: tuple[int, int] = (64, 48), xmp: bytes | None = None,
         colour: tuple[int, int, int] = (30, 90, 150)) -> bytes:
    """A JPEG with an EXIF block (a piexif dict) and an XMP packet, as cameras and editors write them."""
    out = io.BytesIO()
    params: dict[str, object] = {"quality": 85}
    if exif is not None:
        params["exif"] = piexif.dump(exif)
    if xmp is not None:
        params["xmp"] = xmp
    Image.new("RGB", size, colour).save(out, "JPEG", **params)
    return out.getvalue()


def jpeg_bytes(user_comment: str | None = None, description: str | None = None,
               size: tuple[int, int] = (8, 8)) -> bytes:
    """A JPEG whose EXIF UserComment holds A1111 parameters (piexif's UNICODE form, as A1111 writes)."""
    exif: dict[int, Any] = {}
    zeroth: dict[int, Any] = {}
    if user_comment is not None:
        exif[piexif.ExifIFD.UserComment] = piexif.helper.UserComment.dump(user_comment, encoding="unicode")
    if description is not None:
        zeroth[piexif.ImageIFD.ImageDescription] = description.encode("utf-8")
    return jpeg({"0th": zeroth, "Exif": exif, "GPS": {}, "1st": {}, "thumbnail": None}, size, colour=(10, 120, 200))
