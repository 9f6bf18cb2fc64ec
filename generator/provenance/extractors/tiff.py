"""TIFF: the file is itself an EXIF-structured block, so its IFD0 and Exif IFD are read directly.

Scripts and editors that save TIFF keep a generation record where EXIF would: ImageDescription,
UserComment, Software. Only the IFDs are walked (by `decode_exif`, which bounds every offset);
strips and tiles are never touched.
"""

from __future__ import annotations

from generator.provenance.bag import MetadataBag
from generator.provenance.extractors._exif import decode_exif

MAX_TIFF_HEADER_BYTES = 16 * 1024 * 1024  # IFDs sit near the start; enough for any real one


class TiffExtractor:
    name = "tiff"
    order = 14

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if bag.container == "tiff" and not bag.exif:
            decode_exif(data[:MAX_TIFF_HEADER_BYTES], bag, "tiff")


EXTRACTOR = TiffExtractor()
