"""Text hidden in the least significant bits of the pixels (A1111 stealth-pnginfo, NovelAI).

The only extractor that decodes pixels, so it runs last and only when nothing else was found in
an image that has an alpha channel. Bits are read column by column (x outer, y inner), as the
writers do: a 15-byte signature, a 32-bit big-endian payload length in bits, then the payload,
gzip-compressed for the "comp" signatures. Alpha mode takes one bit per pixel from A, RGB mode
three bits (R, G, B).
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import Any

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag

MAX_PIXELS = 40_000_000
SIGNATURES = {
    b"stealth_pnginfo": ("A", False),
    b"stealth_pngcomp": ("A", True),
    b"stealth_rgbinfo": ("RGB", False),
    b"stealth_rgbcomp": ("RGB", True),
}
_SIG_BITS = 15 * 8
_LSB = bytes(0x30 | (i & 1) for i in range(256))  # byte -> ASCII "0"/"1" of its lowest bit


class StealthExtractor:
    name = "stealth"
    order = 900

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if not bag.is_empty() or bag.container not in ("png", "webp"):
            return
        if not bag.has_alpha:
            return
        if bag.width and bag.height and bag.width * bag.height > MAX_PIXELS:
            bag.warnings.append("stealth: image too large to look for hidden text")
            return
        if bag.container == "png" and png_first_column_lacks_signature(data):
            return  # most images: no signature, and Pillow is never imported nor the pixels decoded
        bits = _column_major_bits(data, bag)
        if bits is None:
            return
        text = decode_bits(bits, bag)
        if text:
            bag.stealth = text


_PAETH_LIKE = (2, 3, 4)  # Up, Average, Paeth: for a row's first pixel each adds the pixel above
# (Average adds half of it), because the pixel to its left is zero by definition.


def png_first_column_lacks_signature(data: bytes) -> bool:
    """True when a plain 8-bit RGBA PNG certainly has no stealth signature.

    The signature is the first 120 bits read down column 0, i.e. the lowest bits of the first pixel
    of rows 0-119 (alpha mode) or 0-39 (RGB mode). A row's first pixel can be unfiltered from the
    first pixel of the row above alone, so only those rows are inflated and nothing else decoded.
    Any other layout (palette, 16-bit, interlaced, short image, broken data) returns False and the
    full decode decides."""
    from generator.provenance.extractors._containers import png_chunks

    chunks = list(png_chunks(data))
    if not chunks or chunks[0][0] != b"IHDR" or chunks[0][2] - chunks[0][1] < 13:
        return False
    start = chunks[0][1]
    width, height = int.from_bytes(data[start:start + 4], "big"), int.from_bytes(data[start + 4:start + 8], "big")
    depth, color, interlace = data[start + 8], data[start + 9], data[start + 12]
    rows = _SIG_BITS
    if depth != 8 or color != 6 or interlace != 0 or height < rows or not 0 < width <= 20_000:
        return False
    stride = 1 + 4 * width
    wanted = rows * stride  # at most 9.6 MB, however large the image
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    have = 0
    try:
        for ctype, begin, end in chunks:
            if ctype == b"IDAT" and have < wanted:
                part = inflater.decompress(data[begin:end], wanted - have)
                parts.append(part)
                have += len(part)
    except zlib.error:
        return False
    if have < wanted:
        return False
    raw = b"".join(parts)
    above = (0, 0, 0, 0)
    alpha_bits, rgb_bits = [], []
    for row in range(rows):
        kind, pixel = raw[row * stride], raw[row * stride + 1: row * stride + 5]
        if kind in _PAETH_LIKE:
            pixel = bytes((p + (a // 2 if kind == 3 else a)) & 0xFF for p, a in zip(pixel, above, strict=True))
        elif kind not in (0, 1):
            return False
        above = tuple(pixel)
        alpha_bits.append(pixel[3] & 1)
        if row < 40:
            rgb_bits.extend(c & 1 for c in pixel[:3])
    found = {bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, 120, 8)) for bits in (alpha_bits, rgb_bits)}
    return not any(signature in found for signature in SIGNATURES)


def _column_major_bits(data: bytes, bag: MetadataBag) -> dict[str, bytes] | None:
    from PIL import Image  # deferred: only images with alpha and no metadata pay for Pillow

    try:
        with _open_image(data, bag.container) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            if image.mode != "RGBA":
                image = image.convert("RGBA")
            else:
                image.load()
            if image.height >= _SIG_BITS and not _first_column_signed(image):
                return None  # no signature: the whole-image bit planes (5x the pixels) are not built
            flipped = image.transpose(Image.Transpose.TRANSPOSE)  # rows of the result = columns
            rgb = flipped.convert("RGB").tobytes().translate(_LSB)
            alpha = flipped.getchannel("A").tobytes().translate(_LSB)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        bag.warnings.append(f"stealth: cannot decode pixels ({exc})"[:300])
        return None
    return {"A": alpha, "RGB": rgb}


def _open_image(data: bytes, container: str) -> Any:
    """The image, opened by its own format's plugin. `Image.open` first imports every common
    plugin (BMP, GIF, JPEG, PPM, ...) to sniff the format, which costs more start-up time than
    reading the file does; the container is already known here, so only its plugin is loaded."""
    if container == "png":
        from PIL import PngImagePlugin

        return PngImagePlugin.PngImageFile(io.BytesIO(data))
    from PIL import WebPImagePlugin

    return WebPImagePlugin.WebPImageFile(io.BytesIO(data))


def _first_column_signed(image: object) -> bool:
    """Whether the first column's bits start with a signature, in either plane; the signature
    fits in one column of an image this tall, so most images are rejected from one column."""
    column = image.crop((0, 0, 1, _SIG_BITS))  # type: ignore[attr-defined]
    alpha = column.getchannel("A").tobytes().translate(_LSB)
    rgb = column.convert("RGB").tobytes().translate(_LSB)
    heads = {_bits_to_bytes(alpha[:_SIG_BITS]), _bits_to_bytes(rgb[:_SIG_BITS])}
    return any(signature in heads for signature in SIGNATURES)


def _bits_to_bytes(bits: bytes) -> bytes:
    whole = len(bits) & ~7
    if not whole:
        return b""
    return int(bits[:whole], 2).to_bytes(whole // 8, "big")


def signature_in(planes: dict[str, bytes]) -> bytes | None:
    """The stealth signature the bit planes start with, if any. Only the first 120 bits of a
    plane are looked at, so a caller that only wants to know (the image cleaner, which destroys
    the bits) can pass the first columns of an image instead of all of it."""
    for signature, (plane, _compressed) in SIGNATURES.items():
        bits = planes.get(plane, b"")
        if len(bits) >= _SIG_BITS and _bits_to_bytes(bits[:_SIG_BITS]) == signature:
            return signature
    return None


def decode_bits(planes: dict[str, bytes], bag: MetadataBag) -> str | None:
    """Find a signature in the alpha or RGB bit plane and return the payload text."""
    signature = signature_in(planes)
    if signature is not None:
        plane, compressed = SIGNATURES[signature]
        bits = planes[plane]
        start = _SIG_BITS + 32
        length = int(bits[_SIG_BITS:start], 2) if len(bits) >= start else 0
        if length <= 0 or length > 8 * MAX_TEXT_BYTES or start + length > len(bits):
            bag.warnings.append("stealth: hidden payload length is out of range")
            return None
        payload = _bits_to_bytes(bits[start: start + length])
        if compressed:
            try:
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                payload = inflater.decompress(payload, MAX_TEXT_BYTES)
            except (zlib.error, gzip.BadGzipFile) as exc:
                bag.warnings.append(f"stealth: cannot decompress hidden payload ({exc})"[:300])
                return None
        return payload.decode("utf-8", errors="replace")
    return None


EXTRACTOR = StealthExtractor()
