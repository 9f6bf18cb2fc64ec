"""ComfyUI parser: graphs written the way ComfyUI and its saver nodes write them.

Each fixture is a small API-format graph built here; the assertions name the values written into
it, so a walk that takes a wrong branch (hires pass, negative for positive, refiner model) fails.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import piexif
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat, NotMyFormat
from generator.provenance.parsers.comfyui import PARSER
from generator.provenance.reader import interpret, read_provenance
from generator.provenance.result import Provenance

POSITIVE = "a lighthouse at dusk, oil painting"
NEGATIVE = "blurry, watermark"


def txt2img(seed: int = 123456789, ckpt: str = "dreamshaper_8.safetensors") -> dict[str, Any]:
    """The default ComfyUI workflow, as the API "prompt" chunk holds it."""
    return {
        "3": {"class_type": "KSampler", "inputs": {
            "seed": seed, "steps": 25, "cfg": 6.5, "sampler_name": "dpmpp_2m", "scheduler": "karras",
            "denoise": 1.0, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
            "latent_image": ["5", 0]}},
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": ckpt}},
        "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 640, "height": 896, "batch_size": 1}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": POSITIVE, "clip": ["4", 1]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": NEGATIVE, "clip": ["4", 1]}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
        "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
    }


UI_WORKFLOW = {
    "last_node_id": 9, "last_link_id": 9, "version": 0.4,
    "nodes": [
        {"id": 4, "type": "CheckpointLoaderSimple", "mode": 0, "inputs": [],
         "widgets_values": ["juggernautXL_v9.safetensors"]},
        {"id": 5, "type": "EmptyLatentImage", "mode": 0, "inputs": [], "widgets_values": [832, 1216, 1]},
        {"id": 6, "type": "CLIPTextEncode", "mode": 0, "inputs": [{"name": "clip", "type": "CLIP", "link": 3}],
         "widgets_values": ["red fox in snow /* idea: try a wolf */"]},
        {"id": 7, "type": "CLIPTextEncode", "mode": 0, "inputs": [{"name": "clip", "type": "CLIP", "link": 5}],
         "widgets_values": ["lowres"]},
        {"id": 10, "type": "LoraLoader", "mode": 4,
         "inputs": [{"name": "model", "link": 10}, {"name": "clip", "link": 11}],
         "widgets_values": ["bypassed_lora.safetensors", 0.7, 0.7]},
        {"id": 11, "type": "LoraLoader", "mode": 2, "inputs": [], "widgets_values": ["muted.safetensors", 1, 1]},
        {"id": 3, "type": "KSampler", "mode": 0,
         "inputs": [{"name": "model", "type": "MODEL", "link": 1}, {"name": "positive", "link": 4},
                    {"name": "negative", "link": 6}, {"name": "latent_image", "link": 2}],
         "widgets_values": [987654321, "randomize", 30, 5.5, "euler_ancestral", "normal", 1]},
        {"id": 8, "type": "VAEDecode", "mode": 0, "inputs": [{"name": "samples", "link": 7}]},
        {"id": 9, "type": "SaveImage", "mode": 0, "inputs": [{"name": "images", "link": 9}],
         "widgets_values": ["ComfyUI"]},
    ],
    "links": [[1, 10, 0, 3, 0, "MODEL"], [10, 4, 0, 10, 0, "MODEL"], [11, 4, 1, 10, 1, "CLIP"],
              [2, 5, 0, 3, 3, "LATENT"], [3, 4, 1, 6, 0, "CLIP"], [4, 6, 0, 3, 1, "CONDITIONING"],
              [5, 4, 1, 7, 0, "CLIP"], [6, 7, 0, 3, 2, "CONDITIONING"], [7, 3, 0, 8, 0, "LATENT"],
              [9, 8, 0, 9, 0, "IMAGE"], ["bad"], [12, None, 0, 1, 1, "X"]],
}


def parse_bag(text: dict[str, str] | None = None, exif: dict[str, str] | None = None,
              size: tuple[int, int] | None = None) -> Provenance:
    bag = MetadataBag(path="mem.png", container="png", text=text or {}, exif=exif or {})
    if size:
        bag.width, bag.height = size
    return interpret(bag)


def api(graph: dict[str, Any]) -> dict[str, str]:
    return {"prompt": json.dumps(graph)}


def write_png(tmp_path: Path, chunks: dict[str, str], name: str = "out.png") -> Path:
    info = PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    path = tmp_path / name
    Image.new("RGB", (64, 48), (20, 30, 40)).save(path, pnginfo=info)
    return path


# --- files as the stock nodes and the saver nodes write them --------------------------------------------

def test_png_txt2img_reads_every_field_and_keeps_the_workflow(tmp_path: Path) -> None:
    workflow = json.dumps(UI_WORKFLOW)
    result = read_provenance(write_png(tmp_path, {"prompt": json.dumps(txt2img()), "workflow": workflow}))
    assert (result.format, result.generator, result.reader) == ("comfyui", "ComfyUI", "comfyui")
    assert result.model is not None and result.model.name == "dreamshaper_8.safetensors"
    assert (result.seed, result.steps, result.cfg) == (123456789, 25, 6.5)
    assert (result.sampler, result.scheduler) == ("dpmpp_2m", "karras")
    assert (result.width, result.height) == (640, 896)
    assert (result.prompt, result.negative_prompt) == (POSITIVE, NEGATIVE)
    assert result.ai_generated is True and result.loras == []
    assert result.workflow == workflow
    assert result.extras["Denoise"] == "1"


def test_animated_webp_saver_puts_workflow_in_make_and_prompt_in_model(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "workflow:" + json.dumps(UI_WORKFLOW)
    exif[0x0110] = "prompt:" + json.dumps(txt2img(seed=777))
    path = tmp_path / "anim.webp"
    Image.new("RGB", (32, 32)).save(path, exif=exif.tobytes(), lossless=True)
    result = read_provenance(path)
    assert result.format == "comfyui" and result.seed == 777
    assert result.prompt == POSITIVE
    assert result.workflow is not None and json.loads(result.workflow)["last_node_id"] == 9


def test_save_image_extended_jpeg_labels_prompt_in_make(tmp_path: Path) -> None:
    exif = piexif.dump({"0th": {
        piexif.ImageIFD.Make: ("Prompt: " + json.dumps(txt2img(seed=31337))).encode(),
        piexif.ImageIFD.ImageDescription: ("Workflow: " + json.dumps(UI_WORKFLOW)).encode(),
    }})
    path = tmp_path / "ext.jpg"
    Image.new("RGB", (32, 32)).save(path, exif=exif, quality=80)
    result = read_provenance(path)
    assert (result.format, result.seed, result.steps) == ("comfyui", 31337, 25)
    assert result.negative_prompt == NEGATIVE


def test_save_image_plus_usercomment_holds_prompt_and_workflow_objects(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x9286] = json.dumps({"prompt": txt2img(seed=55), "workflow": UI_WORKFLOW})
    path = tmp_path / "plus.jpg"
    Image.new("RGB", (32, 32)).save(path, exif=exif.tobytes())
    result = read_provenance(path)
    assert (result.format, result.seed) == ("comfyui", 55)
    assert result.workflow is not None and '"last_node_id"' in result.workflow


def test_civitai_graph_in_utf16_usercomment_is_credited_to_civitai(tmp_path: Path) -> None:
    graph = txt2img(seed=1311178179, ckpt="urn:air:sdxl:checkpoint:civitai:827184@2514310")
    graph["extra"] = {"airs": ["urn:air:sdxl:checkpoint:civitai:827184@2514310"]}
    graph["extraMetadata"] = json.dumps({"prompt": POSITIVE})
    comment = b"UNICODE\x00" + json.dumps(graph).encode("utf-16-be")
    exif = piexif.dump({"Exif": {piexif.ExifIFD.UserComment: comment}})
    path = tmp_path / "civitai.jpg"
    Image.new("RGB", (32, 32)).save(path, exif=exif)
    result = read_provenance(path)
    assert (result.format, result.generator) == ("comfyui", "Civitai")
    assert result.model is not None and result.model.name == "urn:air:sdxl:checkpoint:civitai:827184@2514310"
    assert result.seed == 1311178179
    assert "urn:air:sdxl" in result.extras["Civitai resources"]


# --- graph shapes ---------------------------------------------------------------------------------------

def test_two_loras_are_read_along_the_model_chain() -> None:
    graph = txt2img()
    graph["3"]["inputs"]["model"] = ["10", 0]
    graph["10"] = {"class_type": "LoraLoader", "inputs": {"lora_name": "detail_tweaker.safetensors",
                                                          "strength_model": 0.8, "strength_clip": 1.0,
                                                          "model": ["11", 0], "clip": ["11", 1]}}
    graph["11"] = {"class_type": "LoraLoaderModelOnly", "inputs": {"lora_name": "styles/ink.safetensors",
                                                                   "strength_model": 0.45, "model": ["4", 0]}}
    result = parse_bag(api(graph))
    assert [(x.name, x.weight) for x in result.loras] == [
        ("detail_tweaker.safetensors", 0.8), ("styles/ink.safetensors", 0.45)]
    assert result.model is not None and result.model.name == "dreamshaper_8.safetensors"


def test_sdxl_turbo_sampler_custom_reads_sampler_and_steps_from_helper_nodes() -> None:
    graph = txt2img(ckpt="sd_xl_turbo_1.0_fp16.safetensors")
    graph["3"] = {"class_type": "SamplerCustom", "inputs": {
        "add_noise": True, "noise_seed": 4242, "cfg": 1.0, "model": ["4", 0], "positive": ["6", 0],
        "negative": ["7", 0], "sampler": ["14", 0], "sigmas": ["22", 0], "latent_image": ["5", 0]}}
    graph["14"] = {"class_type": "KSamplerSelect", "inputs": {"sampler_name": "euler_ancestral"}}
    graph["22"] = {"class_type": "SDTurboScheduler", "inputs": {"steps": 1, "denoise": 1.0, "model": ["4", 0]}}
    graph["9"]["class_type"] = "PreviewImage"
    result = parse_bag(api(graph))
    assert (result.seed, result.steps, result.cfg, result.sampler) == (4242, 1, 1.0, "euler_ancestral")
    assert result.model is not None and result.model.name == "sd_xl_turbo_1.0_fp16.safetensors"
    assert result.extras["Sampler node"] == "SamplerCustom (3)"


def flux_graph() -> dict[str, Any]:
    return {
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a red panda astronaut", "clip": ["11", 0]}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["13", 0], "vae": ["10", 0]}},
        "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "flux", "images": ["8", 0]}},
        "10": {"class_type": "VAELoader", "inputs": {"vae_name": "ae.safetensors"}},
        "11": {"class_type": "DualCLIPLoader", "inputs": {"clip_name1": "t5xxl_fp8.safetensors",
                                                          "clip_name2": "clip_l.safetensors", "type": "flux"}},
        "12": {"class_type": "UNETLoader", "inputs": {"unet_name": "flux1-schnell.safetensors",
                                                      "weight_dtype": "fp8_e4m3fn"}},
        "13": {"class_type": "SamplerCustomAdvanced", "inputs": {
            "noise": ["25", 0], "guider": ["22", 0], "sampler": ["16", 0], "sigmas": ["17", 0],
            "latent_image": ["27", 0]}},
        "16": {"class_type": "KSamplerSelect", "inputs": {"sampler_name": "euler"}},
        "17": {"class_type": "BasicScheduler", "inputs": {"scheduler": "simple", "steps": 4, "denoise": 1.0,
                                                          "model": ["12", 0]}},
        "22": {"class_type": "BasicGuider", "inputs": {"model": ["12", 0], "conditioning": ["26", 0]}},
        "25": {"class_type": "RandomNoise", "inputs": {"noise_seed": 961}},
        "26": {"class_type": "FluxGuidance", "inputs": {"guidance": 3.5, "conditioning": ["6", 0]}},
        "27": {"class_type": "EmptySD3LatentImage", "inputs": {"width": 1344, "height": 768, "batch_size": 1}},
    }


def test_flux_sampler_custom_advanced_takes_guidance_as_cfg() -> None:
    result = parse_bag(api(flux_graph()))
    assert result.model is not None and result.model.name == "flux1-schnell.safetensors"
    assert (result.seed, result.steps, result.sampler, result.scheduler) == (961, 4, "euler", "simple")
    assert result.cfg == 3.5 and result.extras["Guidance"] == "3.5"
    assert (result.width, result.height) == (1344, 768)
    assert result.prompt == "a red panda astronaut" and result.negative_prompt is None
    assert result.extras["VAE"] == "ae.safetensors"


def test_text_and_seed_arrive_through_primitive_nodes() -> None:
    graph = txt2img()
    graph["6"]["inputs"]["text"] = ["50", 0]
    graph["50"] = {"class_type": "PrimitiveStringMultiline", "inputs": {"value": "from a primitive node"}}
    graph["3"]["inputs"]["seed"] = ["51", 0]
    graph["51"] = {"class_type": "Seed (rgthree)", "inputs": {"seed": 8675309}}
    graph["3"]["inputs"]["steps"] = ["52", 0]
    graph["52"] = {"class_type": "Reroute", "inputs": {"input": ["53", 0]}}
    graph["53"] = {"class_type": "PrimitiveInt", "inputs": {"value": 33}}
    result = parse_bag(api(graph))
    assert (result.prompt, result.seed, result.steps) == ("from a primitive node", 8675309, 33)


def test_controlnet_node_hands_each_role_its_own_prompt() -> None:
    graph = txt2img()
    graph["3"]["inputs"]["positive"] = ["cn", 0]
    graph["3"]["inputs"]["negative"] = ["cn", 1]
    graph["cn"] = {"class_type": "ControlNetApplyAdvanced", "inputs": {
        "strength": 0.8, "positive": ["mix", 0], "negative": ["7", 0], "control_net": ["cl", 0],
        "image": ["img", 0]}}
    graph["mix"] = {"class_type": "ConditioningCombine", "inputs": {"conditioning_1": ["6", 0],
                                                                    "conditioning_2": ["60", 0]}}
    graph["60"] = {"class_type": "CLIPTextEncodeSDXL", "inputs": {"text_g": "golden hour", "text_l": "golden hour",
                                                                  "width": 1024, "clip": ["4", 1]}}
    graph["cl"] = {"class_type": "ControlNetLoader", "inputs": {"control_net_name": "depth.safetensors"}}
    graph["img"] = {"class_type": "LoadImage", "inputs": {"image": "depth.png"}}
    result = parse_bag(api(graph))
    assert result.prompt == POSITIVE + "\ngolden hour"
    assert result.negative_prompt == NEGATIVE


def test_subgraph_ids_with_colons_are_followed() -> None:
    graph = {f"30:{k}" if k not in ("9",) else k: v for k, v in txt2img(seed=303).items()}
    for node in graph.values():
        for name, value in node["inputs"].items():
            if isinstance(value, list):
                node["inputs"][name] = [f"30:{value[0]}", value[1]]
    graph["30:3"]["inputs"]["model"] = ["30:3:1", 0]
    graph["30:3:1"] = {"class_type": "LoraLoaderModelOnly", "inputs": {"lora_name": "sub.safetensors",
                                                                       "strength_model": 0.6, "model": ["30:4", 0]}}
    result = parse_bag(api(graph))
    assert (result.seed, result.prompt, result.width) == (303, POSITIVE, 640)
    assert [x.name for x in result.loras] == ["sub.safetensors"]
    assert result.extras["Sampler node"] == "KSampler (30:3)"


def test_hires_fix_reports_the_base_pass_and_keeps_the_second_in_extras() -> None:
    graph = txt2img(seed=1111)
    graph["20"] = {"class_type": "LatentUpscale", "inputs": {"upscale_method": "nearest-exact", "width": 1280,
                                                             "height": 1792, "crop": "disabled",
                                                             "samples": ["3", 0]}}
    graph["21"] = {"class_type": "KSampler", "inputs": {
        "seed": 2222, "steps": 12, "cfg": 4.0, "sampler_name": "euler", "scheduler": "normal",
        "denoise": 0.45, "model": ["24", 0], "positive": ["23", 0], "negative": ["7", 0],
        "latent_image": ["20", 0]}}
    graph["23"] = {"class_type": "CLIPTextEncode", "inputs": {"text": "refiner prompt", "clip": ["4", 1]}}
    graph["24"] = {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "refiner.safetensors"}}
    graph["8"]["inputs"]["samples"] = ["21", 0]
    result = parse_bag(api(graph))
    assert (result.seed, result.steps, result.cfg, result.sampler) == (1111, 25, 6.5, "dpmpp_2m")
    assert (result.width, result.height, result.prompt) == (640, 896, POSITIVE)
    assert result.model is not None and result.model.name == "dreamshaper_8.safetensors"
    assert result.extras["Passes"] == "2"
    second = result.extras["Pass 2"]
    assert "seed 2222" in second and "refiner.safetensors" in second and "size 1280x1792" in second


def test_img2img_without_latent_size_falls_back_to_pixel_size_unless_resized() -> None:
    graph = txt2img()
    graph["5"] = {"class_type": "VAEEncode", "inputs": {"pixels": ["40", 0], "vae": ["4", 2]}}
    graph["40"] = {"class_type": "LoadImage", "inputs": {"image": "input.png"}}
    assert (parse_bag(api(graph), size=(320, 200)).width, parse_bag(api(graph), size=(320, 200)).height) == (
        320, 200)
    graph["41"] = {"class_type": "ImageScaleBy", "inputs": {"scale_by": 2.0, "image": ["8", 0]}}
    graph["9"]["inputs"]["images"] = ["41", 0]
    assert parse_bag(api(graph), size=(640, 400)).width is None


def test_ui_workflow_alone_is_read_from_widgets_and_links() -> None:
    result = parse_bag({"workflow": json.dumps(UI_WORKFLOW)})
    assert result.format == "comfyui"
    assert result.model is not None and result.model.name == "juggernautXL_v9.safetensors"
    assert (result.seed, result.steps, result.cfg) == (987654321, 30, 5.5)
    assert (result.sampler, result.scheduler) == ("euler_ancestral", "normal")
    assert (result.width, result.height) == (832, 1216)
    assert result.prompt == "red fox in snow " and result.negative_prompt == "lowres"
    assert result.loras == []  # the only LoRA is bypassed, the other muted


def test_old_workflow_with_boolean_seed_control_widget() -> None:
    workflow = json.loads(json.dumps(UI_WORKFLOW))
    sampler = next(n for n in workflow["nodes"] if n["type"] == "KSampler")
    sampler["widgets_values"] = [5, True, 20, 8, "euler", "normal", 1]
    result = parse_bag({"workflow": json.dumps(workflow)})
    assert (result.seed, result.steps, result.cfg, result.sampler) == (5, 20, 8, "euler")


# --- hostile graphs -------------------------------------------------------------------------------------

def test_cycles_in_model_latent_and_text_links_end() -> None:
    graph = txt2img(seed=99)
    graph["3"]["inputs"]["model"] = ["A", 0]
    graph["A"] = {"class_type": "LoraLoaderModelOnly", "inputs": {"lora_name": "a.safetensors",
                                                                  "strength_model": 1.0, "model": ["B", 0]}}
    graph["B"] = {"class_type": "LoraLoaderModelOnly", "inputs": {"lora_name": "b.safetensors",
                                                                  "strength_model": 0.5, "model": ["A", 0]}}
    graph["5"] = {"class_type": "LatentUpscale", "inputs": {"samples": ["3", 0]}}
    graph["6"]["inputs"]["text"] = ["T", 0]
    graph["T"] = {"class_type": "StringConcatenate", "inputs": {"string_a": ["T", 0], "string_b": "tail"}}
    result = parse_bag(api(graph))
    assert result.format == "comfyui" and result.seed == 99
    assert [x.name for x in result.loras] == ["a.safetensors", "b.safetensors"]
    assert result.model is None and result.prompt == "tail"


def test_twenty_thousand_node_chain_finishes_fast_without_raising() -> None:
    graph = txt2img(seed=20000)
    depth = 20_000
    graph["3"]["inputs"]["model"] = ["n0", 0]
    for i in range(depth):
        graph[f"n{i}"] = {"class_type": "ModelSamplingDiscrete", "inputs": {"model": [f"n{i + 1}", 0]}}
    graph[f"n{depth}"] = {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "deep.safetensors"}}
    text = json.dumps(graph)
    started = time.process_time()  # CPU time: the bound holds however busy the machine is
    result = parse_bag({"prompt": text})
    assert time.process_time() - started < 1.0
    assert result.format == "comfyui" and result.seed == 20000 and result.prompt == POSITIVE


@pytest.mark.parametrize("bad", [["4"], ["4", 0, 1], [None, 0], ["missing", 0], [True, 0], ["4", "0"],
                                 {"node": "4"}, "4", 12, [["4", 0], 0]])
def test_malformed_links_are_ignored(bad: Any) -> None:
    graph = txt2img(seed=7)
    graph["3"]["inputs"]["model"] = bad
    graph["junk1"] = "not a node"
    graph["junk2"] = {"class_type": 5, "inputs": {}}
    graph["junk3"] = {"class_type": "KSampler", "inputs": ["seed", 1]}
    result = parse_bag(api(graph))
    assert (result.format, result.seed, result.prompt) == ("comfyui", 7, POSITIVE)
    assert result.model is None


def test_workflow_with_object_links_and_odd_widgets() -> None:
    """The newer editor writes links as objects; a list where a widget value belongs must not break."""
    workflow = json.loads(json.dumps(UI_WORKFLOW))
    workflow["links"] = [{"id": link[0], "origin_id": link[1], "origin_slot": link[2], "target_id": link[3],
                          "target_slot": link[4], "type": link[5]} for link in UI_WORKFLOW["links"][:10]]
    workflow["nodes"].append({"id": 99, "type": "KSampler", "widgets_values": [1, ["x"], {}, None]})
    workflow["nodes"].append({"id": [1], "type": "CLIPTextEncode", "widgets_values": "text"})
    result = parse_bag({"workflow": json.dumps(workflow)})
    assert (result.seed, result.prompt) == (987654321, "red fox in snow ")


def test_broken_json_in_prompt_chunk_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    bag = MetadataBag(path="x.png", container="png", text={"prompt": '{"3": {"class_type": "KSampler", '})
    with pytest.raises(BrokenFormat):
        PARSER.parse(bag, Provenance(file="x.png"))
    result = read_provenance(write_png(tmp_path, {"prompt": '{"3": {"class_type": "KSampler"'}))
    assert result.error is None and result.format is None
    assert any("comfyui" in w for w in result.warnings)


def test_deeply_nested_json_is_refused() -> None:
    nested = '{"1": {"class_type": "KSampler", "inputs": {"x": ' + "[" * 5000 + "]" * 5000 + "}}}"
    with pytest.raises(BrokenFormat):
        PARSER.parse(MetadataBag(path="x", text={"prompt": nested}), Provenance(file="x"))


def test_other_formats_are_not_claimed() -> None:
    bag = MetadataBag(path="x.png", text={"parameters": "a cat\nSteps: 20, Sampler: Euler, Seed: 1"},
                      exif={"UserComment": '{"sui_image_params": {"seed": 1}}'})
    with pytest.raises(NotMyFormat):
        PARSER.parse(bag, Provenance(file="x.png"))


def test_graph_without_sampler_is_comfyui_but_says_nothing_about_generation() -> None:
    graph = {"1": {"class_type": "LoadImage", "inputs": {"image": "a.png"}},
             "2": {"class_type": "ImageScaleBy", "inputs": {"image": ["1", 0], "scale_by": 2}},
             "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0]}}}
    result = parse_bag(api(graph))
    assert result.format == "comfyui" and result.seed is None and result.ai_generated is None
