"""Stealth alpha/RGB LSB text, written bit by bit the way stealth-pnginfo and NovelAI write it."""

from __future__ import annotations

import gzip
import io

from PIL import Image

from generator.provenance.reader import extract

TEXT = "a circle\nNegative prompt: a square\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 64x64"


def _bits(signature: str, payload: bytes) -> str:
    body = "".join(f"{b:08b}" for b in payload)
    return "".join(f"{b:08b}" for b in signature.encode()) + f"{len(body):032b}" + body


def stealth_png(signature: str, payload: bytes, size=(64, 64), rgb: bool = False) -> bytes:
    """Write the bits column-major (x outer, y inner) into A (or R, G, B) least significant bits."""
    image = Image.new("RGBA", size, (120, 130, 140, 255))
    pixels = image.load()
    bits = _bits(signature, payload)
    per_pixel = 3 if rgb else 1
    assert len(bits) <= size[0] * size[1] * per_pixel
    index = 0
    for x in range(size[0]):
        for y in range(size[1]):
            r, g, b, a = pixels[x, y]
            if rgb:
                chans = [r, g, b]
                for c in range(3):
                    if index < len(bits):
                        chans[c] = (chans[c] & ~1) | int(bits[index])
                        index += 1
                pixels[x, y] = (*chans, a)
            elif index < len(bits):
                pixels[x, y] = (r, g, b, (a & ~1) | int(bits[index]))
                index += 1
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_alpha_plain() -> None:
    bag = extract("s.png", stealth_png("stealth_pnginfo", TEXT.encode()))
    assert bag.stealth == TEXT


def test_alpha_gzip_like_novelai() -> None:
    bag = extract("s.png", stealth_png("stealth_pngcomp", gzip.compress('{"prompt": "夜"}'.encode())))
    assert bag.stealth == '{"prompt": "夜"}'


def test_rgb_variants() -> None:
    assert extract("s.png", stealth_png("stealth_rgbinfo", b"hello rgb", rgb=True)).stealth == "hello rgb"
    data = stealth_png("stealth_rgbcomp", gzip.compress(b"packed rgb"), rgb=True)
    assert extract("s.png", data).stealth == "packed rgb"


def test_non_square_image_column_order() -> None:
    bag = extract("s.png", stealth_png("stealth_pnginfo", b"wide one", size=(90, 7)))
    assert bag.stealth == "wide one"


def test_no_signature_and_no_alpha_give_nothing() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (16, 16), (1, 2, 3, 255)).save(buffer, "PNG")
    bag = extract("n.png", buffer.getvalue())
    assert bag.stealth is None and bag.is_empty()


def test_length_out_of_range_warns() -> None:
    data = stealth_png("stealth_pnginfo", b"x" * 10)
    image = Image.open(io.BytesIO(data)).convert("RGBA")
    pixels = image.load()
    # Overwrite the 32 length bits (pixels 120..151 in column order) with all ones.
    for index in range(120, 152):
        x, y = divmod(index, 64)
        r, g, b, a = pixels[x, y]
        pixels[x, y] = (r, g, b, a | 1)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    bag = extract("bad.png", buffer.getvalue())
    assert bag.stealth is None
    assert any("out of range" in w for w in bag.warnings)


def test_skipped_when_other_metadata_exists() -> None:
    from PIL.PngImagePlugin import PngInfo

    data = stealth_png("stealth_pnginfo", b"hidden")
    image = Image.open(io.BytesIO(data))
    info = PngInfo()
    info.add_text("parameters", "visible")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    bag = extract("both.png", buffer.getvalue())
    assert bag.text["parameters"] == "visible"
    assert bag.stealth is None
