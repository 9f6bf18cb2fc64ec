"""Nothing private leaks into derivatives; originals are exact or cleaned at the byte level."""

from __future__ import annotations

import io
from pathlib import Path

import piexif
from PIL import Image, PngImagePlugin

from generator.images.privacy import clean_original

from .image_fixtures import (
    DESCRIPTION,
    LENS_SERIAL,
    OWNER,
    PROMPT_COMMENT,
    SERIAL,
    XMP,
    noisy,
    private_exif,
    private_jpeg,
)

SECRETS = (b"GPS", SERIAL.encode(), LENS_SERIAL.encode(), OWNER.encode(), b"Canon", b"Paris")


def output_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file()]


def image_data_after_sos(jpeg: bytes) -> bytes:
    return jpeg[jpeg.index(b"\xff\xda") :]


def test_derivatives_carry_no_exif_gps_or_serials(make_pipeline, src: Path) -> None:
    path = private_jpeg(src / "beach.jpg")
    built = make_pipeline()
    for role in ("thumb", "display"):
        built.pipeline.request(path, "/g/", role)
    built.pipeline.run(built.out)
    files = output_files(built.out)
    assert len(files) >= 6 and {f.suffix for f in files} >= {".jpg", ".webp"}
    for file in files:
        data = file.read_bytes()
        for secret in SECRETS:
            assert secret not in data, (file.name, secret)
        assert b"Exif" not in data and b"xmpmeta" not in data
        with Image.open(file) as im:
            assert len(im.getexif()) == 0, file.name


def test_keep_metadata_keeps_generation_text_but_not_location(make_pipeline, src: Path) -> None:
    path = private_jpeg(src / "beach.jpg")
    built = make_pipeline(keep_metadata=True, formats=("webp",))
    image = built.pipeline.request(path, "/g/", "thumb")
    built.pipeline.run(built.out)
    for variant in [*image.fallback, *image.sources["image/webp"]]:
        data = built.file(variant.url).read_bytes()
        assert PROMPT_COMMENT.encode() in data
        for secret in SECRETS:
            assert secret not in data, (variant.url, secret)


def test_originals_exact_are_byte_identical(make_pipeline, src: Path) -> None:
    path = private_jpeg(src / "beach.jpg")
    raw = path.read_bytes()
    built = make_pipeline()  # settings say "none": the per-gallery override wins
    image = built.pipeline.request(path, "/g/", "display", originals="exact")
    built.pipeline.run(built.out)
    assert image.original_url == "/g/beach.jpg"
    assert built.file(image.original_url).read_bytes() == raw


def test_originals_none_publishes_nothing(make_pipeline, src: Path) -> None:
    path = private_jpeg(src / "beach.jpg")
    built = make_pipeline(originals="exact")
    image = built.pipeline.request(path, "/g/", "display", originals="none")
    built.pipeline.run(built.out)
    assert image.original_url is None
    assert not built.file("/g/beach.jpg").exists()


def test_clean_jpeg_original(make_pipeline, src: Path) -> None:
    path = private_jpeg(src / "beach.jpg")
    built = make_pipeline(originals="clean")
    image = built.pipeline.request(path, "/g/", "display")
    built.pipeline.run(built.out)
    cleaned = built.file(image.original_url).read_bytes()
    exif = piexif.load(cleaned)
    assert exif["GPS"] == {}
    assert piexif.ExifIFD.BodySerialNumber not in exif["Exif"]
    assert piexif.ExifIFD.LensSerialNumber not in exif["Exif"]
    assert 0xA430 not in exif["Exif"]  # CameraOwnerName
    assert piexif.ImageIFD.Make not in exif["0th"] and piexif.ImageIFD.Artist not in exif["0th"]
    assert exif["Exif"][piexif.ExifIFD.UserComment].endswith(PROMPT_COMMENT.encode())
    assert exif["0th"][piexif.ImageIFD.ImageDescription] == DESCRIPTION.encode()
    for secret in SECRETS:
        assert secret not in cleaned, secret
    assert b"ComfyUI" in cleaned  # XMP CreatorTool survives, XMP location does not
    assert image_data_after_sos(cleaned) == image_data_after_sos(path.read_bytes())  # pixels untouched
    with Image.open(io.BytesIO(cleaned)) as im:
        im.load()


def test_clean_png_original_keeps_generation_chunks(tmp_path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "a shark\nSteps: 20, Sampler: Euler")
    info.add_text("workflow", '{"nodes": []}')
    info.add_text("Author", OWNER)
    info.add_itxt("XML:com.adobe.xmp", XMP)
    buffer = io.BytesIO()
    noisy((64, 64)).save(buffer, "PNG", pnginfo=info, exif=private_exif())
    source = buffer.getvalue()
    cleaned = clean_original(source, "PNG")
    with Image.open(io.BytesIO(cleaned)) as im:
        im.load()
        assert im.text["parameters"].startswith("a shark")
        assert im.text["workflow"] == '{"nodes": []}'
        assert "Author" not in im.text
        exif = im.getexif()
        assert exif.get_ifd(0x8825) == {}  # GPS IFD gone
        assert exif.get(piexif.ImageIFD.ImageDescription) == DESCRIPTION
        pixels = im.tobytes()
    with Image.open(io.BytesIO(source)) as original:
        assert original.tobytes() == pixels
    for secret in SECRETS:
        assert secret not in cleaned, secret
    assert PROMPT_COMMENT.encode() in cleaned


def test_clean_webp_original(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    noisy((64, 64)).save(buffer, "WEBP", quality=90, exif=private_exif(), xmp=XMP.encode())
    source = buffer.getvalue()
    cleaned = clean_original(source, "WEBP")
    for secret in SECRETS:
        assert secret not in cleaned, secret
    assert PROMPT_COMMENT.encode() in cleaned
    with Image.open(io.BytesIO(cleaned)) as im, Image.open(io.BytesIO(source)) as original:
        assert im.tobytes() == original.tobytes()
        assert im.getexif().get(piexif.ImageIFD.ImageDescription) == DESCRIPTION


def test_unparseable_exif_is_dropped_not_kept(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    broken = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\xff\xff GPS serial " + SERIAL.encode()
    noisy((32, 32)).save(buffer, "JPEG", exif=broken)
    cleaned = clean_original(buffer.getvalue(), "JPEG")
    assert SERIAL.encode() not in cleaned
    Image.open(io.BytesIO(cleaned)).load()
