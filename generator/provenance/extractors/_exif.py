"""EXIF (TIFF IFD) decoding shared by the PNG, JPEG and WebP extractors.

A small bounded IFD walker instead of piexif: it is several times faster on the hot path, and it
cannot be driven into recursion or huge allocations by a hostile file (offsets are validated,
only IFD0 and one level of Exif sub-IFD are read, and every value is capped). Only text tags are
decoded, because that is where generators write their records.
"""

from __future__ import annotations

import struct

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag
from generator.provenance.extractors._common import decode_text, store

EXIF_PREFIX = b"Exif\x00\x00"
MAX_ENTRIES = 1000  # per IFD; real files have a few dozen
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}

# Text tags worth keeping, by tag id (IFD0 and Exif IFD share the id space for these).
TEXT_TAGS = {
    0x010D: "DocumentName",
    0x010E: "ImageDescription",
    0x010F: "Make",
    0x0110: "Model",
    0x0131: "Software",
    0x0132: "DateTime",
    0x013B: "Artist",
    0x8298: "Copyright",
    0x9003: "DateTimeOriginal",
    0x9286: "UserComment",
    0xA420: "ImageUniqueID",
}
XP_TAGS = {0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords", 0x9C9F: "XPSubject"}
EXIF_IFD_POINTER = 0x8769

def decode_utf16(raw: bytes) -> str:
    """UTF-16 of unknown byte order: BOM if present, else the order that puts zeros where ASCII has them.

    A1111 (via piexif) writes big-endian, SwarmUI little-endian, and neither writes a BOM; for
    mostly-ASCII text the zero bytes sit at even offsets in BE and at odd offsets in LE.
    """
    if raw[:2] == b"\xfe\xff":
        return raw[2:].decode("utf-16-be", errors="replace")
    if raw[:2] == b"\xff\xfe":
        return raw[2:].decode("utf-16-le", errors="replace")
    sample = raw[:4096]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    codec = "utf-16-be" if zeros_even > zeros_odd else "utf-16-le"
    return raw[: len(raw) & ~1].decode(codec, errors="replace")


def decode_user_comment(raw: bytes) -> str:
    """UserComment with its 8-byte charset prefix, or raw text when a tool wrote none."""
    head = raw[:8]
    if head == b"UNICODE\x00":
        text = decode_utf16(raw[8:])
    elif head == b"ASCII\x00\x00\x00":
        text = decode_text(raw[8:])
    elif head == b"JIS\x00\x00\x00\x00\x00":
        text = raw[8:].decode("shift_jis", errors="replace")
    elif head == b"\x00" * 8:
        text = decode_text(raw[8:])
    else:
        text = decode_text(raw)
    return text.rstrip("\x00").strip("\ufeff")


def decode_exif(raw: bytes, bag: MetadataBag, where: str = "exif") -> None:
    """Decode a TIFF-structured EXIF block (with or without the "Exif\\0\\0" prefix) into bag.exif."""
    if raw.startswith(EXIF_PREFIX):
        raw = raw[len(EXIF_PREFIX):]
    if raw[:4] == b"II*\x00":
        order = "<"
    elif raw[:4] == b"MM\x00*":
        order = ">"
    else:
        bag.warnings.append(f"{where}: not a TIFF/EXIF block, ignored")
        return
    if len(raw) < 8:
        return
    (ifd0,) = struct.unpack_from(order + "I", raw, 4)
    sub_ifd = _read_ifd(raw, order, ifd0, bag, where)
    if sub_ifd:
        _read_ifd(raw, order, sub_ifd, bag, where)


def _read_ifd(raw: bytes, order: str, offset: int, bag: MetadataBag, where: str) -> int | None:
    """Read the text tags of one IFD; return the Exif sub-IFD offset when this IFD points to one."""
    size = len(raw)
    if offset < 8 or offset + 2 > size:
        return None
    (count,) = struct.unpack_from(order + "H", raw, offset)
    if count > MAX_ENTRIES:
        bag.warnings.append(f"{where}: IFD claims {count} entries, ignored")
        return None
    sub_ifd = None
    for index in range(count):
        entry = offset + 2 + 12 * index
        if entry + 12 > size:
            bag.warnings.append(f"{where}: IFD runs past the end of the block (truncated)")
            break
        tag, typ, n = struct.unpack_from(order + "HHI", raw, entry)
        if tag == EXIF_IFD_POINTER and typ in (4, 13) and n == 1:
            (sub_ifd,) = struct.unpack_from(order + "I", raw, entry + 8)
            continue
        name = TEXT_TAGS.get(tag) or XP_TAGS.get(tag)
        if name is None or typ not in _TYPE_SIZES:
            continue
        value = _value_bytes(raw, order, entry, typ, n)
        if value is None:
            bag.warnings.append(f"{where}: tag {name} points outside the block, ignored")
            continue
        if tag == 0x9286:
            text = decode_user_comment(value)
        elif tag in XP_TAGS:
            text = value[: len(value) & ~1].decode("utf-16-le", errors="replace").rstrip("\x00")
        else:
            text = decode_text(value)
        store(bag, bag.exif, name, text, where)
    return sub_ifd if sub_ifd != offset else None


def _value_bytes(raw: bytes, order: str, entry: int, typ: int, n: int) -> bytes | None:
    length = _TYPE_SIZES[typ] * n
    if length > MAX_TEXT_BYTES * 2:
        return None
    if length <= 4:
        return raw[entry + 8: entry + 8 + length]
    (pointer,) = struct.unpack_from(order + "I", raw, entry + 8)
    if pointer + length > len(raw):
        return None
    return raw[pointer: pointer + length]
