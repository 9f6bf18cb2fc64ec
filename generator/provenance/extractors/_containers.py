"""Walk container structures by their length fields, never touching pixel data.

Each walker yields (type, start, end) of one chunk/segment body and stops at the container's
end marker, at truncation or after a fixed number of parts, so hostile files cost bounded time.
The C2PA extractor reuses them to look for a manifest without scanning the whole file.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PARTS = 100_000  # more chunks/segments than any real image carries


def png_chunks(data: bytes, problems: list[str] | None = None) -> Iterator[tuple[bytes, int, int]]:
    """(chunk type, body start, body end) for each PNG chunk up to IEND."""
    pos = len(PNG_SIGNATURE)
    size = len(data)
    for _ in range(MAX_PARTS):
        if pos + 8 > size:
            if problems is not None:
                problems.append("png: file ends before IEND (truncated)")
            return
        length, ctype = struct.unpack_from(">I4s", data, pos)
        start = pos + 8
        end = start + length
        if length > 0x7FFFFFFF or end + 4 > size:
            if problems is not None:
                problems.append(f"png: chunk {ctype!r} claims {length} bytes past the end of the file (truncated)")
            return
        yield ctype, start, end
        if ctype == b"IEND":
            return
        pos = end + 4  # skip CRC
    if problems is not None:
        problems.append("png: too many chunks, stopped reading")


# JPEG markers without a length field.
_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}


def jpeg_segments(data: bytes, problems: list[str] | None = None) -> Iterator[tuple[int, int, int]]:
    """(marker, body start, body end) for each JPEG segment up to SOS (the entropy-coded data)."""
    pos = 2
    size = len(data)
    for _ in range(MAX_PARTS):
        if pos + 2 > size or data[pos] != 0xFF:
            if problems is not None and pos < size:
                problems.append("jpeg: segment stream is broken, stopped reading")
            return
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            return
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE:
            continue
        if marker == 0xD9 or pos + 2 > size:
            return
        (length,) = struct.unpack_from(">H", data, pos)
        if length < 2 or pos + length > size:
            if problems is not None:
                problems.append(f"jpeg: segment 0x{marker:02X} runs past the end of the file (truncated)")
            return
        yield marker, pos + 2, pos + length
        if marker == 0xDA:
            return
        pos += length


def riff_chunks(data: bytes, problems: list[str] | None = None) -> Iterator[tuple[bytes, int, int]]:
    """(fourcc, body start, body end) for each top-level chunk of a RIFF/WEBP file."""
    pos = 12
    size = min(len(data), 8 + struct.unpack_from("<I", data, 4)[0]) if len(data) >= 12 else 0
    for _ in range(MAX_PARTS):
        if pos + 8 > size:
            return
        fourcc, length = struct.unpack_from("<4sI", data, pos)
        start = pos + 8
        end = start + length
        if end > len(data):
            if problems is not None:
                problems.append(f"webp: chunk {fourcc!r} runs past the end of the file (truncated)")
            return
        yield fourcc, start, end
        pos = end + (length & 1)
