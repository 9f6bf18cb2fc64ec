"""`show_prompt: false` keeps a prompt out of every published file: HTML, JSON, feeds, images."""

from __future__ import annotations

from pathlib import Path

import piexif

from tests.kit.files import SITE_YAML, a1111_parameters, build_site, published_files, write_site
from tests.kit.images import jpeg, png

SECRET = "zebra-moonlight-7731"
NEGATIVE = "quokka-umbrella-4410"
INDEX = "---\ntitle: G\ndate: 2025-01-02\n---\n"


def secret_files() -> dict[str, bytes | str]:
    comment = b"UNICODE\x00" + a1111_parameters(f"a {SECRET} scene", NEGATIVE).encode("utf-16-be")
    return {
        "content/galleries/g/index.md": INDEX,
        "content/galleries/g/a.png": png({"parameters": a1111_parameters(f"a {SECRET} fox", NEGATIVE)}),
        "content/galleries/g/b.jpg": jpeg({"Exif": {piexif.ExifIFD.UserComment: comment}}),
        "content/images/loose.png": png({"parameters": a1111_parameters(f"loose {SECRET}", NEGATIVE)}),
        "content/posts/p.md": "---\ntitle: P\ndate: 2025-01-03\n---\n![A fox](/galleries/g/a.png)\n\n"
                              "![Loose](../images/loose.png)\n",
    }


def leaks(output: Path) -> list[str]:
    return sorted(rel for rel, data in published_files(output).items()
                  if SECRET.encode() in data or SECRET.encode("utf-16-be") in data or NEGATIVE.encode() in data)


def test_site_wide_false_keeps_the_prompt_out_of_every_output(tmp_path: Path) -> None:
    yaml = SITE_YAML + "show_prompt: false\nimages: {originals: exact}\n"
    write_site(tmp_path, {"site.yaml": yaml, **secret_files()})
    result, out = build_site(tmp_path)
    assert (out / "galleries" / "g" / "a" / "index.html").exists()
    assert (out / "feed.xml").exists() and (out / "provenance.json").exists()
    assert any(rel.endswith(".webp") for rel in published_files(out))  # derivatives were written and scanned
    assert leaks(out) == []
    page = (out / "galleries" / "g" / "a" / "index.html").read_text()
    assert "The artist keeps the prompt private." in page
    assert "Steps: 30" in page  # the rest of the parameters stay visible
    assert any("original file is not published because show_prompt is false" in p.message
               for p in result.problems.warnings)


def test_gallery_false_and_work_true_override_in_that_order(tmp_path: Path) -> None:
    files = secret_files()
    files["content/galleries/g/index.md"] = "---\ntitle: G\nshow_prompt: false\n---\n"
    files["content/galleries/g/b.jpg.md"] = "---\nalt: B\nshow_prompt: true\n---\n"
    write_site(tmp_path, {"site.yaml": SITE_YAML, **files})
    _, out = build_site(tmp_path)
    assert SECRET not in (out / "galleries" / "g" / "a" / "index.html").read_text()
    assert f"a {SECRET} scene" in (out / "galleries" / "g" / "b" / "index.html").read_text()
    assert f"a {SECRET} fox" not in (out / "provenance.json").read_text()
    assert f"a {SECRET} scene" in (out / "provenance.json").read_text()


def test_prompts_are_shown_by_default(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, **secret_files()})
    _, out = build_site(tmp_path)
    assert f"a {SECRET} fox" in (out / "galleries" / "g" / "a" / "index.html").read_text()
    assert f"a {SECRET} fox" in (out / "provenance.json").read_text()


def test_workflow_is_withheld_when_the_prompt_is_hidden(tmp_path: Path) -> None:
    import json

    graph = {"1": {"class_type": "CLIPTextEncode", "inputs": {"text": f"a {SECRET} moth"}},
             "2": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 4, "cfg": 7, "positive": ["1", 0]}},
             "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0]}}}
    workflow = json.dumps({"nodes": [{"id": 1, "type": "CLIPTextEncode", "widgets_values": [f"a {SECRET} moth"]}]})
    write_site(tmp_path, {"site.yaml": SITE_YAML + "show_prompt: false\nshow_workflow: true\n",
                          "content/galleries/g/index.md": INDEX,
                          "content/galleries/g/m.png": png({"prompt": json.dumps(graph), "workflow": workflow})})
    result, out = build_site(tmp_path)
    assert not (out / "galleries" / "g" / "m" / "workflow.json").exists()
    assert leaks(out) == []
    assert any("workflow is not published" in p.message for p in result.problems.warnings)


def test_kept_exif_in_resized_images_loses_the_prompt_too(tmp_path: Path) -> None:
    """keep_metadata keeps EXIF in resized images; where the prompt is hidden, the fields tools
    write it into (UserComment, ImageDescription) go, in JPEG fallbacks as in everything else."""
    yaml = SITE_YAML + "show_prompt: false\nimages: {keep_metadata: true, formats: [webp]}\n"
    write_site(tmp_path, {"site.yaml": yaml, **secret_files()})
    _result, out = build_site(tmp_path)
    assert any(rel.endswith((".jpg", ".jpeg")) for rel in published_files(out)), "a JPEG fallback with EXIF"
    assert leaks(out) == []
