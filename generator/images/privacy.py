"""Byte-level cleaning of published originals and of EXIF kept in derivatives.

Artists publish originals so viewers can read the generation data (prompts, workflows, settings); they
did not mean to publish where they live or which camera/serial they own. We therefore remove location,
device identity and owner names but keep generation parameters, and we never re-encode pixels.
Editing bytes invalidates any C2PA signature, so "clean" drops C2PA stores ("exact" keeps them).
"""

from __future__ import annotations

import re
import struct
import zlib

import piexif

from generator.images.errors import CannotClean

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
# XMP properties with location, device identity or owner names (namespace prefix:name, regex on local part).
_XMP_DROP = re.compile(
    r"(?:exif:GPS\w*|exifEX:(?:BodySerialNumber|LensSerialNumber|CameraOwnerName|LensMake|LensModel)"
    r"|aux:(?:SerialNumber|LensSerialNumber|OwnerName|Lens)|tiff:(?:Make|Model|Artist)"
    r"|photoshop:(?:City|State|Country|Location)|Iptc4xmpCore:(?:Location|CountryCode)"
    r"|Iptc4xmpExt:(?:LocationCreated|LocationShown)|dc:creator|xmpRights:Owner|photoshop:AuthorsPosition)"
)
_PNG_TEXT_DROP = {"author", "artist", "gps", "location", "raw profile type exif", "raw profile type app1",
                  "raw profile type xmp", "raw profile type iptc"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_XMP_JPEG_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
_XMP_EXTENSION_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"  # the rest of a long XMP packet
_MAX_XMP = 4 << 20


def clean_exif(exif: bytes, drop_orientation: bool = False, drop_text: bool = False) -> bytes | None:
    """Return cleaned EXIF (b"Exif\\0\\0"+TIFF) or None when it cannot be parsed safely (then drop it).

    drop_orientation is for derivatives, whose pixels are already rotated; drop_text removes the
    fields tools write the prompt into, for works whose artist keeps the prompt private.
    """
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
        if drop_text:
            for tag in (piexif.ImageIFD.ImageDescription, piexif.ImageIFD.XPComment, piexif.ImageIFD.XPKeywords,
                        piexif.ImageIFD.XPSubject, piexif.ImageIFD.XPTitle):
                data["0th"].pop(tag, None)
            data["Exif"].pop(piexif.ExifIFD.UserComment, None)
        dumped = piexif.dump(data)
    except Exception:
        return None
    return dumped if dumped.startswith(b"Exif") else b"Exif\x00\x00" + dumped


def clean_xmp(xmp: bytes) -> bytes:
    """Remove private XMP properties in both attribute and element form; bounded regex work."""
    if len(xmp) > _MAX_XMP:
        return b""
    text = xmp.decode("utf-8", "replace")
    name = _XMP_DROP.pattern
    text = re.sub(rf"\s(?:{name})\s*=\s*(\"[^\"]*\"|'[^']*')", "", text)
    text = re.sub(rf"<({name})\b[^>]*/>", "", text)
    text = re.sub(rf"<({name})\b[^>]*>.*?</\1\s*>", "", text, flags=re.S)
    return text.encode("utf-8")


def clean_original(data: bytes, fmt: str) -> bytes:
    """Dispatch by Pillow format name; raise CannotClean for containers we do not handle."""
    if fmt in ("JPEG", "MPO"):
        return _clean_jpeg(data)
    if fmt == "PNG":
        return _clean_png(data)
    if fmt == "WEBP":
        return _clean_webp(data)
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
        payload = _XMP_JPEG_HEADER + clean_xmp(payload[len(_XMP_JPEG_HEADER) :])
    elif _dropped_segment(marker, payload):
        payload = b""
    if not payload or len(payload) + 2 > 0xFFFF:
        return b""
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _dropped_segment(marker: int, payload: bytes) -> bool:
    """APP13 IPTC (city, byline); APP11 JUMBF/C2PA (broken by editing anyway); extended XMP
    (fragments of a packet too long to clean); the MPF index of pictures dropped after the first."""
    return (marker in (0xED, 0xEB) or (marker == 0xE1 and payload.startswith(_XMP_EXTENSION_HEADER))
            or (marker == 0xE2 and payload.startswith(b"MPF\x00")))


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
        if keyword in _PNG_TEXT_DROP:
            return b""
        if kind == b"iTXt" and keyword == "xml:com.adobe.xmp":
            return _clean_png_xmp(body)
    return None


def _clean_png_xmp(body: bytes) -> bytes:
    parts = body.split(b"\x00", 5)  # keyword, flag+method (2 bytes start), lang, translated, text
    if len(parts) < 5 or len(body) < len(parts[0]) + 3:
        return b""
    keyword, rest = parts[0], body[len(parts[0]) + 1 :]
    compressed, _method = rest[0], rest[1]
    lang, translated, text = rest[2:].split(b"\x00", 2)
    if compressed:
        return b""  # compressed XMP is rare; dropping is the safe choice
    new_body = keyword + b"\x00\x00\x00" + lang + b"\x00" + translated + b"\x00" + clean_xmp(text)
    return _png_chunk(b"iTXt", new_body)


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
        elif kind == b"C2PA":
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
