"""The resource ledger: every model file a generation used, from every place tools list them."""

from __future__ import annotations

import json
from pathlib import Path

import piexif
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.reader import interpret, read_provenance

# AUTOMATIC1111 1.10 with ADetailer, ControlNet, Dynamic Prompts and the Civitai extension,
# written by modules/processing.py create_infotext (one settings line, quoted values with commas).
A1111_110 = (
    "a knight, <lora:add_detail:0.6>, <lyco:hada_style:0.8>, <hypernet:anime_3:0.5>, EasyNegative\n"
    "Negative prompt: EasyNegative, blurry\n"
    "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234, Size: 512x768, "
    "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, VAE hash: 235745af8d, "
    "VAE: vae-ft-mse-840000-ema-pruned.safetensors, Denoising strength: 0.4, "
    "ADetailer model: face_yolov8n.pt, ADetailer confidence: 0.3, ADetailer version: 24.1.2, "
    "ControlNet 0: \"Module: canny, Model: control_v11p_sd15_canny [d14c016b], Weight: 0.9, "
    "Resize Mode: Crop and Resize, Guidance Start: 0.0, Guidance End: 1.0\", "
    "Hires upscale: 2, Hires steps: 10, Hires upscaler: 4x-UltraSharp, "
    "Template: a {knight|wizard}, Negative Template: EasyNegative, blurry, "
    "RP Active: True, RP Divide mode: Matrix, RP Matrix submode: Horizontal, RP Calc Mode: Attention, "
    "RP Ratios: \"1,1\", RP Base Ratios: 0.2, RP Use Base: False, "
    "Lora hashes: \"add_detail: 7c6bad76eb54, hada_style: 0a1b2c3d4e5f\", "
    "TI hashes: \"EasyNegative: c74b4e810b03\", Hypernet: anime_3, Hypernet hash: 6a1b0e38b6, Version: v1.10.1"
)
# A1111 1.5 (before Schedule type; Hashes JSON from the Civitai extension, refiner from 1.6's key).
A1111_15 = (
    "portrait, <lora:film:1>\nNegative prompt: lowres\n"
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 1024x1024, Model hash: 31e35c80fc, "
    "Model: sd_xl_base_1.0, Refiner: sd_xl_refiner_1.0 [7440042bbd], Refiner switch at: 0.8, "
    "Hashes: {\"model\": \"31e35c80fc\", \"lora:film\": \"1234567890ab\", \"embed:bad-hands-5\": \"aa0f4f5c\"}, "
    "Version: v1.5.1"
)


def _png(path: Path, key: str, text: str) -> Path:
    info = PngInfo()
    info.add_text(key, text)
    Image.new("RGB", (8, 8)).save(path, pnginfo=info)
    return path


def _ledger(result) -> dict[tuple[str, str], tuple]:
    return {(r.kind, r.name): (r.weight, r.hash) for r in result.resources}


def test_a1111_110_every_extension_key(tmp_path: Path) -> None:
    result = read_provenance(_png(tmp_path / "a.png", "parameters", A1111_110))
    ledger = _ledger(result)
    assert result.resources[0].kind == "checkpoint"
    assert ledger[("checkpoint", "v1-5-pruned-emaonly")] == (None, "6ce0161689")
    assert ledger[("lora", "add_detail")] == (0.6, "7c6bad76eb54")
    assert ledger[("lycoris", "hada_style")] == (0.8, "0a1b2c3d4e5f")
    assert ledger[("hypernetwork", "anime_3")] == (0.5, "6a1b0e38b6")
    assert ledger[("embedding", "EasyNegative")] == (None, "c74b4e810b03")
    assert ledger[("vae", "vae-ft-mse-840000-ema-pruned.safetensors")] == (None, "235745af8d")
    assert ledger[("controlnet", "control_v11p_sd15_canny")] == (0.9, "d14c016b")
    assert ledger[("upscaler", "4x-UltraSharp")] == (None, None)
    assert ("other", "face_yolov8n.pt") in ledger
    assert result.extras["Template"] == "a {knight|wizard}"  # Dynamic Prompts' template as typed
    assert result.extras["Negative Template"] == "EasyNegative, blurry"
    assert (result.extras["RP Active"], result.extras["RP Ratios"]) == ("True", "1,1")  # Regional Prompter
    assert result.extras["ADetailer version"] == "24.1.2"
    assert [(lo.name, lo.weight, lo.hash) for lo in result.loras][:1] == [("add_detail", 0.6, "7c6bad76eb54")]


def test_a1111_15_hashes_json_and_refiner(tmp_path: Path) -> None:
    result = read_provenance(_png(tmp_path / "a.png", "parameters", A1111_15))
    ledger = _ledger(result)
    assert ledger[("checkpoint", "sd_xl_base_1.0")] == (None, "31e35c80fc")
    assert ledger[("checkpoint", "sd_xl_refiner_1.0")] == (None, "7440042bbd")
    assert ledger[("lora", "film")] == (1.0, "1234567890ab")
    assert ledger[("embedding", "bad-hands-5")] == (None, "aa0f4f5c")


def test_civitai_resources_with_air_and_ids() -> None:
    text = ("a cat\nSteps: 25, Sampler: Euler a, CFG scale: 5, Seed: 1, Size: 1024x1024, "
            "Civitai resources: [{\"type\":\"checkpoint\",\"modelVersionId\":2514310,\"modelName\":\"WAI-illustrious-SDXL\","
            "\"modelVersionName\":\"v16.0\"},{\"type\":\"lora\",\"weight\":0.7,\"modelVersionId\":1111,"
            "\"modelName\":\"Detail Tweaker\",\"air\":\"urn:air:sdxl:lora:civitai:58390@1111\"}], Civitai metadata: {}")
    bag = MetadataBag(path="x", container="jpeg", exif={"UserComment": text})
    result = interpret(bag)
    by_name = {r.name: r for r in result.resources}
    assert by_name["WAI-illustrious-SDXL"].kind == "checkpoint"
    lora = by_name["Detail Tweaker"]
    assert (lora.kind, lora.weight, lora.air) == ("lora", 0.7, "urn:air:sdxl:lora:civitai:58390@1111")


COMFY = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sdxl/juggernautXL_v9.safetensors"}},
    "10": {"class_type": "LoraLoader", "inputs": {"lora_name": "add-detail-xl.safetensors", "strength_model": 0.8,
                                                  "strength_clip": 1.0, "model": ["4", 0], "clip": ["4", 1]}},
    "11": {"class_type": "Power Lora Loader (rgthree)", "inputs": {
        "PowerLoraLoaderHeaderWidget": {"type": "PowerLoraLoaderHeaderWidget"},
        "lora_1": {"on": True, "lora": "styles/pixel.safetensors", "strength": 0.6},
        "lora_2": {"on": False, "lora": "unused.safetensors", "strength": 1},
        "➕ Add Lora": "", "model": ["10", 0], "clip": ["10", 1]}},
    "12": {"class_type": "VAELoader", "inputs": {"vae_name": "sdxl_vae.safetensors"}},
    "13": {"class_type": "ControlNetLoader", "inputs": {"control_net_name": "controlnet-canny-sdxl.safetensors"}},
    "14": {"class_type": "IPAdapterModelLoader", "inputs": {"ipadapter_file": "ip-adapter_sdxl.safetensors"}},
    "15": {"class_type": "UpscaleModelLoader", "inputs": {"model_name": "4x-UltraSharp.pth"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a ship, embedding:ziprealism", "clip": ["11", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry", "clip": ["11", 1]}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
    "3": {"class_type": "KSampler", "inputs": {"seed": 7, "steps": 30, "cfg": 5.0, "sampler_name": "dpmpp_2m",
                                               "scheduler": "karras", "denoise": 1.0, "model": ["11", 0],
                                               "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["12", 0]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
}


def test_comfyui_loader_nodes(tmp_path: Path) -> None:
    result = read_provenance(_png(tmp_path / "c.png", "prompt", json.dumps(COMFY)))
    ledger = _ledger(result)
    assert result.resources[0].name == "sdxl/juggernautXL_v9.safetensors"
    assert ledger[("lora", "add-detail-xl.safetensors")] == (0.8, None)
    assert ledger[("lora", "styles/pixel.safetensors")] == (0.6, None)
    assert ("lora", "unused.safetensors") not in ledger  # switched off in the Power Lora Loader
    for key in (("vae", "sdxl_vae.safetensors"), ("controlnet", "controlnet-canny-sdxl.safetensors"),
                ("ipadapter", "ip-adapter_sdxl.safetensors"), ("upscaler", "4x-UltraSharp.pth"),
                ("embedding", "ziprealism")):
        assert key in ledger, key
    assert any(r.where and "node 14" in r.where for r in result.resources)


def test_comfyui_saver_infotext_adds_hashes(tmp_path: Path) -> None:
    """SaveImageWithMetaData writes the graph and an A1111 infotext with the hashes it computed."""
    graph = dict(COMFY)
    graph["9"] = {"class_type": "SaveImageWithMetaData", "inputs": {"images": ["8", 0], "filename_prefix": "x"}}
    infotext = ("a ship, embedding:ziprealism\nNegative prompt: blurry\nSteps: 30, Sampler: DPM++ 2M Karras, "
                "CFG scale: 5.0, Seed: 7, Size: 1024x1024, Model hash: 1a2b3c4d5e, Model: juggernautXL_v9, "
                "Lora hashes: \"add-detail-xl: 9f8e7d6c5b4a\", Hashes: {\"model\": \"1a2b3c4d5e\"}")
    info = PngInfo()
    info.add_text("parameters", infotext)
    info.add_text("prompt", json.dumps(graph))
    Image.new("RGB", (8, 8)).save(tmp_path / "s.png", pnginfo=info)
    result = read_provenance(tmp_path / "s.png")
    assert result.generator == "ComfyUI (SaveImageWithMetaData)"
    assert result.sampler == "dpmpp_2m"  # the graph's value ran
    assert (result.model.name, result.model.hash) == ("sdxl/juggernautXL_v9.safetensors", "1a2b3c4d5e")
    assert _ledger(result)[("lora", "add-detail-xl.safetensors")] == (0.8, "9f8e7d6c5b4a")


def test_saver_infotext_alone_in_webp_is_named(tmp_path: Path) -> None:
    infotext = ("x\nNegative prompt: y\nSteps: 20, Sampler: Euler a, CFG scale: 5.0, Seed: 8, Clip skip: 2, "
                "Size: 1024x1024, Model: wai.safetensors, Model hash: 45a21ea00a, Hashes: {\"model\": \"45a21ea00a\"}")
    comment = b"UNICODE\x00" + infotext.encode("utf-16-be")
    Image.new("RGB", (8, 8)).save(tmp_path / "w.webp", exif=piexif.dump({"Exif": {piexif.ExifIFD.UserComment: comment}}))
    result = read_provenance(tmp_path / "w.webp")
    assert (result.format, result.generator) == ("a1111", "ComfyUI (SaveImageWithMetaData)")


def test_every_record_lists_its_model() -> None:
    bag = MetadataBag(path="x", container="png", text={"Software": "NovelAI", "Source": "NovelAI Diffusion V4.5 4BDE2A90",
                                                       "Comment": json.dumps({"prompt": "a", "steps": 28, "seed": 1})})
    result = interpret(bag)
    assert [(r.kind, r.name, r.hash) for r in result.resources] == [("checkpoint", "NovelAI Diffusion V4.5", "4BDE2A90")]
