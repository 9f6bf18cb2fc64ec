"""WebP (RIFF) chunks: VP8X/VP8/VP8L for size and alpha, EXIF and XMP chunks.

Only chunk headers and a few bytes of the bitstream headers are read; frames are never decoded.
"""

from __future__ import annotations

import struct

from generator.provenance.bag import MetadataBag
from generator.provenance.extractors._common import set_xmp
from generator.provenance.extractors._containers import riff_chunks
from generator.provenance.extractors._exif import decode_exif


class WebpExtractor:
    name = "webp"
    order = 10

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if bag.container != "webp":
            return
        problems: list[str] = []
        exif_seen = False
        for fourcc, start, end in riff_chunks(data, problems):
            body_len = end - start
            if fourcc == b"VP8X" and body_len >= 10:
                flags = data[start]
                bag.has_alpha = bag.has_alpha or bool(flags & 0x10)
                bag.width = 1 + int.from_bytes(data[start + 4: start + 7], "little")
                bag.height = 1 + int.from_bytes(data[start + 7: start + 10], "little")
            elif fourcc == b"VP8 " and body_len >= 10 and bag.width is None:
                if data[start + 3: start + 6] == b"\x9d\x01\x2a":
                    width, height = struct.unpack_from("<HH", data, start + 6)
                    bag.width, bag.height = width & 0x3FFF, height & 0x3FFF
            elif fourcc == b"VP8L" and body_len >= 5 and bag.width is None:
                if data[start] == 0x2F:
                    (bits,) = struct.unpack_from("<I", data, start + 1)
                    bag.width = (bits & 0x3FFF) + 1
                    bag.height = ((bits >> 14) & 0x3FFF) + 1
                    bag.has_alpha = bag.has_alpha or bool((bits >> 28) & 1)
            elif fourcc == b"EXIF" and not exif_seen:
                exif_seen = True
                decode_exif(data[start:end], bag, "webp EXIF")
            elif fourcc == b"XMP ":
                set_xmp(bag, data[start:end], "webp XMP")
        bag.warnings.extend(problems[:5])


EXTRACTOR = WebpExtractor()
