"""Files published beside posts, under content/, in static/ and in a theme's static/: cleaned,
stripped where the prompt is hidden, refused when artsite cannot clean them, never from a draft."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import piexif
from PIL import Image

from generator.provenance.reader import extract
from tests.kit.files import SITE_YAML, a1111_parameters, build_site, write_site
from tests.kit.images import png

from .image_fixtures import SERIAL, noisy, private_exif
from .leak_fixtures import stealth_image

PROMPT = "copper-meadow-6620 a fox in snow"
POST = "---\ntitle: Notes\ndate: 2025-03-02\n{extra}---\n![a fox](fox.png)\n"


def encoded(fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    noisy((40, 30)).save(buffer, fmt, **params)
    return buffer.getvalue()


def warnings_for(result, name: str) -> list[str]:  # noqa: ANN001 - BuildResult
    return [p.message for p in result.problems.warnings if str(p.file or "").endswith(name)]


def test_camera_files_are_refused_with_a_warning_that_says_how_to_opt_in(tmp_path: Path) -> None:
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"Exif\x00\x00" + SERIAL.encode()
    files = {f"content/posts/notes/photo{suffix}": heic for suffix in (".heic", ".HEIF", ".dng", ".psd", ".jxl")}
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/posts/notes/index.md": "---\ntitle: N\n---\n[raw](photo.heic)\n",
                          "static/raw.cr2": heic, "content/drone.MKV": heic, **files})
    result, out = build_site(tmp_path)
    published = {p.name for p in out.rglob("*") if p.is_file()}
    assert not published & {"photo.heic", "photo.HEIF", "photo.dng", "photo.psd", "photo.jxl", "raw.cr2", "drone.MKV"}
    for name in ("photo.heic", "photo.dng", "raw.cr2", "drone.MKV"):
        (message,) = warnings_for(result, name)
        assert "cannot remove location and camera data" in message and "originals: exact" in message
    write_site(tmp_path, {"site.yaml": SITE_YAML + "images: {originals: exact}\n"})
    result, out = build_site(tmp_path)
    assert (out / "posts/notes/photo.heic").read_bytes() == heic  # the artist asked for exact files
    assert not [p for p in result.problems.warnings if "broken link" in p.message]  # the link to it works


def test_jpeg_aliases_bmp_and_tiff_are_published_without_location_or_serials(tmp_path: Path) -> None:
    exif = private_exif()
    files = {"content/posts/notes/a.jfif": encoded("JPEG", exif=exif), "content/misc/b.jpe": encoded("JPEG", exif=exif),
             "content/misc/c.bmp": encoded("BMP"), "content/misc/d.tif": encoded("TIFF", exif=exif),
             "static/e.tiff": encoded("TIFF", exif=exif)}
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/posts/notes/index.md": "---\ntitle: N\n---\nx\n", **files})
    _, out = build_site(tmp_path)
    for rel in ("posts/notes/a.jfif", "misc/b.jpe", "misc/c.bmp", "misc/d.tif", "e.tiff"):
        data = (out / rel).read_bytes()
        assert SERIAL.encode() not in data and b"Canon" not in data, rel
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            assert im.size == (40, 30)
            assert im.getexif().get_ifd(0x8825) == {}, rel  # no GPS


def test_theme_static_images_are_cleaned_too(tmp_path: Path) -> None:
    import generator.themes

    theme = tmp_path / "themes" / "mine"
    shutil.copytree(Path(generator.themes.__path__[0]) / "default", theme)
    (theme / "static" / "img").mkdir(parents=True)
    (theme / "static" / "img" / "banner.jpg").write_bytes(encoded("JPEG", exif=private_exif()))
    (theme / "static" / "img" / "phone.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + SERIAL.encode())
    write_site(tmp_path, {"site.yaml": SITE_YAML + "theme: mine\n", "content/about.md": "---\ntitle: About\n---\nx\n"})
    result, out = build_site(tmp_path)
    banner = (out / "theme/img/banner.jpg").read_bytes()
    assert SERIAL.encode() not in banner and piexif.load(banner)["GPS"] == {}
    assert not (out / "theme/img/phone.heic").exists() and warnings_for(result, "phone.heic")


def test_images_beside_a_post_with_a_hidden_prompt_carry_no_generation_data(tmp_path: Path) -> None:
    """show_prompt: false made the resized images private but published fox.png as it was, with
    its `parameters` chunk; a loose stealth PNG and a JPEG's EXIF comment went out too."""
    comment = {"0th": {}, "Exif": {piexif.ExifIFD.UserComment: b"ASCII\x00\x00\x00" + PROMPT.encode()},
               "GPS": {}, "1st": {}, "thumbnail": None}
    write_site(tmp_path, {
        "site.yaml": SITE_YAML,
        "content/posts/notes/index.md": POST.format(extra="show_prompt: false\n"),
        "content/posts/notes/fox.png": png({"parameters": a1111_parameters(PROMPT)}),
        "content/posts/notes/extra.png": stealth_image(PROMPT),
        "content/posts/notes/shot.jpg": encoded("JPEG", exif=piexif.dump(comment)),
        "content/posts/flat.md": "---\ntitle: F\ndate: 2025-03-03\nshow_prompt: false\n---\n![x](/art/named.png)\n",
        "content/art/named.png": png({"parameters": a1111_parameters(PROMPT)}),
        "content/art/public.png": png({"parameters": a1111_parameters("a public prompt")}),
        "content/posts/notes/fox.txt": a1111_parameters(PROMPT),  # A1111's "save text file beside image"
        "content/posts/notes/fox.swarm.json": f'{{"sui_image_params": {{"prompt": "{PROMPT}"}}}}',
        "content/posts/notes/readme.txt": "about this post",
        "content/art/public.txt": a1111_parameters("a public prompt"),
    })
    result, out = build_site(tmp_path)
    assert not (out / "posts/notes/fox.txt").exists() and not (out / "posts/notes/fox.swarm.json").exists()
    (warning,) = [p.message for p in result.problems.warnings if str(p.file or "").endswith("fox.txt")]
    assert "beside fox.png" in warning
    assert (out / "posts/notes/readme.txt").is_file() and (out / "art/public.txt").is_file()
    for rel in ("posts/notes/fox.png", "posts/notes/extra.png", "posts/notes/shot.jpg", "art/named.png"):
        data = (out / rel).read_bytes()
        assert PROMPT.encode() not in data and b"parameters" not in data, rel
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            bare = io.BytesIO()
            im.convert("RGBA").save(bare, "PNG")
        assert extract("x.png", bare.getvalue()).stealth is None, rel
    assert b"a public prompt" in (out / "art/public.png").read_bytes()  # other images keep theirs


def test_the_files_of_jekyll_drafts_are_not_published(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML,
                          "content/_drafts/wip.md": "---\ntitle: WIP\n---\n![x](wip.png)\n",
                          "content/_drafts/wip.png": png({"parameters": a1111_parameters(PROMPT)}),
                          "content/_drafts/notes.txt": "secret notes",
                          "content/posts/dr/index.md": "---\ntitle: D\ndate: 2025-01-01\ndraft: true\n---\nx\n",
                          "content/posts/dr/d.png": png({"parameters": a1111_parameters(PROMPT)})})
    _, out = build_site(tmp_path)
    names = {p.name for p in out.rglob("*") if p.is_file()}
    assert not names & {"wip.png", "notes.txt", "d.png"}
    _, out = build_site(tmp_path, drafts=True, output=tmp_path / "preview")
    assert (out / "_drafts/wip.png").is_file()  # building drafts on purpose shows them


def test_an_image_only_a_draft_names_is_not_published_from_a_flat_posts_folder(tmp_path: Path) -> None:
    """A draft `wip.md` and its `wip.png` side by side in content/posts/: no bundle folder says the
    image is the draft's, but only the draft names it."""
    write_site(tmp_path, {"site.yaml": SITE_YAML,
                          "content/posts/wip.md": "---\ntitle: WIP\ndate: 2025-01-01\ndraft: true\n---\n![x](wip.png)\n",
                          "content/posts/wip.png": png({"parameters": a1111_parameters(PROMPT)}),
                          "content/posts/shared.png": png(),
                          "content/posts/done.md": "---\ntitle: Done\ndate: 2025-01-02\n---\n![y](shared.png)\n",
                          "content/posts/wip2.md": "---\ntitle: W2\ndate: 2025-01-03\ndraft: true\n---\n![y](shared.png)\n"})
    _, out = build_site(tmp_path)
    assert not (out / "posts/wip.png").exists()
    assert (out / "posts/shared.png").is_file()  # a published post shows it too
    _, out = build_site(tmp_path, drafts=True, output=tmp_path / "preview")
    assert (out / "posts/wip.png").is_file()
