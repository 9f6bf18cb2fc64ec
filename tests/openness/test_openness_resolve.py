"""Resolving what images say (file names, hashes, AIR URNs, NovelAI, C2PA) to registry entries."""

from __future__ import annotations

import time

import pytest

from generator.openness import openness_for, resolve_model
from generator.openness.registry import load_registry
from generator.provenance.result import C2PASummary, ModelRef, Provenance


@pytest.mark.parametrize(("name", "model_id"), [
    ("Flux/flux1-dev-fp8", "flux1-dev"),
    ("flux1-dev.safetensors", "flux1-dev"),
    ("flux1-dev-Q4_K_S.gguf", "flux1-dev"),
    ("flux1-schnell-fp8.safetensors", "flux1-schnell"),
    ("flux1-krea-dev_fp8_scaled.safetensors", "flux1-krea-dev"),
    ("sd_xl_turbo_1.0_fp16.safetensors", "sdxl-turbo"),
    ("sd_xl_base_1.0.safetensors", "sdxl-base-1.0"),
    ("sd_xl_base_1.0_0.9vae", "sdxl-base-1.0"),
    ("sd_xl_refiner_1.0_0.9vae.safetensors", "sdxl-refiner-1.0"),
    ("OfficialStableDiffusion/v1-5-pruned-emaonly-fp16", "sd-v1-5"),
    ("v1-5-pruned-emaonly.ckpt", "sd-v1-5"),
    ("C:\\models\\Stable-diffusion\\v1-5-pruned-emaonly.safetensors", "sd-v1-5"),
    ("realistic_realisticVisionV20_v20", "realistic-vision"),
    ("juggernautXL_v8Rundiffusion", "juggernaut-xl"),
])
def test_file_name_forms(name: str, model_id: str) -> None:
    found = resolve_model(name, None)
    assert (found.model_id, found.matched_by) == (model_id, "file name")
    assert found.read == name


@pytest.mark.parametrize(("name", "model_id"), [
    ("FLUX.1-dev", "flux1-dev"), ("black-forest-labs/FLUX.1-schnell", "flux1-schnell"), ("SDXL-Turbo", "sdxl-turbo"),
    ("SD 1.5", "sd-v1-5"), ("Chroma", "chroma"), ("juggernautXL", "juggernaut-xl"), ("Nano Banana", "gemini-2.5-flash-image"),
    ("dall-e-3", "dall-e-3"), ("gpt-image-1", "gpt-image-1"), ("FLUX.1 [dev]", "flux1-dev"),
])
def test_aliases_and_canonical_names(name: str, model_id: str) -> None:
    found = resolve_model(name, None)
    assert found.model_id == model_id
    assert found.matched_by in ("alias", "file name")  # "FLUX.1-dev" is also flux1-dev.safetensors


def test_similar_names_never_collide() -> None:
    assert resolve_model("sd_xl_turbo_1.0", None).model_id == "sdxl-turbo"
    assert resolve_model("sd_xl_base_1.0", None).model_id == "sdxl-base-1.0"
    assert resolve_model("flux1-kontext-dev", None).model_id == "flux1-kontext-dev"
    assert resolve_model("sd_xl_turbo_1.0_fp16", None).model_id == "sdxl-turbo"
    assert resolve_model("sd_xl_base_1.0_fp16", None).model_id == "sdxl-base-1.0"
    assert resolve_model("flux1", None).model_id is None


@pytest.mark.parametrize(("hash_", "model_id", "how"), [
    ("6ce0161689", "sd-v1-5", "short hash"),            # v1-5-pruned-emaonly.safetensors
    ("7460a6fa", "sd-v1-4", "legacy hash"),             # sd-v1-4.ckpt, old 8-hex A1111 hash
    ("31E35C80FC", "sdxl-base-1.0", "short hash"),      # upper case, as Civitai shows AutoV2
    ("8D0CE6C016", "sdxl-refiner-1.0", "short hash"),
    ("9403429e0052277ac2a87ad800adece5481eecefd9ed334e1f348723621d2a0a", "flux1-schnell", "sha256"),
])
def test_hashes_win_over_names(hash_: str, model_id: str, how: str) -> None:
    found = resolve_model("some_merge_v3", hash_)
    assert (found.model_id, found.matched_by) == (model_id, "hash")
    assert any(how in note for note in found.notes)


def test_a1111_title_with_hash() -> None:
    assert resolve_model("mystery.safetensors [31e35c80fc]", None).model_id == "sdxl-base-1.0"


def test_civitai_air_urns() -> None:
    known = resolve_model("urn:air:sdxl:checkpoint:civitai:257749@290640", None)
    assert (known.model_id, known.matched_by) == ("pony-diffusion-v6-xl", "air urn")
    whole_page = resolve_model("urn:air:sd3:checkpoint:civitai:878387@999", None)
    assert whole_page.model_id == "sd3.5-large"
    other_version = resolve_model("urn:air:sdxl:checkpoint:civitai:101055@1", None)
    assert other_version.model_id is None  # the SD XL page also hosts the base: version must match
    unknown = openness_for(model_name="urn:air:sdxl:checkpoint:civitai:827184@2514310")
    assert unknown.label_text == "? Unrated"
    assert unknown.guess == "sdxl-base-1.0" and unknown.grade.model_id is None


def test_novelai_source_strings() -> None:
    v1 = openness_for(model_name="Stable Diffusion", model_hash="1D44365E", generator="NovelAI")
    assert (v1.grade.model_id, v1.resolution.matched_by, v1.label_text) == (
        "novelai-anime-v1", "novelai name", "D Restricted weights")
    v3 = openness_for(model_name="Stable Diffusion XL", model_hash="C1E1DE52", generator="NovelAI")
    assert v3.label_text == "E Closed"
    v45 = openness_for(model_name="NovelAI Diffusion V4.5", model_hash="4BDE2A90", generator="NovelAI")
    assert v45.label_text == "? Unrated" and v45.guess is None
    assert v45.resolution.read == "NovelAI Diffusion V4.5 [4BDE2A90]"
    # "Stable Diffusion" alone, without NovelAI as generator, names nothing.
    assert resolve_model("Stable Diffusion", "1D44365E").model_id is None
    # NovelAI's 8-hex ids are not A1111 legacy hashes (7460a6fa is sd-v1-4.ckpt's legacy hash).
    assert resolve_model("Stable Diffusion", "7460a6fa", generator="NovelAI").model_id is None


@pytest.mark.parametrize(("claim", "agents", "model_id", "how"), [
    ("OpenAI Media Service API", [], "gpt-image-1", "c2pa claim generator"),
    (None, ["gpt-image"], "gpt-image-1", "software agent"),
    ("Microsoft_Responsible_AI/1.0", [], "dall-e-3", "c2pa claim generator"),
    ("Microsoft_Responsible_AI/1.0", ["Image Creator from Designer"], "dall-e-3", "software agent"),
    ("Adobe_Firefly c2pa-adobe-js/0.16.5 c2pa-rs/0.32.6", [], "adobe-firefly", "c2pa claim generator"),
    ("Adobe_Firefly", ["Adobe Firefly", "nano-banana"], "gemini-2.5-flash-image", "software agent"),
    ("Adobe_Firefly", ["Gemini Flash"], "gemini-2.5-flash-image", "software agent"),
])
def test_c2pa_services(claim, agents, model_id: str, how: str) -> None:
    found = resolve_model(None, None, c2pa_claim_generator=claim, software_agents=agents)
    assert (found.model_id, found.matched_by) == (model_id, how)


def test_midjourney_versions_from_the_generator() -> None:
    assert resolve_model("--v 6.1", None, generator="Midjourney").model_id == "midjourney-v6"
    assert resolve_model(None, None, generator="Midjourney").model_id == "midjourney-v7"
    assert openness_for(generator="Midjourney", model_name="5.2").label_text == "E Closed"


def test_c2pa_test_files_stay_unrated() -> None:
    label = openness_for(c2pa_claim_generator="make_test_images/0.33.1 c2pa-rs/0.33.1")
    assert label.label_text == "? Unrated"


def test_unknown_names_are_unrated_with_the_text_read() -> None:
    label = openness_for(model_name="Anything-V3.0.ckpt", model_hash="deadbeef")
    assert label.label_text == "? Unrated" and label.guess is None
    assert label.resolution.read == "Anything-V3.0.ckpt [deadbeef]"
    assert openness_for().label_text == "? Unrated"


@pytest.mark.parametrize(("name", "guess"), [
    ("waiIllustriousSDXL_v160", "illustrious-xl-v0.1"),
    ("JANKUV5NSFWTrainedNoobai_v50", "noobai-xl-1.0"),
    ("ponyRealism_v22.safetensors", "pony-diffusion-v6-xl"),
])
def test_family_words_give_a_flagged_guess_only(name: str, guess: str) -> None:
    label = openness_for(model_name=name)
    assert label.label_text == "? Unrated" and label.grade.model_id is None
    assert label.guess == guess and label.guess_name
    assert label.to_json()["guess"] == guess and label.to_json()["model_id"] is None


MINE = {
    "id": "my-sdxl-finetune", "canonical_name": "My SDXL fine-tune", "base_model_id": "sdxl-base-1.0",
    "weights_available": "yes", "weights_license": {"class": "osi"}, "inference_code": "yes",
    "inference_code_license": {"osi_approved": True}, "training_code": "yes",
    "training_data": {"disclosure": "named_obtainable"}, "paper_or_report": ["my notes"],
    "checkpoint_files": ["mySdxlFinetune_v2.safetensors"], "aliases": ["My Finetune"], "sources": ["my own training"],
}


def test_user_fine_tune_is_capped_by_its_base() -> None:
    label = openness_for(model_name="models/mySdxlFinetune_v2.safetensors", extra_models=[MINE])
    assert label.problems == []
    assert label.resolution.matched_by == "user registry"
    assert label.label_text == "C Open weights"  # would be A on its own facts; SDXL base is C
    assert label.grade.capped_by == "sdxl-base-1.0"


def test_user_fine_tune_of_a_restricted_base_and_unknown_facts() -> None:
    mine = {"id": "my-flux-lora-merge", "canonical_name": "Mine", "base_model_id": "flux1-dev",
            "weights_available": True, "weights_license": {"class": "osi"}, "sources": ["me"],
            "aliases": ["my flux merge"]}
    label = openness_for(model_name="my flux merge", extra_models=[mine])
    # capped by FLUX.1 [dev] (D); its own code/data/training facts are missing, hence the "?"
    assert label.label_text == "D? Restricted weights"
    assert label.grade.capped_by == "flux1-dev"
    assert label.grade.unverified == ["inference_code", "training_data", "training_code"]
    krea = dict(mine, id="my-krea", base_model_id="flux1-krea-dev", aliases=["my krea"])
    capped = openness_for(model_name="my krea", extra_models=[krea])
    assert capped.label_text == "D? Restricted weights"
    assert "flux1-krea-dev.weights_available" in capped.grade.unverified


def test_bad_user_entries_give_problem_strings() -> None:
    bad = [
        {"id": "no-sources", "canonical_name": "X", "weights_available": "yes"},
        {"id": "sd-v1-5", "canonical_name": "Clash", "sources": ["me"]},
        {"id": "orphan", "canonical_name": "O", "base_model_id": "not-a-model", "sources": ["me"]},
        {"id": "odd", "canonical_name": "O", "weights_available": "perhaps", "sources": ["me"]},
        "not a mapping",
        dict(MINE),
    ]
    label = openness_for(model_name="mySdxlFinetune_v2", extra_models=bad)
    text = " | ".join(label.problems)
    assert len(label.problems) >= 5
    for fragment in ("'no-sources'", "already used", "not-a-model", "perhaps", "mapping"):
        assert fragment in text
    assert label.grade.model_id == "my-sdxl-finetune"  # the good entry still works
    assert openness_for(extra_models={"oops": 1}).problems


def test_declared_model_wins_and_keeps_the_disagreement() -> None:
    label = openness_for(model_name="flux1-dev.safetensors", declared_model="flux1-schnell")
    assert label.grade.model_id == "flux1-schnell"
    assert any("flux1-dev" in note for note in label.resolution.notes)
    assert openness_for(declared_model="SDXL Turbo").grade.model_id == "sdxl-turbo"


def test_openness_for_reads_provenance_objects_and_json() -> None:
    prov = Provenance(file="x.png", generator="ComfyUI", model=ModelRef("sd_xl_turbo_1.0_fp16.safetensors"))
    assert openness_for(prov).label_text == "D Restricted weights"
    c2pa = Provenance(file="y.jpg", c2pa=C2PASummary(claim_generator="Adobe_Firefly", software_agents=["nano-banana"]))
    assert openness_for(c2pa).grade.model_id == "gemini-2.5-flash-image"
    assert openness_for(prov.to_json()).grade.model_id == "sdxl-turbo"


def test_hostile_input_is_bounded_and_never_raises() -> None:
    start = time.perf_counter()
    for value in ("x" * 1_000_000, "/" * 100_000, "urn:air:" + ":" * 50_000, "\\" * 10_000 + "a.ckpt", "", "  "):
        assert openness_for(model_name=value, model_hash=value, c2pa_claim_generator=value,
                            software_agents=[value] * 100).label_text
    assert time.perf_counter() - start < 1.0
    assert openness_for(model_name=123, model_hash=["x"], generator=None).label_text == "? Unrated"  # type: ignore[arg-type]


def test_resolution_is_fast_after_one_load() -> None:
    load_registry()
    names = ["Flux/flux1-dev-fp8", "waiIllustriousSDXL_v160", "v1-5-pruned-emaonly.ckpt", "unknown_model_v1"]
    start = time.perf_counter()
    for i in range(5000):
        openness_for(model_name=names[i % 4], model_hash="45a21ea00a")
    per_call = (time.perf_counter() - start) / 5000
    assert per_call < 200e-6, per_call
