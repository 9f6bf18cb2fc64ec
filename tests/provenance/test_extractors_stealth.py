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


def _png_rows_with_filters(image: Image.Image) -> bytes:
    """Encode an RGBA image as a PNG whose rows cycle through all five filter types, as encoders
    with adaptive filtering (libpng, Pillow) mix them; the first pixel is what the pre-check unfilters."""
    import struct
    import zlib

    from tests.provenance._h1_fixtures import PNG_SIGNATURE, chunk

    width, height = image.size
    data = image.tobytes()
    stride = 4 * width
    out = bytearray()
    previous = bytes(stride)
    for y in range(height):
        row = data[y * stride:(y + 1) * stride]
        kind = y % 5
        filtered = bytearray()
        for i, value in enumerate(row):
            left = row[i - 4] if i >= 4 else 0
            up = previous[i]
            upleft = previous[i - 4] if i >= 4 else 0
            if kind == 1:
                value -= left
            elif kind == 2:
                value -= up
            elif kind == 3:
                value -= (left + up) // 2
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                value -= left if pa <= pb and pa <= pc else up if pb <= pc else upleft
            filtered.append(value & 0xFF)
        out += bytes([kind]) + filtered
        previous = row
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
    return PNG_SIGNATURE + ihdr + chunk(b"IDAT", zlib.compress(bytes(out))) + chunk(b"IEND", b"")


def test_first_column_precheck_unfilters_every_filter_type() -> None:
    """Tall images take the fast path: only the first pixel of 120 rows is unfiltered."""
    from generator.provenance.extractors.stealth import png_first_column_lacks_signature

    marked = Image.open(io.BytesIO(stealth_png("stealth_pnginfo", TEXT.encode(), size=(3, 400))))
    data = _png_rows_with_filters(marked.convert("RGBA"))
    assert Image.open(io.BytesIO(data)).convert("RGBA").tobytes() == marked.convert("RGBA").tobytes()
    assert png_first_column_lacks_signature(data) is False
    assert extract("s.png", data).stealth == TEXT
    rgb = Image.open(io.BytesIO(stealth_png("stealth_rgbinfo", TEXT.encode(), size=(3, 400), rgb=True)))
    assert png_first_column_lacks_signature(_png_rows_with_filters(rgb.convert("RGBA"))) is False
    plain = _png_rows_with_filters(Image.new("RGBA", (3, 400), (121, 131, 141, 255)))
    assert png_first_column_lacks_signature(plain) is True
    assert extract("p.png", plain).stealth is None


def test_plain_rgba_png_never_loads_pillow(tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "plain.png"
    path.write_bytes(_png_rows_with_filters(Image.new("RGBA", (16, 200), (5, 6, 7, 255))))
    code = ("import sys; from generator.provenance.reader import read_provenance; "
            f"read_provenance({str(path)!r}); sys.exit(1 if 'PIL' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2]).returncode == 0
