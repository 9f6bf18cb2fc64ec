"""The reproduce kit: opt-in, workflows from PNG, WebP and JPEG savers, resources, hidden prompts.

Images are written the way the tools write them: ComfyUI's SaveImage (PNG tEXt "prompt" and
"workflow"), its animated-WebP saver (EXIF Make "workflow:..." and Model "prompt:..."), the
SaveImageExtended JPEG node (EXIF Make "Prompt: ..." and ImageDescription "Workflow: ..."), and
AUTOMATIC1111's PNG "parameters" chunk. Expected values are the ones written into the fixtures.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import piexif
from PIL import Image

from tests.kit.files import SITE_YAML, build_site, published_files, write_site
from tests.kit.images import png
from tests.provenance.test_comfyui import NEGATIVE, POSITIVE, UI_WORKFLOW, txt2img

INDEX = "---\ntitle: G\ndate: 2025-01-02\n---\n"
FAST = "images: {formats: [webp], thumb_widths: [16], display_widths: [32]}\n"
WORKFLOW_TEXT = json.dumps(UI_WORKFLOW)
LORA_PARAMS = ("a red fox in the snow <lora:foxfur_v2:0.8>\nNegative prompt: lowres, blurry\n"
               "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 4242, Size: 832x1216, "
               "Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Lora hashes: \"foxfur_v2: 9f8e7d6c5b4a\", "
               "Version: v1.10.1")


def comfy_png() -> bytes:
    return png({"prompt": json.dumps(txt2img(seed=101)), "workflow": WORKFLOW_TEXT})


def comfy_webp(tmp_path: Path) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "workflow:" + WORKFLOW_TEXT
    exif[0x0110] = "prompt:" + json.dumps(txt2img(seed=202))
    path = tmp_path / "anim.webp"
    Image.new("RGB", (32, 32)).save(path, exif=exif.tobytes(), lossless=True)
    return path.read_bytes()


def comfy_jpeg(tmp_path: Path) -> bytes:
    exif = piexif.dump({"0th": {
        piexif.ImageIFD.Make: ("Prompt: " + json.dumps(txt2img(seed=303))).encode(),
        piexif.ImageIFD.ImageDescription: ("Workflow: " + WORKFLOW_TEXT).encode(),
    }})
    path = tmp_path / "ext.jpg"
    Image.new("RGB", (32, 32)).save(path, exif=exif, quality=80)
    return path.read_bytes()


def gallery(tmp_path: Path, site_extra: str = "", sidecars: dict[str, str] | None = None,
            index: str = INDEX) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {
        "site.yaml": SITE_YAML + FAST + site_extra,
        "content/galleries/g/index.md": index,
        "content/galleries/g/moth.png": comfy_png(),
        "content/galleries/g/loop.webp": comfy_webp(tmp_path),
        "content/galleries/g/ext.jpg": comfy_jpeg(tmp_path),
        "content/galleries/g/fox.png": png({"parameters": LORA_PARAMS}),
    }
    for name, front in (sidecars or {}).items():
        files[f"content/galleries/g/{name}.md"] = f"---\n{front}---\n"
    return files


def build(tmp_path: Path, **kwargs: object) -> Path:
    root = tmp_path / "site"
    write_site(root, gallery(tmp_path, **kwargs))  # type: ignore[arg-type]
    result, out = build_site(root, use_cache=False)
    assert not result.problems.errors
    return out


def page(out: Path, slug: str) -> str:
    return (out / "galleries" / "g" / slug / "index.html").read_text(encoding="utf-8")


def kit(html_text: str) -> str:
    match = re.search(r'<section class="reproduce".*?</section>', html_text, re.S)
    return match.group(0) if match else ""


def textarea(html_text: str, prefix: str) -> str:
    match = re.search(rf'<textarea id="{prefix}-[^"]*"[^>]*>(.*?)</textarea>', html_text, re.S)
    assert match, prefix
    return html.unescape(match.group(1))


def test_off_by_default(tmp_path: Path) -> None:
    out = build(tmp_path)
    for slug in ("moth", "loop", "ext", "fox"):
        assert kit(page(out, slug)) == ""
        assert not (out / "galleries" / "g" / slug / "workflow.json").exists()


def test_workflow_from_png_webp_and_jpeg_savers_is_published_beside_the_work(tmp_path: Path) -> None:
    out = build(tmp_path, site_extra="reproduce: true\n")
    for slug in ("moth", "loop", "ext"):
        section = kit(page(out, slug))
        assert section, slug
        published = (out / "galleries" / "g" / slug / "workflow.json").read_text(encoding="utf-8")
        assert published == WORKFLOW_TEXT, slug  # the editor workflow exactly as the image carried it
        assert f'href="/galleries/g/{slug}/workflow.json" download' in section
        assert json.loads(textarea(section, "reproduce-workflow")) == UI_WORKFLOW
        assert textarea(section, "reproduce-prompt") == POSITIVE
        assert NEGATIVE in section
        params = textarea(section, "reproduce-params")
        assert params.splitlines()[:2] == [POSITIVE, f"Negative prompt: {NEGATIVE}"]
        assert "Model: dreamshaper_8.safetensors" in params
        assert "<td>dreamshaper_8.safetensors</td>" in section
    seeds = {slug: textarea(kit(page(out, slug)), "reproduce-params") for slug in ("moth", "loop", "ext")}
    assert "Seed: 101" in seeds["moth"] and "Seed: 202" in seeds["loop"] and "Seed: 303" in seeds["ext"]


def settings_of(params: str) -> dict[str, str]:
    """The last line of A1111 parameters as key -> value, quoted values kept whole."""
    pairs = re.findall(r'([A-Za-z ]+): ("[^"]*"|[^,]*)(?:, |$)', params.splitlines()[-1])
    return {key.strip(): value for key, value in pairs}


def test_a1111_parameters_and_the_resource_list(tmp_path: Path) -> None:
    out = build(tmp_path, site_extra="reproduce: true\n")
    section = kit(page(out, "fox"))
    params = textarea(section, "reproduce-params")
    written = LORA_PARAMS.splitlines()
    assert params.splitlines()[:2] == written[:2]
    expected = settings_of(LORA_PARAMS)
    expected.pop("Version")  # names the UI build, not a setting
    got = settings_of(params)
    for key in ("Steps", "Sampler", "Schedule type", "CFG scale", "Seed", "Model hash", "Model", "Lora hashes"):
        assert got[key] == expected[key], key
    assert got["Size"] == expected["Size"]
    assert not (out / "galleries" / "g" / "fox" / "workflow.json").exists()
    assert "Copy workflow" not in section
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", section, re.S)
    by_kind = {row[0]: row for row in rows}
    assert by_kind["checkpoint"][1] == "sd_xl_base_1.0" and "31e35c80fc" in by_kind["checkpoint"][3]
    assert by_kind["lora"][1] == "foxfur_v2" and by_kind["lora"][2] == "0.8" and "9f8e7d6c5b4a" in by_kind["lora"][3]


def test_gallery_and_sidecar_decide_per_work(tmp_path: Path) -> None:
    out = build(tmp_path, index="---\ntitle: G\ndate: 2025-01-02\nreproduce: true\n---\n",
                sidecars={"ext.jpg": "alt: A moth\nreproduce: false\n"})
    assert kit(page(out, "moth")) and kit(page(out, "fox"))
    assert kit(page(out, "ext")) == ""
    assert not (out / "galleries" / "g" / "ext" / "workflow.json").exists()


def test_hidden_prompt_disables_every_part_that_carries_it(tmp_path: Path) -> None:
    out = build(tmp_path, site_extra="reproduce: true\n",
                sidecars={name: "alt: A work\nshow_prompt: false\n" for name in ("moth.png", "loop.webp", "ext.jpg",
                                                                                  "fox.png")})
    for slug in ("moth", "loop", "ext", "fox"):
        text = page(out, slug)
        section = kit(text)
        assert "The artist keeps the prompt private, so the prompt, the parameters and the workflow" in section
        for part in ("Copy prompt", "Copy parameters", "Copy workflow", "workflow.json", "<textarea"):
            assert part not in section, (slug, part)
        assert 'class="openness-table reproduce-resources"' in section  # the resource list carries no prompt
        assert not (out / "galleries" / "g" / slug / "workflow.json").exists()
    leaked = [rel for rel, data in published_files(out).items()
              if POSITIVE.encode() in data or b"a red fox in the snow" in data or b"red fox in snow" in data]
    assert leaked == []


def test_a_non_boolean_switch_is_reported_and_publishes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(root, gallery(tmp_path, sidecars={"moth.png": "alt: A moth\nreproduce: \"no\"\n"}))
    result, out = build_site(root, use_cache=False)
    found = [p for p in result.problems.warnings if "reproduce" in p.message]
    assert found and str(found[0].file).endswith("moth.png")
    assert kit(page(out, "moth")) == "" and not (out / "galleries" / "g" / "moth" / "workflow.json").exists()


def test_hostile_metadata_is_escaped_in_every_part_of_the_kit(tmp_path: Path) -> None:
    hostile = ('a moth</textarea><script>alert(1)</script>\nNegative prompt: x"><img src=x onerror=alert(2)>\n'
               'Steps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 64x48, Model hash: abc, '
               'Model: <svg onload=alert(3)>')
    root = tmp_path / "site"
    write_site(root, {"site.yaml": SITE_YAML + FAST + "reproduce: true\n", "content/galleries/g/index.md": INDEX,
                      "content/galleries/g/moth.png": png({"parameters": hostile})})
    _, out = build_site(root, use_cache=False)
    section = kit(page(out, "moth"))
    assert section
    assert "<script>alert" not in section and "<img src=x" not in section and "<svg onload" not in section
    assert textarea(section, "reproduce-prompt") == "a moth</textarea><script>alert(1)</script>"
    assert section.count("</textarea>") == section.count("<textarea")


def test_the_credits_ledger_is_read_when_present_and_unsafe_links_dropped() -> None:
    from generator.provenance.kit import resources_for
    from generator.provenance.result import LoraRef, ModelRef, Provenance, ResourceRef

    class Entry:
        kind, name, weight, hash = "embedding", "easynegative", None, "c74b4e810b"
        url, license, grade = "https://civitai.com/models/7808", {"name": "CreativeML OpenRAIL-M"}, {"letter": "C"}

    prov = Provenance(file="x.png", model=ModelRef("sd15.safetensors", "abc"), loras=[LoraRef("fox", 0.8)])
    ledger = [Entry(), {"kind": "lora", "name": "fox", "weight": 0.8, "url": "javascript:alert(1)", "license": "MIT"}]
    rows = resources_for({"credits": ledger}, prov)
    assert [(r.kind, r.name, r.url, r.license, r.grade) for r in rows] == [
        ("embedding", "easynegative", "https://civitai.com/models/7808", "CreativeML OpenRAIL-M", "C"),
        ("lora", "fox", "", "MIT", "")]
    prov.resources = [ResourceRef(kind="lora", name="fox", weight=0.8,
                                  air="urn:air:sd1:lora:civitai:12345@67890")]
    assert resources_for({}, prov)[0].url == "https://civitai.com/models/12345?modelVersionId=67890"
    prov.resources = []
    fallback = resources_for({}, prov, "Some licence", "D")
    assert [(r.kind, r.name, r.hash, r.license, r.grade) for r in fallback] == [
        ("checkpoint", "sd15.safetensors", "abc", "Some licence", "D"), ("lora", "fox", None, "", "")]
