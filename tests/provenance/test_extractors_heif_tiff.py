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
