"""SwarmUI's sui_image_params JSON, from a JPEG (UTF-16LE UserComment) and a PNG chunk."""

from __future__ import annotations

import json
from pathlib import Path

import piexif
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers.swarmui import PARSER
from generator.provenance.reader import read_provenance
from generator.provenance.result import Provenance

DOC = {
    "sui_image_params": {
        "prompt": "a cat holding a sign that says \"Meow\", #テスト",
        "negativeprompt": "bad quality, ",
        "model": "Flux/flux1-dev-fp8",
        "seed": 697543491, "steps": 20, "cfgscale": 7.0, "aspectratio": "1:1",
        "width": 1024, "height": 1024, "sampler": "euler_ancestral", "scheduler": "karras",
        "loras": ["Styles/pixel-art", "detailer"], "loraweights": ["0.8", "1"],
        "swarm_version": "0.9.7.4",
    },
    "sui_extra_data": {"date": "2026-01-03", "generation_time": "6.44 sec"},
    "sui_models": [
        {"name": "flux1-dev-fp8.safetensors", "param": "model", "hash": "0x22d8"},
        {"name": "pixel-art.safetensors", "param": "loras", "hash": "0xaaaa"},
    ],
}


def test_jpeg_utf16le_user_comment(tmp_path: Path) -> None:
    text = json.dumps(DOC, indent=2, ensure_ascii=False)
    comment = b"UNICODE\x00" + text.encode("utf-16-le")
    path = tmp_path / "swarm.jpg"
    Image.new("RGB", (16, 16)).save(path, exif=piexif.dump({"Exif": {piexif.ExifIFD.UserComment: comment}}))
    result = read_provenance(path)
    assert (result.format, result.generator, result.reader) == ("swarmui", "SwarmUI", "swarmui")
    assert result.prompt == DOC["sui_image_params"]["prompt"]
    assert result.negative_prompt == "bad quality, "
    assert (result.model.name, result.model.hash) == ("Flux/flux1-dev-fp8", "0x22d8")
    assert (result.seed, result.steps, result.cfg) == (697543491, 20, 7.0)
    assert (result.sampler, result.scheduler, result.width, result.height) == ("euler_ancestral", "karras", 1024, 1024)
    assert [(x.name, x.weight, x.hash) for x in result.loras] == [
        ("Styles/pixel-art", 0.8, "0xaaaa"), ("detailer", 1.0, None),
    ]
    assert result.extras["swarm_version"] == "0.9.7.4"
    assert result.extras["generation_time"] == "6.44 sec"
    assert result.ai_generated is True


def test_png_parameters_chunk(tmp_path: Path) -> None:
    info = PngInfo()
    info.add_text("parameters", json.dumps({"sui_image_params": {"prompt": "x", "model": "OfficialStableDiffusion/sd_xl_base_1.0", "seed": 1}}))
    Image.new("RGB", (8, 8)).save(tmp_path / "s.png", pnginfo=info)
    result = read_provenance(tmp_path / "s.png")
    assert (result.format, result.model.name, result.seed, result.negative_prompt) == (
        "swarmui", "OfficialStableDiffusion/sd_xl_base_1.0", 1, None,
    )


def test_model_hash_matched_despite_dots_in_name() -> None:
    doc = {"sui_image_params": {"model": "sd_xl_base_1.0"},
           "sui_models": [{"name": "sd_xl_base_1.0.safetensors", "param": "model", "hash": "0xbeef"}]}
    bag = MetadataBag(path="x", container="png", text={"parameters": json.dumps(doc)})
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert result.model.hash == "0xbeef"


def test_other_json_is_not_swarmui() -> None:
    bag = MetadataBag(path="x", container="png", text={"parameters": '{"prompt": "a", "seed": 1}'})
    assert PARSER.parse(bag, Provenance(file="x")) is False


def test_broken_swarm_json_is_a_warning(tmp_path: Path) -> None:
    info = PngInfo()
    info.add_text("parameters", '{"sui_image_params": {"prompt": "a"')
    Image.new("RGB", (8, 8)).save(tmp_path / "b.png", pnginfo=info)
    result = read_provenance(tmp_path / "b.png")
    assert result.format is None
    assert any(w.startswith("swarmui:") for w in result.warnings)
