"""AVIF (written by Pillow's libavif encoder, as Forge saves AVIF) and TIFF metadata."""

from __future__ import annotations

import io

import piexif
from PIL import Image

from generator.provenance.reader import read_provenance

INFOTEXT = "a glass fox\nNegative prompt: blur\nSteps: 22, Sampler: Euler a, CFG scale: 6, Seed: 404, Size: 512x512, Model: sdxl_base"


def test_avif_exif_and_xmp_items() -> None:
    exif = piexif.dump({"Exif": {piexif.ExifIFD.UserComment: b"UNICODE\x00" + INFOTEXT.encode("utf-16-be")}})
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
           b'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>'
           b'</rdf:RDF></x:xmpmeta>')
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buffer, "AVIF", exif=exif, xmp=xmp)
    result = read_provenance("forge.avif", buffer.getvalue())
    assert (result.format, result.prompt, result.seed, result.model.name) == ("a1111", "a glass fox", 404, "sdxl_base")
    assert result.digital_source_type.endswith("trainedAlgorithmicMedia")
    assert result.warnings == []


def test_avif_without_metadata_is_empty() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buffer, "AVIF")
    result = read_provenance("plain.avif", buffer.getvalue())
    assert (result.format, result.raw, result.warnings) == (None, {}, [])


def test_tiff_image_description() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "TIFF", tiffinfo={270: INFOTEXT, 305: "my-script 0.3"})
    result = read_provenance("out.tif", buffer.getvalue())
    assert (result.format, result.prompt, result.negative_prompt, result.steps) == ("a1111", "a glass fox", "blur", 22)


def test_animated_gif_comment_holds_infotext() -> None:
    """AnimateDiff for A1111 saves GIFs with the infotext as the GIF comment (Pillow's `comment=`)."""
    frames = [Image.new("P", (8, 8), i) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0,
                   comment=INFOTEXT.encode())
    result = read_provenance("anim.gif", buffer.getvalue())
    assert (result.format, result.prompt, result.seed) == ("a1111", "a glass fox", 404)
    assert result.warnings == []


def test_gif_without_comment_is_empty() -> None:
    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(buffer, "GIF")
    result = read_provenance("plain.gif", buffer.getvalue())
    assert (result.format, result.raw, result.warnings) == (None, {}, [])


def test_gif_xmp_application_extension_and_later_comment() -> None:
    """Adobe's XMP-in-GIF: an "XMP DataXMP" application block of raw bytes ended by the 258-byte
    magic trailer; the walk must resume after it and still find the comment behind it."""
    frames = [Image.new("P", (8, 8), i) for i in range(2)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], comment=b"made with a script")
    data = buffer.getvalue()
    packet = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
              b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
              b'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" Iptc4xmpExt:DigitalSourceType='
              b'"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/></rdf:RDF></x:xmpmeta>'
              b'<?xpacket end="w"?>')
    trailer = bytes([1]) + bytes(range(255, -1, -1)) + b"\x00"
    packed = data[10]
    at = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    data = data[:at] + b"\x21\xff\x0bXMP DataXMP" + packet + trailer + data[at:]
    result = read_provenance("x.gif", data)
    assert result.digital_source_type.endswith("trainedAlgorithmicMedia")
    assert result.raw["comment"] == "made with a script"
    assert result.warnings == []
