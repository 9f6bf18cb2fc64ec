"""The credits ledger: which resources a record names, how each is identified, licensed and graded."""

from __future__ import annotations

from typing import Any

import pytest

from generator.openness import load_registry, openness_for
from generator.openness.credits import cap, declared_resources, ledger, resource_slug
from generator.openness.grade import grade_entry
from generator.openness.resources import resources_of
from generator.provenance.result import LoraRef, ModelRef, Provenance, ResourceRef

# Open facts that the rule grades A (FRAMEWORKS.md section 7): every component released and obtainable data.
OPEN_FACTS: dict[str, Any] = {
    "weights_available": "yes", "weights_license": {"class": "osi"}, "inference_code": "yes",
    "inference_code_license": {"osi_approved": True}, "training_code": "yes",
    "training_data": {"disclosure": "named_obtainable"}, "paper_or_report": ["a paper"], "distribution": "open-weights",
}
# One base per grade: each differs from OPEN_FACTS in the fact that decides its letter.
BASES: dict[str, dict[str, Any]] = {
    "A": {},
    "B": {"training_code": "no"},
    "C": {"weights_license": {"class": "rail"}},
    "D": {"weights_license": {"class": "noncommercial"}},
    "E": {"weights_available": "no", "weights_license": {"class": "proprietary"}, "distribution": "service"},
}


def _site_models() -> list[dict[str, Any]]:
    models = []
    for letter, change in BASES.items():
        models.append({"id": f"base-{letter.lower()}", "canonical_name": f"Base {letter}", "sources": ["test"],
                       **OPEN_FACTS, **change})
        models.append({"id": f"lora-on-{letter.lower()}", "canonical_name": f"Open LoRA on {letter}",
                       "sources": ["test"], "distribution": "fine-tune", "base_model_id": f"base-{letter.lower()}",
                       "checkpoint_files": [f"open_lora_on_{letter.lower()}.safetensors"], **OPEN_FACTS})
    return models


@pytest.fixture(scope="module")
def registry():
    merged, problems = load_registry().with_extra(_site_models())
    assert problems == []
    return merged


def _a1111_record(model: str, model_hash: str | None, loras: list[LoraRef], extras: dict[str, str] | None = None
                  ) -> Provenance:
    return Provenance(file="x.png", format="a1111", generator="AUTOMATIC1111", model=ModelRef(model, model_hash),
                      loras=loras, extras=extras or {})


def test_adapter_rebuilds_resources_from_model_loras_and_extras() -> None:
    prov = _a1111_record("sd_xl_base_1.0", "31e35c80fc", [LoraRef("add_detail", 0.7, "7c6bad76eb54")], {
        "TI hashes": "easynegative: c74b4e810b03, badhand: 1a2b3c4d5e6f",
        "Hires upscaler": "4x-UltraSharp", "VAE": "sdxl_vae.safetensors", "VAE hash": "235745af8d",
        "ControlNet 0": "Module: canny, Model: control_v11p_sd15_canny [d14c016b], Weight: 1.0",
    })
    found = [(r.kind, r.name, r.hash) for r in resources_of(prov)]
    assert found == [
        ("checkpoint", "sd_xl_base_1.0", "31e35c80fc"), ("lora", "add_detail", "7c6bad76eb54"),
        ("embedding", "easynegative", "c74b4e810b03"), ("embedding", "badhand", "1a2b3c4d5e6f"),
        ("upscaler", "4x-UltraSharp", None), ("vae", "sdxl_vae.safetensors", "235745af8d"),
        ("controlnet", "control_v11p_sd15_canny", "d14c016b"),
    ]


def test_adapter_reads_civitai_hashes_and_resources() -> None:
    """Civitai's generator writes `Hashes` (JSON) and `Civitai resources` (JSON with version ids)."""
    prov = _a1111_record("Toonify", None, [LoraRef("detail_slider", 1.0)], {
        "Hashes": '{"model": "a8da90435b", "lora:detail_slider": "f86e5a93213d", "embed:negs": "aabbccddeeff"}',
        "Civitai resources": '[{"type":"checkpoint","modelId":33,"modelVersionId":410539,"modelName":"Toonify"},'
                             '{"type":"lora","weight":0.5,"modelId":58390,"modelVersionId":62833,'
                             '"modelName":"Detail Tweaker LoRA"}]',
    })
    found = {(r.kind, r.name): r for r in resources_of(prov)}
    assert found[("checkpoint", "Toonify")].hash == "a8da90435b"
    assert found[("checkpoint", "Toonify")].air == "urn:air:unknown:checkpoint:civitai:33@410539"
    assert found[("lora", "detail_slider")].hash == "f86e5a93213d"
    assert found[("embedding", "negs")].hash == "aabbccddeeff"
    assert found[("lora", "Detail Tweaker LoRA")].weight == 0.5


def test_adapter_prefers_the_readers_resources() -> None:
    prov = _a1111_record("ignored", None, [LoraRef("ignored-too")])
    prov.resources = [ResourceRef("ipadapter", "ip-adapter_sdxl.safetensors", where="IPAdapterModelLoader")]
    assert [(r.kind, r.name) for r in resources_of(prov)] == [("ipadapter", "ip-adapter_sdxl.safetensors")]


def test_a_bounded_list_from_hostile_extras() -> None:
    prov = _a1111_record("m", None, [], {"TI hashes": ", ".join(f"e{i}: {i:012x}" for i in range(500))})
    assert len(resources_of(prov)) == 64


@pytest.mark.parametrize("letter", list(BASES))
def test_registry_lora_is_capped_by_its_base_of_each_grade(registry, letter: str) -> None:
    """An A-grade LoRA keeps A only on an A base; on every other base it takes the base's letter."""
    prov = _a1111_record("whatever", None, [LoraRef(f"open_lora_on_{letter.lower()}", 1.0)])
    rows = ledger(prov, openness_for(prov, registry=registry), [], registry)
    lora = rows[1]
    assert lora.model_id == f"lora-on-{letter.lower()}" and lora.matched_by == "user registry"
    assert lora.grade.letter == letter
    assert lora.grade.capped_by == (None if letter == "A" else f"base-{letter.lower()}")


@pytest.mark.parametrize("letter", ["A", "B", "C", "D"])
def test_declared_lora_is_capped_by_the_checkpoint_it_ran_on(registry, letter: str) -> None:
    """A declared-open LoRA with no base of its own is capped by the work's checkpoint."""
    prov = _a1111_record(f"base-{letter.lower()}", None, [LoraRef("my_style", 0.8, "0123456789ab")])
    declared, problems = declared_resources([{"name": "my_style", "license": "apache-2.0", "weights_open": "yes",
                                              "creator": "Me"}])
    assert problems == []
    rows = ledger(prov, openness_for(prov, registry=registry), declared, registry)
    lora = rows[1]
    own = "C"  # declared facts alone reach C at best: code and data are unverified
    expected = max(own, letter)  # later letters are less open
    assert lora.grade.letter == expected
    assert ("declared by the artist" in lora.grade.unverified) and lora.letter.endswith("?")
    assert lora.creator == "Me" and lora.declared == ["creator", "license", "weights_open"]
    assert lora.terms.commercial == "yes" and lora.terms.credit == "yes"


def test_declared_base_model_wins_over_the_checkpoint(registry) -> None:
    prov = _a1111_record("base-a", None, [LoraRef("my_style", 0.8)])
    declared, _ = declared_resources([{"name": "my_style", "license": "mit", "weights_open": True,
                                       "base_model": "flux1-dev"}])
    lora = ledger(prov, openness_for(prov, registry=registry), declared, registry)[1]
    assert lora.grade.letter == "D" and lora.grade.capped_by == "flux1-dev"


def test_lora_on_an_unrated_checkpoint_is_flagged(registry) -> None:
    prov = _a1111_record("someMerge_v3", None, [LoraRef("my_style", 0.8)])
    declared, _ = declared_resources([{"name": "my_style", "license": "mit", "weights_open": "yes"}])
    lora = ledger(prov, openness_for(prov, registry=registry), declared, registry)[1]
    assert lora.grade.letter == "C" and "base model not rated" in lora.grade.unverified


def test_unknown_resources_are_unrated_with_their_own_page(registry) -> None:
    prov = _a1111_record("sd_xl_base_1.0", "31e35c80fc", [LoraRef("ck-shadow-circuit-IL", 0.78, "88e247aa8c3d")],
                         {"Hires upscaler": "4x-AnimeSharp"})
    rows = ledger(prov, openness_for(prov, registry=registry), [], registry)
    assert [(r.kind, r.letter) for r in rows] == [("checkpoint", "C"), ("lora", "?"), ("upscaler", "?")]
    assert rows[0].model_id == "sdxl-base-1.0" and rows[0].slug == "sdxl-base-1-0"
    assert rows[1].slug == "unrated-ck-shadow-circuit-il-88e247aa8c"
    assert rows[1].terms.commercial == "unknown" and rows[1].licence is None and rows[1].url is None


def test_a_lora_named_after_its_base_is_not_taken_for_it(registry) -> None:
    """Aliases name families; a LoRA called "SDXL 1.0 detail" must not be graded as SDXL itself."""
    prov = _a1111_record("sd_xl_base_1.0", "31e35c80fc", [LoraRef("SDXL 1.0", 1.0)])
    rows = ledger(prov, openness_for(prov, registry=registry), [], registry)
    assert rows[1].model_id is None and rows[1].letter == "?"


def test_registry_terms_and_air_link(registry) -> None:
    prov = _a1111_record("flux1-dev.safetensors", None, [])
    prov.resources = [ResourceRef("checkpoint", "flux1-dev.safetensors"),
                      ResourceRef("lora", "Detail", air="urn:air:flux1:lora:civitai:58390@62833")]
    rows = ledger(prov, openness_for(prov, registry=registry), [], registry)
    assert rows[0].grade.letter == "D" and rows[0].terms.commercial == "no"
    assert rows[0].creator == "Black Forest Labs"
    assert rows[1].url == "https://civitai.com/models/58390?modelVersionId=62833" and rows[1].letter == "?"


def test_service_without_resources_gets_a_row(registry) -> None:
    prov = Provenance(file="x.png", format="c2pa", generator="ChatGPT")
    label = openness_for(prov, c2pa_claim_generator="ChatGPT", registry=registry)
    rows = ledger(prov, label, [], registry)
    assert [(r.kind, r.model_id, r.letter) for r in rows] == [("service", "gpt-image-1", "E")]
    assert rows[0].terms.commercial == "no"


def test_declared_only_resources_are_added(registry) -> None:
    declared, _ = declared_resources([{"name": "Hand-trained style", "kind": "lora", "url": "https://example.org/s",
                                       "license": "cc-by-nc-4.0", "weights_open": "yes"}])
    rows = ledger(None, None, declared, registry)
    assert len(rows) == 1 and rows[0].where == "declared by the artist"
    assert rows[0].grade.letter == "D" and rows[0].terms.commercial == "no" and rows[0].url == "https://example.org/s"


@pytest.mark.parametrize("value, problem", [
    ("a string", "resources: must be a list"),
    ([{"hash": "abc"}], "resources entry 1: needs a name"),
    ([{"name": "x", "licence": "mit"}], "resources entry 1 (x): unknown key(s) licence"),
    ([{"name": "x", "url": "javascript:alert(1)"}], "resources entry 1 (x): url must start with https://"),
    ([{"name": "x", "weights_open": "sure"}], "resources entry 1 (x): weights_open must be yes, gated, no or unknown"),
    ([{"name": "x", "creator": ["a"]}], "resources entry 1 (x): creator must be text"),
])
def test_bad_declarations_are_explained(value: Any, problem: str) -> None:
    found, problems = declared_resources(value)
    assert any(p.startswith(problem) for p in problems), problems
    assert all(not str(f.get("url", "")).startswith("javascript") for f in found)


def test_cap_keeps_unrated_unrated() -> None:
    registry = load_registry()
    grade = cap(grade_entry(registry, "omnigen"), grade_entry(registry, "gpt-image-1"))
    assert grade.letter == "E" and grade.capped_by == "gpt-image-1"
    unrated_grade = cap(ledger(None, None, declared_resources([{"name": "x"}])[0], registry)[0].grade,
                        grade_entry(registry, "gpt-image-1"))
    assert unrated_grade.letter == "?"


def test_slugs_are_stable_and_safe() -> None:
    assert resource_slug("Folder/../My LoRA v2.safetensors", "ABCDEF012345", None) == "unrated-my-lora-v2-abcdef0123"
    assert resource_slug("x", None, "sd3.5-large") == "sd3-5-large"
