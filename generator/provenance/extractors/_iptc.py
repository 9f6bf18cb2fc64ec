"""IPTC-IIM datasets, as found in a JPEG APP13 Photoshop block or an ImageMagick raw profile.

Only record 2 (application) is kept, by the dataset names ExifTool uses, so parsers can look up
"Caption-Abstract" or "Credit" without knowing dataset numbers. Repeated datasets (Keywords)
are joined with ", ".
"""

from __future__ import annotations

import struct

from generator.provenance.bag import MetadataBag
from generator.provenance.extractors._common import store

PHOTOSHOP_PREFIX = b"Photoshop 3.0\x00"
IPTC_RESOURCE_ID = 0x0404
MAX_DATASETS = 5000

DATASETS = {
    5: "ObjectName", 7: "EditStatus", 10: "Urgency", 12: "SubjectReference", 15: "Category",
    20: "SupplementalCategories", 22: "FixtureIdentifier", 25: "Keywords", 40: "SpecialInstructions",
    55: "DateCreated", 60: "TimeCreated", 62: "DigitalCreationDate", 63: "DigitalCreationTime",
    65: "OriginatingProgram", 70: "ProgramVersion", 80: "By-line", 85: "By-lineTitle", 90: "City",
    92: "Sub-location", 95: "Province-State", 100: "Country-PrimaryLocationCode",
    101: "Country-PrimaryLocationName", 103: "OriginalTransmissionReference", 105: "Headline",
    110: "Credit", 115: "Source", 116: "CopyrightNotice", 118: "Contact", 120: "Caption-Abstract",
    122: "Writer-Editor",
}
_UTF8_ESCAPE = b"\x1b%G"


def photoshop_resources(block: bytes) -> dict[int, bytes]:
    """8BIM image resources of a Photoshop IRB block by id (first wins)."""
    found: dict[int, bytes] = {}
    pos = 0
    size = len(block)
    for _ in range(MAX_DATASETS):
        if pos + 7 > size or block[pos: pos + 4] != b"8BIM":
            break
        (rid,) = struct.unpack_from(">H", block, pos + 4)
        name_len = block[pos + 6]
        pos += 6 + ((name_len + 2) & ~1)  # Pascal name padded to even, length byte included
        if pos + 4 > size:
            break
        (length,) = struct.unpack_from(">I", block, pos)
        pos += 4
        if pos + length > size:
            break
        found.setdefault(rid, block[pos: pos + length])
        pos += length + (length & 1)
    return found


def decode_iim(raw: bytes, bag: MetadataBag, where: str = "iptc") -> None:
    """Record-2 datasets into bag.iptc."""
    values: dict[str, list[str]] = {}
    utf8 = False
    pos = 0
    size = len(raw)
    for _ in range(MAX_DATASETS):
        if pos + 5 > size or raw[pos] != 0x1C:
            break
        record, dataset = raw[pos + 1], raw[pos + 2]
        (length,) = struct.unpack_from(">H", raw, pos + 3)
        if length & 0x8000:  # extended dataset: too large for text we want
            bag.warnings.append(f"{where}: extended IPTC dataset skipped")
            break
        body = raw[pos + 5: pos + 5 + length]
        pos += 5 + length
        if record == 1 and dataset == 90:
            utf8 = _UTF8_ESCAPE in body
        elif record == 2 and dataset in DATASETS:
            values.setdefault(DATASETS[dataset], []).append(_decode(body, utf8))
    for name, texts in values.items():
        store(bag, bag.iptc, name, ", ".join(t for t in texts if t), where)


def _decode(body: bytes, utf8: bool) -> str:
    if utf8:
        return body.decode("utf-8", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def decode_photoshop(block: bytes, bag: MetadataBag, where: str = "iptc") -> None:
    """IPTC from a Photoshop IRB (with or without the "Photoshop 3.0" header)."""
    if block.startswith(PHOTOSHOP_PREFIX):
        block = block[len(PHOTOSHOP_PREFIX):]
    iim = photoshop_resources(block).get(IPTC_RESOURCE_ID)
    if iim:
        decode_iim(iim, bag, where)
