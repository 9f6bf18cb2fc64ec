"""Midjourney's web downloads: description with flags and Job ID, Author, IPTC source type."""

from __future__ import annotations

import piexif
from PIL.PngImagePlugin import PngInfo

from generator.provenance.reader import read_provenance

from ._h1_fixtures import exif_bytes, jpeg, pillow_png, xmp_packet

AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
JOB = "a7421d2f-b262-44f9-977c-ac23e9c7d3e3"


def test_png_description_author_and_xmp() -> None:
    info = PngInfo()
    info.add_text("Author", "peterkaminski")
    info.add_text("Description", f"example of a misty harbour --ar 2:1 --stylize 80 --v 6 Job ID: {JOB}")
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(
        body=f"<Iptc4xmpExt:DigitalSourceType>{AI}</Iptc4xmpExt:DigitalSourceType>").decode())
    result = read_provenance("mj.png", data=pillow_png(info))
    assert (result.format, result.generator) == ("midjourney", "Midjourney")
    assert result.prompt == "example of a misty harbour"
    assert result.model is not None and result.model.name == "Midjourney V6"
    assert result.extras["--ar"] == "2:1"
    assert result.extras["--stylize"] == "80"
    assert result.extras["job_id"] == JOB
    assert result.extras["author"] == "peterkaminski"
    assert result.ai_generated is True
    assert result.digital_source_type == AI


def test_jpeg_image_description_with_niji_no_and_seed() -> None:
    description = f"two cats on a roof, night --niji 6 --no people --seed 1234 Job ID: {JOB}"
    zeroth = {piexif.ImageIFD.ImageDescription: description.encode(), piexif.ImageIFD.Artist: b"user1"}
    result = read_provenance("mj.jpg", data=jpeg(exif_bytes(zeroth)))
    assert result.format == "midjourney"
    assert result.prompt == "two cats on a roof, night"
    assert result.negative_prompt == "people"
    assert result.seed == 1234
    assert result.model.name == "Niji 6"
    assert result.extras["author"] == "user1"


def test_version_flag_long_form_and_no_flags() -> None:
    info = PngInfo()
    info.add_text("Description", f"just a prompt --version 5.2 Job ID: {JOB}")
    assert read_provenance("a.png", data=pillow_png(info)).model.name == "Midjourney V5.2"
    info = PngInfo()
    info.add_text("Description", f"only words Job ID: {JOB}")
    result = read_provenance("b.png", data=pillow_png(info))
    assert result.prompt == "only words" and result.model is None


def test_description_without_job_id_is_not_midjourney() -> None:
    info = PngInfo()
    info.add_text("Description", "a painting of a river --ar 3:2")
    assert read_provenance("c.png", data=pillow_png(info)).format != "midjourney"
