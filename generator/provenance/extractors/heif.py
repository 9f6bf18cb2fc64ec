"""AVIF and HEIF (ISOBMFF): the Exif and XMP items of the `meta` box; pixel data is never read.

Forge and A1111 can save AVIF, with the infotext in EXIF UserComment as in JPEG; phones and
editors write HEIC. In both the metadata are *items*: `iinf` names each item's type (`Exif`, or
`mime` with content type application/rdf+xml for XMP) and `iloc` says where its bytes are. An
Exif item starts with a 4-byte offset to the TIFF header (ISO/IEC 23008-12, A.2.1). Every count,
offset and length is bounded, so a hostile file costs a few box reads.
"""

from __future__ import annotations

import struct

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag
from generator.provenance.extractors._common import set_xmp
from generator.provenance.extractors._exif import decode_exif

MAX_ITEMS = 1_000
MAX_BOXES = 1_000


def boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, body start, body end) of the boxes in data[start:end]."""
    found = []
    pos = start
    while pos + 8 <= end and len(found) < MAX_BOXES:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1 and pos + 16 <= end:
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            break
        found.append((kind, pos + header, pos + size))
        pos += size
    return found


def _uint(data: bytes, pos: int, size: int) -> int:
    return int.from_bytes(data[pos:pos + size], "big") if size else 0


def item_types(data: bytes, start: int, end: int) -> dict[int, tuple[bytes, str]]:
    """item id -> (item type, content type) from an `iinf` box body."""
    if end - start < 6:
        return {}
    version = data[start]
    pos = start + 4 + (4 if version else 2)
    found: dict[int, tuple[bytes, str]] = {}
    for kind, body, stop in boxes(data, pos, end)[:MAX_ITEMS]:
        if kind != b"infe" or stop - body < 12 or data[body] < 2:
            continue
        id_size = 4 if data[body] >= 3 else 2
        item_id = _uint(data, body + 4, id_size)
        at = body + 4 + id_size + 2
        item_type = data[at:at + 4]
        name_end = data.find(b"\x00", at + 4, stop)
        content = b""
        if item_type == b"mime" and name_end >= 0:
            content_end = data.find(b"\x00", name_end + 1, stop)
            content = data[name_end + 1: content_end if content_end >= 0 else stop]
        found[item_id] = (item_type, content.decode("latin-1"))
    return found


def item_extents(data: bytes, start: int, end: int) -> dict[int, list[tuple[int, int]]]:
    """item id -> [(file offset, length)] from an `iloc` box body (construction method 0 only)."""
    if end - start < 8:
        return {}
    version = data[start]
    pos = start + 4
    if pos + 2 > end:
        return {}
    offset_size, length_size = data[pos] >> 4, data[pos] & 15
    base_size, index_size = data[pos + 1] >> 4, (data[pos + 1] & 15) if version in (1, 2) else 0
    pos += 2
    count_size = 4 if version == 2 else 2
    count = _uint(data, pos, count_size)
    pos += count_size
    found: dict[int, list[tuple[int, int]]] = {}
    for _ in range(min(count, MAX_ITEMS)):
        id_size = 4 if version == 2 else 2
        if pos + id_size + 4 > end:
            break
        item_id = _uint(data, pos, id_size)
        pos += id_size
        method = 0
        if version in (1, 2):
            method = _uint(data, pos, 2) & 15
            pos += 2
        pos += 2  # data reference index
        base = _uint(data, pos, base_size)
        pos += base_size
        extents = _uint(data, pos, 2)
        pos += 2
        spans = []
        for _ in range(min(extents, 64)):
            pos += index_size
            offset, length = _uint(data, pos, offset_size), _uint(data, pos + offset_size, length_size)
            pos += offset_size + length_size
            spans.append((base + offset, length))
        if method == 0 and pos <= end:
            found[item_id] = spans
    return found


class HeifExtractor:
    name = "heif"
    order = 12

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if bag.container not in ("avif", "heif"):
            return
        meta = next(((s, e) for kind, s, e in boxes(data, 0, len(data)) if kind == b"meta"), None)
        if meta is None:
            return
        children = {kind: (s, e) for kind, s, e in boxes(data, meta[0] + 4, meta[1])}
        if b"iinf" not in children or b"iloc" not in children:
            return
        types = item_types(data, *children[b"iinf"])
        extents = item_extents(data, *children[b"iloc"])
        for item_id, (item_type, content) in types.items():
            spans = extents.get(item_id)
            if not spans:
                continue
            payload = b"".join(data[o:o + n] for o, n in spans if o >= 0 and n <= MAX_TEXT_BYTES)[:MAX_TEXT_BYTES]
            if item_type == b"Exif" and len(payload) > 4 and not bag.exif:
                skip = int.from_bytes(payload[:4], "big")
                decode_exif(payload[4 + skip:] if 4 + skip < len(payload) else payload[4:], bag, f"{bag.container} Exif item")
            elif item_type == b"mime" and "xml" in content and bag.xmp is None:
                set_xmp(bag, payload, f"{bag.container} XMP item")


EXTRACTOR = HeifExtractor()
