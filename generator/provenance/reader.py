"""Read one image's provenance: the single entry point the build and the CLI call.

The reader is the wall between untrusted bytes and the rest of artsite. It reads a bounded
prefix of the file, lets every extractor fill a `MetadataBag`, then lets the first matching
generation parser and every annotation parser fill a `Provenance`. Whatever goes wrong inside a
reader becomes a warning on that file; `read_provenance` itself never raises.
"""

from __future__ import annotations

import os

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat, NotMyFormat
from generator.provenance.registry import all_extractors, all_parsers
from generator.provenance.result import Provenance

# Metadata never needs more than this many bytes of a file; larger files are read up to here
# (PNG text after a huge IDAT is then missed, with a warning, rather than exhausting memory).
MAX_FILE_BYTES = 256 * 1024 * 1024
VIDEO_HEAD_BYTES = 64 * 1024  # a video is read by path (see extractors/video.py): only its head is loaded
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"})
MAX_RAW_VALUE = 64 * 1024  # each raw value kept in the result is cut here, so sidecars stay small


def sniff_container(data: bytes) -> str:
    """The container named by the file's magic bytes; file names lie (JPEGs behind `.png`)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "avif"
    if data[4:8] == b"ftyp":
        return "heif" if data[8:12] in HEIF_BRANDS else "mp4"  # MP4, MOV and M4V share the box format
    if data[:4] == b"\x1a\x45\xdf\xa3":  # EBML: Matroska and WebM
        return "webm"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return "unknown"


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """At most MAX_FILE_BYTES of a regular file (a named pipe or device is refused, not waited on);
    a video's head only, since its readers work from the path."""
    from generator.readfile import read_regular

    head = read_regular(path, VIDEO_HEAD_BYTES)
    if len(head) < VIDEO_HEAD_BYTES or sniff_container(head) in ("mp4", "webm"):
        return head
    return read_regular(path, MAX_FILE_BYTES)


def extract(path: str, data: bytes) -> MetadataBag:
    """Run every extractor over the bytes; a failing extractor becomes a warning."""
    bag = MetadataBag(path=path, container=sniff_container(data))
    for extractor in all_extractors():
        try:
            extractor.extract(data, bag)
        except Exception as exc:  # a reader must never break the build
            bag.warnings.append(f"{extractor.name}: could not read metadata ({type(exc).__name__}: {exc})"[:500])
    return bag


def interpret(bag: MetadataBag) -> Provenance:
    """Turn a filled bag into a Provenance: first generation parser wins, annotations all run."""
    result = Provenance(file=bag.path, warnings=list(bag.warnings))
    for parser in all_parsers():
        if parser.kind == "generation" and result.format is not None:
            continue
        try:
            matched = parser.parse(bag, result)
        except NotMyFormat:
            continue
        except BrokenFormat as exc:
            result.warnings.append(f"{parser.name}: {exc}"[:500])
            continue
        except Exception as exc:  # defensive: a parser bug is a warning, not a crash
            result.warnings.append(f"{parser.name}: unexpected error ({type(exc).__name__}: {exc})"[:500])
            continue
        if matched and parser.kind == "generation" and result.reader is None:
            result.reader = parser.name
    result.raw = raw_values(bag)
    return result


def raw_values(bag: MetadataBag) -> dict[str, str]:
    """Every text the file carried, bounded, so nothing is lost when a parser is incomplete."""
    raw: dict[str, str] = {}
    for key, value in bag.text.items():
        raw[f"png:{key}"] = value[:MAX_RAW_VALUE]
    for key, value in bag.exif.items():
        raw[f"exif:{key}"] = value[:MAX_RAW_VALUE]
    for key, value in bag.iptc.items():
        raw[f"iptc:{key}"] = value[:MAX_RAW_VALUE]
    if bag.xmp:
        raw["xmp"] = bag.xmp[:MAX_RAW_VALUE]
    if bag.comment:
        raw["comment"] = bag.comment[:MAX_RAW_VALUE]
    if bag.stealth:
        raw["stealth"] = bag.stealth[:MAX_RAW_VALUE]
    return raw


def read_provenance(path: str | os.PathLike[str], data: bytes | None = None) -> Provenance:
    """Provenance of one image file. Never raises: an unreadable file gets `error` set."""
    name = str(path)
    try:
        if data is None:
            data = read_bytes(path)
    except OSError as exc:
        return Provenance(file=name, error=f"cannot read file: {exc.strerror or exc}")
    if not data:
        return Provenance(file=name, error="empty file")
    return interpret(extract(name, data))

