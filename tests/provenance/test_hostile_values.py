"""Metadata values a hostile file can carry: JSON's NaN and endless integers, link ids of the
wrong type, digits that are not ASCII, and text built to make a careless regex take hours.

Each must leave the rest of the record readable, within a bounded time.
"""

from __future__ import annotations

import json
import time

from generator.provenance.parsers.comfyui import strip_comments
from generator.provenance.reader import read_provenance
from generator.provenance.safejson import text_depth
from tests.kit.images import png


def graph(seed: object, cfg: object) -> str:
    return json.dumps({
        "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sdxl.safetensors"}},
        "2": {"class_type": "KSampler", "inputs": {"seed": "SEED", "steps": 20, "cfg": "CFG", "model": ["1", 0],
                                                    "sampler_name": "euler"}},
    }).replace('"SEED"', str(seed)).replace('"CFG"', str(cfg))


def test_nan_and_endless_numbers_lose_only_themselves(tmp_path) -> None:
    for seed, cfg in (("NaN", "Infinity"), ("1" * 400, "-Infinity"), ("12345", "1" + "0" * 400)):
        path = tmp_path / "x.png"
        path.write_bytes(png({"prompt": graph(seed, cfg)}))
        found = read_provenance(path)
        assert found.format == "comfyui" and found.model is not None and found.model.name == "sdxl.safetensors"
        assert found.steps == 20 and found.sampler == "euler"
        assert found.seed in (None, 12345) and found.cfg is None


def test_a_workflow_link_id_of_the_wrong_type_is_ignored(tmp_path) -> None:
    workflow = {"nodes": [{"id": 1, "type": "KSampler", "inputs": [{"name": "model", "link": [1]}],
                           "widgets_values": [7, "fixed", 20, 8.0, "euler", "normal", 1.0]}], "links": []}
    path = tmp_path / "w.png"
    path.write_bytes(png({"workflow": json.dumps(workflow)}))
    assert read_provenance(path).error is None


def test_digits_that_are_not_ascii_do_not_lose_the_record(tmp_path) -> None:
    from PIL import Image

    path = tmp_path / "mj.png"
    text = "a quiet harbour --ar 3:2 --seed ²³ --v 6 Job ID: 0f3c5a2e-1b7d-4c1e-9a55-5a1c2b3d4e5f"
    image = Image.new("RGB", (8, 8))
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("Description", text)
    info.add_text("Author", "someone")
    image.save(path, pnginfo=info)
    found = read_provenance(path)
    assert found.error is None and found.seed is None
    assert found.format == "midjourney" and found.prompt == "a quiet harbour"


def test_text_built_for_slow_regexes_is_read_in_linear_time() -> None:
    began = time.perf_counter()
    assert text_depth('{"' + '\\"' * 400_000) == 1  # a string never closed
    assert strip_comments("/* " * 400_000).startswith("/* ")  # openings never closed
    assert time.perf_counter() - began < 2.0
    assert strip_comments("a/*b*/c/*d*/e/*f") == "ace/*f"


def test_long_chains_and_wide_fans_of_text_nodes_are_bounded(tmp_path) -> None:
    """A chain of thousands of string nodes (too deep to recurse) and nodes fanning out to many
    texts each: the prompt is read within the walk's bounds, never a lost record or a long wait."""
    nodes: dict[str, object] = {
        "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sdxl.safetensors"}},
        "2": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 20, "cfg": 7, "model": ["1", 0],
                                                    "positive": ["3", 0], "negative": ["3", 0]}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": ["10", 0]}},
    }
    for i in range(10, 3010):  # a chain: each concatenation takes the next one's text
        nodes[str(i)] = {"class_type": "StringConcat", "inputs": {
            "string_a": [str(i + 1), 0], **{f"string_{k}": f"word {i} {k}" for k in range(30)}}}
    path = tmp_path / "deep.png"
    path.write_bytes(png({"prompt": json.dumps(nodes)}))
    began = time.perf_counter()
    found = read_provenance(path)
    assert time.perf_counter() - began < 10.0
    assert found.format == "comfyui" and found.steps == 20 and found.prompt
