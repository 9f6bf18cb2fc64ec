"""Easy Diffusion (sdkit save_dicts "embed"): one PNG tEXt per key, or JSON in EXIF UserComment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import piexif
import piexif.helper
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers.easydiffusion import PARSER
from generator.provenance.reader import read_provenance
from generator.provenance.result import Provenance

METADATA: dict[str, Any] = {
    "prompt": "a photograph of an astronaut riding a horse",
    "negative_prompt": "blurry",
    "seed": 3141592653,
    "use_stable_diffusion_model": "sd-v1-5",
    "clip_skip": False,
    "use_vae_model": "vae-ft-mse-840000-ema-pruned",
    "sampler_name": "euler_a",
    "width": 512,
    "height": 768,
    "num_inference_steps": 25,
    "guidance_scale": 7.5,
    "use_lora_model": ["add_detail", "film_grain"],
    "lora_alpha": [0.5, 0.25],
    "use_embeddings_model": None,
    "tiling": None,
    "use_face_correction": "GFPGANv1.4",
    "use_upscale": None,
}


def _png(path: Path, metadata: dict[str, Any]) -> Path:
    """sdkit: `embedded_metadata.add_text(key, str(val))` for every key."""
    info = PngInfo()
    for key, value in metadata.items():
        info.add_text(key, str(value))
    Image.new("RGB", (8, 8)).save(path, pnginfo=info)
    return path


def _assert_common(result: Provenance) -> None:
    assert (result.format, result.generator) == ("easydiffusion", "Easy Diffusion")
    assert result.prompt == "a photograph of an astronaut riding a horse"
    assert result.negative_prompt == "blurry"
    assert result.model is not None and result.model.name == "sd-v1-5"
    assert (result.seed, result.steps, result.cfg, result.sampler) == (3141592653, 25, 7.5, "euler_a")
    assert (result.width, result.height) == (512, 768)
    assert [(x.name, x.weight) for x in result.loras] == [("add_detail", 0.5), ("film_grain", 0.25)]
    assert result.ai_generated is True


def test_png_text_chunks(tmp_path: Path) -> None:
    result = read_provenance(_png(tmp_path / "ed.png", METADATA))
    _assert_common(result)
    assert result.reader == "easydiffusion"
    assert result.extras["use_vae_model"] == "vae-ft-mse-840000-ema-pruned"
    assert result.extras["use_face_correction"] == "GFPGANv1.4"
    assert "tiling" not in result.extras  # "None" means not used


def test_jpeg_user_comment_json(tmp_path: Path) -> None:
    comment = piexif.helper.UserComment.dump(json.dumps(METADATA), encoding="unicode")
    path = tmp_path / "ed.jpg"
    Image.new("RGB", (8, 8)).save(path, exif=piexif.dump({"Exif": {piexif.ExifIFD.UserComment: comment}}))
    _assert_common(read_provenance(path))


def test_display_label_keys_when_txt_output_is_also_on(tmp_path: Path) -> None:
    labelled = {
        "Prompt": "a fox", "Negative Prompt": "", "Seed": 7, "Stable Diffusion model": "sd-v1-4",
        "Sampler": "dpmpp_2m", "Width": 512, "Height": 512, "Steps": 30, "Guidance Scale": 8,
        "LoRA model": "cartoon", "LoRA Strength": 0.6,
    }
    result = read_provenance(_png(tmp_path / "l.png", labelled))
    assert (result.format, result.prompt, result.negative_prompt) == ("easydiffusion", "a fox", None)
    assert (result.model.name, result.steps, result.cfg, result.seed) == ("sd-v1-4", 30, 8.0, 7)
    assert [(x.name, x.weight) for x in result.loras] == [("cartoon", 0.6)]


def test_comfyui_prompt_chunk_is_not_easy_diffusion() -> None:
    graph = {"3": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 20, "cfg": 8, "sampler_name": "euler"}}}
    bag = MetadataBag(path="x", container="png", text={"prompt": json.dumps(graph), "workflow": "{}"})
    assert PARSER.parse(bag, Provenance(file="x")) is False


def test_a_few_shared_key_names_are_not_enough() -> None:
    bag = MetadataBag(path="x", container="png", text={"prompt": "a", "seed": "1", "sampler_name": "euler"})
    assert PARSER.parse(bag, Provenance(file="x")) is False


def test_python_list_repr_is_parsed_without_evaluating_code() -> None:
    bag = MetadataBag(path="x", container="png", text={
        "use_stable_diffusion_model": "m", "num_inference_steps": "20", "guidance_scale": "7",
        "use_lora_model": "[__import__('os').system('echo hi')]", "lora_alpha": "0.5",
    })
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert [x.name for x in result.loras] == ["[__import__('os').system('echo hi')]"]
