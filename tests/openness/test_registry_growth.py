"""Registry growth (issue 17): the schema, primary sources, and the new entries' grades and credits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.openness import load_registry
from generator.openness.grade import grade_entry
from generator.openness.licences import licence_terms
from generator.openness.validate import (
    DISCLOSURES,
    LICENCE_CLASSES,
    aggregator_in,
    normalise_entry,
    validate_entry,
)

PACKAGE = Path(__file__).resolve().parents[2] / "generator" / "openness"
# The entries added for issue 17, each with the label the rule must give (worked out from the cited sources).
ADDED = {
    "wan2.1": ("C?", ("inference_code", "training_code")),
    "wan2.2": ("C?", ("inference_code", "training_data", "training_code")),
    "kolors": ("C", ()),
    "recraft-v3": ("E", ()),
    "novelai-anime-v4": ("E", ()),
    "nightcafe": ("E", ()),
    "civitai-generator": ("E", ()),
    "z-image-turbo": ("C?", ("inference_code", "training_data", "training_code")),
}


@pytest.fixture(scope="module")
def raw() -> list[dict[str, Any]]:
    data = yaml.safe_load((PACKAGE / "models.yaml").read_text(encoding="utf-8"))
    return [normalise_entry(m) for m in data["models"]]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads((PACKAGE / "schema.json").read_text(encoding="utf-8"))


def test_every_packaged_entry_matches_the_json_schema(raw, schema) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    problems = {m["id"]: [e.message for e in validator.iter_errors(m)] for m in raw}
    assert {k: v for k, v in problems.items() if v} == {}


def test_schema_enums_are_the_validators(schema) -> None:
    props = schema["properties"]
    assert tuple(props["weights_license"]["properties"]["class"]["enum"]) == LICENCE_CLASSES
    assert tuple(props["training_data"]["properties"]["disclosure"]["enum"]) == DISCLOSURES


@pytest.mark.parametrize("entry, message", [
    ({"give_back": {"repository": "http://example.org"}}, "give_back.repository must be an https:// URL"),
    ({"give_back": {"paypal": "https://x"}}, "give_back must be a mapping of repository, donation, citation"),
    ({"homepage": "javascript:alert(1)"}, "homepage must be an https:// URL"),
    ({"builds_on_ids": ["no-such-model"]}, "builds_on_ids names 'no-such-model'"),
    ({"source_quality": "primary", "sources": ["https://toolkitbyai.com/?p=158"]}, "is an aggregator (toolkitbyai.com)"),
    ({"source_quality": "primary", "sources": ["the model card"]}, "cites only https:// URLs"),
    ({"source_quality": "secondary"}, "only 'primary' is defined"),
])
def test_validator_and_schema_reject_bad_credit_fields(schema, entry: dict[str, Any], message: str) -> None:
    full = {"id": "x", "canonical_name": "X", "sources": ["https://example.org/card"], **entry}
    problems = validate_entry(full, {"x", "sdxl-base-1.0"}, strict=False)
    assert any(message in p for p in problems), problems
    if "builds_on_ids" not in entry and "aggregator" not in message:  # ids and domain lists are validate.py's
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(full)), "the schema must refuse it too"


@pytest.mark.parametrize("url, domain", [
    ("https://en.wikipedia.org/wiki/Midjourney", "wikipedia.org"),
    ("https://meilu.jpshuntong.com/url-6874", "jpshuntong.com"),
    ("https://huggingface.co/black-forest-labs/FLUX.1-dev", None),
    ("https://novelai.medium.com/post", None),
    ("https://medium.com/@someone/post", "medium.com/@"),
])
def test_aggregator_domains(url: str, domain: str | None) -> None:
    assert aggregator_in(url) == domain


def test_added_entries_are_primary_sourced(raw) -> None:
    by_id = {m["id"]: m for m in raw}
    for ident in ADDED:
        entry = by_id[ident]
        assert entry["source_quality"] == "primary"
        assert entry["sources"] and all(s.startswith("https://") and aggregator_in(s) is None for s in entry["sources"])
        hosts = {s.split("/")[2] for s in entry["sources"]}
        for key in ("repository", "donation"):
            link = (entry.get("give_back") or {}).get(key)
            if link:  # a give-back link must be backed by the sources: the maker's own host
                assert link.split("/")[2] in hosts, (ident, link)


@pytest.mark.parametrize("ident", sorted(ADDED))
def test_added_entries_grade(ident: str) -> None:
    label, unverified = ADDED[ident]
    grade = grade_entry(load_registry(), ident)
    assert grade.letter + ("?" if grade.unverified else "") == label
    assert tuple(grade.unverified) == unverified


def test_kolors_terms_come_from_its_licence() -> None:
    entry = load_registry().get("kolors")
    terms = licence_terms(entry["weights_license"], entry)
    assert terms.commercial == "conditional" and terms.credit == "unknown"


def test_wan_terms_are_apache() -> None:
    entry = load_registry().get("wan2.1")
    terms = licence_terms(entry["weights_license"], entry)
    assert (terms.commercial, terms.credit, terms.derivatives) == ("yes", "yes", "yes")
    assert terms.url == "https://www.apache.org/licenses/LICENSE-2.0"


def test_wrapper_names_what_it_builds_on() -> None:
    registry = load_registry()
    entry = registry.get("nightcafe")
    assert entry["distribution"] == "service" and entry["builds_on_ids"] == ["sdxl-base-1.0"]
    assert registry.get("sdxl-base-1.0") is not None
    assert entry["discloses"] and entry["does_not_disclose"]
