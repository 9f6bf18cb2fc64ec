"""Animated pass-throughs keep their frames and lose every piece of metadata."""

from __future__ import annotations

import io
from pathlib import Path

import piexif
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.images import ImagePipeline, ImageSettings
from generator.images.privacy import CannotClean
from generator.images.strip import strip_all

SECRET = b"heron-lantern-5521"


def frames(count: int = 3, size: tuple[int, int] = (24, 16)) -> list[Image.Image]:
    return [Image.new("RGB", size, (40 * i, 90, 200 - 40 * i)) for i in range(count)]


def gif_with_comment_and_xmp() -> bytes:
    out = io.BytesIO()
    first, *rest = frames()
    first.save(out, "GIF", save_all=True, append_images=rest, loop=0, duration=80, comment=SECRET)
    data = out.getvalue()
    xmp_app = b"\x21\xff\x0bXMP DataXMP" + bytes([len(SECRET)]) + SECRET + b"\x00"
    return data[:-1] + xmp_app + b"\x3b"  # an application extension before the trailer, as editors write


def apng_with_text() -> bytes:
    info = PngInfo()
    info.add_text("parameters", SECRET.decode())
    out = io.BytesIO()
    first, *rest = frames()
    first.save(out, "PNG", save_all=True, append_images=rest, pnginfo=info, duration=80, loop=0)
    return out.getvalue()


def webp_with_exif() -> bytes:
    exif = piexif.dump({"0th": {piexif.ImageIFD.Make: SECRET}, "GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N"}})
    out = io.BytesIO()
    first, *rest = frames()
    first.save(out, "WEBP", save_all=True, append_images=rest, exif=exif, duration=80, loop=0)
    return out.getvalue()


@pytest.mark.parametrize(("make", "fmt"), [(gif_with_comment_and_xmp, "GIF"), (apng_with_text, "PNG"),
                                           (webp_with_exif, "WEBP")])
def test_strip_all_keeps_the_animation_and_drops_the_metadata(make, fmt: str) -> None:
    source = make()
    assert SECRET in source
    stripped = strip_all(source, fmt)
    assert SECRET not in stripped and b"GPS" not in stripped
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.n_frames == 3
        image.seek(2)
        assert image.convert("RGB").getpixel((0, 0))[0] == pytest.approx(80, abs=8)


def test_strip_all_refuses_what_it_cannot_parse() -> None:
    with pytest.raises(CannotClean):
        strip_all(b"GIF89a" + b"\x00" * 3, "GIF")
    with pytest.raises(CannotClean):
        strip_all(b"\xff\xd8\xff", "JPEG")


def test_animated_fallbacks_published_by_the_pipeline_carry_no_metadata(tmp_path: Path) -> None:
    sources = {"a.gif": gif_with_comment_and_xmp(), "b.png": apng_with_text(), "c.webp": webp_with_exif()}
    for name, data in sources.items():
        (tmp_path / name).write_bytes(data)
    pipeline = ImagePipeline(ImageSettings(workers=1), tmp_path / "cache")
    images = {name: pipeline.request(tmp_path / name, "/g/", "display") for name in sources}
    out = tmp_path / "out"
    pipeline.run(out)
    published = [p for p in out.rglob("*") if p.is_file()]
    assert len({p.name for p in published}) == len(published) >= 6  # no URL is written twice
    for path in published:
        assert SECRET not in path.read_bytes(), path.name
    for image in images.values():
        assert image.error is None
        with Image.open(out / image.fallback[0].url.lstrip("/")) as fallback:
            assert fallback.n_frames == 3
