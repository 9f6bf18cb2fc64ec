"""NMKD Stable Diffusion GUI: `Nmkdiffusers` (1.9, all values strings) and `GenerationInfo` (1.10+).

Key names and value types follow n00mkrad/text2image-gui: `Data/ImageMetadata.cs` reads
`Nmkdiffusers` as a Dictionary<string, string> (so the 1.9 backend wrote every value as a string),
and `Implementations/ComfyData.cs` `GetMetadataDict()` is the 1.10+ record, serialised by
Newtonsoft.Json without indentation (numbers stay numbers, `loras` is {name: weight}).
"""

from __future__ import annotations

import json

from PIL.PngImagePlugin import PngInfo

from generator.provenance.reader import read_provenance

from ._h1_fixtures import pillow_png

NMKDIFFUSERS = {"model": "stable-diffusion-v1-5", "prompt": "a castle on a hill, sunset", "promptNeg": "fog, blurry",
                "initImg": "", "initStrength": "0", "steps": "30", "seed": "1234567", "sampler": "k_euler_a",
                "scaleTxt": "7.5", "scaleImg": "1.5", "refineFrac": "0", "w": "512", "h": "768",
                "upscaleW": "0", "upscaleH": "0"}
GENERATION_INFO = {"model": "juggernautXL_v9.safetensors", "modelRefiner": None, "upscaler": None,
                   "prompt": "a lighthouse in a storm", "promptNeg": "people", "initImg": None, "initStrength": 0.0,
                   "w": 1024, "h": 1024, "steps": 25, "seed": 99887766, "scaleTxt": 6.0, "inpaintMask": None,
                   "sampler": "dpmpp_2m_sde", "refineFrac": 1.0, "upscaleW": 2048, "upscaleH": 2048,
                   "loras": {"add_detail": 0.8, "film_grain": 0.35}, "hypernetworks": {}}


def nmkd_png(keyword: str, text: str) -> bytes:
    info = PngInfo()
    info.add_text(keyword, text)
    return pillow_png(info)


def test_nmkdiffusers_string_values() -> None:
    result = read_provenance("nmkd.png", data=nmkd_png("Nmkdiffusers", json.dumps(NMKDIFFUSERS)))
    assert (result.format, result.generator) == ("nmkd", "NMKD Stable Diffusion GUI")
    assert (result.prompt, result.negative_prompt) == ("a castle on a hill, sunset", "fog, blurry")
    assert (result.seed, result.steps, result.cfg, result.sampler) == (1234567, 30, 7.5, "k_euler_a")
    assert (result.width, result.height) == (512, 768)
    assert result.model.name == "stable-diffusion-v1-5"
    assert result.extras["scaleImg"] == "1.5"
    assert "upscaleW" not in result.extras  # "0": the feature was off
    assert result.ai_generated is True


def test_generation_info_comfy_backend_with_loras() -> None:
    text = json.dumps(GENERATION_INFO, separators=(",", ":"))  # Newtonsoft's compact form
    result = read_provenance("nmkd.png", data=nmkd_png("GenerationInfo", text))
    assert (result.format, result.generator) == ("nmkd", "NMKD Stable Diffusion GUI")
    assert (result.prompt, result.negative_prompt) == ("a lighthouse in a storm", "people")
    assert (result.seed, result.steps, result.cfg) == (99887766, 25, 6.0)
    assert (result.width, result.height) == (1024, 1024)
    assert [(lora.name, lora.weight) for lora in result.loras] == [("add_detail", 0.8), ("film_grain", 0.35)]
    assert result.extras["upscaleW"] == "2048"
    assert result.extras["Record"] == "png:GenerationInfo"


def test_broken_or_settingless_record_is_not_nmkd() -> None:
    assert read_provenance("a.png", data=nmkd_png("Nmkdiffusers", '{"prompt": "x"')).format != "nmkd"
    assert read_provenance("b.png", data=nmkd_png("GenerationInfo", '{"note": "hello"}')).format != "nmkd"


def test_other_json_chunks_are_left_to_other_readers() -> None:
    result = read_provenance("c.png", data=nmkd_png("prompt_info", json.dumps(NMKDIFFUSERS)))
    assert result.format != "nmkd"
