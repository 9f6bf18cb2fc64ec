"""Derivatives: orientation, colour, alpha, animation, sizes, names, output safety."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from generator.images import ImageSettings
from generator.images.naming import check_url_dir, output_path, slugify

from .image_fixtures import ADOBE_D50, ADOBE_GAMMA, adobe_rgb_icc, noisy, private_jpeg

SRGB_D50 = ((0.436066, 0.222488, 0.013916), (0.385147, 0.716873, 0.097076), (0.143066, 0.060608, 0.714096))


def all_urls(image) -> list[str]:
    urls = [v.url for vs in image.sources.values() for v in vs] + [v.url for v in image.fallback]
    return urls + ([image.original_url] if image.original_url else [])


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def test_orientation_6_is_applied_before_resizing(make_pipeline, src: Path) -> None:
    raw = Image.new("RGB", (1200, 600), (230, 20, 20))
    raw.paste((20, 20, 230), (600, 0, 1200, 600))  # raw left red, raw right blue
    path = src / "rotated.jpg"
    from .image_fixtures import private_exif

    raw.save(path, "JPEG", quality=95, exif=private_exif(orientation=6))
    built = make_pipeline()
    image = built.pipeline.request(path, "/g/", "display")
    assert (image.width, image.height) == (600, 1200)  # from the header, before any decoding
    built.pipeline.run(built.out)
    for variant in [*image.fallback, *image.sources["image/webp"]]:
        with Image.open(built.file(variant.url)) as out:
            assert out.size == (variant.width, variant.height)
            assert out.height > out.width
            rgb = out.convert("RGB")
            # Orientation 6: the raw image's left column is the visual top.
            assert close(rgb.getpixel((out.width // 2, 5)), (230, 20, 20), 40)
            assert close(rgb.getpixel((out.width // 2, out.height - 5)), (20, 20, 230), 40)


def _adobe_to_srgb(rgb: tuple[int, int, int]) -> tuple[int, ...]:
    linear = [(c / 255) ** ADOBE_GAMMA for c in rgb]
    xyz = [sum(ADOBE_D50[j][i] * linear[j] for j in range(3)) for i in range(3)]
    m = [[SRGB_D50[j][i] for j in range(3)] for i in range(3)]  # rows X,Y,Z; columns r,g,b
    det = (
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    )
    inv = [
        [
            (
                m[(r + 1) % 3][(c + 1) % 3] * m[(r + 2) % 3][(c + 2) % 3]
                - m[(r + 1) % 3][(c + 2) % 3] * m[(r + 2) % 3][(c + 1) % 3]
            )
            / det
            for r in range(3)
        ]
        for c in range(3)
    ]
    lin_srgb = [min(1.0, max(0.0, sum(inv[i][k] * xyz[k] for k in range(3)))) for i in range(3)]
    encode = [12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055 for v in lin_srgb]
    return tuple(round(v * 255) for v in encode)


def test_adobe_rgb_source_is_converted_to_srgb(make_pipeline, src: Path) -> None:
    colour = (120, 180, 100)
    expected = _adobe_to_srgb(colour)
    assert not close(expected, colour, 10)  # the test means something: conversion changes the pixel
    path = src / "adobe.png"
    Image.new("RGB", (64, 64), colour).save(path, icc_profile=adobe_rgb_icc())
    built = make_pipeline()
    image = built.pipeline.request(path, "/g/", "thumb")
    built.pipeline.run(built.out)
    with Image.open(built.file(image.fallback[0].url)) as jpeg:  # opaque: a JPEG fallback
        assert jpeg.format == "JPEG"
        assert "icc_profile" not in jpeg.info  # sRGB is implied; the foreign profile is gone
        assert close(jpeg.convert("RGB").getpixel((32, 32)), expected, 4)
    with Image.open(built.file(image.sources["image/webp"][0].url)) as webp:
        assert close(webp.convert("RGB").getpixel((32, 32)), expected, 6)


def test_alpha_is_kept_in_webp_avif_and_png(make_pipeline, src: Path) -> None:
    path = src / "ghost.png"
    im = Image.new("RGBA", (500, 300), (10, 200, 30, 0))
    im.paste((200, 40, 40, 128), (0, 0, 250, 300))
    im.save(path)
    built = make_pipeline()
    image = built.pipeline.request(path, "/g/", "thumb")
    built.pipeline.run(built.out)
    assert image.fallback[0].mime == "image/png"
    for variant in [image.fallback[0], *(vs[0] for vs in image.sources.values())]:
        with Image.open(built.file(variant.url)) as out:
            rgba = out.convert("RGBA")
            assert rgba.getpixel((400 * 3 // 4, 100))[3] == 0, variant.url
            assert abs(rgba.getpixel((50, 100))[3] - 128) <= 8, variant.url


def test_one_jpeg_fallback_and_png_only_for_transparency(make_pipeline, src: Path) -> None:
    """An opaque PNG's PNG fallback weighed thirty times its WebP: opaque images fall back to one
    JPEG, images with alpha to one PNG, each at one width shared by the grid and the work page."""
    private_jpeg(src / "photo.jpg")
    noisy((900, 600)).save(src / "flat.png")
    Image.new("RGBA", (900, 600), (10, 20, 30, 100)).save(src / "clear.png")
    built = make_pipeline(thumb_widths=(400, 800), display_widths=(800, 1600))
    jpeg = built.pipeline.request(src / "photo.jpg", "/g/", "thumb")
    png = built.pipeline.request(src / "flat.png", "/g/", "thumb")
    big = built.pipeline.request(src / "flat.png", "/g/", "display")
    clear = built.pipeline.request(src / "clear.png", "/g/", "display")
    assert [v.mime for v in jpeg.fallback] == ["image/jpeg"]
    assert [(v.mime, v.width) for v in png.fallback] == [("image/jpeg", 800)]
    assert big.fallback == png.fallback  # the same one file
    assert [(v.mime, v.width) for v in clear.fallback] == [("image/png", 800)]
    assert list(jpeg.sources)[0] in ("image/avif", "image/webp")
    assert [v.width for v in big.sources["image/webp"]] == [800, 900]


def test_avif_only_at_display_widths_where_it_pays(make_pipeline, src: Path) -> None:
    from PIL import features

    if not features.check("avif"):
        pytest.skip("this Pillow cannot write AVIF")  # pragma: no cover - CI's Pillow wheels can
    noisy((1200, 800)).save(src / "wide.png")
    built = make_pipeline(thumb_widths=(400, 800), display_widths=(800, 1600), avif_min_width=1000)
    thumb = built.pipeline.request(src / "wide.png", "/g/", "thumb")
    display = built.pipeline.request(src / "wide.png", "/g/", "display")
    assert "image/avif" not in thumb.sources and [v.width for v in thumb.sources["image/webp"]] == [400, 800]
    assert [v.width for v in display.sources["image/avif"]] == [1200]
    assert list(display.sources) == ["image/avif", "image/webp"]  # the browser takes the first it knows
    # One modern file per width: no WebP beside the AVIF; the grid's 800 px WebP serves the rest.
    assert [v.width for v in display.sources["image/webp"]] == [800]
    assert display.sources["image/webp"][0].url == thumb.sources["image/webp"][1].url
    both = make_pipeline(thumb_widths=(400, 800), display_widths=(800, 1600), avif_min_width=1000,
                         webp_beside_avif=True)
    rich = both.pipeline.request(src / "wide.png", "/g/", "display")
    assert [v.width for v in rich.sources["image/webp"]] == [800, 1200]
    both.pipeline.run(both.out)
    avif = both.file(rich.sources["image/avif"][0].url).stat().st_size
    webp = both.file(rich.sources["image/webp"][-1].url).stat().st_size
    assert avif < webp  # at its own quality scale AVIF is the smaller file
    everywhere = make_pipeline(thumb_widths=(400, 800), avif_min_width=0)
    richest = everywhere.pipeline.request(src / "wide.png", "/g/", "thumb")
    assert [v.width for v in richest.sources["image/avif"]] == [400, 800]
    assert "image/webp" not in richest.sources  # AVIF covers every width, the JPEG the rest
    assert [(v.mime, v.width) for v in richest.fallback] == [("image/jpeg", 800)]


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animation_stays_animated(make_pipeline, src: Path, fmt: str) -> None:
    frames = [Image.new("RGB", (600, 300), (i * 60, 255 - i * 60, 90)) for i in range(4)]
    path = src / f"loop.{fmt.lower()}"
    frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=80, loop=0)
    built = make_pipeline()
    image = built.pipeline.request(path, "/g/", "thumb")
    stats = built.pipeline.run(built.out)
    assert image.animated and stats.failed == 0
    webps = image.sources["image/webp"]
    assert [v.width for v in webps] == [400, 600]
    for variant in webps:
        with Image.open(built.file(variant.url)) as out:
            assert out.format == "WEBP" and out.n_frames == 4 and out.width == variant.width
    # The <img> fallback is the untouched original (no costly re-encode of the animation).
    assert built.file(image.fallback[0].url).read_bytes() == path.read_bytes()


def test_no_upscaling(make_pipeline, src: Path) -> None:
    path = src / "small.png"
    noisy((300, 200)).save(path)
    built = make_pipeline()
    thumb = built.pipeline.request(path, "/g/", "thumb")
    display = built.pipeline.request(path, "/g/", "display")
    built.pipeline.run(built.out)
    for image in (thumb, display):
        variants = [*image.fallback, *(v for vs in image.sources.values() for v in vs)]
        assert {v.width for v in variants} == {300}
        for variant in variants:
            with Image.open(built.file(variant.url)) as out:
                assert out.size == (300, 200)


def test_partial_fit_keeps_smaller_widths_and_adds_source_width(make_pipeline, src: Path) -> None:
    private_jpeg(src / "mid.jpg", size=(1000, 750))
    built = make_pipeline(formats=("webp",))
    image = built.pipeline.request(src / "mid.jpg", "/g/", "display")
    assert [(v.width, v.height) for v in image.sources["image/webp"]] == [(800, 600), (1000, 750)]
    built.pipeline.run(built.out)
    for variant in image.fallback:
        with Image.open(built.file(variant.url)) as out:
            assert out.size == (variant.width, variant.height)


def test_same_bytes_are_encoded_once_and_placed_twice(make_pipeline, src: Path) -> None:
    noisy((500, 400)).save(src / "a.png")
    (src / "copy.png").write_bytes((src / "a.png").read_bytes())
    built = make_pipeline()
    one = built.pipeline.request(src / "a.png", "/g/one/", "thumb")
    two = built.pipeline.request(src / "copy.png", "/g/two/", "thumb")
    stats = built.pipeline.run(built.out)
    assert stats.processed == 1
    assert built.file(one.fallback[0].url).read_bytes() == built.file(two.fallback[0].url).read_bytes()


def test_process_pool_run(make_pipeline, src: Path) -> None:
    for i in range(3):
        noisy((500, 400), seed=i).save(src / f"p{i}.png")
    built = make_pipeline(workers=2, formats=("webp",))
    images = [built.pipeline.request(src / f"p{i}.png", "/g/", "thumb") for i in range(3)]
    stats = built.pipeline.run(built.out)
    assert (stats.processed, stats.failed) == (3, 0)
    assert all(built.file(v.url).is_file() for im in images for v in im.fallback)


def test_progress_bar_only_on_a_tty(make_pipeline, src: Path, monkeypatch, capsys) -> None:
    noisy((100, 100)).save(src / "p.png")
    built = make_pipeline()
    built.pipeline.request(src / "p.png", "/g/", "thumb")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    built.pipeline.run(built.out, progress=True)
    assert "1/1" in capsys.readouterr().err


def test_slugs_are_ascii_and_collisions_get_a_hash(make_pipeline, src: Path) -> None:
    assert slugify("Shark Photo (Final).JPG") == "shark-photo-final-jpg"
    assert slugify("Ünïcødé 鮫") == "unicode"
    assert slugify("鮫") == "image"
    (src / "a").mkdir()
    (src / "b").mkdir()
    noisy((120, 80), seed=1).save(src / "a" / "Shark!.png")
    noisy((120, 80), seed=2).save(src / "b" / "shark.png")
    built = make_pipeline(formats=("webp",))
    first = built.pipeline.request(src / "a" / "Shark!.png", "/g/", "thumb")
    second = built.pipeline.request(src / "b" / "shark.png", "/g/", "thumb")
    again = built.pipeline.request(src / "a" / "Shark!.png", "/g/", "display")
    assert first.fallback[0].url == "/g/shark-120.jpg"
    assert second.fallback[0].url.startswith("/g/shark-") and second.fallback[0].url != first.fallback[0].url
    assert again.fallback[0].url == first.fallback[0].url
    built.pipeline.run(built.out)
    assert built.file(first.fallback[0].url).read_bytes() != built.file(second.fallback[0].url).read_bytes()


def test_url_paths_cannot_escape_output(tmp_path: Path, make_pipeline, src: Path) -> None:
    for bad in ("/../etc/", "/a/../../", "a\\..\\", "/x\x00/"):
        with pytest.raises(ValueError):
            check_url_dir(bad)
    assert check_url_dir("galleries//sharks") == "/galleries/sharks/"
    out = tmp_path / "site"
    out.mkdir()
    for bad in ("/../x.webp", "/a/../../x.webp", "relative.webp", "/"):
        with pytest.raises(ValueError):
            output_path(out, bad)
    # A symlinked folder inside the output that points outside is refused at write time.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    built = make_pipeline(formats=("webp",))
    built.out.mkdir()
    os.symlink(outside, built.out / "g")
    noisy((100, 100)).save(src / "p.png")
    image = built.pipeline.request(src / "p.png", "/g/", "thumb")
    built.pipeline.run(built.out)
    assert list(outside.iterdir()) == []
    assert image.error and any("outside" in msg for _, msg in built.problems)


def test_unknown_role_and_originals_mode_are_programming_errors(make_pipeline, src: Path) -> None:
    noisy((50, 50)).save(src / "p.png")
    built = make_pipeline()
    with pytest.raises(ValueError):
        built.pipeline.request(src / "p.png", "/g/", "hero")
    with pytest.raises(ValueError):
        built.pipeline.request(src / "p.png", "/g/", "thumb", originals="all")
    with pytest.raises(ValueError):
        ImageSettings(originals="sometimes")


def test_odd_modes_sixteen_bit_cmyk_colour_key_and_mpo(make_pipeline, src: Path) -> None:
    Image.new("I;16", (64, 64), 32768).save(src / "deep.png")  # 16-bit grey at half scale
    Image.new("CMYK", (64, 64), (0, 255, 255, 0)).save(src / "print.jpg", quality=95)  # pure red ink
    keyed = Image.new("RGB", (64, 64), (0, 255, 0))
    keyed.paste((200, 10, 10), (0, 0, 32, 64))
    keyed.save(src / "keyed.png", transparency=(0, 255, 0))  # tRNS colour key, no alpha channel
    noisy((640, 480)).save(src / "phone.mpo", "MPO", save_all=True, append_images=[noisy((640, 480), seed=7)])
    built = make_pipeline(formats=("webp",))
    deep, cmyk, key, mpo = (
        built.pipeline.request(src / name, "/g/", "thumb")
        for name in ("deep.png", "print.jpg", "keyed.png", "phone.mpo")
    )
    assert (
        not mpo.animated
        and mpo.fallback[0].mime == "image/jpeg"
        and [v.width for v in mpo.fallback] == [640]
    )
    stats = built.pipeline.run(built.out)
    assert stats.failed == 0
    with Image.open(built.file(deep.fallback[0].url)) as out:
        assert abs(out.convert("L").getpixel((32, 32)) - 128) <= 2
    with Image.open(built.file(cmyk.fallback[0].url)) as out:
        assert out.mode == "RGB" and close(out.getpixel((32, 32)), (255, 0, 0), 30)
    with Image.open(built.file(key.sources["image/webp"][0].url)) as out:
        rgba = out.convert("RGBA")
        assert rgba.getpixel((48, 32))[3] == 0 and rgba.getpixel((16, 32))[3] == 255


def test_an_original_never_takes_the_address_of_another_images_variant(make_pipeline, src: Path) -> None:
    """`shark-800.png` published as an original would be `/g/shark-800.png`, which is also the
    800 px PNG fallback of `shark.png`: each file must keep its own address."""
    from PIL import Image as PILImage

    PILImage.new("RGB", (1600, 800), (200, 30, 30)).save(src / "shark.png")
    PILImage.new("RGB", (300, 300), (30, 30, 200)).save(src / "shark-800.png")
    built = make_pipeline(display_widths=(800,), thumb_widths=(400,), formats=("webp",), fallback=True)
    big = built.pipeline.request(src / "shark.png", "/g/", "display", originals="exact")
    small = built.pipeline.request(src / "shark-800.png", "/g/", "display", originals="exact")
    built.pipeline.run(built.out)
    fallback_url = big.fallback[-1].url
    assert small.original_url != fallback_url
    assert PILImage.open(built.file(fallback_url)).size == (800, 400)
    assert PILImage.open(built.file(small.original_url)).size == (300, 300)


def test_a_clean_original_and_its_sizes_come_from_one_decode(make_pipeline, src: Path, monkeypatch) -> None:
    """Issue 15: each source is decoded once. The cleaned PNG original needs its pixels checked for
    stealth text, and the resized copies need them too; the check is made once, on the job's own
    decode, and an original without such text is published byte-cleaned, not re-encoded."""
    from PIL import PngImagePlugin

    from generator.images import budget

    noisy((900, 600)).save(src / "dune.png")
    monkeypatch.setattr(budget, "can_fork", lambda: False)  # run the job in this process, to count
    loads = []
    real_load = PngImagePlugin.PngImageFile.load

    def counting_load(self):  # noqa: ANN001, ANN202 - Pillow's own signature
        if self.tile:  # still to decode (Pillow empties it once the pixels are in)
            loads.append(self.size)
        return real_load(self)

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", counting_load)
    built = make_pipeline(originals="clean")
    image = built.pipeline.request(src / "dune.png", "/g/", "display")
    stats = built.pipeline.run(built.out)
    assert stats.failed == 0 and image.original_url, built.problems
    assert loads == [(900, 600)]
    with Image.open(built.file(image.original_url)) as original:
        assert original.format == "PNG" and original.tobytes() == Image.open(src / "dune.png").tobytes()


def test_the_pool_starts_the_largest_pictures_first(make_pipeline, src: Path, monkeypatch) -> None:
    """A large picture handed out last runs alone while the other cores wait; handed out first,
    the small ones fill in behind it. Jobs reach the workers by size, whatever the page order."""
    from generator.images import budget
    from generator.images.jobs import run_job

    sizes = {"small.png": (200, 150), "huge.png": (1600, 1200), "mid.png": (700, 500)}
    for name, size in sizes.items():
        noisy(size).save(src / name)
    monkeypatch.setattr(budget, "can_fork", lambda: False)
    order: list[str] = []

    def recording(job):  # noqa: ANN001, ANN202
        order.append(Path(job.source).name)
        return run_job(job)

    monkeypatch.setattr(budget, "run_job", recording)
    built = make_pipeline()
    for name in sizes:
        built.pipeline.request(src / name, "/g/", "display")
    assert built.pipeline.run(built.out).failed == 0
    assert order == ["huge.png", "mid.png", "small.png"]
