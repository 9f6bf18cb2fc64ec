"""Byte-level cleaning of published originals and of EXIF kept in derivatives.

Artists publish originals so viewers can read the generation data (prompts, workflows, settings); they
did not mean to publish where they live or which camera/serial they own. We therefore remove location,
device identity and owner names but keep generation parameters. XMP is kept by an allow-list of
namespace URIs and names (xmpclean.py), JPEG segments and PNG text by what they are. Pixels are
re-encoded only where they must be: text hidden in their low bits (stealth.py), and BMP/TIFF,
whose containers are rebuilt from the pixels alone (reencode.py). Editing bytes invalidates any C2PA signature, so "clean" drops C2PA stores ("exact" keeps them).
"""

from __future__ import annotations

import struct
import zlib

import piexif

from generator.images.errors import CannotClean

from .tiffbounds import exif_fits

# EXIF tags that identify a device or a person. GPS goes as a whole IFD.
_ZEROTH_DROP = {
    piexif.ImageIFD.Make,
    piexif.ImageIFD.Model,
    piexif.ImageIFD.Artist,
    piexif.ImageIFD.HostComputer,
    piexif.ImageIFD.CameraSerialNumber,
    piexif.ImageIFD.GPSTag,
}
_EXIF_DROP = {
    0xA430,  # CameraOwnerName
    0xA431,  # BodySerialNumber
    0xA433,  # LensMake
    0xA434,  # LensModel
    0xA435,  # LensSerialNumber
    piexif.ExifIFD.MakerNote,  # vendor blobs are full of serials
}
# Windows and DNG fields that name a person or a device, beside the ones above.
_ZEROTH_DROP |= {0x9C9D, 0xC614, 0xC615}  # XPAuthor, UniqueCameraModel, LocalizedCameraModel
# A work whose prompt is hidden keeps only these EXIF fields, all numbers or dates: ComfyUI-style
# savers and other tools write the prompt or the whole graph into Software, DocumentName,
# Copyright, ImageDescription, UserComment, the XP* fields, Make and Model, and more may come.
_PRIVATE_ZEROTH_KEEP = {
    piexif.ImageIFD.Orientation, piexif.ImageIFD.XResolution, piexif.ImageIFD.YResolution,
    piexif.ImageIFD.ResolutionUnit, piexif.ImageIFD.DateTime, piexif.ImageIFD.YCbCrPositioning,
    piexif.ImageIFD.ExifTag,
}
_PRIVATE_EXIF_KEEP = {
    piexif.ExifIFD.ExposureTime, piexif.ExifIFD.FNumber, piexif.ExifIFD.ExposureProgram,
    piexif.ExifIFD.ISOSpeedRatings, piexif.ExifIFD.ExifVersion, piexif.ExifIFD.DateTimeOriginal,
    piexif.ExifIFD.DateTimeDigitized, piexif.ExifIFD.ShutterSpeedValue, piexif.ExifIFD.ApertureValue,
    piexif.ExifIFD.ExposureBiasValue, piexif.ExifIFD.MeteringMode, piexif.ExifIFD.Flash,
    piexif.ExifIFD.FocalLength, piexif.ExifIFD.ColorSpace, piexif.ExifIFD.PixelXDimension,
    piexif.ExifIFD.PixelYDimension, piexif.ExifIFD.ExposureMode, piexif.ExifIFD.WhiteBalance,
    piexif.ExifIFD.FocalLengthIn35mmFilm, piexif.ExifIFD.SceneCaptureType,
}
_PNG_TEXT_DROP = {"author", "artist", "gps", "location", "owner", "serial", "camera", "xmp", "exif", "iptc"}
_PNG_XMP_KEYWORD = "xml:com.adobe.xmp"
# PNG chunks a cleaned original keeps as they are: pixels, animation, colour, resolution, time.
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"acTL", b"fcTL", b"fdAT", b"gAMA", b"cHRM", b"sRGB",
             b"iCCP", b"cICP", b"mDCV", b"cLLI", b"sBIT", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"tIME"}
_WEBP_KEEP = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
# JPEG segments a cleaned original keeps (everything else, APPn from APP3 to APP15 but APP14 included,
# is a vendor's: Kodak, Ricoh, Photoshop IRB with IPTC, FlashPix, JUMBF, MPF): markers, by payload start.
_JPEG_TABLES = {0xC4, 0xCC, 0xDB, 0xDD, *range(0xC0, 0xD0)}  # frame headers, Huffman/quantisation tables, restart
_JPEG_APP_KEEP = {0xE0: (b"JFIF\x00",), 0xE2: (b"ICC_PROFILE\x00",), 0xEE: (b"Adobe",)}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_XMP_JPEG_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
_MAX_XMP = 4 << 20


def clean_exif(exif: bytes, drop_orientation: bool = False, drop_text: bool = False) -> bytes | None:
    """Return cleaned EXIF (b"Exif\\0\\0"+TIFF) or None when it cannot be parsed safely (then drop it).

    drop_orientation is for derivatives, whose pixels are already rotated; drop_text removes the
    fields tools write the prompt into, for works whose artist keeps the prompt private.
    """
    if not exif_fits(exif):  # piexif trusts value counts: a few bytes could claim gigabytes
        return None
    try:
        data = piexif.load(exif)
        if drop_orientation:
            data["0th"].pop(piexif.ImageIFD.Orientation, None)
        data["GPS"] = {}
        data["1st"] = {}
        data["thumbnail"] = None
        for tag in _ZEROTH_DROP:
            data["0th"].pop(tag, None)
        for tag in _EXIF_DROP:
            data["Exif"].pop(tag, None)
        if drop_text:  # an allow-list: a hidden prompt beats every keep option
            data["0th"] = {k: v for k, v in data["0th"].items() if k in _PRIVATE_ZEROTH_KEEP}
            data["Exif"] = {k: v for k, v in data["Exif"].items() if k in _PRIVATE_EXIF_KEEP}
            data["Interop"] = {}
        dumped = piexif.dump(data)
    except Exception:
        return None
    return dumped if dumped.startswith(b"Exif") else b"Exif\x00\x00" + dumped


def clean_xmp(xmp: bytes) -> bytes:
    """The packet's allowed properties only, chosen by namespace URI (see xmpclean); b"" for none."""
    from .xmpclean import clean_xmp_packet

    return clean_xmp_packet(xmp)


def clean_original(data: bytes, fmt: str, hidden: bool | None = None) -> bytes:
    """Dispatch by Pillow format name; raise CannotClean for containers we do not handle.

    Text hidden in the pixels' low bits is destroyed too (images/stealth.py), so a cleaned PNG or
    WebP that carried it is re-encoded, losslessly; BMP and TIFF, whose metadata Pillow would
    carry over, are re-encoded from their pixels alone (images/reencode.py). `hidden`: whether
    the pixels carry such text, when the caller has checked them already (stealth.scrub_encoded)."""
    from .stealth import scrub_encoded

    if fmt in ("JPEG", "MPO"):
        return _clean_jpeg(data)
    if fmt == "PNG":
        return scrub_encoded(_clean_png(data), "PNG", hidden)
    if fmt == "WEBP":
        return scrub_encoded(_clean_webp(data), "WEBP", hidden)
    if fmt in ("BMP", "TIFF"):
        from .reencode import reencode

        return reencode(data, fmt)
    if fmt == "GIF":  # no EXIF, but an XMP application block can carry GPS: keep only what draws
        from generator.images.strip import strip_all

        return strip_all(data, "GIF")
    raise CannotClean(f"cannot clean {fmt or 'unknown'} originals without re-encoding")


def _clean_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise CannotClean("not a JPEG stream")
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise CannotClean("corrupt JPEG marker stream")
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: pixels, copied verbatim up to the end of this image
            end = data.find(b"\xff\xd9", pos)
            # Whatever follows is not this image: an MPO's second picture with its own EXIF and
            # GPS, or a phone's motion-photo video with its location. It is dropped.
            out += data[pos:] if end == -1 else data[pos:end + 2]
            return bytes(out)
        if marker in (0x01, *range(0xD0, 0xD8)):
            out += data[pos : pos + 2]
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        payload = data[pos + 4 : pos + 2 + length]
        pos += 2 + length
        out += _jpeg_segment(marker, payload)
    raise CannotClean("JPEG ended before image data")


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
        cleaned = clean_exif(payload)
        payload = cleaned if cleaned is not None else b""
    elif marker == 0xE1 and payload.startswith(_XMP_JPEG_HEADER):
        packet = clean_xmp(payload[len(_XMP_JPEG_HEADER) :])
        payload = _XMP_JPEG_HEADER + packet if packet else b""
    elif _dropped_segment(marker, payload):
        payload = b""
    if not payload or len(payload) + 2 > 0xFFFF:
        return b""
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _dropped_segment(marker: int, payload: bytes) -> bool:
    """Every application segment but JFIF, ICC profiles and Adobe's colour transform: APP13 IPTC
    (city, byline), APP11 JUMBF/C2PA (broken by editing anyway), extended XMP (fragments of a
    packet too long to clean), the MPF index of pictures dropped after the first, FlashPix,
    vendors' blocks. An allow-list, since each vendor invents its own. APP1 EXIF and XMP were
    cleaned before; any other APP1 goes. Comments (COM) go too: free text that no generator
    artsite reads writes into, and that cameras and editors fill with names and serials."""
    if marker in (0xE1, 0xFE):
        return True
    if 0xE0 <= marker <= 0xEF:
        return not payload.startswith(_JPEG_APP_KEEP.get(marker, (b"\xff\xff\xff",)))
    return marker not in _JPEG_TABLES  # JPG extensions and anything unknown


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _clean_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise CannotClean("not a PNG stream")
    out = bytearray(_PNG_SIGNATURE)
    pos = len(_PNG_SIGNATURE)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        raw = data[pos : pos + 12 + length]
        pos += 12 + length
        replacement = _png_replacement(kind, body)
        out += raw if replacement is None else replacement
        if kind == b"IEND":
            return bytes(out)
    raise CannotClean("PNG ended without IEND")


def _png_replacement(kind: bytes, body: bytes) -> bytes | None:
    """None keeps the chunk as-is, b"" drops it, other bytes replace it."""
    if kind == b"eXIf":
        cleaned = clean_exif(b"Exif\x00\x00" + body)
        return _png_chunk(kind, cleaned[6:]) if cleaned else b""
    if kind == b"caBX":  # C2PA store
        return b""
    if kind in (b"tEXt", b"iTXt", b"zTXt"):
        keyword = body.split(b"\x00", 1)[0].decode("latin-1").lower()
        if keyword == _PNG_XMP_KEYWORD:
            return _clean_png_xmp(kind, body)
        if keyword.startswith("raw profile type") or any(word in keyword for word in _PNG_TEXT_DROP):
            return b""  # ImageMagick's hex dumps of EXIF/IPTC/8BIM/XMP, and names of people or places
        return None
    return None if kind in _PNG_KEEP else b""  # a private or unknown chunk: nobody said what it holds


def png_text(kind: bytes, body: bytes) -> tuple[bytes, bytes] | None:
    """(keyword, text bytes) of a tEXt, zTXt or iTXt chunk, inflated with a bound; None if malformed."""
    keyword, sep, rest = body.partition(b"\x00")
    if not sep:
        return None
    try:
        if kind == b"tEXt":
            return keyword, rest
        if kind == b"zTXt":
            return keyword, _inflate(rest[1:])
        compressed = rest[:1] == b"\x01"
        _lang, _, rest = rest[2:].partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        return keyword, _inflate(text) if compressed else text
    except zlib.error:
        return None


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, _MAX_XMP + 1)
    if len(text) > _MAX_XMP:
        raise zlib.error("text chunk inflates beyond the limit")
    return text


def _clean_png_xmp(kind: bytes, body: bytes) -> bytes:
    """XMP in any of PNG's three text chunks (ImageMagick and exiftool write tEXt or zTXt too),
    cleaned, and written back the standard way: an uncompressed iTXt."""
    parsed = png_text(kind, body)
    packet = clean_xmp(parsed[1]) if parsed else b""
    if not packet:
        return b""
    return _png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet)


def _clean_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise CannotClean("not a WebP stream")
    chunks: list[tuple[bytes, bytes]] = []
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 8 + length + (length & 1)
        if kind == b"EXIF":
            cleaned = clean_exif(body if body.startswith(b"Exif") else b"Exif\x00\x00" + body)
            if cleaned is None:
                continue
            body = cleaned[6:] if not body.startswith(b"Exif") else cleaned
        elif kind == b"XMP ":
            body = clean_xmp(body)
            if not body:
                continue
        elif kind not in _WEBP_KEEP:  # C2PA, and any chunk nobody said is harmless
            continue
        chunks.append((kind, body))
    kinds = {k for k, _ in chunks}
    out = bytearray()
    for kind, body in chunks:
        if kind == b"VP8X" and len(body) >= 1:
            flags = body[0] & ~(0x08 if b"EXIF" not in kinds else 0) & ~(0x04 if b"XMP " not in kinds else 0)
            body = bytes([flags]) + body[1:]
        out += kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) & 1 else b"")
    return b"RIFF" + struct.pack("<I", len(out) + 4) + b"WEBP" + bytes(out)
