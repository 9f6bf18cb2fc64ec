"""Write the TDM reservation into a published original's XMP, unless that would break a signature.

TDMRep's vocabulary (https://www.w3.org/ns/tdmrep) defines `reservation` (1 or 0) and `policy`
(a URL); in XMP they are `tdm:reservation` and `tdm:policy` in the namespace below. Changing
any byte of a file that carries a C2PA manifest invalidates the manifest's hard binding (a hash
over the asset's bytes), so such files are never touched: the signed history is worth more than
one more copy of the reservation, which the page, tdmrep.json and headers already carry.

The existing XMP packet is kept byte for byte; a new `rdf:Description` is inserted before
`</rdf:RDF>`, and the result must still parse. Anything unexpected returns None: the caller
publishes the original unchanged.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from html import escape

TDM_NS = "http://www.w3.org/ns/tdmrep/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP_JPEG_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXT_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_XMP_KEYWORD = b"XML:com.adobe.xmp"
MAX_INPUT = 512 * 1024 * 1024
MAX_XMP = 1024 * 1024
_JPEG_XMP_ROOM = 65533 - len(XMP_JPEG_HEADER)

EMPTY_PACKET = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
                '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="' + RDF_NS + '">'
                "</rdf:RDF></x:xmpmeta>\n"
                '<?xpacket end="w"?>')


def add_tdm_reservation(data: bytes, policy_url: str | None) -> bytes | None:
    """New bytes with tdm:reservation = 1 (and tdm:policy) in the XMP; None for C2PA or unsafe files."""
    try:
        if len(data) > MAX_INPUT:
            return None
        if data.startswith(PNG_SIGNATURE):
            return _png(data, policy_url)
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data, policy_url)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data, policy_url)
    except (ValueError, IndexError, struct.error, zlib.error):
        return None
    return None


# -- the packet -----------------------------------------------------------------------------------------

def _description(policy_url: str | None) -> str:
    policy = ""
    if policy_url:
        policy = f"<tdm:policy>{escape(policy_url, quote=False)}</tdm:policy>"
    return (f'<rdf:Description rdf:about="" xmlns:tdm="{TDM_NS}">'
            f"<tdm:reservation>1</tdm:reservation>{policy}</rdf:Description>")


def _parses(packet: str) -> bool:
    """The packet is well-formed XML with no DTD or entity tricks (defusedxml refuses those)."""
    from defusedxml import ElementTree

    body = re.sub(r"<\?xpacket[^>]*\?>", "", packet)
    try:
        root = ElementTree.fromstring(body.encode("utf-8"))
    except Exception:  # defusedxml raises several kinds; any means "not safe to edit"
        return False
    return root.find(f".//{{{RDF_NS}}}RDF") is not None or root.tag == f"{{{RDF_NS}}}RDF"


def reserved_packet(existing: str | None, policy_url: str | None) -> str | None:
    """`existing` with the reservation added, or a new packet; None when it cannot be edited safely."""
    packet = existing if existing is not None else EMPTY_PACKET
    if len(packet) > MAX_XMP or not _parses(packet):
        return None
    if TDM_NS in packet:
        return None  # already declares something in the TDMRep namespace: the artist's or tool's choice
    closing = [m.start() for m in re.finditer(r"</rdf:RDF\s*>", packet)]
    if len(closing) != 1 or f'xmlns:rdf="{RDF_NS}"' not in packet and f"xmlns:rdf='{RDF_NS}'" not in packet:
        return None
    updated = packet[:closing[0]] + _description(policy_url) + packet[closing[0]:]
    return updated if _parses(updated) else None


# -- PNG: an iTXt chunk keyed XML:com.adobe.xmp ------------------------------------------------------------

def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, pos = [], len(PNG_SIGNATURE)
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError("truncated PNG chunk")
        chunks.append((kind, body))
        pos += 12 + length
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise ValueError("not a complete PNG")
    return chunks


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _png(data: bytes, policy_url: str | None) -> bytes | None:
    chunks = _png_chunks(data)
    if any(kind == b"caBX" for kind, _ in chunks):
        return None
    xmp_index, existing = None, None
    for i, (kind, body) in enumerate(chunks):
        if kind == b"iTXt" and body.startswith(PNG_XMP_KEYWORD + b"\x00"):
            rest = body[len(PNG_XMP_KEYWORD) + 1:]
            if rest[:1] != b"\x00":
                return None  # compressed XMP: rare; not worth the risk
            _lang, _, rest = rest[2:].partition(b"\x00")
            _translated, _, text = rest.partition(b"\x00")
            xmp_index, existing = i, text.decode("utf-8")
            break
    packet = reserved_packet(existing, policy_url)
    if packet is None:
        return None
    body = PNG_XMP_KEYWORD + b"\x00\x00\x00\x00\x00" + packet.encode("utf-8")
    if xmp_index is not None:
        chunks[xmp_index] = (b"iTXt", body)
    else:
        chunks.insert(1, (b"iTXt", body))
    return PNG_SIGNATURE + b"".join(_png_chunk(kind, chunk) for kind, chunk in chunks)


# -- JPEG: an APP1 segment with the XMP namespace header -----------------------------------------------------

def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """Marker segments up to start-of-scan, and the rest (scan data onwards) untouched."""
    segments, pos = [], 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ValueError("bad JPEG marker")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xDA or marker == 0xD9:
            return segments, data[pos:]
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            segments.append((marker, b""))
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        body = data[pos + 4:pos + 2 + length]
        if length < 2 or len(body) != length - 2:
            raise ValueError("truncated JPEG segment")
        segments.append((marker, body))
        pos += 2 + length
    raise ValueError("no scan data")


def _is_c2pa_app11(marker: int, body: bytes) -> bool:
    return marker == 0xEB and (b"jumb" in body[:64] or b"c2pa" in body[:128])


def _jpeg(data: bytes, policy_url: str | None) -> bytes | None:
    segments, rest = _jpeg_segments(data)
    if any(_is_c2pa_app11(marker, body) for marker, body in segments):
        return None
    if any(marker == 0xE1 and body.startswith(XMP_EXT_HEADER) for marker, body in segments):
        return None  # extended XMP is split across segments with a digest over the whole
    index = next((i for i, (marker, body) in enumerate(segments)
                  if marker == 0xE1 and body.startswith(XMP_JPEG_HEADER)), None)
    existing = segments[index][1][len(XMP_JPEG_HEADER):].decode("utf-8") if index is not None else None
    packet = reserved_packet(existing, policy_url)
    if packet is None or len(packet.encode("utf-8")) > _JPEG_XMP_ROOM:
        return None
    segment = (0xE1, XMP_JPEG_HEADER + packet.encode("utf-8"))
    if index is not None:
        segments[index] = segment
    else:
        after = 0
        while after < len(segments) and segments[after][0] in (0xE0, 0xE1):
            after += 1  # after JFIF and Exif, where readers expect XMP
        segments.insert(after, segment)
    out = bytearray(b"\xff\xd8")
    for marker, body in segments:
        out += bytes((0xFF, marker))
        if body or not (0xD0 <= marker <= 0xD7 or marker == 0x01):
            out += struct.pack(">H", len(body) + 2) + body
    return bytes(out + rest)


# -- WebP: an "XMP " chunk, announced by the VP8X header ------------------------------------------------------

def _webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + riff_size)
    chunks, pos = [], 12
    while pos + 8 <= end:
        kind, length = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError("truncated WebP chunk")
        chunks.append((kind, body))
        pos += 8 + length + (length & 1)
    if not chunks:
        raise ValueError("empty WebP")
    return chunks


def _vp8x_for(data: bytes) -> bytes:
    """A VP8X header for a simple-format WebP, so it can carry metadata (size read by Pillow)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        alpha = "A" in image.getbands()
    flags = 0x10 if alpha else 0
    return bytes((flags, 0, 0, 0)) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")


def _webp(data: bytes, policy_url: str | None) -> bytes | None:
    chunks = _webp_chunks(data)
    if any(kind == b"C2PA" for kind, _ in chunks):
        return None
    existing = next((body.decode("utf-8") for kind, body in chunks if kind == b"XMP "), None)
    packet = reserved_packet(existing, policy_url)
    if packet is None:
        return None
    if chunks[0][0] != b"VP8X":
        if len(chunks) != 1 or chunks[0][0] not in (b"VP8 ", b"VP8L"):
            return None
        chunks.insert(0, (b"VP8X", _vp8x_for(data)))
    header = bytearray(chunks[0][1])
    header[0] |= 0x04  # XMP metadata present
    chunks[0] = (b"VP8X", bytes(header))
    chunks = [c for c in chunks if c[0] != b"XMP "] + [(b"XMP ", packet.encode("utf-8"))]
    body = b"".join(kind + struct.pack("<I", len(chunk)) + chunk + (b"\x00" if len(chunk) & 1 else b"")
                    for kind, chunk in chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body
