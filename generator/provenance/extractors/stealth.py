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
        bits = _column_major_bits(data, bag)
        if bits is None:
            return
        text = decode_bits(bits, bag)
        if text:
            bag.stealth = text


def _column_major_bits(data: bytes, bag: MetadataBag) -> dict[str, bytes] | None:
    from PIL import Image  # deferred: only images with alpha and no metadata pay for Pillow

    try:
        with Image.open(io.BytesIO(data)) as image:
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


def decode_bits(planes: dict[str, bytes], bag: MetadataBag) -> str | None:
    """Find a signature in the alpha or RGB bit plane and return the payload text."""
    for signature, (plane, compressed) in SIGNATURES.items():
        bits = planes.get(plane, b"")
        if len(bits) < _SIG_BITS + 32 or _bits_to_bytes(bits[:_SIG_BITS]) != signature:
            continue
        length = int(bits[_SIG_BITS: _SIG_BITS + 32], 2)
        start = _SIG_BITS + 32
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
