"""Whether an EXIF block is safe to hand to piexif: every value fits inside the block.

piexif trusts each entry's count: a 529-byte JPEG whose Orientation entry claims 3.6 billion SHORT
values kept `originals: clean` busy for 136 s and 6.9 GB (found by fuzz/fuzz_images.py). This walk
reads only the IFD entries (IFD0, Exif, GPS, Interop and IFD1; a loop among them is refused) and checks that every
value's size and offset lie inside the TIFF data, so such a block is dropped instead of parsed.
"""

from __future__ import annotations

import struct

# Bytes per value of each TIFF field type (TIFF 6.0 section 2, plus the EXIF additions).
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_POINTERS = (0x8769, 0x8825, 0xA005)  # Exif IFD, GPS IFD, Interoperability IFD
MAX_ENTRIES = 4096  # over all IFDs; real cameras write a few hundred at most


def exif_fits(exif: bytes) -> bool:
    """True when `exif` (b"Exif\\0\\0" + TIFF, or TIFF alone) is well-formed enough to parse: a
    TIFF header, and IFDs whose entries all point inside the data."""
    tiff = exif[6:] if exif.startswith(b"Exif\x00\x00") else exif
    if tiff[:4] == b"II*\x00":
        order = "<"
    elif tiff[:4] == b"MM\x00*":
        order = ">"
    else:
        return False
    size = len(tiff)
    if size < 8:  # a header cut short before its first IFD's offset
        return False
    pending = [struct.unpack(order + "I", tiff[4:8])[0]]
    seen: set[int] = set()
    entries = 0
    while pending:
        offset = pending.pop()
        if offset == 0:
            continue
        if offset in seen:  # a loop: a parser following it may never end
            return False
        seen.add(offset)
        if offset + 2 > size:
            return False
        count = struct.unpack(order + "H", tiff[offset:offset + 2])[0]
        entries += count
        end = offset + 2 + 12 * count
        if entries > MAX_ENTRIES or end > size:
            return False
        for start in range(offset + 2, end, 12):
            tag, kind, values, value_at = struct.unpack(order + "HHII", tiff[start:start + 12])
            length = _TYPE_SIZES.get(kind, 1) * values
            if length > size or (length > 4 and value_at + length > size):
                return False
            if tag in _POINTERS and kind in (4, 13):
                pending.append(value_at)
        if len(seen) == 1 and end + 4 <= size:  # IFD0 links to IFD1 (the thumbnail's)
            pending.append(struct.unpack(order + "I", tiff[end:end + 4])[0])
    return True
