"""Metadata traps written the way real tools write them, each carrying a findable marker.

- XMP packets follow ExifTool 12's layout (one rdf:Description per namespace, single quotes,
  structures as rdf:parseType='Resource'), as `exiftool -XMP-drone-dji:GPSLatitude=...
  -XMP-iptcCore:CreatorWorkEmail=...` writes them; DJI's own firmware writes drone-dji
  properties as attributes, which is covered as well.
- ImageMagick keeps EXIF/IPTC/8BIM/XMP profiles of a PNG in "Raw profile type NAME" zTXt
  chunks: a newline, the name, the byte count right-aligned in 8 columns, then hex in lines of
  72 digits (coders/png.c, Magick_png_write_raw_profile).
- IPTC-IIM datasets (tag 0x1C, record, dataset, 2-byte length) inside a Photoshop 8BIM 0x0404
  resource, as Photoshop writes APP13.
- Stealth text in the alpha or RGB low bits, column by column, as stealth-pnginfo writes it
  (tests/provenance/test_extractors_stealth.py).
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, PngImagePlugin

from tests.provenance.test_extractors_stealth import stealth_png

from .image_fixtures import noisy, png_chunk

DJI_NS = "http://www.dji.com/drone-dji/1.0/"
IPTC_CORE_NS = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"


def exiftool_xmp(marker: str) -> bytes:
    """DJI GPS, IPTC creator contact info, EXIF GPS under a prefix other than `exif:`, a camera
    model, plus what a clean original keeps (dc:description, xmp:CreatorTool, the IPTC source type)."""
    return (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.57'>\n"
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
        " <rdf:Description rdf:about=''\n"
        f"  xmlns:Iptc4xmpCore='{IPTC_CORE_NS}'>\n"
        "  <Iptc4xmpCore:CreatorContactInfo rdf:parseType='Resource'>\n"
        f"   <Iptc4xmpCore:CiAdrExtadr>12 {marker} Street</Iptc4xmpCore:CiAdrExtadr>\n"
        f"   <Iptc4xmpCore:CiAdrCity>{marker}-city</Iptc4xmpCore:CiAdrCity>\n"
        f"   <Iptc4xmpCore:CiEmailWork>{marker}@mail.test</Iptc4xmpCore:CiEmailWork>\n"
        f"   <Iptc4xmpCore:CiTelWork>+31 {marker}</Iptc4xmpCore:CiTelWork>\n"
        "  </Iptc4xmpCore:CreatorContactInfo>\n"
        f"  <Iptc4xmpCore:Location>{marker}-location</Iptc4xmpCore:Location>\n"
        " </rdf:Description>\n"
        " <rdf:Description rdf:about=''\n"
        "  xmlns:dc='http://purl.org/dc/elements/1.1/'>\n"
        "  <dc:description>\n   <rdf:Alt>\n    <rdf:li xml:lang='x-default'>a heron at dawn</rdf:li>\n"
        "   </rdf:Alt>\n  </dc:description>\n"
        f"  <dc:creator>\n   <rdf:Seq>\n    <rdf:li>{marker} Owner</rdf:li>\n   </rdf:Seq>\n  </dc:creator>\n"
        " </rdf:Description>\n"
        " <rdf:Description rdf:about=''\n"
        f"  xmlns:drone-dji='{DJI_NS}'>\n"
        "  <drone-dji:GpsLatitude>53.2047</drone-dji:GpsLatitude>\n"
        "  <drone-dji:GpsLongitude>6.5371</drone-dji:GpsLongitude>\n"
        f"  <drone-dji:DroneSerialNumber>{marker}-drone</drone-dji:DroneSerialNumber>\n"
        " </rdf:Description>\n"
        " <rdf:Description rdf:about=''\n"
        "  xmlns:e='http://ns.adobe.com/exif/1.0/'>\n"
        "  <e:GPSLatitude>53,12.0N</e:GPSLatitude>\n"
        "  <e:GPSLongitude>6,32.2E</e:GPSLongitude>\n"
        " </rdf:Description>\n"
        " <rdf:Description rdf:about=''\n"
        "  xmlns:t='http://ns.adobe.com/tiff/1.0/'\n"
        "  xmlns:xmp='http://ns.adobe.com/xap/1.0/'\n"
        "  xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'\n"
        f"  t:Model='{marker}-model' xmp:CreatorTool='ComfyUI'\n"
        f"  drone-dji:GpsLongtitude='6.5371' xmlns:drone-dji='{DJI_NS}'\n"
        "  Iptc4xmpExt:DigitalSourceType='http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'/>\n"
        "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>"
    ).encode()


def iptc_iim(marker: str) -> bytes:
    """IPTC-IIM record 2: By-line (2:80), City (2:90), Country (2:101)."""
    out = b"\x1c\x02\x00\x00\x02\x00\x04"  # record version 4
    for dataset, value in ((80, f"{marker} Byline"), (90, f"{marker} City"), (101, f"{marker} Land")):
        data = value.encode()
        out += bytes([0x1C, 2, dataset]) + struct.pack(">H", len(data)) + data
    return out


def photoshop_irb(marker: str) -> bytes:
    """An 8BIM resource block holding the IPTC-IIM data (resource 0x0404, empty Pascal name)."""
    data = iptc_iim(marker)
    block = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(data)) + data
    return block + (b"\x00" if len(data) & 1 else b"")


def raw_profile_chunk(name: str, payload: bytes) -> bytes:
    """ImageMagick's zTXt "Raw profile type NAME": "\\nname\\n%8d\\n" then hex, 72 digits a line."""
    digits = payload.hex()
    lines = "\n".join(digits[i:i + 72] for i in range(0, len(digits), 72))
    text = f"\n{name}\n{len(payload):8d}\n{lines}\n".encode()
    return png_chunk(b"zTXt", f"Raw profile type {name}".encode() + b"\x00\x00" + zlib.compress(text))


def png_with_chunks(chunks: list[bytes], size: tuple[int, int] = (48, 32), text: dict[str, str] | None = None) -> bytes:
    """A PNG (Pillow's encoding, with `text` as tEXt) and extra chunks inserted after IHDR."""
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    noisy(size).save(buffer, "PNG", pnginfo=info)
    data = buffer.getvalue()
    ihdr_end = 8 + 8 + 13 + 4
    return data[:ihdr_end] + b"".join(chunks) + data[ihdr_end:]


def xmp_text_chunk(kind: bytes, packet: bytes) -> bytes:
    """XMP under its standard keyword in a tEXt, zTXt or (uncompressed) iTXt chunk."""
    keyword = b"XML:com.adobe.xmp\x00"
    if kind == b"tEXt":
        return png_chunk(kind, keyword + packet)
    if kind == b"zTXt":
        return png_chunk(kind, keyword + b"\x00" + zlib.compress(packet))
    return png_chunk(kind, keyword + b"\x00\x00\x00\x00" + packet)


def stealth_image(text: str, size: tuple[int, int] = (64, 64), rgb: bool = False) -> bytes:
    """A PNG whose pixels carry `text` as stealth-pnginfo writes it (alpha, or RGB, low bits)."""
    return stealth_png("stealth_rgbinfo" if rgb else "stealth_pnginfo", text.encode(), size=size, rgb=rgb)


def as_lossless_webp(png: bytes) -> bytes:
    """The same pixels as a lossless WebP, the way stealth-pnginfo's WebP option saves them."""
    buffer = io.BytesIO()
    with Image.open(io.BytesIO(png)) as image:
        image.save(buffer, "WEBP", lossless=True)
    return buffer.getvalue()
