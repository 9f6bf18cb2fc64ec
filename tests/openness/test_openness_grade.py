"""The grade rule of FRAMEWORKS.md section 7, checked on every entry and on synthetic edge cases.

EXPECTED is transcribed from the published table "Result of the rule on models.yaml" in
../shared/openness/FRAMEWORKS.md (the grade as shown, e.g. "D?", then the unverified inputs it lists),
not from this code.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator.openness import grade as grade_mod
from generator.openness.grade import COLOURS, grade_entry, rule
from generator.openness.registry import load_registry

REPO = Path(__file__).resolve().parents[2]
FRAMEWORKS = REPO.parent / "shared" / "openness" / "FRAMEWORKS.md"

EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "sd-v1-4": ("C", ()),
    "sd-v1-5": ("C", ()),
    "sd-v2-0": ("C", ()),
    "sd-v2-1": ("C", ()),
    "sdxl-base-1.0": ("C", ()),
    "sdxl-refiner-1.0": ("C", ()),
    "sdxl-turbo": ("D", ()),
    "sd3-medium": ("C", ()),
    "sd3.5-large": ("C", ()),
    "sd3.5-medium": ("C", ()),
    "stable-cascade": ("D", ()),
    "wuerstchen-v2": ("D?", ('license',)),
    "flux1-schnell": ("C", ()),
    "flux1-dev": ("D", ()),
    "flux1-krea-dev": ("D?", ('weights_available',)),
    "flux1-kontext-dev": ("D", ()),
    "flux1-pro": ("E", ()),
    "flux2-dev": ("D", ()),
    "flux2-klein-4b": ("C?", ('inference_code', 'training_data', 'training_code')),
    "flux2-klein-9b": ("D", ()),
    "flux2-pro": ("E", ()),
    "midjourney-v5": ("E", ()),
    "midjourney-v6": ("E", ()),
    "midjourney-v7": ("E", ()),
    "dall-e-2": ("E", ()),
    "dall-e-3": ("E", ()),
    "gpt-image-1": ("E", ()),
    "imagen-3": ("E", ()),
    "imagen-4": ("E", ()),
    "gemini-2.5-flash-image": ("E", ()),
    "adobe-firefly": ("E", ()),
    "ideogram-v3": ("E", ()),
    "ideogram-4": ("D", ()),
    "leonardo-phoenix": ("E", ()),
    "novelai-anime-v3": ("E", ()),
    "novelai-anime-v1": ("D", ()),
    "playground-v2.5": ("C", ()),
    "pixart-alpha": ("D?", ('license',)),
    "pixart-sigma": ("C", ()),
    "kandinsky-2.2": ("D?", ('license',)),
    "kandinsky-3": ("D?", ('license',)),
    "deepfloyd-if": ("D", ()),
    "auraflow": ("C?", ('inference_code', 'training_data', 'training_code')),
    "hidream-i1": ("C?", ('training_data',)),
    "qwen-image": ("C?", ('training_data',)),
    "hunyuan-dit": ("C", ()),
    "hunyuanimage-2.1": ("C", ()),
    "hunyuanimage-3.0": ("D?", ('license',)),
    "lumina-image-2.0": ("C?", ('training_data',)),
    "sana": ("D", ()),
    "omnigen": ("B", ()),
    "janus-pro": ("C", ()),
    "cogview4": ("C?", ('inference_code',)),
    "bria-3.2": ("D", ()),
    "sdxl-lightning": ("C", ()),
    "openjourney-v4": ("C", ()),
    "chroma": ("C?", ('inference_code', 'training_code')),
    "pony-diffusion-v6-xl": ("D?", ('license',)),
    "illustrious-xl-v0.1": ("D?", ('license',)),
    "noobai-xl-1.0": ("D", ()),
    "animagine-xl-3.1": ("D?", ('license',)),
    "juggernaut-xl": ("D?", ('license',)),
    "dreamshaper": ("D?", ('license',)),
    "realistic-vision": ("D?", ('license',)),
}
NAMES = {"A": "Commons", "B": "Open", "C": "Open weights", "D": "Restricted weights", "E": "Closed"}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def test_table_has_64_rows_and_the_published_distribution() -> None:
    assert len(EXPECTED) == 64
    counts = Counter(label.rstrip("?") for label, _ in EXPECTED.values())
    assert counts == {"B": 1, "C": 24, "D": 24, "E": 15}
    for label, unverified in EXPECTED.values():
        assert label.endswith("?") == bool(unverified)


@pytest.mark.parametrize("model_id", sorted(EXPECTED))
def test_every_entry_matches_the_published_table(registry, model_id: str) -> None:
    label, unverified = EXPECTED[model_id]
    grade = grade_entry(registry, model_id)
    assert grade.letter == label.rstrip("?")
    assert tuple(grade.unverified) == unverified
    assert grade.label_text == f"{label} {NAMES[grade.letter]}"
    assert grade.model_id == model_id
    assert grade.sources, "a grade must carry the sources of its facts"


def test_computed_distribution(registry) -> None:
    counts = Counter(grade_entry(registry, model_id).letter for model_id in EXPECTED)
    assert [counts.get(letter, 0) for letter in "ABCDE"] == [0, 1, 24, 24, 15]


def _parse_published_table(text: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    section = text.split("### Result of the rule on models.yaml", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("id", "") or set(cells[0]) <= set("-"):
            continue
        label = cells[2].split(" ")[0]
        unverified = () if cells[3] in ("—", "-", "") else tuple(c.strip() for c in cells[3].split(","))
        rows[cells[0]] = (label, unverified)
    return rows


@pytest.mark.corpus
@pytest.mark.skipif(not FRAMEWORKS.exists(), reason="../shared is absent")
def test_grades_match_the_table_parsed_from_shared_frameworks(registry) -> None:
    text = FRAMEWORKS.read_text(encoding="utf-8")
    published = _parse_published_table(text)
    assert len(published) == 64
    assert published == EXPECTED
    for model_id, (label, unverified) in published.items():
        grade = grade_entry(registry, model_id)
        assert grade.label_text.split(" ")[0] == label, model_id
        assert tuple(grade.unverified) == unverified, model_id
    match = re.search(r"Distribution: A (\d+), B (\d+), C (\d+), D (\d+), E (\d+)", text)
    assert match
    counts = Counter(grade_entry(registry, m).letter for m in published)
    assert [counts.get(k, 0) for k in "ABCDE"] == [int(g) for g in match.groups()]


def _entry(**overrides):
    entry = {
        "id": "x", "canonical_name": "X", "weights_available": "yes",
        "weights_license": {"class": "osi"}, "inference_code": "yes",
        "inference_code_license": {"osi_approved": True}, "training_code": "yes",
        "training_data": {"disclosure": "named_obtainable"}, "paper_or_report": ["a paper"], "sources": ["s"],
    }
    entry.update(overrides)
    return entry


@pytest.mark.parametrize(("overrides", "letter", "unverified"), [
    ({}, "A", []),
    ({"weights_available": "gated"}, "B", []),
    ({"paper_or_report": []}, "B", []),
    ({"training_data": {"disclosure": "named"}}, "B", []),
    ({"training_data": {"disclosure": "vague"}}, "C", []),
    ({"inference_code_license": {"osi_approved": False}}, "C", []),
    ({"inference_code_license": {"osi_approved": None}}, "C", ["inference_code"]),
    ({"inference_code": "unknown"}, "C", ["inference_code"]),
    ({"inference_code": "no"}, "C", []),
    ({"training_code": "unknown"}, "B", ["training_code"]),
    ({"training_data": {"disclosure": "unknown"}}, "C", ["training_data"]),
    ({"weights_license": {"class": "open-data"}}, "A", []),
    ({"weights_license": {"class": "rail"}}, "C", []),
    ({"weights_license": {"class": "custom-commercial"}, "inference_code": "unknown"}, "C", []),
    ({"weights_license": {"class": "noncommercial"}}, "D", []),
    ({"weights_license": {"class": "unknown"}}, "D", ["license"]),
    ({"weights_available": "unknown"}, "B", ["weights_available"]),
    ({"weights_available": "unknown", "weights_license": {"class": "unknown"}}, "D",
     ["weights_available", "license"]),
    ({"weights_available": "no", "weights_license": {"class": "unknown"}}, "E", []),
])
def test_rule_branches(overrides, letter: str, unverified: list[str]) -> None:
    assert rule(_entry(**overrides)) == (letter, unverified)


def test_colours_follow_the_table() -> None:
    assert COLOURS == {
        "A": ("#1B5E20", "#FFFFFF"), "B": ("#43A047", "#000000"), "C": ("#F9A825", "#000000"),
        "D": ("#EF6C00", "#000000"), "E": ("#B71C1C", "#FFFFFF"), "?": ("#616161", "#FFFFFF"),
    }
    unrated = grade_mod.unrated()
    assert unrated.label_text == "? Unrated"
    assert (unrated.background, unrated.text_colour) == ("#616161", "#FFFFFF")


def test_components_and_badges_of_flux_dev(registry) -> None:
    grade = grade_entry(registry, "flux1-dev")
    rows = {label: status for label, _, status in grade.components}
    assert list(rows) == ["Weights", "Code", "Training code", "Training data", "Licence", "Paper"]
    assert rows == {"Weights": "partial", "Code": "open", "Training code": "closed", "Training data": "closed",
                    "Licence": "closed", "Paper": "closed"}
    assert grade.badges[:3] == ["gated", "weights: non-commercial", "outputs: commercial use allowed"]
    assert "data: undisclosed" in grade.badges


def test_firefly_badges_show_the_provenance_claim(registry) -> None:
    grade = grade_entry(registry, "adobe-firefly")
    assert grade.label_text == "E Closed"
    assert "data: vague" in grade.badges
    assert any("licensed" in badge for badge in grade.badges)
