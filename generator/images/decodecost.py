"""What decoding an image would cost, read from its headers before a single pixel is decoded.

Pillow's pixel limit (`max_pixels`) alone lets small files cost minutes or gigabytes:

* a progressive JPEG may repeat a scan thousands of times; each one costs a pass over the whole
  image (libjpeg-turbo's report "Two Issues with the JPEG Standard", LJT-01-003), so 265 KB took
  16 s. The markers are walked here and the scans counted; absurd counts are refused.
* a 389 KB PNG of 100 million RGBA pixels decodes to 400 MB and peaks at three times that while
  it is resized. The bytes Pillow will hold (mode, channels, depth) times the working copies must
  fit the job's memory budget.
* a GIF's frame count is only known by walking every frame (Pillow's `n_frames` does exactly that
  in Python); it is counted here with a cap, so 100,000 one-pixel frames cost one quick pass.

Every check returns a sentence for a warning (the caller names the file) or None.
"""

from __future__ import annotations

import struct

# Real encoders write 10 scans (libjpeg's default script) or fewer than 20 (mozjpeg, jpegtran
# scripts); DALI and qpdf refuse above 500, libjpeg-turbo's tools let the caller choose.
MAX_JPEG_SCANS = 100
# Each scan is a pass over every pixel: 100 scans of a 16 MP photo decode in about 1.5 s here,
# so the product of the two is bounded as well (20 scans of a 100 MP image).
MAX_SCAN_PIXELS = 2_000_000_000
# Beyond this many frames an animation is not re-encoded (its stripped original is published).
MAX_FRAMES = 1000
# Peak memory of a job is about this many times the decoded image: the decoded pixels, a
# premultiplied or converted copy while resizing, and the encoders' buffers (measured: a 100 MP
# RGBA PNG peaked at 925 MB for its 400 MB of pixels).
WORKING_COPIES = 3
DEFAULT_MEMORY_MB = 1024  # images.memory_limit: what one image job may allocate
_MB = 1 << 20

# Bytes per pixel as Pillow holds each mode after decoding. 16-bit grey counts as 4: the encoder
# widens it to 32-bit "I" before scaling it down to 8 bits (jobs._normalise_mode).
_MODE_BYTES = {"1": 1, "L": 1, "P": 1, "LA": 2, "La": 2, "PA": 2, "RGB": 4, "YCbCr": 4, "LAB": 4, "HSV": 4,
               "RGBA": 4, "RGBa": 4, "RGBX": 4, "CMYK": 4, "I": 4, "F": 4, "I;16": 4, "I;16B": 4,
               "I;16L": 4, "I;16N": 4}
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RSTn carry no length
_SOS, _EOI, _SOI = 0xDA, 0xD9, 0xD8


def jpeg_scans(data: bytes, stop_after: int = MAX_JPEG_SCANS) -> int:
    """How many start-of-scan segments the first image of a JPEG stream holds (counting stops
    past `stop_after`). Entropy-coded data is skipped the way decoders find the next marker: an
    0xFF not followed by a stuffed zero, a restart marker or another fill byte."""
    size, pos, scans = len(data), 2, 0
    while pos + 1 < size:
        if data[pos] != 0xFF:  # garbage between segments: decoders skip to the next marker too
            pos = data.find(b"\xff", pos)
            if pos < 0:
                break
            continue
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (_EOI, _SOI) and pos > 2:
            break
        if marker in _STANDALONE or marker == 0x00:
            pos += 2
            continue
        if pos + 4 > size:
            break
        pos += 2 + struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker != _SOS:
            continue
        scans += 1
        if scans > stop_after:
            break
        pos = _after_entropy_data(data, pos)
    return scans


def _after_entropy_data(data: bytes, pos: int) -> int:
    size = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= size:
            return size
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
        elif following == 0xFF:
            pos += 1
        else:
            return pos


def gif_frames(data: bytes, stop_after: int = MAX_FRAMES) -> int:
    """Image descriptors in a GIF stream, counted up to `stop_after` + 1 without decoding any."""
    if len(data) < 13:
        return 0
    flags = data[10]
    pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    frames = 0
    size = len(data)
    while pos < size and frames <= stop_after:
        block = data[pos]
        if block == 0x2C:
            frames += 1
            if pos + 10 > size:
                break
            local = data[pos + 9]
            pos = _skip_sub_blocks(data, pos + 10 + (3 * (2 << (local & 7)) if local & 0x80 else 0) + 1)
        elif block == 0x21:
            pos = _skip_sub_blocks(data, pos + 2)
        else:  # the trailer, or something no decoder reads further than
            break
    return frames


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    size = len(data)
    while pos < size:
        length = data[pos]
        pos += 1 + length
        if length == 0:
            return pos
    return size


def decoded_bytes(mode: str, width: int, height: int) -> int:
    """What Pillow allocates for one frame of this mode and size."""
    return width * height * _MODE_BYTES.get(mode, 4)


def decode_problem(data: bytes, fmt: str, mode: str, width: int, height: int, memory_mb: int) -> str | None:
    """Why decoding this still image would cost too much, or None when it fits the budget."""
    need = decoded_bytes(mode, width, height) * WORKING_COPIES
    if need > memory_mb * _MB:
        return (f"image needs about {need // _MB} MB to convert ({width}x{height} {mode}), over the "
                f"{memory_mb} MB allowed per image (images.memory_limit)")
    if fmt in ("JPEG", "MPO"):
        scans = jpeg_scans(data)
        if scans > MAX_JPEG_SCANS:
            return (f"JPEG has more than {MAX_JPEG_SCANS} scans; each costs a pass over the whole image, "
                    "so it is not converted (re-save it with an ordinary encoder)")
        if scans * width * height > MAX_SCAN_PIXELS:
            return (f"JPEG has {scans} scans of {width}x{height} pixels; decoding it would take too long "
                    "(re-save it as a baseline or ordinary progressive JPEG)")
    return None
