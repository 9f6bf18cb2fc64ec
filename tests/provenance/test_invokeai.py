"""InvokeAI's four metadata generations, read from PNGs written the way InvokeAI wrote them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers.invokeai import PARSER, split_negative
from generator.provenance.reader import interpret, read_provenance
from generator.provenance.result import Provenance

from ._h1_fixtures import pillow_png


def _png(path: Path, chunks: dict[str, str]) -> Path:
    info = PngInfo()
    for key, value in chunks.items():
        if key.startswith("invokeai"):  # InvokeAI 3+ writes iTXt; 2.x wrote tEXt
            info.add_itxt(key, value)
        else:
            info.add_text(key, value)
    Image.new("RGB", (16, 16)).save(path, pnginfo=info)
    return path


def test_v5_metadata_with_loras(tmp_path: Path) -> None:
    metadata = {
        "generation_mode": "sdxl_txt2img", "positive_prompt": "a miku, #テスト\n",
        "negative_prompt": "bad quality\n", "width": 1024, "height": 1024, "seed": 3951921344,
        "cfg_scale": 6.0, "steps": 24, "scheduler": "euler_a",
        "model": {"key": "179d", "hash": "blake3:7c16", "name": "waiIllustriousSDXL_v160", "base": "sdxl"},
        "loras": [{"model": {"key": "k1", "hash": "blake3:aa", "name": "detail_slider"}, "weight": 0.75}],
        "app_version": "6.10.0",
    }
    graph = {"id": "g", "nodes": {}}
    path = _png(tmp_path / "v5.png", {"invokeai_metadata": json.dumps(metadata), "invokeai_graph": json.dumps(graph)})
    result = read_provenance(path)
    assert (result.format, result.generator, result.reader) == ("invokeai", "InvokeAI", "invokeai")
    assert result.prompt == "a miku, #テスト\n"
    assert result.negative_prompt == "bad quality\n"
    assert (result.model.name, result.model.hash) == ("waiIllustriousSDXL_v160", "blake3:7c16")
    assert (result.seed, result.steps, result.cfg, result.sampler) == (3951921344, 24, 6.0, "euler_a")
    assert (result.width, result.height) == (1024, 1024)
    assert [(x.name, x.weight, x.hash) for x in result.loras] == [("detail_slider", 0.75, "blake3:aa")]
    assert result.extras["app_version"] == "6.10.0"
    assert result.ai_generated is True


def test_v3_metadata_model_name_and_lora_keys(tmp_path: Path) -> None:
    metadata = {
        "positive_prompt": "oil painting", "negative_prompt": "photo", "seed": 3293022630, "steps": 35,
        "cfg_scale": 8.0, "scheduler": "euler", "width": 1024, "height": 1024,
        "model": {"model_name": "juggernautXL", "base_model": "sdxl", "model_type": "main"},
        "loras": [{"lora": {"model_name": "pixel_art", "base_model": "sdxl"}, "weight": 0.5}],
        "vae": {"model_name": "VAEFix", "base_model": "sdxl"},
    }
    result = read_provenance(_png(tmp_path / "v3.png", {"invokeai_metadata": json.dumps(metadata)}))
    assert result.model.name == "juggernautXL" and result.model.hash is None
    assert [(x.name, x.weight) for x in result.loras] == [("pixel_art", 0.5)]
    assert result.extras["vae"] == "VAEFix"


def test_graph_only_uses_core_metadata_node() -> None:
    graph = {"nodes": {"core_metadata:x": {"type": "core_metadata", "positive_prompt": "a", "seed": 9, "steps": 3}}}
    bag = MetadataBag(path="x", container="png", text={"invokeai_graph": json.dumps(graph)})
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert (result.prompt, result.seed, result.steps) == ("a", 9, 3)


def test_v2_sd_metadata_splits_bracketed_negative(tmp_path: Path) -> None:
    sd_meta = {
        "model": "stable diffusion", "model_weights": "deliberate_v08", "model_hash": "56d1",
        "app_id": "invoke-ai/InvokeAI", "app_version": "2.3.0",
        "image": {"prompt": [{"prompt": "full body photo, freckles [rendering, glowing eyes] outside", "weight": 1.0}],
                  "steps": 50, "cfg_scale": 5, "height": 768, "width": 512, "seed": 2980747362,
                  "sampler": "k_lms", "type": "txt2img"},
    }
    dream = '"full body photo, freckles [rendering, glowing eyes] outside" -s 50 -S 2980747362 -W 512 -H 768'
    result = read_provenance(_png(tmp_path / "v2.png", {"Dream": dream, "sd-metadata": json.dumps(sd_meta)}))
    assert result.prompt == "full body photo, freckles outside"
    assert result.negative_prompt == "rendering, glowing eyes"
    assert (result.model.name, result.model.hash) == ("deliberate_v08", "56d1")
    assert (result.steps, result.cfg, result.seed, result.sampler) == (50, 5.0, 2980747362, "k_lms")
    assert (result.width, result.height) == (512, 768)
    assert result.extras["app_version"] == "2.3.0"


def test_v2_without_weights_keeps_hash() -> None:
    sd_meta = {"model": "stable diffusion", "model_id": None, "model_hash": "cc6c",
               "image": {"prompt": [{"prompt": "banana sushi", "weight": 1.0}], "seed": 1, "steps": 50}}
    bag = MetadataBag(path="x", container="png", text={"sd-metadata": json.dumps(sd_meta)})
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert (result.model.name, result.model.hash) == (None, "cc6c")
    assert (result.prompt, result.negative_prompt) == ("banana sushi", None)


def test_dream_quoted_prompt_with_switches(tmp_path: Path) -> None:
    dream = '"young woman, at night [rendering, skinny]" -s 50 -S 2980747362 -W 512 -H 768 -C 5 -A k_lms -G 0.9 -U 4 0.95'
    result = read_provenance(_png(tmp_path / "d.png", {"Dream": dream}))
    assert (result.format, result.prompt, result.negative_prompt) == ("invokeai", "young woman, at night", "rendering, skinny")
    assert (result.steps, result.seed, result.width, result.height) == (50, 2980747362, 512, 768)
    assert (result.cfg, result.sampler) == (5.0, "k_lms")
    assert result.extras == {"-G": "0.9", "-U": "4 0.95"}
    assert result.model is None


def test_dream_bare_prompt() -> None:
    bag = MetadataBag(path="x", container="png", text={"Dream": "banana sushi -s 50 -S 1863159593 -W 512 -H 512 -C 7.5 -A k_lms"})
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert (result.prompt, result.seed, result.cfg) == ("banana sushi", 1863159593, 7.5)


def test_split_negative_joins_several_groups() -> None:
    assert split_negative("a [b] c [d e]") == ("a c", "b d e")
    assert split_negative("plain") == ("plain", None)


def test_broken_metadata_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    result = read_provenance(_png(tmp_path / "b.png", {"invokeai_metadata": '{"positive_prompt": '}))
    assert result.format is None
    assert any(w.startswith("invokeai:") for w in result.warnings)


def test_unrelated_png_is_not_invokeai() -> None:
    bag = MetadataBag(path="x", container="png", text={"parameters": "a\nSteps: 1, Seed: 1, Size: 8x8"})
    assert PARSER.parse(bag, Provenance(file="x")) is False


# Dream strings from each CLI generation, as its normalize_prompt / dream_prompt_str wrote them.
DREAM_STYLES = [
    # lstein dream.py, Aug 2022: attached short switches, -m is the sampler, -S appended last
    ('"a fantasy castle" -s50 -b1 -W512 -H512 -C7.5 -mk_lms -S42', ("k_lms", 50, 42, 7.5, 512, 512)),
    # Sep 2022: -A replaced -m for the sampler, -F full precision flag without a value
    ('"a fantasy castle" -s50 -W640 -H512 -C7.5 -Ak_euler_a -F -S42', ("k_euler_a", 50, 42, 7.5, 640, 512)),
    # InvokeAI 2.x: spaced switches
    ('"a fantasy castle" -s 30 -S 42 -W 512 -H 768 -C 7.5 -A k_lms', ("k_lms", 30, 42, 7.5, 512, 768)),
    # long switches, with = and with a space
    ('"a fantasy castle" --steps=25 --seed 42 --width=512 --height 512 --cfg_scale=8 --sampler ddim',
     ("ddim", 25, 42, 8.0, 512, 512)),
]


@pytest.mark.parametrize(("dream", "expected"), DREAM_STYLES)
def test_dream_switch_styles(dream: str, expected: tuple) -> None:
    result = interpret(MetadataBag(path="x", container="png", text={"Dream": dream}))
    assert result.prompt == "a fantasy castle"
    assert (result.sampler, result.steps, result.seed, result.cfg, result.width, result.height) == expected
    assert result.model is None  # -m never named the model


def test_dream_long_model_switch() -> None:
    result = interpret(MetadataBag(path="x", container="png", text={
        "Dream": '"a cat" -s 20 -S 1 --model stable-diffusion-1.5 -A k_euler'}))
    assert (result.model.name, result.sampler) == ("stable-diffusion-1.5", "k_euler")


def test_sd_metadata_blend_kept_as_written(tmp_path: Path) -> None:
    """InvokeAI 2.x writes a blend "a cat:0.7 a dog:0.3" as a prompt list; without Dream it is rebuilt."""
    sd_meta = {"model": "stable diffusion", "model_weights": "stable-diffusion-1.5", "app_id": "invoke-ai/InvokeAI",
               "app_version": "2.2.5", "image": {"prompt": [{"prompt": "a cat", "weight": 0.7},
                                                           {"prompt": "a dog", "weight": 0.3}],
                                                "steps": 30, "cfg_scale": 7.5, "seed": 5, "sampler": "k_lms",
                                                "width": 512, "height": 512, "type": "txt2img"}}
    result = read_provenance(_png(tmp_path / "b.png", {"sd-metadata": json.dumps(sd_meta)}))
    assert result.prompt == "a cat:0.7 a dog:0.3"
    with_dream = read_provenance(_png(tmp_path / "c.png", {"sd-metadata": json.dumps(sd_meta),
                                                         "Dream": '"a cat:0.7 a dog:0.3" -s 30 -S 5 -C 7.5 -A k_lms'}))
    assert with_dream.prompt == "a cat:0.7 a dog:0.3"


def test_sd_metadata_images_list_shape(tmp_path: Path) -> None:
    sd_meta = {"model_weights": "stable-diffusion-1.4", "app_version": "2.0.0",
               "images": [{"prompt": [{"prompt": "a boat [fog]", "weight": 1.0}], "steps": 40, "seed": 9,
                           "cfg_scale": 7, "sampler": "k_euler", "width": 512, "height": 512}]}
    result = read_provenance(_png(tmp_path / "i.png", {"sd-metadata": json.dumps(sd_meta)}))
    assert (result.prompt, result.negative_prompt, result.steps, result.seed) == ("a boat", "fog", 40, 9)


def test_invokeai_23_with_lora_syntax_in_dream_prompt() -> None:
    """InvokeAI 2.3 (and NMKD's InvokeAI backend) name LoRAs as `withLora(name,weight)` in the prompt."""
    info = PngInfo()
    info.add_text("Dream", '"a castle, withLora(add_detail,0.8) withLora(film grain) [fog]" -s 30 -S 1234 -W 512 '
                           '-H 768 -C 7.5 -A k_euler_a')
    result = read_provenance("dream.png", data=pillow_png(info))
    assert result.prompt == "a castle, withLora(add_detail,0.8) withLora(film grain)"
    assert result.negative_prompt == "fog"
    assert [(lora.name, lora.weight) for lora in result.loras] == [("add_detail", 0.8), ("film grain", None)]
