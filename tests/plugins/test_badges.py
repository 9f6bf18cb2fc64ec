"""Provenance badges and openness labels on work pages, for every evidence level (issue 5)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator.problems import BuildFailed
from tests.kit.c2pa_sign import AI_SOURCE, make_signer, manifest
from tests.kit.files import SITE_YAML, a1111_parameters, build_site, read_json, write_site
from tests.kit.images import jpeg, png

GALLERY = "content/galleries/g/"
INDEX = "---\ntitle: G\ndate: 2025-01-02\n---\n"


def work_html(output: Path, slug: str) -> str:
    return (output / "galleries" / "g" / slug / "index.html").read_text(encoding="utf-8")


def badge_text(page: str) -> str:
    """The badge's visible text, tags stripped, entities decoded, whitespace folded."""
    section = page[page.index('<section class="provenance"'):page.index("</section>", page.index('class="provenance"'))]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", section)))


@pytest.fixture(scope="module")
def sign():
    return make_signer()


def test_embedded_a1111_metadata_shows_every_fact_and_an_open_weights_label(tmp_path: Path) -> None:
    text = a1111_parameters("a red fox in snow <lora:inkwash:0.6>", "blurry", seed=777, steps=25)
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX, GALLERY + "fox.png": png({"parameters": text})})
    _, out = build_site(tmp_path)
    page = work_html(out, "fox")
    shown = badge_text(page)
    assert "AI-generated" in shown
    assert "Embedded metadata, unsigned" in shown
    assert "C Open weights" in shown  # SDXL base 1.0 by its official A1111 hash: grade C in FRAMEWORKS.md
    assert "Stable Diffusion XL 1.0 base" in shown and "hash" in shown
    for fact in ("AUTOMATIC1111", "sd_xl_base_1.0", "inkwash", "(0.6)", "777", "DPM++ 2M", "25", "1024×1024"):
        assert fact in shown
    assert "a red fox in snow <lora:inkwash:0.6>" in shown and "blurry" in shown
    params = html.unescape(re.search(r'<textarea id="params-[^"]*"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    assert params.splitlines() == [
        "a red fox in snow <lora:inkwash:0.6>",
        "Negative prompt: blurry",
        "Steps: 25, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 777, Size: 1024x1024, "
        "Model hash: 31e35c80fc, Model: sd_xl_base_1.0",
    ]
    # Issue 16: one plain sentence first, with the model's registry name, then the settings folded shut.
    assert "Made with Stable Diffusion XL 1.0 base in AUTOMATIC1111. The settings are embedded in the file, " \
           "but not signed." in shown
    technical = re.search(r'<details class="badge-technical"( open)?>\s*<summary>Technical settings</summary>(.*?)</details>',
                          page, re.S)
    assert technical is not None and technical.group(1) is None, "the technical settings start closed"
    assert "777" in technical.group(2) and "DPM++ 2M" in technical.group(2)


def test_credentials_from_a_trusted_signer_are_verified_evidence(tmp_path: Path, sign) -> None:
    signed = sign(manifest([{"action": "c2pa.created", "digitalSourceType": AI_SOURCE}]), size=(40, 30))
    write_site(tmp_path, {"site.yaml": SITE_YAML + "provenance: {trust_anchors: anchors.pem}\n",
                          "anchors.pem": sign.ca_pem, GALLERY + "index.md": INDEX, GALLERY + "signed.png": signed})
    _, out = build_site(tmp_path)
    shown = badge_text(work_html(out, "signed"))
    assert "Content Credentials verified on the original at build time" in shown
    assert "AI-generated" in shown
    assert "artsite-test/1.0" in shown


def test_intact_credentials_from_an_unknown_signer_are_untrusted(tmp_path: Path, sign) -> None:
    signed = sign(manifest([{"action": "c2pa.created", "digitalSourceType": AI_SOURCE}]), size=(40, 30))
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX, GALLERY + "signed.png": signed})
    _, out = build_site(tmp_path)
    shown = badge_text(work_html(out, "signed"))
    assert "Content Credentials present but untrusted" in shown
    assert "verified" not in shown


def test_unreadable_trust_anchors_are_a_located_config_error(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "provenance: {trust_anchors: missing.pem}\n",
                          GALLERY + "index.md": INDEX, GALLERY + "a.png": png()})
    with pytest.raises(BuildFailed) as failed:
        build_site(tmp_path)
    [problem] = [p for p in failed.value.problems.errors if "trust_anchors" in p.message]
    assert problem.file == "site.yaml" and problem.line == 4


def test_tampered_content_credentials_are_invalid_evidence(tmp_path: Path, sign) -> None:
    data = bytearray(sign(manifest([{"action": "c2pa.created", "digitalSourceType": AI_SOURCE}]), size=(40, 30)))
    data[data.index(b"IDAT") + 6] ^= 0xFF
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX, GALLERY + "tampered.png": bytes(data)})
    _, out = build_site(tmp_path)
    assert "Content Credentials present but invalid" in badge_text(work_html(out, "tampered"))


def test_declaration_alone_is_declared_evidence(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "site.yaml": SITE_YAML, GALLERY + "index.md": INDEX, GALLERY + "plain.png": png(),
        GALLERY + "plain.png.md": "---\nalt: A plain square\nai: generated\nmodel: flux1-schnell\ntool: ComfyUI\n---\n",
    })
    _, out = build_site(tmp_path)
    shown = badge_text(work_html(out, "plain"))
    assert "Declared by the artist" in shown
    assert "AI-generated" in shown and "ComfyUI" in shown
    assert "C Open weights" in shown  # FLUX.1 [schnell]: Apache-2.0 weights, grade C in FRAMEWORKS.md


def test_made_without_ai_as_declared_has_no_model_label(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "site.yaml": SITE_YAML, GALLERY + "index.md": INDEX, GALLERY + "ink.png": png(),
        GALLERY + "ink.png.md": "---\nalt: Ink drawing\nai: none\nprocess: Ink on paper\n---\n",
    })
    _, out = build_site(tmp_path)
    shown = badge_text(work_html(out, "ink"))
    assert "Made without AI (as declared)" in shown and "Ink on paper" in shown
    assert "Unrated" not in shown and "openness-label" not in work_html(out, "ink").split('class="provenance"')[1]


def test_declaration_contradicting_metadata_warns(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
        GALLERY + "fox.png": png({"parameters": a1111_parameters("a fox")}),
        GALLERY + "fox.png.md": "---\nalt: A fox\nai: none\nmodel: my-own-model\n---\n",
    })
    result, _ = build_site(tmp_path)
    messages = [str(p) for p in result.problems.warnings]
    assert any("fox.png" in m and "declared 'ai: none'" in m for m in messages)
    assert any("declared model 'my-own-model' differs" in m for m in messages)


def test_unknown_model_is_unrated_and_a_guess_is_marked_as_a_guess(tmp_path: Path) -> None:
    text = a1111_parameters("a fox", model="waiIllustriousSDXL_v160", model_hash="0123456789")
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX, GALLERY + "fox.png": png({"parameters": text})})
    _, out = build_site(tmp_path)
    shown = badge_text(work_html(out, "fox"))
    assert "– Unrated" in shown and "not rated" in shown  # issue 16: a dash, never the "?" of "unverified"
    assert "waiIllustriousSDXL_v160" in shown
    assert "guess from its name and does not set a grade" in shown


def test_openness_label_never_relies_on_colour_alone(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "fox.png": png({"parameters": a1111_parameters("a fox")})})
    _, out = build_site(tmp_path)
    grid = (out / "galleries" / "g" / "index.html").read_text()
    marker = re.search(r'<span class="badge-compact disclosure-generated">(.*?)</span>\s*</span>\s*</span>', grid, re.S)
    assert marker is not None
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", marker.group(1)))
    assert re.search(r"\bC\b", text) and "Open weights" in text and "AI-generated" in text
    work = work_html(out, "fox")
    label = re.search(r'<a class="openness-label openness-C".*?</a>', work, re.S).group(0)
    assert "C" in re.sub(r"<[^>]+>", "", label) and "Open weights" in label


def test_private_fine_tune_is_capped_by_its_base_and_bad_entries_name_site_yaml(tmp_path: Path) -> None:
    models = """models:
  - id: my-sdxl-finetune
    canonical_name: My SDXL fine-tune
    distribution: fine-tune
    base_model_id: sdxl-base-1.0
    weights_available: 'yes'
    weights_license: {name: Apache-2.0, spdx: Apache-2.0, class: osi}
    checkpoint_files: [mySdxlFinetune_v2.safetensors]
    sources: [https://example.test/my-model-card]
"""
    text = a1111_parameters("a fox", model="mySdxlFinetune_v2", model_hash="aaaaaaaaaa")
    write_site(tmp_path, {"site.yaml": SITE_YAML + models, GALLERY + "index.md": INDEX,
                          GALLERY + "fox.png": png({"parameters": text})})
    _, out = build_site(tmp_path)
    shown = badge_text(work_html(out, "fox"))
    assert "My SDXL fine-tune" in shown
    assert re.search(r"\bC\*?\s+Open weights", shown)  # never above its base (C); "*" marks unverified facts

    broken = SITE_YAML + "models:\n  - id: broken-entry\n    canonical_name: No sources\n"
    (tmp_path / "site.yaml").write_text(broken)
    with pytest.raises(BuildFailed) as failed:
        build_site(tmp_path)
    assert any(p.file == "site.yaml" and "broken-entry" in p.message for p in failed.value.problems.errors)


def test_json_ld_image_object_carries_the_digital_source_type(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "fox.png": png({"parameters": a1111_parameters("a fox")})})
    _, out = build_site(tmp_path)
    page = work_html(out, "fox")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    items = data if isinstance(data, list) else [data]
    image = next(i for i in items if i.get("@type") == "ImageObject")
    assert image["digitalSourceType"] == AI_SOURCE
    assert image["creator"]["name"] == "Tester"
    assert image["url"] == "https://example.test/galleries/g/fox/"


def test_provenance_sidecar_lists_every_work_with_its_openness(tmp_path: Path) -> None:
    comfy = {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "flux1-dev.safetensors"}},
             "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "a moth", "clip": ["1", 1]}},
             "3": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": 1}},
             "4": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 1.0, "sampler_name": "euler",
                                                       "scheduler": "simple", "denoise": 1.0, "model": ["1", 0],
                                                       "positive": ["2", 0], "negative": ["2", 0],
                                                       "latent_image": ["3", 0]}},
             "5": {"class_type": "SaveImage", "inputs": {"images": ["4", 0]}}}
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "a.png": png({"parameters": a1111_parameters("a fox")}),
                          GALLERY + "b.png": png({"prompt": json.dumps(comfy)})})
    _, out = build_site(tmp_path)
    works = {w["image"]: w for w in read_json(out / "provenance.json")["works"]}
    assert works["a.png"]["openness"]["grade"] == "C" and works["a.png"]["openness"]["model_id"] == "sdxl-base-1.0"
    assert works["b.png"]["openness"]["grade"] == "D" and works["b.png"]["openness"]["model_id"] == "flux1-dev"
    assert works["b.png"]["format"] == "comfyui" and works["b.png"]["generator"] == "ComfyUI"
    assert works["a.png"]["page"] == "https://example.test/galleries/g/a/"
    assert all(w["openness"]["sources"] for w in works.values())
    assert works["a.png"]["ai_generated"] is True and works["a.png"]["loras"] == []


def test_openness_report_counts_works_by_grade_model_and_tool(tmp_path: Path) -> None:
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
           b'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
           b'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia">'
           b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">lanterns --v 6 Job ID: 0f0e0d0c-0b0a-4909-8807-060504030201'
           b'</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>')
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "a.png": png({"parameters": a1111_parameters("a")}),
                          GALLERY + "b.png": png({"parameters": a1111_parameters("b", seed=2)}),
                          GALLERY + "c.jpg": jpeg(xmp=xmp)})
    _, out = build_site(tmp_path)
    report = (out / "openness" / "index.html").read_text()
    row_c = re.search(r'<tr id="grade-C">.*?</tr>', report, re.S).group(0)
    row_e = re.search(r'<tr id="grade-E">.*?</tr>', report, re.S).group(0)
    assert re.search(r"<td>2\s*<ul>", row_c) and 'href="/galleries/g/a/"' in row_c and 'href="/galleries/g/b/"' in row_c
    assert re.search(r"<td>1\s*<ul>", row_e) and 'href="/galleries/g/c/"' in row_e
    models = report[report.index('id="models"'):report.index('id="tools"')]
    assert "Stable Diffusion XL 1.0 base" in models and "Midjourney V6" in models
    assert "AUTOMATIC1111" in report[report.index('id="tools"'):]


def test_provenance_tags_are_browsable_and_can_be_switched_off(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "a.png": png({"parameters": a1111_parameters("a")})})
    _, out = build_site(tmp_path)
    assert 'href="/galleries/g/a/"' in (out / "tags" / "ai-generated" / "index.html").read_text()
    assert 'href="/galleries/g/a/"' in (out / "tags" / "open-weights" / "index.html").read_text()
    (tmp_path / "site.yaml").write_text(SITE_YAML + "provenance: {tags: false}\nopenness: {tags: false}\n")
    _, out = build_site(tmp_path)
    assert not (out / "tags" / "ai-generated").exists() and not (out / "tags" / "open-weights").exists()


def test_comfyui_workflow_download_only_when_enabled(tmp_path: Path) -> None:
    graph = {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "v1-5-pruned-emaonly.ckpt"}},
             "2": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 4, "cfg": 7, "sampler_name": "euler",
                                                       "scheduler": "normal", "model": ["1", 0]}},
             "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0]}}}
    workflow = json.dumps({"nodes": [{"id": 1, "type": "KSampler"}], "links": [], "marker": "wf-7731"})
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "w.png": png({"prompt": json.dumps(graph), "workflow": workflow})})
    _, out = build_site(tmp_path)
    assert not (out / "galleries" / "g" / "w" / "workflow.json").exists()
    assert "wf-7731" not in work_html(out, "w")
    (tmp_path / GALLERY / "w.png.md").write_text("---\nalt: W\nshow_workflow: true\n---\n")
    _, out = build_site(tmp_path)
    assert json.loads((out / "galleries" / "g" / "w" / "workflow.json").read_text())["marker"] == "wf-7731"
    assert 'href="/galleries/g/w/workflow.json" download' in work_html(out, "w")


def test_a_work_shown_in_a_post_links_to_its_page_with_a_compact_badge(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "fox.png": png({"parameters": a1111_parameters("a fox")}),
                          "content/posts/p.md": "---\ntitle: P\ndate: 2025-01-05\n---\n![A fox](/galleries/g/fox.png)\n"})
    _, out = build_site(tmp_path)
    post = (out / "posts" / "p" / "index.html").read_text()
    link = re.search(r'<a class="post-work-link" href="([^"]+)"><picture>.*?</picture></a>\s*'
                     r'(<span class="badge-compact disclosure-generated">.*?</span>\s*</span>\s*</span>)', post, re.S)
    assert link and link.group(1) == "/galleries/g/fox/"
    badge = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", link.group(2)))
    assert "AI-generated" in badge and re.search(r"\bC\b.*Open weights", badge)
