"""SVGs published cleaned, documents and sound files refused (issue 12): beside posts, under
static/ and in a theme's static/, each refusal a warning naming the file and the opt-in."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from tests.kit.files import SITE_YAML, build_site, write_site

from .document_fixtures import docx_with_author, encoded_audio, mp3_with_tags, pdf_with_author
from .svg_fixtures import illustrator_svg, inkscape_svg

USER, OWNER, SERIAL_DEVICE = "homeuser-z8r1", "owner-name-b6n3", "device-serial-w2e7"
POST = "---\ntitle: Notes\ndate: 2025-03-02\n---\n[fox](fox.svg)\n\n[talk](talk.pdf)\n"
SCRIPTED = b'<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/admin")</script><rect width="5"/></svg>'


def warnings_for(result, name: str) -> list[str]:  # noqa: ANN001 - BuildResult
    return [p.message for p in result.problems.warnings if str(p.file or "").endswith(name)]


def test_svgs_everywhere_are_published_without_editor_metadata(tmp_path: Path) -> None:
    import generator.themes

    theme = tmp_path / "themes" / "mine"
    shutil.copytree(Path(generator.themes.__path__[0]) / "default", theme)
    (theme / "static" / "logo.svg").write_bytes(illustrator_svg(OWNER))
    write_site(tmp_path, {"site.yaml": SITE_YAML + "theme: mine\n",
                          "content/posts/notes/index.md": POST.replace("[talk](talk.pdf)", "[zip](fox.svgz)"),
                          "content/posts/notes/fox.svg": inkscape_svg(USER, OWNER),
                          "content/posts/notes/fox.svgz": gzip.compress(inkscape_svg(USER, OWNER)),
                          "static/icons/ink.SVG": inkscape_svg(USER, OWNER)})
    result, out = build_site(tmp_path)
    for rel in ("posts/notes/fox.svg", "icons/ink.SVG", "theme/logo.svg"):
        data = (out / rel).read_bytes()
        assert USER.encode() not in data and OWNER.encode() not in data, rel
        assert b"<path" in data or b"<circle" in data, rel
    unzipped = gzip.decompress((out / "posts/notes/fox.svgz").read_bytes())
    assert USER.encode() not in unzipped and b"<path" in unzipped
    assert not [p for p in result.problems.warnings if "broken link" in p.message]


def test_unsafe_svgs_are_refused_naming_the_file_unless_exact_files_are_asked_for(tmp_path: Path) -> None:
    entity = b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/posts/notes/index.md": POST.replace("[talk](talk.pdf)", ""),
                          "content/posts/notes/fox.svg": SCRIPTED, "static/entity.svg": entity,
                          "static/broken.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><g>"})
    result, out = build_site(tmp_path)
    for name, why in (("fox.svg", "would run code"), ("entity.svg", "DOCTYPE"), ("broken.svg", "does not parse")):
        (message,) = warnings_for(result, name)
        assert message.startswith("not published") and why in message and "originals: exact" in message, message
    assert not (out / "posts/notes/fox.svg").exists() and not (out / "entity.svg").exists()
    write_site(tmp_path, {"site.yaml": SITE_YAML + "images: {originals: exact}\n"})
    result, out = build_site(tmp_path)
    assert (out / "posts/notes/fox.svg").read_bytes() == SCRIPTED  # the artist's own interactive piece
    assert not warnings_for(result, "fox.svg")


def test_documents_are_refused_with_the_opt_in(tmp_path: Path) -> None:
    files = {"content/posts/notes/talk.pdf": pdf_with_author(OWNER),
             "static/cv.docx": docx_with_author(OWNER), "content/misc/notes.ODT": docx_with_author(OWNER),
             "content/misc/voice.aiff": b"FORM\x00\x00\x00\x04AIFF" + OWNER.encode()}
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/posts/notes/index.md": POST,
                          "content/posts/notes/fox.svg": inkscape_svg(USER, OWNER), **files})
    result, out = build_site(tmp_path)
    published = {p.name for p in out.rglob("*") if p.is_file()}
    assert not published & {"talk.pdf", "cv.docx", "notes.ODT", "voice.aiff"}
    for name in ("talk.pdf", "cv.docx", "notes.ODT", "voice.aiff"):
        (message,) = warnings_for(result, name)
        assert "cannot remove author, device and location data" in message and "originals: exact" in message
    write_site(tmp_path, {"site.yaml": SITE_YAML + "images: {originals: exact}\n"})
    result, out = build_site(tmp_path)
    assert (out / "posts/notes/talk.pdf").read_bytes() == files["content/posts/notes/talk.pdf"]
    assert (out / "cv.docx").read_bytes() == files["static/cv.docx"]
    assert not [p for p in result.problems.warnings if "broken link" in p.message]  # the link to the PDF works


def test_sound_files_are_published_as_remuxes_without_tags(tmp_path: Path) -> None:
    import av

    phone = {"location": "+48.8577+002.2950/", "make": SERIAL_DEVICE, "artist": OWNER, "comment": USER}
    files = {"content/posts/notes/song.mp3": mp3_with_tags(OWNER, USER),
             **{f"content/posts/notes/memo{suffix}": encoded_audio(suffix, phone)
                for suffix in (".m4a", ".flac", ".opus", ".wav")},
             "content/posts/notes/bad.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x10" + OWNER.encode()}
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/posts/notes/index.md": POST.replace("[talk](talk.pdf)", "")
                          .replace("[fox](fox.svg)", "[song](song.mp3)"), **files})
    result, out = build_site(tmp_path)
    for name in ("song.mp3", "memo.m4a", "memo.flac", "memo.opus", "memo.wav"):
        data = (out / "posts/notes" / name).read_bytes()
        for secret in (OWNER, USER, SERIAL_DEVICE, "+48.8577"):
            assert secret.encode() not in data, (name, secret)
        with av.open(str(out / "posts/notes" / name)) as copy:  # still sound, as long as the source
            (stream,) = copy.streams.audio
            assert stream.duration or copy.duration, name
            assert not {"artist", "comment", "location", "title"} & set(copy.metadata), (name, copy.metadata)
    (message,) = warnings_for(result, "bad.mp3")
    assert message.startswith("not published") and "originals: exact" in message
    assert not (out / "posts/notes/bad.mp3").exists()
    write_site(tmp_path, {"site.yaml": SITE_YAML + "images: {originals: exact}\n"})
    _, out = build_site(tmp_path)
    assert (out / "posts/notes/song.mp3").read_bytes() == files["content/posts/notes/song.mp3"]


def test_an_svg_shown_in_a_post_is_an_img_of_the_cleaned_copy(tmp_path: Path) -> None:
    """SVG needs no resized versions: the post shows the published (cleaned) file itself, and no
    "not a readable image" box."""
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/posts/notes/index.md": POST.replace("[talk](talk.pdf)", "")
                          .replace("[fox]", "![a fox]"), "content/posts/notes/fox.svg": inkscape_svg(USER, OWNER)})
    result, out = build_site(tmp_path)
    page = (out / "posts/notes/index.html").read_text(encoding="utf-8")
    assert '<img src="fox.svg" alt="a fox" loading="lazy" decoding="async">' in page
    assert "image-missing" not in page and not warnings_for(result, "fox.svg")
    assert USER.encode() not in (out / "posts/notes/fox.svg").read_bytes()
    write_site(tmp_path, {"content/posts/notes/index.md": "---\ntitle: N\ndate: 2025-03-02\n---\n![gone](gone.svg)\n"})
    result, _ = build_site(tmp_path)
    assert any("image not found: gone.svg" in p.message for p in result.problems.warnings)
