"""Fixture builders: files written the way cameras and AI tools write them, all made in tmp_path."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import piexif
from PIL import Image

SERIAL = "SN-SECRET-90210"
LENS_SERIAL = "LENS-SECRET-4242"
OWNER = "Jane Q. Private"
PROMPT_COMMENT = "Steps: 30, Sampler: Euler a, CFG scale: 7, Seed: 1234"
DESCRIPTION = "a hammerhead shark in a neon reef"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
    'exif:GPSLatitude="48,51.5N" exif:GPSLongitude="2,17.7E" xmp:CreatorTool="ComfyUI">'
    "<photoshop:City>Paris</photoshop:City></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def noisy(size: tuple[int, int], mode: str = "RGB", seed: int = 1) -> Image.Image:
    """Gradient plus noise: compresses like a real picture, not like a flat fill."""
    rng = random.Random(seed)
    w, h = size
    base = Image.linear_gradient("L").resize(size)
    noise = Image.frombytes("L", size, rng.randbytes(w * h))
    grey = Image.blend(base, noise, 0.3)
    return Image.merge("RGB", (grey, base, noise)).convert(mode)


def private_exif(orientation: int | None = None) -> bytes:
    """EXIF as a phone/camera app writes it, plus the generation text an AI tool adds."""
    zeroth = {
        piexif.ImageIFD.Make: b"Canon",
        piexif.ImageIFD.Model: b"Canon EOS R5",
        piexif.ImageIFD.Artist: OWNER.encode(),
        piexif.ImageIFD.ImageDescription: DESCRIPTION.encode(),
        piexif.ImageIFD.Software: b"ComfyUI",
    }
    if orientation:
        zeroth[piexif.ImageIFD.Orientation] = orientation
    exif = {
        piexif.ExifIFD.BodySerialNumber: SERIAL.encode(),
        piexif.ExifIFD.CameraOwnerName: OWNER.encode(),
        piexif.ExifIFD.LensSerialNumber: LENS_SERIAL.encode(),
        piexif.ExifIFD.UserComment: b"ASCII\x00\x00\x00" + PROMPT_COMMENT.encode(),
    }
    gps = {
        piexif.GPSIFD.GPSLatitudeRef: b"N",
        piexif.GPSIFD.GPSLatitude: ((48, 1), (51, 1), (3000, 100)),
        piexif.GPSIFD.GPSLongitudeRef: b"E",
        piexif.GPSIFD.GPSLongitude: ((2, 1), (17, 1), (4000, 100)),
    }
    return piexif.dump({"0th": zeroth, "Exif": exif, "GPS": gps, "1st": {}, "thumbnail": None})


def private_jpeg(path: Path, size: tuple[int, int] = (1000, 750), orientation: int | None = None) -> Path:
    noisy(size).save(path, "JPEG", quality=90, exif=private_exif(orientation), xmp=XMP.encode())
    return path


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def fake_huge_png(path: Path, width: int = 60000, height: int = 60000) -> Path:
    """A tiny file whose header claims a gigantic image: the classic decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    data = (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    )
    path.write_bytes(data)
    return path


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(x: float, y: float, z: float) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + _s15(x) + _s15(y) + _s15(z)


ADOBE_D50 = ((0.60974, 0.31111, 0.01947), (0.20528, 0.62567, 0.06087), (0.14919, 0.06322, 0.74457))
ADOBE_GAMMA = 563 / 256


def adobe_rgb_icc() -> bytes:
    """An ICC v2 matrix/TRC display profile with Adobe RGB (1998) primaries, laid out per ICC.1:2001."""
    desc_text = b"Test Adobe RGB (1998)\x00"
    desc = (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(desc_text))
        + desc_text
        + b"\x00" * (4 + 4 + 2 + 1 + 67)
    )
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(ADOBE_GAMMA * 256)) + b"\x00\x00"
    tags = [
        (b"desc", desc),
        (b"cprt", b"text\x00\x00\x00\x00no copyright\x00"),
        (b"wtpt", _xyz_tag(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz_tag(*ADOBE_D50[0])),
        (b"gXYZ", _xyz_tag(*ADOBE_D50[1])),
        (b"bXYZ", _xyz_tag(*ADOBE_D50[2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = io.BytesIO(), io.BytesIO()
    for sig, data in tags:
        while (offset + body.tell()) % 4:
            body.write(b"\x00")
        table.write(sig + struct.pack(">II", offset + body.tell(), len(data)))
        body.write(data)
    payload = struct.pack(">I", len(tags)) + table.getvalue() + body.getvalue()
    size = 128 + len(payload)
    header = (
        struct.pack(">I", size)
        + b"\x00\x00\x00\x00"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\x00" * 24
        + struct.pack(">I", 0)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\x00" * 48
    )
    assert len(header) == 128
    return header + payload
