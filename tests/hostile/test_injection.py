"""No injection: hostile metadata and front matter reach every output only as escaped text.

One site is built once through `artsite build` from images carrying script tags, attribute
breakers, `javascript:` URLs, `</script>` and odd Unicode in every field a reader takes (A1111
parameters, ComfyUI prompt/workflow JSON, EXIF UserComment, XMP, C2PA), plus a post and a gallery
whose front matter carries the same. The output is read back with the stdlib HTML/XML/JSON parsers:
nothing from the data may become an element, attribute or URL, and the text must still be shown.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.kit.c2pa_sign import AI_SOURCE, make_signer
from tests.kit.hostile import (
    ATTR,
    END_SCRIPT,
    JS_URL,
    PAYLOAD,
    SCRIPT,
    Site,
    a1111_quote,
    assert_inert,
    badge_facts,
    new_site,
    scan,
    xmp_packet,
    yaml_str,
)
from tests.kit.images import jpeg_bytes, png_bytes

CORE = f"{SCRIPT} {ATTR} {JS_URL} {END_SCRIPT}"  # the part no output may drop or alter
XML_SAFE = PAYLOAD.replace("\x1b", "")  # XMP is XML: a tool cannot put ESC in it
POST_TITLE = f"T {CORE} 🎨\u202e"
POST_DESCRIPTION = f"D {PAYLOAD}"
POST_TAGS = [f"tag {SCRIPT}", ATTR]
HOSTILE_SOURCE_TYPE = f'{AI_SOURCE}"><script>alert(1)</script>'
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

A1111_PARAMETERS = (
    f"{PAYLOAD} prompt <lora:{SCRIPT}:0.7>\nNegative prompt: neg {PAYLOAD}\n"
    f"Steps: 20, Sampler: {a1111_quote(ATTR)}, CFG scale: 7, Seed: 42, Size: 8x8, Model hash: deadbeef, "
    f"Model: {a1111_quote(PAYLOAD)}, Lora hashes: {a1111_quote(f'lora {SCRIPT}: abc123')}, "
    f"Version: {a1111_quote(JS_URL)}"
)
COMFY_PROMPT = {
    "3": {"class_type": "KSampler", "inputs": {
        "seed": 7, "steps": 20, "cfg": 7.0, "sampler_name": f"s {PAYLOAD}", "scheduler": SCRIPT, "denoise": 1.0,
        "model": ["10", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": f"m {PAYLOAD}.safetensors"}},
    "10": {"class_type": "LoraLoader", "inputs": {"lora_name": f"{ATTR}.safetensors", "strength_model": 0.8,
                                                  "strength_clip": 0.8, "model": ["4", 0], "clip": ["4", 1]}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": 1}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": f"comfy {PAYLOAD}", "clip": ["10", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": f"cneg {PAYLOAD}", "clip": ["10", 1]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": PAYLOAD, "images": ["8", 0]}},
}
COMFY_WORKFLOW = {"nodes": [{"id": 9, "type": "SaveImage", "title": PAYLOAD, "widgets_values": [PAYLOAD]}],
                  "links": [], "extra": {"note": END_SCRIPT}, "version": 0.4}
EXIF_PARAMETERS = (f"jpeg {PAYLOAD}\nNegative prompt: jneg {PAYLOAD}\n"
                   f"Steps: 10, Sampler: {a1111_quote('js ' + PAYLOAD)}, Seed: 5, Model: {a1111_quote(JS_URL)}")


def c2pa_png() -> bytes:
    manifest = {
        "claim_generator_info": [{"name": f"cg {PAYLOAD}", "version": "1.0"}], "title": f"title {PAYLOAD}",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [
            {"action": "c2pa.created", "digitalSourceType": AI_SOURCE,
             "softwareAgent": {"name": f"agent {PAYLOAD}", "version": "2"}}]}}],
    }
    return make_signer()(manifest)


def make_site(root: Path) -> Site:
    site = new_site(root)
    g = "content/galleries/g/"
    site.write(g + "index.md", f"---\ntitle: {yaml_str('G ' + CORE)}\ndescription: {yaml_str('GD ' + PAYLOAD)}\n"
                               f"tags: [{yaml_str('gt ' + SCRIPT)}]\nshow_workflow: true\n---\nA gallery.\n")
    site.write(g + "a1111.png", png_bytes(text={"parameters": A1111_PARAMETERS}))
    site.write(g + "a1111.png.md", f"---\ntitle: {yaml_str('W ' + CORE)}\nalt: {yaml_str('A ' + CORE)}\n---\n")
    site.write(g + "comfy.png", png_bytes(text={"prompt": json.dumps(COMFY_PROMPT),
                                                "workflow": json.dumps(COMFY_WORKFLOW)}))
    site.write(g + "exif.jpg", jpeg_bytes(user_comment=EXIF_PARAMETERS, description=f"desc {PAYLOAD}"))
    site.write(g + "exif.jpg.md", f"---\ntool: {yaml_str('tool ' + SCRIPT)}\nmodel: {yaml_str('model ' + ATTR)}\n"
                                  f"process: {yaml_str('process ' + PAYLOAD)}\nlicense: {yaml_str(JS_URL)}\n"
                                  f"ai_training: {{policy_url: {yaml_str(JS_URL)}, contact: {yaml_str(JS_URL)}}}\n---\n")
    site.write(g + "xmp.png", png_bytes(itxt={"XML:com.adobe.xmp": xmp_packet(f"xd {XML_SAFE}", JS_URL,
                                                                              f"xt {XML_SAFE}")}))
    site.write(g + "xmphttp.png", png_bytes(itxt={"XML:com.adobe.xmp": xmp_packet(
        f"xd {XML_SAFE}", HOSTILE_SOURCE_TYPE, f"xt {XML_SAFE}")}))
    site.write(g + "c2pa.png", c2pa_png())
    tags = ", ".join(yaml_str(t) for t in POST_TAGS)
    site.post("hostile.md", f"title: {yaml_str(POST_TITLE)}\ndate: 2025-01-01\n"
                            f"description: {yaml_str(POST_DESCRIPTION)}\ntags: [{tags}]\n"
                            f"license: {yaml_str(JS_URL)}\nai_training: {{contact: {yaml_str(JS_URL)}}}",
              body=f'Look: ![alt {ATTR}](/galleries/g/a1111.png "cap {SCRIPT}")\n')
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = make_site(tmp_path_factory.mktemp("inject") / "site")
    run = site.run(timeout=60)
    run.assert_clean_exit()
    assert run.rc == 0, run.output
    return site


def page(site: Site, rel: str):
    return scan(site.read(rel))


def test_no_page_gets_markup_from_metadata_or_front_matter(built: Site) -> None:
    pages = built.html_files()
    assert len(pages) >= 12
    for path in pages:
        assert_inert(path.read_text(encoding="utf-8"), str(path.relative_to(built.out)))


@pytest.mark.parametrize(("rel", "shown"), [
    ("galleries/g/a1111/index.html", [f"{PAYLOAD} prompt <lora:{SCRIPT}:0.7>", f"neg {PAYLOAD}", f"lora {SCRIPT}"]),
    ("galleries/g/comfy/index.html", [f"m {PAYLOAD}.safetensors", f"{ATTR}.safetensors", f"s {PAYLOAD}",
                                      f"comfy {PAYLOAD}", f"cneg {PAYLOAD}"]),
    ("galleries/g/exif/index.html", [f"jpeg {PAYLOAD}", f"jneg {PAYLOAD}", f"js {PAYLOAD}", f"tool {SCRIPT}",
                                     f"model {ATTR}", f"process {PAYLOAD}"]),
    ("galleries/g/xmp/index.html", [JS_URL]),
    ("galleries/g/c2pa/index.html", [f"cg {PAYLOAD}"]),
    ("galleries/g/index.html", [f"G {CORE}", f"GD {PAYLOAD}", f"W {CORE}"]),
    ("posts/hostile/index.html", [POST_TITLE, f"cap {SCRIPT}", *POST_TAGS]),
])
def test_hostile_text_is_still_shown_as_text(built: Site, rel: str, shown: list[str]) -> None:
    text = page(built, rel).visible_text
    for value in shown:
        assert value in text, f"{rel} does not show {value!r}"


def test_a1111_settings_line_is_read_as_a1111_writes_it(built: Site) -> None:
    """A1111 writes `Sampler: "><img ...>` unquoted (no comma or colon); its own parser keeps the next keys."""
    facts = badge_facts(built.read("galleries/g/a1111/index.html"))
    assert facts.get("Sampler") == ATTR
    assert facts.get("Seed") == "42"


def test_hostile_attribute_values_stay_inside_their_attribute(built: Site) -> None:
    work = page(built, "galleries/g/a1111/index.html")
    assert f"A {CORE}" in work.attr("img", "alt")
    post = page(built, "posts/hostile/index.html")
    assert f"alt {ATTR}" in post.attr("img", "alt")
    grid = page(built, "galleries/g/index.html")
    assert f"W {CORE}" in grid.attr("a", "data-caption")


def test_source_type_link_is_never_a_script_url(built: Site) -> None:
    for name in ("xmp", "xmphttp"):
        links = page(built, f"galleries/g/{name}/index.html").attr("a", "href")
        assert all(not h.lower().lstrip().startswith("javascript:") for h in links)
    hostile = page(built, "galleries/g/xmphttp/index.html")
    assert HOSTILE_SOURCE_TYPE in hostile.attr("a", "href")  # one attribute value, quotes and all


def test_json_ld_cannot_break_out_of_its_script(built: Site) -> None:
    for path in built.html_files():
        html = path.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            for bad in ("<", ">", "\u2028", "\u2029"):
                assert bad not in block, f"{path}: raw {bad!r} in JSON-LD"
            json.loads(block)
    post = page(built, "posts/hostile/index.html").jsonld()[0]
    assert post["headline"] == POST_TITLE
    assert post["description"] == POST_DESCRIPTION
    assert post["keywords"] == POST_TAGS
    work = page(built, "galleries/g/a1111/index.html").jsonld()
    assert any(item.get("name") == f"W {CORE}" and item.get("description") == f"A {CORE}" for item in work)


def test_hostile_front_matter_is_escaped_in_the_head(built: Site) -> None:
    head = page(built, "posts/hostile/index.html")
    assert head.title == f"{POST_TITLE} · Hostile Test Site"
    for key in ("og:title", "twitter:title"):
        assert head.meta(key) == [POST_TITLE]
    for key in ("description", "og:description", "twitter:description"):
        assert f"D {CORE}" in head.meta(key)[0]
    assert head.meta("article:tag") == POST_TAGS
    gallery = page(built, "galleries/g/index.html")
    assert gallery.title.startswith(f"G {CORE}")


def test_provenance_json_round_trips_hostile_values(built: Site) -> None:
    data = json.loads(built.read("provenance.json"))
    works = {w["image"]: w for w in data["works"]}
    assert works["a1111.png"]["prompt"] == f"{PAYLOAD} prompt <lora:{SCRIPT}:0.7>"
    assert works["a1111.png"]["negative_prompt"] == f"neg {PAYLOAD}"
    assert works["comfy.png"]["model"]["name"] == f"m {PAYLOAD}.safetensors"
    assert works["comfy.png"]["sampler"] == f"s {PAYLOAD}"
    assert [lo["name"] for lo in works["comfy.png"]["loras"]] == [f"{ATTR}.safetensors"]
    assert works["exif.jpg"]["prompt"] == f"jpeg {PAYLOAD}"
    assert works["c2pa.png"]["c2pa"]["claim_generator"].startswith(f"cg {PAYLOAD}")
    assert works["a1111.png"]["title"] == f"W {CORE}"


def test_workflow_download_is_the_exact_json_behind_a_site_link(built: Site) -> None:
    assert json.loads(built.read("galleries/g/comfy/workflow.json")) == COMFY_WORKFLOW
    links = page(built, "galleries/g/comfy/index.html").attr("a", "href")
    assert "/galleries/g/comfy/workflow.json" in links


def test_json_feed_keeps_values_and_its_html_is_inert(built: Site) -> None:
    feed = json.loads(built.read("feed.json"))
    (item,) = [i for i in feed["items"] if i["url"].endswith("/posts/hostile/")]
    assert item["title"] == POST_TITLE
    assert item["summary"] == POST_DESCRIPTION
    assert item["tags"] == POST_TAGS
    assert_inert(item["content_html"], "feed.json content_html", base_path="https://example.test/")
    assert f"alt {ATTR}" in scan(item["content_html"]).attr("img", "alt")


def test_atom_feed_is_well_formed_xml(built: Site) -> None:
    """Control characters (YAML "\\e", U+001B) are not allowed in XML 1.0: the feed must drop them."""
    ET.fromstring((built.out / "feed.xml").read_bytes())


def test_atom_feed_escapes_every_value(built: Site) -> None:
    raw = (built.out / "feed.xml").read_bytes().decode("utf-8")
    root = ET.fromstring(XML_INVALID.sub("", raw))  # judge escaping apart from the control-character bug
    ns = {"a": "http://www.w3.org/2005/Atom"}
    (entry,) = [e for e in root.findall("a:entry", ns) if e.find("a:id", ns).text.endswith("/posts/hostile/")]
    assert entry.find("a:title", ns).text == POST_TITLE
    assert f"D {CORE}" in entry.find("a:summary", ns).text
    assert [c.get("term") for c in entry.findall("a:category", ns)] == POST_TAGS
    content = entry.find("a:content", ns)
    assert content.get("type") == "html"
    assert_inert(content.text, "feed.xml content", base_path="https://example.test/")
    assert not root.findall(".//script") and not root.findall(".//{http://www.w3.org/1999/xhtml}script")


def test_sitemap_is_well_formed(built: Site) -> None:
    root = ET.fromstring((built.out / "sitemap.xml").read_bytes())
    locs = [el.text for el in root.iter() if el.tag.endswith("loc")]
    assert locs and all(loc.startswith("https://example.test/") and "<" not in loc for loc in locs)
