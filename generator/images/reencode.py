"""BMP and TIFF files published from their pixels alone.

TIFF is a metadata container as much as an image format: GPS, camera serials, IPTC, Photoshop
blocks and XMP all sit in its tags, and Pillow carries several of them over when it saves an
image it opened (resolution, IPTC, Photoshop, XMP, ICC). So the pixels are copied into a fresh
image that has no `info` and no tags, and that is saved. Only the first page of a multi-page TIFF
is kept. Text hidden in the low bits is destroyed as for every other published image.
"""

from __future__ import annotations

import io

from PIL import Image

from .errors import CannotClean
from .stealth import MAX_PIXELS, carries_stealth, scrub

_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16"}


def reencode(data: bytes, fmt: str) -> bytes:
    """The same pixels in a new `fmt` file with no metadata; CannotClean when they cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise CannotClean("too large to re-encode")
            image.load()
            mode = image.mode if image.mode in _MODES else ("RGBA" if "A" in image.getbands() else "RGB")
            source = image if mode == image.mode else image.convert(mode)
            fresh = Image.frombytes(mode, source.size, source.tobytes())
            if mode == "P":
                palette = source.getpalette()
                if palette:
                    fresh.putpalette(palette)
            if carries_stealth(fresh):
                fresh = scrub(fresh)
            buffer = io.BytesIO()
            fresh.save(buffer, fmt, **({"compression": "tiff_deflate"} if fmt == "TIFF" else {}))
    except CannotClean:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise CannotClean(f"cannot re-encode its pixels ({exc})") from None
    return buffer.getvalue()
