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
    assert len(files) >= 4 and {f.suffix for f in files} >= {".jpg", ".webp"}
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


def test_a_clean_jpeg_original_ends_with_its_own_picture() -> None:
    """Bytes after the first picture (an MPO's second picture with its own EXIF and GPS, or a
    phone's motion-photo video with its location) are not part of a clean original."""
    first = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 10, 10)).save(first, "JPEG", exif=private_exif())
    second = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 10, 200)).save(second, "JPEG", exif=private_exif())
    video_gps = b"\x00\x00\x00\x18ftypmp42\xa9xyz+52.5200+013.4050/"
    cleaned = clean_original(first.getvalue() + second.getvalue() + video_gps, "MPO")
    assert cleaned.endswith(b"\xff\xd9") and cleaned.count(b"\xff\xd8") == 1
    assert not any(secret in cleaned for secret in (*SECRETS, b"+52.5200"))
    assert Image.open(io.BytesIO(cleaned)).size == (16, 16)


def test_a_clean_jpeg_original_drops_extended_xmp() -> None:
    plain = io.BytesIO()
    Image.new("RGB", (8, 8)).save(plain, "JPEG")
    data = plain.getvalue()
    payload = b"http://ns.adobe.com/xmp/extension/\x00" + b"0" * 40 + b"<exif:GPSLatitude>52,31N</exif:GPSLatitude>"
    segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    cleaned = clean_original(data[:2] + segment + data[2:], "JPEG")
    assert b"GPSLatitude" not in cleaned and Image.open(io.BytesIO(cleaned)).size == (8, 8)


def test_a_clean_gif_original_drops_an_xmp_block_with_gps() -> None:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    data = out.getvalue()
    xmp = b"<x:xmpmeta><exif:GPSLatitude>52,31N</exif:GPSLatitude></x:xmpmeta>"
    block = b"\x21\xff\x0bXMP DataXMP" + bytes([len(xmp)]) + xmp + b"\x00"
    with_xmp = data[:-1] + block + data[-1:]  # before the trailer
    cleaned = clean_original(with_xmp, "GIF")
    assert b"GPSLatitude" not in cleaned and Image.open(io.BytesIO(cleaned)).size == (8, 8)


def test_a_clean_png_original_drops_raw_xmp_and_iptc_profiles() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type xmp", "\nxmp\n      20\n3c657869663a475053")
    info.add_text("Raw profile type iptc", "\niptc\n      8\n5061726973")
    info.add_text("parameters", "a fox\nSteps: 20")
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=info)
    cleaned = clean_original(out.getvalue(), "PNG")
    assert b"Raw profile" not in cleaned and b"3c657869663a475053" not in cleaned
    assert b"Steps: 20" in cleaned  # the generation record stays


def test_an_original_that_cannot_be_cleaned_is_left_out_with_a_warning(tmp_path: Path) -> None:
    """A JPEG the byte-level cleaner refuses (here: junk between two segments) is still a picture
    for Pillow; its derivatives are published, its original is not, and the build says why."""
    from tests.kit.files import SITE_YAML, build_site, write_site

    plain = io.BytesIO()
    Image.new("RGB", (32, 32), (90, 20, 20)).save(plain, "JPEG", exif=private_exif())
    data = plain.getvalue()
    second = data.index(b"\xff", 2 + 2 + int.from_bytes(data[4:6], "big"))  # the segment after the first
    odd = data[:second] + b"\x00" + data[second:]
    write_site(tmp_path, {"site.yaml": SITE_YAML + "images: {originals: clean}\n",
                          "content/galleries/g/index.md": "---\ntitle: G\n---\n",
                          "content/galleries/g/odd.jpg": odd})
    try:
        clean_original(odd, "JPEG")
    except ValueError:
        pass
    else:
        raise AssertionError("the fixture should be one the cleaner refuses")
    result, out = build_site(tmp_path)
    assert any("original file is not published" in p.message for p in result.problems.warnings)
    assert not (out / "galleries/g/odd.jpg").exists()
    assert "Download the original" not in (out / "galleries/g/odd/index.html").read_text()
    assert any(p.suffix == ".webp" for p in (out / "galleries/g").iterdir())


def test_an_unreadable_colour_profile_is_not_carried_into_derivatives(make_pipeline, src: Path) -> None:
    """A profile LittleCMS cannot parse has no colours to keep, only bytes: any text could ride in it."""
    junk = b"\x00\x00\x01\x2cacspMARKER-icc-5150" + bytes(280)
    path = src / "odd.png"
    noisy((64, 48)).save(path, "PNG", icc_profile=junk)
    built = make_pipeline(formats=("webp",), display_widths=(64,))
    image = built.pipeline.request(path, "/g/", "display")
    built.pipeline.run(built.out)
    for variant in [*image.fallback, *image.sources["image/webp"]]:
        data = built.file(variant.url).read_bytes()
        assert b"MARKER-icc-5150" not in data, variant.url
        with Image.open(io.BytesIO(data)) as im:
            assert "icc_profile" not in im.info
