"""Fooocus (JSON and A1111 schemes, PNG and JPEG) and RuinedFooocus, written as those tools do."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers.fooocus import PARSER
from generator.provenance.reader import read_provenance
from generator.provenance.result import Provenance

FOOOCUS = {
    "adm_guidance": "(1.5, 0.8, 0.3)", "base_model": "juggernautXL_v8Rundiffusion",
    "base_model_hash": "aeb7e9e689", "full_prompt": ["cinematic still a smiling goldfish"],
    "guidance_scale": 4, "loras": [["sd_xl_offset_example-lora_1.0", 0.1, "4852686128"]],
    "metadata_scheme": "fooocus", "negative_prompt": "", "performance": "Speed",
    "prompt": "a smiling goldfish", "resolution": "(768, 1280)", "sampler": "dpmpp_2m_sde_gpu",
    "scheduler": "karras", "seed": "6952411511246973023", "steps": 30,
    "styles": "['Fooocus V2', 'Fooocus Sharp']", "version": "Fooocus v2.4.3",
}


def _png(path: Path, chunks: dict[str, str]) -> Path:
    info = PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    Image.new("RGB", (8, 8)).save(path, pnginfo=info)
    return path


def test_png_fooocus_scheme(tmp_path: Path) -> None:
    path = _png(tmp_path / "f.png", {"parameters": json.dumps(FOOOCUS), "fooocus_scheme": "fooocus"})
    result = read_provenance(path)
    assert (result.format, result.generator, result.reader) == ("fooocus", "Fooocus", "fooocus")
    assert (result.model.name, result.model.hash) == ("juggernautXL_v8Rundiffusion", "aeb7e9e689")
    assert result.seed == 6952411511246973023
    assert (result.steps, result.cfg, result.sampler, result.scheduler) == (30, 4.0, "dpmpp_2m_sde_gpu", "karras")
    assert (result.width, result.height) == (768, 1280)
    assert result.prompt == "a smiling goldfish"
    assert result.negative_prompt is None
    assert [(x.name, x.weight, x.hash) for x in result.loras] == [("sd_xl_offset_example-lora_1.0", 0.1, "4852686128")]
    assert result.extras["performance"] == "Speed"
    assert result.extras["version"] == "Fooocus v2.4.3"
    assert result.ai_generated is True


def test_jpeg_fooocus_via_exif_software(tmp_path: Path) -> None:
    """Fooocus builds a PIL Exif: UserComment = JSON, Software = version, MakerNote = scheme."""
    data = dict(FOOOCUS)
    data.pop("metadata_scheme")
    data.pop("version")
    exif = Image.Exif()
    exif[0x9286] = json.dumps(data)
    exif[0x0131] = "Fooocus v2.5.5"
    exif[0x927C] = "fooocus"
    Image.new("RGB", (8, 8)).save(tmp_path / "f.jpg", exif=exif)
    result = read_provenance(tmp_path / "f.jpg")
    assert (result.format, result.generator, result.steps) == ("fooocus", "Fooocus", 30)


def test_old_lora_combined_keys_and_display_labels() -> None:
    data = {"Prompt": "a", "Negative Prompt": "b", "Base Model": "m.safetensors", "Guidance Scale": 7,
            "Resolution": "(1024, 1024)", "lora_combined_1": "add_detail.safetensors : 0.5",
            "lora_combined_2": "None : 1.0", "Seed": "12"}
    bag = MetadataBag(path="x", container="png", text={"parameters": json.dumps(data)})
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert (result.prompt, result.negative_prompt, result.seed, result.cfg) == ("a", "b", 12, 7.0)
    assert [(x.name, x.weight) for x in result.loras] == [("add_detail.safetensors", 0.5)]


def test_a1111_scheme_is_fooocus_format(tmp_path: Path) -> None:
    text = (
        "a smiling goldfish, cinematic\nNegative prompt: ugly\n"
        "Steps: 30, Sampler: DPM++ 2M SDE Karras, Seed: 123, Size: 1152x896, CFG scale: 4, "
        'Model: juggernautXL, Model hash: aeb7e9e689, Lora hashes: "offset: 4852686128", '
        'Lora weights: "offset: 0.1", Version: Fooocus v2.4.3'
    )
    result = read_provenance(_png(tmp_path / "a.png", {"parameters": text, "fooocus_scheme": "a1111"}))
    assert (result.format, result.generator, result.reader) == ("fooocus", "Fooocus", "fooocus")
    assert (result.seed, result.width, result.height, result.sampler) == (123, 1152, 896, "DPM++ 2M SDE Karras")
    assert [(x.name, x.weight, x.hash) for x in result.loras] == [("offset", 0.1, "4852686128")]


def test_plain_a1111_text_is_left_to_the_a1111_parser() -> None:
    bag = MetadataBag(path="x", container="png", text={"parameters": "a\nSteps: 20, Seed: 1, Version: v1.10.1"})
    assert PARSER.parse(bag, Provenance(file="x")) is False


def test_ruinedfooocus_current_shape(tmp_path: Path) -> None:
    data = {"Prompt": "general, \n1girl, #テスト", "Negative": "bad quality, ", "steps": 30, "cfg": 8,
            "width": 1024, "height": 1024, "seed": 2020047614, "sampler_name": "dpmpp_2m_sde_gpu",
            "scheduler": "karras", "base_model_name": "waiNSFWIllustrious_v150.safetensors",
            "base_model_hash": "BEFC694A", "loras": [["4852686128", "0.1 - sd_xl_offset_example-lora_1.0.safetensors"]],
            "start_step": 0, "denoise": None, "clip_skip": 1, "software": "RuinedFooocus"}
    result = read_provenance(_png(tmp_path / "r.png", {"parameters": json.dumps(data)}))
    assert (result.format, result.generator) == ("fooocus", "RuinedFooocus")
    assert (result.model.name, result.model.hash) == ("waiNSFWIllustrious_v150.safetensors", "BEFC694A")
    assert (result.prompt, result.negative_prompt) == ("general, \n1girl, #テスト", "bad quality, ")
    assert (result.seed, result.steps, result.cfg, result.width) == (2020047614, 30, 8.0, 1024)
    assert [(x.name, x.weight, x.hash) for x in result.loras] == [
        ("sd_xl_offset_example-lora_1.0.safetensors", 0.1, "4852686128"),
    ]
    assert result.extras["clip_skip"] == "1"
    assert "denoise" not in result.extras


def test_ruinedfooocus_older_lora_shapes() -> None:
    for loras, expected in (
        ("Loras:<detail.safetensors:0.5>,<sub:dir:1.0>", [("detail.safetensors", 0.5), ("sub:dir", 1.0)]),
        ([{"name": "x.safetensors", "weight": 0.3, "hash": "ab"}], [("x.safetensors", 0.3)]),
    ):
        data = {"Prompt": "a", "software": "RuinedFooocus", "loras": loras}
        bag = MetadataBag(path="x", container="png", text={"parameters": json.dumps(data)})
        result = Provenance(file="x")
        assert PARSER.parse(bag, result)
        assert [(x.name, x.weight) for x in result.loras] == expected


def test_unmarked_json_is_not_fooocus() -> None:
    bag = MetadataBag(path="x", container="png", text={"parameters": '{"prompt": "a", "seed": 3}'})
    assert PARSER.parse(bag, Provenance(file="x")) is False
