"""The packaged fact table: shape, sources, indexes, and that it keeps every shared fact."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.openness import names
from generator.openness.registry import DATA_FILE, RegistryError, load_registry
from generator.openness.sources import split_source
from generator.openness.validate import (
    DISCLOSURES,
    LICENCE_CLASSES,
    TRAINING_CODE,
    WEIGHTS,
    validate_entry,
)

REPO = Path(__file__).resolve().parents[2]
SHARED_MODELS = REPO.parent / "shared" / "openness" / "models.yaml"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ADDITIVE_LISTS = ("aliases", "checkpoint_files", "sources", "a1111_hashes")


@pytest.fixture(scope="module")
def raw_models() -> list[dict]:
    return yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=LOADER)["models"]


def test_loads_once_and_has_at_least_64_entries() -> None:
    registry = load_registry()
    assert registry is load_registry()
    assert len(registry) >= 64


def test_every_entry_has_sources_and_valid_enums(raw_models) -> None:
    ids = [m["id"] for m in raw_models]
    assert len(ids) == len(set(ids))
    for model in raw_models:
        assert isinstance(model["sources"], list) and model["sources"], model["id"]
        assert all(isinstance(s, str) and s.strip() for s in model["sources"]), model["id"]
        assert model["weights_available"] in WEIGHTS
        assert model["weights_license"]["class"] in LICENCE_CLASSES
        assert model["training_data"]["disclosure"] in DISCLOSURES
        assert model["training_code"] in TRAINING_CODE
        if model.get("base_model_id"):
            assert model["base_model_id"] in ids and model["base_model_id"] != model["id"]


def test_header_says_where_the_data_came_from() -> None:
    head = DATA_FILE.read_text(encoding="utf-8")[:2000]
    assert "../shared/openness/models.yaml" in head and "Refresh" in head


@pytest.mark.corpus
@pytest.mark.skipif(not SHARED_MODELS.exists(), reason="../shared is absent")
def test_packaged_copy_keeps_every_shared_fact(raw_models) -> None:
    shared = yaml.load(SHARED_MODELS.read_text(encoding="utf-8"), Loader=LOADER)["models"]
    packaged = {m["id"]: m for m in raw_models}
    for entry in shared:
        mine = packaged[entry["id"]]
        for key, value in entry.items():
            if key == "sources":
                kept = {split_source(str(m))[0] for m in mine["sources"]}
                for source in value:
                    address = split_source(str(source))[0]
                    if address is None or secondary(address):
                        continue  # replaced by a primary source (issue 16, test_registry_sources.py)
                    assert address in kept, (entry["id"], source)
            elif key in ADDITIVE_LISTS:
                assert all(v in mine[key] for v in value), (entry["id"], key)
            else:
                assert mine[key] == value, (entry["id"], key)
        for key in set(mine) - set(entry):  # additions may only help recognition
            assert key in ("novelai_sources", "civitai_versions"), (entry["id"], key)


# Secondary sources the shared table cited on hosts that also serve primary material: a third party's
# copy on Hugging Face or GitHub, a cloud vendor's catalogue. The packaged registry replaced each.
SECONDARY_ON_PRIMARY_HOSTS = (
    "https://huggingface.co/ariG23498/", "https://huggingface.co/jyoung105/", "https://huggingface.co/musafa901/",
    "https://huggingface.co/sazyou-roukaku/", "https://huggingface.co/poluser/", "https://huggingface.co:443/",
    "https://github.com/azmym/", "https://github.com/d3x-at/", "https://ai.azure.com/", "http://",
    "https://huggingface.co/DiffusersVersionsOfModels/", "https://docs.comfy.org/",
    "https://civitai.com/models/257749?dialog=resourceReview",
)


def secondary(address: str) -> bool:
    from tests.openness.test_registry_sources import blocked

    return address.startswith(SECONDARY_ON_PRIMARY_HOSTS) or blocked(urlsplit(address).hostname or "")


def test_shared_keys_are_dropped_not_guessed() -> None:
    registry = load_registry()
    # ae.safetensors ships with FLUX.1 [dev] and [schnell]; text encoders belong to no single model.
    assert registry.by_file(names.name_keys("ae.safetensors")) is None
    assert registry.by_file(names.name_keys("text_encoders/clip_l.safetensors")) is None
    # PixArt-α and PixArt-Σ must not collapse into one "pixart" key.
    assert registry.by_alias(names.name_keys("PixArt-α")) == "pixart-alpha"
    assert registry.by_alias(names.name_keys("PixArt-Σ")) == "pixart-sigma"
    # OmniGen2 is listed as "successor, not assessed here": it must not resolve to OmniGen v1.
    assert registry.by_alias(names.name_keys("OmniGen2")) is None


def test_validate_entry_reports_problems_as_strings() -> None:
    good = {"id": "mine", "canonical_name": "Mine", "sources": ["me"], "weights_available": "yes",
            "weights_license": {"class": "rail"}}
    assert validate_entry(good, {"mine"}, strict=False) == []
    strict = " | ".join(validate_entry(good, {"mine"}, strict=True))  # packaged data needs every grade input
    assert "training_code" in strict and "training_data.disclosure" in strict and "inference_code" in strict
    bad = {"id": "Bad Id", "sources": [], "weights_available": "maybe", "weights_license": {"class": "free"},
           "base_model_id": "nowhere", "a1111_hashes": [{"shorthash": "xyz"}], "aliases": "one"}
    problems = validate_entry(bad, set(), strict=False)
    text = " | ".join(problems)
    for fragment in ("slug", "canonical_name", "sources", "weights_available", "weights_license.class",
                     "base_model_id", "shorthash", "aliases"):
        assert fragment in text
    assert validate_entry("nope", set()) == ["model entry must be a mapping, got str"]


def test_broken_data_file_raises_registry_error(tmp_path) -> None:
    path = tmp_path / "models.yaml"
    path.write_text("models:\n- id: a\n  canonical_name: A\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="sources"):
        load_registry(str(path))
