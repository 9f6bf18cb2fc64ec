"""JPEG segments: APP1 EXIF and XMP, APP13 IPTC, COM, SOFn size; the scan data is never read.

Walking stops at SOS, so the cost does not grow with the image size. Extended XMP (split over
several APP1 segments) is not reassembled: generators keep their records in the main packet.
"""

from __future__ import annotations

import struct

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag
from generator.provenance.extractors._common import decode_text, set_xmp
from generator.provenance.extractors._containers import jpeg_segments
from generator.provenance.extractors._exif import EXIF_PREFIX, decode_exif
from generator.provenance.extractors._iptc import PHOTOSHOP_PREFIX, decode_photoshop

XMP_PREFIX = b"http://ns.adobe.com/xap/1.0/\x00"
# Start-of-frame markers carry the pixel size (C4 DHT, C8 JPG and CC DAC share the range).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class JpegExtractor:
    name = "jpeg"
    order = 10

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if bag.container != "jpeg":
            return
        problems: list[str] = []
        exif_seen = False
        for marker, start, end in jpeg_segments(data, problems):
            if marker == 0xE1:
                head = data[start: start + len(XMP_PREFIX)]
                if head.startswith(EXIF_PREFIX):
                    if not exif_seen:
                        exif_seen = True
                        decode_exif(data[start:end], bag, "jpeg APP1 Exif")
                elif head == XMP_PREFIX:
                    set_xmp(bag, data[start + len(XMP_PREFIX): end], "jpeg APP1 XMP")
            elif marker == 0xED and data[start: start + len(PHOTOSHOP_PREFIX)] == PHOTOSHOP_PREFIX:
                if not bag.iptc:
                    decode_photoshop(data[start:end], bag, "jpeg APP13")
            elif marker == 0xFE and bag.comment is None:  # COM: free text, the first one kept
                bag.comment = decode_text(data[start:min(end, start + MAX_TEXT_BYTES)]) or None
            elif marker in _SOF and end - start >= 5 and bag.width is None:
                height, width = struct.unpack_from(">HH", data, start + 1)
                bag.width, bag.height = width, height
        bag.warnings.extend(problems[:5])


EXTRACTOR = JpegExtractor()
