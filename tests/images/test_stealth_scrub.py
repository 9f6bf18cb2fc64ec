"""Text hidden in the pixels' low bits (stealth-pnginfo, NovelAI) is destroyed in every published copy."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, PngImagePlugin

from generator.images.privacy import clean_original
from generator.images.strip import strip_all
from generator.provenance.reader import extract

from .leak_fixtures import as_lossless_webp, stealth_image

SECRET = "quiet-lantern-5521 a lighthouse\nSteps: 20, Sampler: Euler, Seed: 7"


def hidden(data: bytes) -> str | None:
    """What the provenance reader finds in the pixels (it looks only when no other metadata is there)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        bare = io.BytesIO()
        image.save(bare, "PNG")
    return extract("x.png", bare.getvalue()).stealth


def test_same_width_png_and_lossless_alpha_webp_derivatives_lose_the_hidden_text(make_pipeline, src: Path) -> None:
    """A 64 px source wanted at 64 px is re-encoded without resizing: before, every bit survived
    in the PNG fallback and in the WebP, whose alpha is always lossless."""
    path = src / "lighthouse.png"
    path.write_bytes(stealth_image(SECRET))
    assert hidden(path.read_bytes()) == SECRET
    built = make_pipeline(formats=("webp",), display_widths=(64,), thumb_widths=(64,))
    image = built.pipeline.request(path, "/g/", "display")
    built.pipeline.run(built.out)
    variants = [*image.fallback, *image.sources["image/webp"]]
    assert {v.url.rsplit(".", 1)[1] for v in variants} == {"png", "webp"}
    with Image.open(path) as source:
        original = source.convert("RGBA")
    for variant in variants:
        data = built.file(variant.url).read_bytes()
        assert hidden(data) is None, variant.url
        with Image.open(io.BytesIO(data)) as out:
            if variant.url.endswith(".png"):  # lossless: each value moved by at most one step
                diff = ImageChops.difference(out.convert("RGBA"), original)
                assert max(high for _low, high in diff.getextrema()) <= 1


def test_rgb_low_bits_in_an_opaque_image_are_destroyed_too(make_pipeline, src: Path) -> None:
    path = src / "rgb.png"
    data = stealth_image(SECRET, rgb=True)
    with Image.open(io.BytesIO(data)) as image:
        opaque = io.BytesIO()
        image.convert("RGB").save(opaque, "PNG")  # no alpha at all
    path.write_bytes(opaque.getvalue())
    built = make_pipeline(formats=("webp",), display_widths=(64,), fallback=True)
    image = built.pipeline.request(path, "/g/", "display", originals="clean")
    built.pipeline.run(built.out)
    for url in [v.url for v in image.fallback] + [image.original_url]:
        out = built.file(url).read_bytes()
        with Image.open(io.BytesIO(out)) as im:
            rgba = im.convert("RGBA")
        buffer = io.BytesIO()
        rgba.save(buffer, "PNG")
        assert extract("x.png", buffer.getvalue()).stealth is None, url


def test_a_clean_png_original_keeps_its_parameters_but_not_the_hidden_text() -> None:
    with Image.open(io.BytesIO(stealth_image(SECRET))) as image:
        info = PngImagePlugin.PngInfo()
        info.add_text("parameters", "a lighthouse\nSteps: 20")
        buffer = io.BytesIO()
        image.save(buffer, "PNG", pnginfo=info)
    cleaned = clean_original(buffer.getvalue(), "PNG")
    assert hidden(cleaned) is None
    with Image.open(io.BytesIO(cleaned)) as im:
        im.load()
        assert im.text["parameters"] == "a lighthouse\nSteps: 20" and im.size == (64, 64)


def test_a_clean_webp_original_and_a_stripped_copy_lose_the_hidden_text() -> None:
    webp = as_lossless_webp(stealth_image(SECRET))
    assert hidden(webp) == SECRET
    assert hidden(clean_original(webp, "WEBP")) is None
    assert hidden(strip_all(webp, "WEBP")) is None
    assert hidden(strip_all(stealth_image(SECRET), "PNG")) is None


def test_an_image_without_hidden_text_is_not_re_encoded() -> None:
    plain = io.BytesIO()
    Image.new("RGBA", (32, 32), (10, 20, 30, 255)).save(plain, "PNG")
    assert clean_original(plain.getvalue(), "PNG") == plain.getvalue()


def test_a_rotated_source_is_recognised_before_rotation_and_every_low_bit_is_flattened(make_pipeline, src: Path) -> None:
    """The reader reads the stored (unrotated) pixels; the derivative is rotated by its EXIF
    orientation, so the test cannot rely on reading it back in the same order: every low bit of
    the alpha plane must be the same."""
    import piexif

    with Image.open(io.BytesIO(stealth_image(SECRET, size=(64, 48)))) as image:
        buffer = io.BytesIO()
        image.save(buffer, "PNG", exif=piexif.dump({"0th": {piexif.ImageIFD.Orientation: 6}}))
    path = src / "turned.png"
    path.write_bytes(buffer.getvalue())
    built = make_pipeline(formats=("webp",), display_widths=(48,))
    image = built.pipeline.request(path, "/g/", "display")
    built.pipeline.run(built.out)
    for variant in [*image.fallback, *image.sources["image/webp"]]:
        with Image.open(built.file(variant.url)) as out:
            assert out.size == (48, 64)  # rotated
            low_bits = set(out.convert("RGBA").getchannel("A").point(lambda v: v & 1).tobytes())
        assert low_bits == {1}, variant.url  # bytes iterate as ints


def test_a_png_embedded_in_an_svg_loses_its_hidden_text() -> None:
    """Inkscape's Import > Embed writes the picture into the SVG as a data: address; the cleaner
    strips it like a loose copy, which destroys stealth text too."""
    import base64
    import re

    from generator.images.svgclean import clean_svg

    png = stealth_image(SECRET)
    assert hidden(png) == SECRET
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">'
           f'<image width="64" height="64" xlink:href="data:image/png;base64,{base64.b64encode(png).decode()}"/></svg>')
    cleaned, _ = clean_svg(svg.encode())
    found = re.search(rb"data:image/png;base64,([A-Za-z0-9+/=]+)", cleaned)
    assert found, cleaned[:200]
    assert hidden(base64.b64decode(found.group(1))) is None


def test_a_re_encoded_png_original_uses_fast_zlib_and_keeps_every_other_pixel_bit() -> None:
    """The scrubbed original is written at zlib level 3 (the zlib header's FLEVEL says "fast"),
    a third of Pillow's default level's time for 1.4% more bytes, and is still lossless: only
    the lowest bit of each value changes."""
    source = stealth_image(SECRET, size=(96, 80))
    cleaned = clean_original(source, "PNG")
    start = cleaned.index(b"IDAT") + 4  # the first image data chunk's body: a zlib stream
    zlib_header = cleaned[start:start + 2]
    assert zlib_header[0] & 0x0F == 8 and zlib_header[1] >> 6 == 1, zlib_header.hex()  # deflate, FLEVEL 1
    with Image.open(io.BytesIO(source)) as before, Image.open(io.BytesIO(cleaned)) as after:
        high = [v & 0xFE for v in before.convert("RGBA").tobytes()]
        assert [v & 0xFE for v in after.convert("RGBA").tobytes()] == high
