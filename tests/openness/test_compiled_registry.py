"""The packaged registry's JSON twin must say exactly what models.yaml says."""

from __future__ import annotations

import hashlib
import json

import yaml

from generator.openness.registry import DATA_FILE, compiled_path, read_data


def test_json_twin_is_current_and_identical_to_the_yaml() -> None:
    twin = json.loads(compiled_path(DATA_FILE).read_text(encoding="utf-8"))
    raw = DATA_FILE.read_bytes()
    assert twin["source_sha256"] == hashlib.sha256(raw).hexdigest(), "run: python scripts/compile_registry.py"
    assert twin["data"] == yaml.safe_load(raw)


def test_a_stale_twin_is_ignored(tmp_path) -> None:
    source = tmp_path / "models.yaml"
    source.write_text("models:\n- id: fresh\n")
    compiled_path(source).write_text(json.dumps({"source_sha256": "0" * 64, "data": {"models": [{"id": "stale"}]}}))
    assert read_data(source) == {"models": [{"id": "fresh"}]}
