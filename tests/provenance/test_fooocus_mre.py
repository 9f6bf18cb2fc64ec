"""Fooocus-MRE: flat JSON in a PNG `Comment` tEXt chunk.

Written the way MoonRide303's fork does it (`modules/private_logger.py`: Pillow
`PngInfo.add_text("Comment", metadata)`; `modules/async_worker.py`: `json.dumps(metadata,
ensure_ascii=False)` of the dict below, `software` from `fooocus_version.full_version`,
"Fooocus 2.0.93 MRE"). Keys for img2img are added only when that mode ran.
"""

from __future__ import annotations

import json

from PIL.PngImagePlugin import PngInfo

from generator.provenance.reader import read_provenance

from ._h1_fixtures import pillow_png

TXT2IMG = {
    "prompt": "a cat astronaut, détaillé", "negative_prompt": "lowres", "styles": ["Fooocus V2", "Fooocus Enhance"],
    "real_prompt": ["a cat astronaut, détaillé, cinematic"], "real_negative_prompt": ["lowres"],
    "seed": 1234567890, "width": 1152, "height": 896, "sampler": "dpmpp_2m_sde_gpu", "scheduler": "karras",
    "performance": "Speed", "steps": 30, "switch": 20, "sharpness": 2.0, "cfg": 7.0, "base_clip_skip": 1,
    "base_model": "sd_xl_base_1.0_0.9vae.safetensors", "refiner_model": "sd_xl_refiner_1.0_0.9vae.safetensors",
    "l1": "sd_xl_offset_example-lora_1.0.safetensors", "w1": 0.5, "l2": "None", "w2": 0.5, "l3": "None", "w3": 0.5,
    "l4": "None", "w4": 0.5, "l5": "None", "w5": 0.5, "freeu": False, "img2img": False, "revision": False,
    "positive_prompt_strength": 1.0, "negative_prompt_strength": 1.0, "control_lora_canny": False,
    "control_lora_depth": False, "prompt_expansion": True, "software": "Fooocus 2.0.93 MRE",
}


def mre_png(record: dict) -> bytes:
    info = PngInfo()
    info.add_text("Comment", json.dumps(record, ensure_ascii=False))
    return pillow_png(info)


def test_txt2img_record() -> None:
    result = read_provenance("mre.png", data=mre_png(TXT2IMG))
    assert (result.format, result.generator) == ("fooocus", "Fooocus-MRE")
    assert (result.prompt, result.negative_prompt) == ("a cat astronaut, détaillé", "lowres")
    assert (result.seed, result.steps, result.cfg) == (1234567890, 30, 7.0)
    assert (result.sampler, result.scheduler) == ("dpmpp_2m_sde_gpu", "karras")
    assert (result.width, result.height) == (1152, 896)
    assert result.model.name == "sd_xl_base_1.0_0.9vae.safetensors"
    assert [(lora.name, lora.weight) for lora in result.loras] == [("sd_xl_offset_example-lora_1.0.safetensors", 0.5)]
    assert result.extras["Version"] == "Fooocus 2.0.93 MRE"
    assert result.extras["refiner_model"] == "sd_xl_refiner_1.0_0.9vae.safetensors"
    assert json.loads(result.extras["styles"]) == ["Fooocus V2", "Fooocus Enhance"]


def test_img2img_record_with_two_loras() -> None:
    record = TXT2IMG | {"img2img": True, "start_step": 18, "denoise": 0.6, "scale": 1.0, "input_image": "cat.png",
                        "l2": "pixel-art-xl.safetensors", "w2": 0.8, "freeu": True, "freeu_b1": 1.01,
                        "freeu_b2": 1.02, "freeu_s1": 0.99, "freeu_s2": 0.95}
    result = read_provenance("mre.png", data=mre_png(record))
    assert result.generator == "Fooocus-MRE"
    assert [lora.name for lora in result.loras] == ["sd_xl_offset_example-lora_1.0.safetensors",
                                                     "pixel-art-xl.safetensors"]
    assert (result.extras["denoise"], result.extras["input_image"]) == ("0.6", "cat.png")
    assert result.extras["freeu_b1"] == "1.01"


def test_comment_json_from_another_tool_is_not_mre() -> None:
    record = {k: v for k, v in TXT2IMG.items() if k != "software"} | {"software": "Some Other App"}
    assert read_provenance("x.png", data=mre_png(record)).generator != "Fooocus-MRE"
