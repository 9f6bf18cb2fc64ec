"""The badge in words a lay visitor understands (issue 16): the lead sentence, the model's human name
linked to its openness entry, IPTC source types in words, one meaning per evidence level, a glossary.

Fixtures are written the way the tools write them: ComfyUI's `prompt` tEXt chunk, A1111's
`parameters`, and XMP packets as ExifTool writes them. Expected sentences come from the issue text.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator.openness import Grade, OpennessLabel
from generator.openness.resolve import Resolution
from generator.plugins.openness import LabelView
from generator.provenance.glossary import EVIDENCE_MEANING, SOURCE_TYPES, source_type_words
from tests.kit.files import SITE_YAML, a1111_parameters, build_site, write_site
from tests.kit.images import jpeg, png

GALLERY = "content/galleries/g/"
INDEX = "---\ntitle: G\ndate: 2025-01-02\n---\n"
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"

# ComfyUI's API graph as its SaveImage node writes it into the `prompt` chunk.
COMFY_FLUX = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "flux1-dev-fp8.safetensors"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a heron in reeds", "clip": ["4", 1]}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 768, "batch_size": 1}},
    "3": {"class_type": "KSampler", "inputs": {"seed": 7, "steps": 20, "cfg": 1.0, "sampler_name": "euler",
                                              "scheduler": "simple", "denoise": 1.0, "model": ["4", 0],
                                              "positive": ["6", 0], "negative": ["6", 0], "latent_image": ["5", 0]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["3", 0]}},
}

# Every term of the IPTC Digital Source Type NewsCodes vocabulary (cv.iptc.org/newscodes/digitalsourcetype/),
# current and retired, as IPTC spells them.
IPTC_TERMS = ["digitalCapture", "computationalCapture", "negativeFilm", "positiveFilm", "print", "humanEdits",
              "minorHumanEdits", "compositeCapture", "algorithmicallyEnhanced", "dataDrivenMedia", "digitalArt",
              "virtualRecording", "compositeSynthetic", "trainedAlgorithmicMedia",
              "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia", "screenCapture", "composite",
              "digitalCreation", "softwareImage"]


def exiftool_xmp(source_type: str) -> bytes:
    """An XMP packet as `exiftool -XMP-iptcExt:DigitalSourceType=...` writes it."""
    return ("<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
            "<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.76'>\n"
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n\n"
            " <rdf:Description rdf:about=''\n  xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'>\n"
            f"  <Iptc4xmpExt:DigitalSourceType>{IPTC}{source_type}</Iptc4xmpExt:DigitalSourceType>\n"
            " </rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>").encode()


def page(out: Path, slug: str) -> str:
    return (out / "galleries" / "g" / slug / "index.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def sentence(out: Path, slug: str) -> str:
    match = re.search(r'<p class="badge-sentence">(.*?)</p>', page(out, slug), re.S)
    assert match, f"{slug} has no lead sentence"
    return text_of(match.group(1))


def test_comfyui_flux_work_leads_with_the_issue_sentence_and_links_the_model(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "heron.png": png({"prompt": json.dumps(COMFY_FLUX)})})
    _, out = build_site(tmp_path)
    assert sentence(out, "heron") == ("Made with FLUX.1 [dev] in ComfyUI. "
                                      "The settings are embedded in the file, but not signed.")
    work = page(out, "heron")
    link = re.search(r'<a class="badge-model" href="([^"]+)">([^<]+)</a>', work)
    # the model's own page (the openness plugin makes one per model it graded)
    assert link and link.group(2) == "FLUX.1 [dev]" and link.group(1) == "/models/flux1-dev/"
    assert (out / "models" / "flux1-dev" / "index.html").is_file()
    # The file name is kept, but only among the folded technical settings.
    technical = work[work.index('<details class="badge-technical">'):]
    assert "flux1-dev-fp8.safetensors" in technical
    assert "flux1-dev-fp8.safetensors" not in work[:work.index('<details class="badge-technical">')]


def test_without_model_pages_the_model_links_to_its_openness_entry(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "openness: {model_pages: false}\n", GALLERY + "index.md": INDEX,
                          GALLERY + "heron.png": png({"prompt": json.dumps(COMFY_FLUX)})})
    _, out = build_site(tmp_path)
    assert not (out / "models").exists()
    assert '<a class="badge-model" href="/openness/#model-flux1-dev">FLUX.1 [dev]</a>' in page(out, "heron")
    report = (out / "openness" / "index.html").read_text(encoding="utf-8")
    assert 'id="model-flux1-dev"' in report, "the link's anchor exists on the report"


def test_an_unrated_model_is_named_as_read_and_not_linked(tmp_path: Path) -> None:
    text = a1111_parameters("a fox", model="myMerge_v3", model_hash="0123456789")
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX, GALLERY + "fox.png": png({"parameters": text})})
    _, out = build_site(tmp_path)
    assert sentence(out, "fox").startswith("Made with myMerge_v3 in AUTOMATIC1111.")
    assert 'class="badge-model" href' not in page(out, "fox")


@pytest.mark.parametrize(("term", "words", "kind"), [
    ("trainedAlgorithmicMedia", "Generated by AI", "AI-generated"),
    ("compositeWithTrainedAlgorithmicMedia", "Edited or combined with AI", "AI-edited"),
    ("digitalCapture", "Photographed or scanned from real life", "Made without AI"),
    ("minorHumanEdits", "Lightly edited by a person", "Made without AI"),
])
def test_iptc_source_types_are_shown_in_words(tmp_path: Path, term: str, words: str, kind: str) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "w.jpg": jpeg(xmp=exiftool_xmp(term))})
    _, out = build_site(tmp_path)
    work = page(out, "w")
    facts = text_of(work[work.index('<dl class="badge-facts">'):work.index("</dl>")])
    assert f"Marked in the file as ? What does “Marked in the file as” mean? {words} (IPTC: {term} )" in facts
    assert kind in text_of(work[work.index('class="badge-lead"'):work.index('class="badge-sentence"')])
    # No generator record, only a source type: the sentence must not speak of "settings".
    assert sentence(out, "w").endswith("The file's own metadata says so, but it is not signed.")


def test_every_iptc_term_has_words_and_a_meaning() -> None:
    for term in IPTC_TERMS:
        found = source_type_words(IPTC + term)
        assert found is not None, term
        code, words, meaning = found
        assert code == term and words and len(meaning) > 20
        assert words.lower() != term.lower(), f"{term}: the words must not repeat the code"
    assert source_type_words(IPTC + "noSuchTerm") is None
    assert len(SOURCE_TYPES) == len(IPTC_TERMS)


def test_each_evidence_level_has_a_one_line_meaning_on_the_glossary(tmp_path: Path) -> None:
    from generator.provenance.disclosure import EVIDENCE_TEXT

    assert set(EVIDENCE_MEANING) == set(EVIDENCE_TEXT)
    write_site(tmp_path, {"site.yaml": SITE_YAML, GALLERY + "index.md": INDEX,
                          GALLERY + "fox.png": png({"parameters": a1111_parameters("a fox")})})
    _, out = build_site(tmp_path)
    glossary = (out / "about-provenance" / "index.html").read_text(encoding="utf-8")
    for key, name in EVIDENCE_TEXT.items():
        entry = re.search(rf'<dt id="evidence-{key}">(.*?)</dt><dd>(.*?)</dd>', glossary, re.S)
        assert entry and html.unescape(entry.group(1)) == name and "\n" not in entry.group(2), key
    for anchor in ("seed", "sampler", "scheduler", "steps", "cfg", "size", "evidence", "source-type"):
        assert f'id="{anchor}"' in glossary, anchor
        assert f'href="/about-provenance/#{anchor}"' in page(out, "fox") or anchor in ("source-type",), anchor


def test_the_glossary_can_be_switched_off_and_then_nothing_links_to_it(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "provenance: {glossary: false}\n", GALLERY + "index.md": INDEX,
                          GALLERY + "fox.png": png({"parameters": a1111_parameters("a fox")})})
    _, out = build_site(tmp_path)
    assert not (out / "about-provenance").exists()
    work = page(out, "fox")
    assert "/about-provenance/" not in work
    assert 'title="The starting number for the random noise' in work, "the tooltips stay"


def label(letter: str, unverified: list[str]) -> LabelView:
    return LabelView(OpennessLabel(grade=Grade(letter=letter, name="Restricted weights" if letter == "D" else "Unrated",
                                               unverified=unverified), resolution=Resolution(model_id=None)))


def test_unrated_and_unverified_never_share_a_symbol() -> None:
    unrated, unverified, plain = label("?", []), label("D", ["weights licence"]), label("D", [])
    assert unrated.symbol == "–" and unverified.symbol == "D*" and plain.symbol == "D"
    assert "?" not in unrated.display + unverified.display
    assert "not rated" in unrated.spoken and "not fully verified" in unverified.spoken
    assert unverified.to_json()["grade"] == "D?", "the data keeps the registry's own notation"


def test_adding_a_model_page_relinks_the_badge_in_an_incremental_build(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "openness: {model_pages: false}\n", GALLERY + "index.md": INDEX,
                          GALLERY + "heron.png": png({"prompt": json.dumps(COMFY_FLUX)})})
    _, out = build_site(tmp_path)
    assert 'class="badge-model" href="/openness/#model-flux1-dev"' in page(out, "heron")
    (tmp_path / "site.yaml").write_text(SITE_YAML, encoding="utf-8")  # model pages back on
    _, out = build_site(tmp_path)
    assert 'class="badge-model" href="/models/flux1-dev/"' in page(out, "heron"), "the cached work page was rebuilt"
