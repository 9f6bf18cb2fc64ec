"""Video works: a poster, a <video> element, provenance read from the container, and a published
copy with no location, device or prompt left in it."""

from __future__ import annotations

import re
from pathlib import Path

from generator.provenance.reader import read_provenance
from tests.kit.files import SITE_YAML, build_site, published_files, write_site

from .videokit import DEVICE, GPS, container_tags, make_video, phone_tags, savevideo_tags, vhs_tags

PROMPT = "a heron wading at dawn, tangerine-harbour-3391"
SECRET = "tangerine-harbour-3391"
INDEX = "---\ntitle: Clips\ndate: 2025-03-01\n---\n"
# What the muxer itself writes: brands, its name, stream language and handler, length.
ALLOWED_TAGS = {"major_brand", "minor_version", "compatible_brands", "encoder", "language", "handler_name",
                "duration", "vendor_id"}


def video_site(root: Path, extra_yaml: str = "", suffix: str = ".mp4") -> Path:
    write_site(root, {"site.yaml": SITE_YAML + extra_yaml, "content/galleries/clips/index.md": INDEX,
                      "content/galleries/clips/heron.mp4.md".replace(".mp4", suffix): "---\nalt: A heron\n---\n",
                      "content/posts/notes/index.md": "---\ntitle: Notes\ndate: 2025-03-02\n---\nA clip.\n"})
    make_video(root / f"content/galleries/clips/heron{suffix}", {**vhs_tags(PROMPT), **phone_tags()}, audio=True)
    make_video(root / "content/posts/notes/clip.webm", {**savevideo_tags(PROMPT), **phone_tags()})
    return root


def assert_clean(path: Path) -> None:
    tags, stream_tags, kinds = container_tags(path)
    names = {key.lower() for key in tags} | {key.lower() for group in stream_tags for key in group}
    assert names <= ALLOWED_TAGS, names - ALLOWED_TAGS
    assert all(DEVICE not in value for group in stream_tags for value in group.values())
    assert set(kinds) <= {"video", "audio"}
    data = path.read_bytes()
    for marker in (SECRET, DEVICE, GPS[:8], "class_type"):
        assert marker.encode() not in data, f"{path.name} still holds {marker!r}"


def test_a_video_work_is_published_clean_with_a_poster_and_its_provenance(tmp_path: Path) -> None:
    root = video_site(tmp_path)
    result, out = build_site(root)
    published = out / "galleries" / "clips" / "heron.mp4"
    assert_clean(published)
    assert container_tags(published)[2] == ["video", "audio"]  # the sound is kept, unchanged
    page = (out / "galleries" / "clips" / "heron" / "index.html").read_text()
    video = re.search(r"<video\b[^>]*>", page)
    assert video is not None
    tag = video.group(0)
    assert 'width="64"' in tag and 'height="48"' in tag and " controls" in tag
    assert "autoplay" not in tag and re.search(r'poster="/galleries/clips/heron-64\.(png|jpg)"', tag)
    assert '<source src="/galleries/clips/heron.mp4" type="video/mp4">' in page
    assert (out / "galleries" / "clips" / "heron-64.webp").is_file()  # thumbnails come from the poster
    assert "wan2.1_t2v_14B_fp8.safetensors" in page and PROMPT in page and "4242" in page
    assert_clean(out / "posts" / "notes" / "clip.webm")  # a video beside a post is cleaned too
    assert not [p for p in result.problems.warnings if "heron" in str(p.file or "")]


def test_a_hidden_prompt_of_a_video_is_in_no_published_file(tmp_path: Path) -> None:
    root = video_site(tmp_path, "show_prompt: false\n")
    _, out = build_site(root)
    leaks = [rel for rel, data in published_files(out).items() if SECRET.encode() in data]
    assert leaks == []
    assert "The artist keeps the prompt private." in (out / "galleries/clips/heron/index.html").read_text()


def test_a_mov_from_a_phone_loses_its_location(tmp_path: Path) -> None:
    root = video_site(tmp_path, suffix=".mov")
    _, out = build_site(root)
    assert_clean(out / "galleries" / "clips" / "heron.mov")
    assert 'type="video/quicktime"' in (out / "galleries/clips/heron/index.html").read_text()


def test_a_broken_video_is_a_warning_naming_it_and_is_not_published(tmp_path: Path) -> None:
    root = video_site(tmp_path)
    (root / "content/galleries/clips/broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64)
    (root / "content/posts/notes/broken.webm").write_bytes(b"\x1a\x45\xdf\xa3 not really")
    result, out = build_site(root)
    warned = {Path(p.file).name for p in result.problems.warnings if p.file}
    assert {"broken.mp4", "broken.webm"} <= warned
    assert not (out / "galleries/clips/broken.mp4").exists() and not (out / "posts/notes/broken.webm").exists()
    assert (out / "galleries/clips/heron.mp4").is_file()


def test_originals_exact_publishes_the_video_as_it_is(tmp_path: Path) -> None:
    root = video_site(tmp_path, "images: {originals: exact}\n")
    _, out = build_site(root)
    source = root / "content/galleries/clips/heron.mp4"
    assert (out / "galleries/clips/heron.mp4").read_bytes() == source.read_bytes()


def test_provenance_is_read_from_each_video_saver(tmp_path: Path) -> None:
    for name, tags in (("vhs.mp4", vhs_tags(PROMPT)), ("save.webm", savevideo_tags(PROMPT)),
                       ("save.mp4", savevideo_tags(PROMPT))):
        prov = read_provenance(make_video(tmp_path / name, tags))
        assert prov.format == "comfyui", name
        assert prov.model is not None and prov.model.name == "wan2.1_t2v_14B_fp8.safetensors", name
        assert (prov.prompt, prov.seed, prov.steps, prov.sampler) == (PROMPT, 4242, 30, "uni_pc"), name
        assert prov.ai_generated is True and prov.error is None, name
    plain = read_provenance(make_video(tmp_path / "phone.mov", phone_tags()))
    assert plain.format is None and plain.ai_generated is None  # a phone video says nothing of AI


def test_content_credentials_in_an_mp4_are_read_and_not_republished(tmp_path: Path) -> None:
    from tests.kit.c2pa_sign import make_signer, manifest

    created = {"action": "c2pa.created",
               "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}
    plain = make_video(tmp_path / "plain.mp4", frames=4).read_bytes()
    signed = make_signer().sign_bytes(manifest([created], generator="video-maker"), plain, "video/mp4")
    root = video_site(tmp_path / "site")
    (root / "content/galleries/clips/heron.mp4").write_bytes(signed)
    prov = read_provenance(root / "content/galleries/clips/heron.mp4")
    assert prov.c2pa is not None and prov.c2pa.manifest_count >= 1
    assert "trainedAlgorithmicMedia" in " ".join(prov.c2pa.digital_source_types)
    assert prov.ai_generated is True
    _, out = build_site(root)
    assert b"c2pa" not in (out / "galleries/clips/heron.mp4").read_bytes()  # the copy carries no manifest
    assert "AI-generated" in (out / "galleries/clips/heron/index.html").read_text()


def test_a_warned_video_is_blurred_behind_its_warning(tmp_path: Path) -> None:
    root = video_site(tmp_path)
    (root / "content/galleries/clips/heron.mp4.md").write_text("---\nalt: A heron\ncontent_warning: strobe\n---\n")
    _, out = build_site(root)
    page = (out / "galleries/clips/heron/index.html").read_text()
    assert re.search(r'<span class="cw cw-blurred" data-cw="strobe">\s*<video', page)
    assert 'class="cw-reveal"' in page and "og:image" not in page
