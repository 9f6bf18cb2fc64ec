"""ComfyUI graphs from popular node packs that bundle several stock nodes into one.

Shapes follow each pack's own INPUT_TYPES (the order of `widgets_values` in an editor workflow is
the order of its widgets there): Efficiency Nodes (LucianoCirino/efficiency-nodes-comfyui
`efficiency_nodes.py`), Impact Pack's BASIC_PIPE samplers, WAS Node Suite's "Text Multiline". The
expected values are the ones written into each fixture.
"""

from __future__ import annotations

import io
import json
from typing import Any

from generator.provenance.bag import MetadataBag
from generator.provenance.reader import interpret, read_provenance
from generator.provenance.result import Provenance


def _read(chunks: dict[str, Any]) -> Provenance:
    text = {key: json.dumps(value) for key, value in chunks.items()}
    return interpret(MetadataBag(path="x.png", container="png", width=64, height=64, text=text))


def _node(node_id: int, kind: str, values: list[Any], inputs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One editor node as the frontend before 1.16 saved it (widget slots not named in `inputs`)."""
    return {"id": node_id, "type": kind, "pos": [0, 0], "size": [300, 200], "flags": {}, "order": node_id,
            "mode": 0, "inputs": inputs or [], "outputs": [], "properties": {"Node name for S&R": kind},
            "widgets_values": values}


def _workflow(nodes: list[dict[str, Any]], links: list[list[Any]]) -> dict[str, Any]:
    return {"last_node_id": max(n["id"] for n in nodes), "last_link_id": len(links), "nodes": nodes,
            "links": links, "groups": [], "config": {}, "extra": {}, "version": 0.4}


EFFICIENT_LOADER = {
    "ckpt_name": "realisticVisionV51.safetensors", "vae_name": "Baked VAE", "clip_skip": -2,
    "lora_name": "add_detail.safetensors", "lora_model_strength": 0.6, "lora_clip_strength": 0.6,
    "positive": "portrait of a knight, rim light", "negative": "bad hands", "token_normalization": "none",
    "weight_interpretation": "comfy", "empty_latent_width": 512, "empty_latent_height": 640, "batch_size": 1,
}


def _assert_knight(result: Provenance) -> None:
    assert result.format == "comfyui"
    assert result.model is not None and result.model.name == "realisticVisionV51.safetensors"
    assert (result.seed, result.steps, result.cfg, result.sampler, result.scheduler) == \
        (8675309, 28, 7.0, "dpmpp_2m", "karras")
    assert (result.prompt, result.negative_prompt) == ("portrait of a knight, rim light", "bad hands")
    assert (result.width, result.height) == (512, 640)  # the loader's empty latent, not the file's 64x64
    assert [(x.name, x.weight) for x in result.loras] == [("add_detail.safetensors", 0.6)]


def test_efficiency_loader_and_sampler_api_graph() -> None:
    graph = {
        "1": {"class_type": "Efficient Loader", "inputs": dict(EFFICIENT_LOADER)},
        "2": {"class_type": "KSampler (Efficient)", "inputs": {
            "seed": 8675309, "steps": 28, "cfg": 7, "sampler_name": "dpmpp_2m", "scheduler": "karras", "denoise": 1,
            "preview_method": "auto", "vae_decode": "true", "model": ["1", 0], "positive": ["1", 1],
            "negative": ["1", 2], "latent_image": ["1", 3], "optional_vae": ["1", 4]}},
        "3": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["2", 5]}},
    }
    _assert_knight(_read({"prompt": graph}))


def test_efficiency_nodes_editor_workflow_only() -> None:
    """The widget values in INPUT_TYPES order, with the seed's "control after generate" after it."""
    links = [[1, 1, 0, 2, 0, "MODEL"], [2, 1, 1, 2, 1, "CONDITIONING"], [3, 1, 2, 2, 2, "CONDITIONING"],
             [4, 1, 3, 2, 3, "LATENT"], [5, 1, 4, 2, 4, "VAE"], [6, 2, 5, 3, 0, "IMAGE"]]
    nodes = [
        _node(1, "Efficient Loader", list(EFFICIENT_LOADER.values())),
        _node(2, "KSampler (Efficient)", [8675309, "fixed", 28, 7, "dpmpp_2m", "karras", 1, "auto", "true"], [
            {"name": "model", "type": "MODEL", "link": 1}, {"name": "positive", "type": "CONDITIONING", "link": 2},
            {"name": "negative", "type": "CONDITIONING", "link": 3}, {"name": "latent_image", "type": "LATENT", "link": 4},
            {"name": "optional_vae", "type": "VAE", "link": 5}, {"name": "script", "type": "SCRIPT", "link": None}]),
        _node(3, "SaveImage", ["ComfyUI"], [{"name": "images", "type": "IMAGE", "link": 6}]),
    ]
    _assert_knight(_read({"workflow": _workflow(nodes, links)}))


def test_efficiency_sdxl_tuple_carries_model_and_prompts() -> None:
    """KSampler SDXL (Eff.) has no model or prompt input: both arrive in the loader's SDXL tuple."""
    loader = {"base_ckpt_name": "sd_xl_base_1.0.safetensors", "base_clip_skip": -2, "refiner_ckpt_name": "None",
              "refiner_clip_skip": -2, "positive_ascore": 6, "negative_ascore": 2, "vae_name": "Baked VAE",
              "positive": "a neon city at night", "negative": "blur", "token_normalization": "none",
              "weight_interpretation": "comfy", "empty_latent_width": 1152, "empty_latent_height": 896,
              "batch_size": 1}
    sampler = {"noise_seed": 55, "steps": 30, "cfg": 6.5, "sampler_name": "euler", "scheduler": "normal",
               "start_at_step": 0, "refine_at_step": -1, "preview_method": "auto", "vae_decode": "true"}
    graph = {
        "1": {"class_type": "Eff. Loader SDXL", "inputs": loader},
        "2": {"class_type": "KSampler SDXL (Eff.)", "inputs": {
            **sampler, "sdxl_tuple": ["1", 0], "latent_image": ["1", 1], "optional_vae": ["1", 2]}},
        "3": {"class_type": "SaveImage", "inputs": {"filename_prefix": "x", "images": ["2", 3]}},
    }
    links = [[1, 1, 0, 2, 0, "SDXL_TUPLE"], [2, 1, 1, 2, 1, "LATENT"], [3, 1, 2, 2, 2, "VAE"], [4, 2, 3, 3, 0, "IMAGE"]]
    nodes = [
        _node(1, "Eff. Loader SDXL", list(loader.values())),
        _node(2, "KSampler SDXL (Eff.)", [55, "randomize", *list(sampler.values())[1:]], [
            {"name": "sdxl_tuple", "type": "SDXL_TUPLE", "link": 1}, {"name": "latent_image", "type": "LATENT", "link": 2},
            {"name": "optional_vae", "type": "VAE", "link": 3}]),
        _node(3, "SaveImage", ["x"], [{"name": "images", "type": "IMAGE", "link": 4}]),
    ]
    for result in (_read({"prompt": graph}), _read({"workflow": _workflow(nodes, links)})):
        assert result.model is not None and result.model.name == "sd_xl_base_1.0.safetensors"
        assert (result.seed, result.steps, result.cfg, result.sampler) == (55, 30, 6.5, "euler")
        assert (result.prompt, result.negative_prompt) == ("a neon city at night", "blur")
        assert (result.width, result.height) == (1152, 896)


def test_impact_basic_pipe_sampler() -> None:
    graph = {
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "juggernautXL_v9.safetensors"}},
        "5": {"class_type": "CLIPTextEncode", "inputs": {"text": "a tabby cat on a windowsill", "clip": ["4", 1]}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "dog", "clip": ["4", 1]}},
        "7": {"class_type": "ToBasicPipe", "inputs": {"model": ["4", 0], "clip": ["4", 1], "vae": ["4", 2],
                                                      "positive": ["5", 0], "negative": ["6", 0]}},
        "8": {"class_type": "EmptyLatentImage", "inputs": {"width": 832, "height": 1216, "batch_size": 1}},
        "9": {"class_type": "ImpactKSamplerBasicPipe", "inputs": {
            "basic_pipe": ["7", 0], "seed": 9, "steps": 20, "cfg": 5.0, "sampler_name": "euler",
            "scheduler": "normal", "denoise": 1.0, "latent_image": ["8", 0]}},
        "10": {"class_type": "VAEDecode", "inputs": {"samples": ["9", 1], "vae": ["9", 2]}},
        "11": {"class_type": "SaveImage", "inputs": {"images": ["10", 0], "filename_prefix": "a"}},
    }
    result = _read({"prompt": graph})
    assert result.model is not None and result.model.name == "juggernautXL_v9.safetensors"
    assert (result.seed, result.steps, result.cfg) == (9, 20, 5.0)
    assert (result.prompt, result.negative_prompt) == ("a tabby cat on a windowsill", "dog")
    assert (result.width, result.height) == (832, 1216)


def test_text_node_of_an_unlisted_type_feeds_the_encoder_in_a_workflow() -> None:
    """WAS "Text Multiline" wired into CLIPTextEncode's converted `text` widget; the encoder's own
    widget value is stale, and the seed comes from a PrimitiveNode."""
    links = [[1, 4, 0, 3, 0, "MODEL"], [2, 6, 0, 3, 1, "CONDITIONING"], [3, 7, 0, 3, 2, "CONDITIONING"],
             [4, 5, 0, 3, 3, "LATENT"], [5, 3, 0, 8, 0, "LATENT"], [6, 4, 2, 8, 1, "VAE"], [7, 8, 0, 9, 0, "IMAGE"],
             [8, 4, 1, 6, 0, "CLIP"], [9, 4, 1, 7, 0, "CLIP"], [10, 20, 0, 6, 1, "STRING"], [11, 21, 0, 3, 4, "INT"]]
    nodes = [
        _node(4, "CheckpointLoaderSimple", ["dreamshaper_8.safetensors"]),
        _node(20, "Text Multiline", ["a lighthouse at dawn, oil painting"]),
        _node(6, "CLIPTextEncode", ["stale text"], [{"name": "clip", "type": "CLIP", "link": 8},
                                                    {"name": "text", "type": "STRING", "link": 10,
                                                     "widget": {"name": "text"}}]),
        _node(7, "CLIPTextEncode", ["lowres"], [{"name": "clip", "type": "CLIP", "link": 9}]),
        _node(21, "PrimitiveNode", [123456, "fixed"]),
        _node(5, "EmptyLatentImage", [512, 768, 1]),
        _node(3, "KSampler", [999, "fixed", 25, 6.5, "euler_ancestral", "normal", 1], [
            {"name": "model", "link": 1}, {"name": "positive", "link": 2}, {"name": "negative", "link": 3},
            {"name": "latent_image", "link": 4}, {"name": "seed", "type": "INT", "link": 11, "widget": {"name": "seed"}}]),
        _node(8, "VAEDecode", [], [{"name": "samples", "link": 5}, {"name": "vae", "link": 6}]),
        _node(9, "SaveImage", ["ComfyUI"], [{"name": "images", "link": 7}]),
    ]
    result = _read({"workflow": _workflow(nodes, links)})
    assert (result.prompt, result.negative_prompt) == ("a lighthouse at dawn, oil painting", "lowres")
    assert (result.seed, result.steps, result.cfg) == (123456, 25, 6.5)
    assert (result.width, result.height) == (512, 768)


def _easy_use_graph(resolution: str) -> dict[str, Any]:
    """comfyui-easy-use: `easy a1111Loader` -> `easy preSampling` (settings, `seed_num`) -> `easy kSampler`."""
    return {
        "1": {"class_type": "easy a1111Loader", "inputs": {
            "ckpt_name": "majicmixRealistic_v7.safetensors", "vae_name": "Baked VAE", "clip_skip": -2,
            "lora_name": "None", "lora_model_strength": 1.0, "lora_clip_strength": 1.0, "resolution": resolution,
            "empty_latent_width": 512, "empty_latent_height": 512, "positive": "a tea house in the rain",
            "negative": "lowres, watermark", "batch_size": 1, "a1111_prompt_style": False}},
        "2": {"class_type": "easy preSampling", "inputs": {
            "pipe": ["1", 0], "steps": 24, "cfg": 6.0, "sampler_name": "dpmpp_2m", "scheduler": "karras",
            "denoise": 1.0, "seed_num": 20240607}},
        "3": {"class_type": "easy kSampler", "inputs": {
            "pipe": ["2", 0], "image_output": "Save", "link_id": 0, "save_prefix": "ComfyUI"}},
    }


def test_easy_use_pipe_with_a_preset_resolution_and_a_custom_one() -> None:
    for resolution, size in (("832 x 1216", (832, 1216)), ("自定义 x 自定义", (512, 512))):
        result = _read({"prompt": _easy_use_graph(resolution)})
        assert result.model is not None and result.model.name == "majicmixRealistic_v7.safetensors"
        assert (result.seed, result.steps, result.cfg, result.sampler) == (20240607, 24, 6.0, "dpmpp_2m")
        assert (result.prompt, result.negative_prompt) == ("a tea house in the rain", "lowres, watermark")
        assert (result.width, result.height) == size


def test_video_wrapper_sampler_with_one_text_embeds_link_and_its_own_loader() -> None:
    """kijai's WanVideoWrapper: WanVideoTextEncode holds `positive_prompt` and `negative_prompt`,
    the sampler reaches it through `text_embeds`, and WanVideoModelLoader names its file `model`."""
    graph = {
        "11": {"class_type": "LoadWanVideoT5TextEncoder", "inputs": {"model_name": "umt5-xxl-enc-bf16.safetensors",
                                                                     "precision": "bf16"}},
        "16": {"class_type": "WanVideoTextEncode", "inputs": {
            "positive_prompt": "a koi pond, slow pan", "negative_prompt": "static, blurry", "force_offload": True,
            "t5": ["11", 0]}},
        "22": {"class_type": "WanVideoModelLoader", "inputs": {
            "model": "wan2.1_t2v_14B_bf16.safetensors", "base_precision": "bf16", "quantization": "disabled",
            "load_device": "offload_device"}},
        "37": {"class_type": "WanVideoEmptyEmbeds", "inputs": {"width": 832, "height": 480, "num_frames": 81}},
        "27": {"class_type": "WanVideoSampler", "inputs": {
            "model": ["22", 0], "text_embeds": ["16", 0], "image_embeds": ["37", 0], "steps": 30, "cfg": 6.0,
            "shift": 5.0, "seed": 1057359483639287, "force_offload": True, "scheduler": "unipc"}},
        "38": {"class_type": "WanVideoVAELoader", "inputs": {"model_name": "Wan2_1_VAE_bf16.safetensors"}},
        "28": {"class_type": "WanVideoDecode", "inputs": {"vae": ["38", 0], "samples": ["27", 0]}},
        "30": {"class_type": "VHS_VideoCombine", "inputs": {"frame_rate": 16, "filename_prefix": "WanVideo",
                                                            "format": "video/h264-mp4", "images": ["28", 0]}},
    }
    result = _read({"prompt": graph})
    assert result.model is not None and result.model.name == "wan2.1_t2v_14B_bf16.safetensors"
    assert (result.prompt, result.negative_prompt) == ("a koi pond, slow pan", "static, blurry")
    assert (result.seed, result.steps, result.cfg, result.scheduler) == (1057359483639287, 30, 6.0, "unipc")
    assert (result.width, result.height) == (832, 480)


def test_sampler_naming_its_prompt_inputs_conditioning_and_neg_conditioning() -> None:
    """XLabs' Flux sampler: `conditioning` and `neg_conditioning`; a plain encoder's text is never
    taken for the negative prompt just because the sampler has one link to it."""
    graph = {
        "1": {"class_type": "UNETLoader", "inputs": {"unet_name": "flux1-dev.safetensors", "weight_dtype": "default"}},
        "2": {"class_type": "DualCLIPLoader", "inputs": {"clip_name1": "t5xxl.safetensors",
                                                         "clip_name2": "clip_l.safetensors", "type": "flux"}},
        "3": {"class_type": "CLIPTextEncodeFlux", "inputs": {"clip_l": "a tin robot", "t5xxl": "a tin robot",
                                                             "guidance": 4.0, "clip": ["2", 0]}},
        "4": {"class_type": "CLIPTextEncodeFlux", "inputs": {"clip_l": "cartoon", "t5xxl": "cartoon",
                                                             "guidance": 4.0, "clip": ["2", 0]}},
        "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
        "6": {"class_type": "XlabsSampler", "inputs": {
            "noise_seed": 600, "steps": 25, "timestep_to_start_cfg": 1, "true_gs": 3.5, "image_to_image_strength": 0,
            "denoise_strength": 1.0, "model": ["1", 0], "conditioning": ["3", 0], "neg_conditioning": ["4", 0],
            "latent_image": ["5", 0]}},
        "7": {"class_type": "VAEDecode", "inputs": {"samples": ["6", 0], "vae": ["8", 0]}},
        "8": {"class_type": "VAELoader", "inputs": {"vae_name": "ae.safetensors"}},
        "9": {"class_type": "SaveImage", "inputs": {"images": ["7", 0]}},
    }
    result = _read({"prompt": graph})
    assert (result.prompt, result.negative_prompt) == ("a tin robot", "cartoon")
    assert (result.seed, result.steps) == (600, 25)
    only_positive = {k: v for k, v in graph.items() if k != "4"}
    only_positive["6"] = {"class_type": "XlabsSampler", "inputs": {
        k: v for k, v in graph["6"]["inputs"].items() if k != "neg_conditioning"}}
    result = _read({"prompt": only_positive})
    assert (result.prompt, result.negative_prompt) == ("a tin robot", None)


def test_unlisted_sampler_with_the_stock_widget_order_in_an_old_workflow() -> None:
    """"KSampler //Inspire" copies KSampler's widgets and adds its own after them; an editor before
    1.16 saved no widget names, so the values' shape is what says which is the seed and which the cfg."""
    links = [[1, 4, 0, 3, 0, "MODEL"], [2, 6, 0, 3, 1, "CONDITIONING"], [3, 7, 0, 3, 2, "CONDITIONING"],
             [4, 5, 0, 3, 3, "LATENT"], [5, 3, 0, 8, 0, "LATENT"], [7, 8, 0, 9, 0, "IMAGE"],
             [8, 4, 1, 6, 0, "CLIP"], [9, 4, 1, 7, 0, "CLIP"]]
    sampler_inputs = [{"name": "model", "type": "MODEL", "link": 1}, {"name": "positive", "link": 2},
                      {"name": "negative", "link": 3}, {"name": "latent_image", "link": 4}]
    for kind, values in (
        ("KSampler //Inspire", [31337, "randomize", 26, 5.5, "euler_ancestral", "normal", 1.0, "GPU(=A1111)",
                                 "incremental", 0.0, 1.0]),
        ("KSamplerAdvanced //Inspire", ["enable", 31337, "fixed", 26, 5.5, "euler_ancestral", "normal", 0, 10000,
                                         "disable", "GPU(=A1111)"]),
    ):
        nodes = [
            _node(4, "CheckpointLoaderSimple", ["animagineXL40.safetensors"]),
            _node(6, "CLIPTextEncode", ["1girl, garden"], [{"name": "clip", "link": 8}]),
            _node(7, "CLIPTextEncode", ["lowres"], [{"name": "clip", "link": 9}]),
            _node(5, "EmptyLatentImage", [832, 1216, 1]),
            _node(3, kind, values, sampler_inputs),
            _node(8, "VAEDecode", [], [{"name": "samples", "link": 5}]),
            _node(9, "SaveImage", ["ComfyUI"], [{"name": "images", "link": 7}]),
        ]
        result = _read({"workflow": _workflow(nodes, links)})
        assert (result.seed, result.steps, result.cfg, result.sampler, result.scheduler) == \
            (31337, 26, 5.5, "euler_ancestral", "normal"), kind
        assert (result.prompt, result.negative_prompt, result.width, result.height) == \
            ("1girl, garden", "lowres", 832, 1216)


API_GRAPH = {
    "3": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 8.0, "sampler_name": "euler",
                                               "scheduler": "normal", "denoise": 1.0, "model": ["4", 0],
                                               "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 768, "batch_size": 1}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "waves at night", "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "text", "clip": ["4", 1]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "Image Save", "inputs": {"images": ["8", 0]}},
}


def _webp(tags: dict[int, Any]) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 64))
    exif = image.getexif()
    for tag, value in tags.items():
        exif[tag] = value
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", exif=exif.tobytes())
    return buffer.getvalue()


def test_webp_saver_writing_every_extra_pnginfo_entry_into_one_field() -> None:
    """WAS Image Save (and its copies) for WebP: Make = "Prompt:" + graph, ImageDescription =
    "Workflow:" + json.dumps(a) + json.dumps(b) for every extra_pnginfo entry, run together."""
    workflow = {"nodes": [], "links": [], "version": 0.4}
    for joiner in ("", "\n"):
        data = _webp({0x010F: "Prompt:" + json.dumps(API_GRAPH),
                      0x010E: "Workflow:" + json.dumps(workflow) + joiner + json.dumps({"cropper": {"x": 1}})})
        result = read_provenance("x.webp", data=data)
        assert (result.format, result.generator) == ("comfyui", "ComfyUI (WAS Image Save)")
        assert (result.seed, result.prompt, result.width, result.height) == (5, "waves at night", 512, 768)
        assert result.warnings == []
        assert json.loads(result.workflow) == workflow


def test_jpeg_webp_saver_infotext_in_user_comment_fills_what_the_workflow_lacks() -> None:
    """Efficiency Nodes' SaveImageEfficient: the editor workflow in ImageDescription, the A1111
    infotext as UTF-16 UserComment ("UNICODE\\0" prefix). Here the workflow names no prompt, model
    or latent size; the infotext does, and its size beats the file's pixel size."""
    workflow = {"nodes": [{"id": 1, "type": "KSampler", "mode": 0, "inputs": [], "outputs": [],
                           "widgets_values": [5, "fixed", 20, 8.0, "euler", "normal", 1.0]}], "links": []}
    info = ("waves at night\nNegative prompt: text\nSteps: 20, Sampler: Euler, Schedule type: Normal, CFG scale: 8, "
            "Seed: 5, Size: 512x768, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly")
    data = _webp({0x9286: b"UNICODE\0" + info.encode("utf-16be"), 0x010E: "Workflow:" + json.dumps(workflow)})
    result = read_provenance("x.webp", data=data)
    assert result.format == "comfyui"
    assert (result.seed, result.steps, result.cfg, result.sampler) == (5, 20, 8.0, "euler")  # the graph's, as ran
    assert (result.prompt, result.negative_prompt, result.width, result.height) == ("waves at night", "text", 512, 768)
    assert result.model is not None and (result.model.name, result.model.hash) == ("v1-5-pruned-emaonly", "6ce0161689")


def test_negative_through_conditioning_zero_out_is_no_prompt() -> None:
    """Flux and SD3.5 examples zero out the positive encoder's conditioning for the negative:
    the negative is empty, not a copy of the positive prompt."""
    graph = {
        "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd3.5_large_fp8_scaled.safetensors"}},
        "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "a bottle with a galaxy inside", "clip": ["1", 1]}},
        "3": {"class_type": "ConditioningZeroOut", "inputs": {"conditioning": ["2", 0]}},
        "4": {"class_type": "EmptySD3LatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
        "5": {"class_type": "KSampler", "inputs": {"seed": 57, "steps": 30, "cfg": 4.5, "sampler_name": "euler",
                                                   "scheduler": "sgm_uniform", "denoise": 1.0, "model": ["1", 0],
                                                   "positive": ["2", 0], "negative": ["3", 0],
                                                   "latent_image": ["4", 0]}},
        "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
        "7": {"class_type": "SaveImage", "inputs": {"images": ["6", 0], "filename_prefix": "x"}},
    }
    result = _read({"prompt": graph})
    assert (result.prompt, result.negative_prompt) == ("a bottle with a galaxy inside", None)


def _one_encoder_graph(encoder: dict[str, Any]) -> dict[str, Any]:
    """A stock txt2img graph whose positive prompt comes from the given encoder node."""
    return {
        "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "model.safetensors"}},
        "2": encoder,
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "low quality", "clip": ["1", 1]}},
        "4": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
        "5": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 20, "cfg": 6.0, "sampler_name": "euler",
                                                   "scheduler": "normal", "denoise": 1.0, "model": ["1", 0],
                                                   "positive": ["2", 0], "negative": ["3", 0],
                                                   "latent_image": ["4", 0]}},
        "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
        "7": {"class_type": "SaveImage", "inputs": {"images": ["6", 0], "filename_prefix": "x"}},
    }


def test_core_text_encoders_of_other_model_families() -> None:
    """ComfyUI's own encoders for SD3 (`clip_g`), HunyuanDiT (`bert`, `mt5xl`) and Lumina 2
    (`user_prompt` beside a `system_prompt` choice), from comfy_extras/nodes_*.py."""
    prompt = "a red panda reading a newspaper"
    for encoder in (
        {"class_type": "CLIPTextEncodeSD3", "inputs": {"clip_l": "", "clip_g": prompt, "t5xxl": "",
                                                       "empty_padding": "none", "clip": ["1", 1]}},
        {"class_type": "CLIPTextEncodeHunyuanDiT", "inputs": {"bert": prompt, "mt5xl": prompt, "clip": ["1", 1]}},
        {"class_type": "CLIPTextEncodeLumina2", "inputs": {"system_prompt": "superior", "user_prompt": prompt,
                                                           "clip": ["1", 1]}},
    ):
        result = _read({"prompt": _one_encoder_graph(encoder)})
        assert (result.prompt, result.negative_prompt) == (prompt, "low quality"), encoder["class_type"]


def test_gligen_text_box_is_a_region_not_the_prompt() -> None:
    graph = _one_encoder_graph({"class_type": "CLIPTextEncode", "inputs": {"text": "a busy street market",
                                                                          "clip": ["1", 1]}})
    graph["8"] = {"class_type": "GLIGENLoader", "inputs": {"gligen_name": "gligen_sd14_textbox_pruned.safetensors"}}
    graph["9"] = {"class_type": "GLIGENTextBoxApply", "inputs": {
        "conditioning_to": ["2", 0], "clip": ["1", 1], "gligen_textbox_model": ["8", 0], "text": "a red umbrella",
        "width": 256, "height": 256, "x": 64, "y": 128}}
    graph["5"]["inputs"]["positive"] = ["9", 0]
    result = _read({"prompt": graph})
    assert (result.prompt, result.negative_prompt) == ("a busy street market", "low quality")


def test_lora_stacks_of_every_pack_spelling() -> None:
    """Numbered LoRA slots as each pack names them; "None", switched-off, zero-strength and
    beyond-the-count slots apply nothing (rgthree, Comfyroll, Efficiency Nodes, Easy-Use)."""
    stacks = {
        "Lora Loader Stack (rgthree)": {"lora_01": "detail.safetensors", "strength_01": 0.7, "lora_02": "None",
                                        "strength_02": 1.0, "lora_03": "film.safetensors", "strength_03": 0.5,
                                        "lora_04": "unused.safetensors", "strength_04": 0},
        "CR LoRA Stack": {"switch_1": "On", "lora_name_1": "detail.safetensors", "model_weight_1": 0.7,
                          "clip_weight_1": 1.0, "switch_2": "Off", "lora_name_2": "off.safetensors",
                          "model_weight_2": 1.0, "clip_weight_2": 1.0, "switch_3": "On",
                          "lora_name_3": "film.safetensors", "model_weight_3": 0.5, "clip_weight_3": 1.0},
        "LoRA Stacker": {"input_mode": "advanced", "lora_count": 2, "lora_name_1": "detail.safetensors",
                         "lora_wt_1": 1.0, "model_str_1": 0.7, "clip_str_1": 1.0, "lora_name_2": "film.safetensors",
                         "lora_wt_2": 1.0, "model_str_2": 0.5, "clip_str_2": 1.0,
                         "lora_name_3": "beyond.safetensors", "lora_wt_3": 1.0, "model_str_3": 1.0, "clip_str_3": 1.0},
        "easy loraStack": {"toggle": True, "mode": "simple", "num_loras": 2, "lora_1_name": "detail.safetensors",
                           "lora_1_strength": 0.7, "lora_2_name": "film.safetensors", "lora_2_strength": 0.5,
                           "lora_3_name": "beyond.safetensors", "lora_3_strength": 1.0},
    }
    for kind, stack in stacks.items():
        graph = _one_encoder_graph({"class_type": "CLIPTextEncode", "inputs": {"text": "a fox", "clip": ["1", 1]}})
        graph["10"] = {"class_type": kind, "inputs": {**stack, "model": ["1", 0], "clip": ["1", 1]}}
        graph["5"]["inputs"]["model"] = ["10", 0]
        result = _read({"prompt": graph})
        assert [(x.name, x.weight) for x in result.loras] == [("detail.safetensors", 0.7), ("film.safetensors", 0.5)], kind
        ledger = [(r.name, r.weight) for r in result.resources if r.kind == "lora"]
        assert ledger == [("detail.safetensors", 0.7), ("film.safetensors", 0.5)], kind


def _subgraph_workflow() -> dict[str, Any]:
    """Frontend 1.24+: the sampler, its encoders and latent live in subgraph "gen" (object links,
    -10/-20 boundary nodes); the prompt text comes from a root-level primitive through the
    subgraph's input; the checkpoint loader sits in a subgraph "load" nested inside "gen"."""
    load = {
        "id": "load-uuid", "name": "Loader", "version": 1, "inputNode": {"id": -10}, "outputNode": {"id": -20},
        "inputs": [], "outputs": [{"name": "MODEL", "type": "MODEL", "linkIds": [1]},
                                  {"name": "CLIP", "type": "CLIP", "linkIds": [2]}],
        "nodes": [_node(1, "CheckpointLoaderSimple", ["juggernautXL_v9.safetensors"])],
        "links": [{"id": 1, "origin_id": 1, "origin_slot": 0, "target_id": -20, "target_slot": 0, "type": "MODEL"},
                  {"id": 2, "origin_id": 1, "origin_slot": 1, "target_id": -20, "target_slot": 1, "type": "CLIP"}],
    }
    gen = {
        "id": "gen-uuid", "name": "Generate", "version": 1, "inputNode": {"id": -10}, "outputNode": {"id": -20},
        "inputs": [{"name": "text", "type": "STRING", "linkIds": [5]}],
        "outputs": [{"name": "LATENT", "type": "LATENT", "linkIds": [9]}],
        "nodes": [
            _node(7, "load-uuid", [], []),
            _node(3, "CLIPTextEncode", ["stale"], [{"name": "clip", "type": "CLIP", "link": 3},
                                                   {"name": "text", "type": "STRING", "link": 5,
                                                    "widget": {"name": "text"}}]),
            _node(4, "CLIPTextEncode", ["blurry"], [{"name": "clip", "type": "CLIP", "link": 4}]),
            _node(5, "EmptyLatentImage", [896, 1152, 1]),
            _node(6, "KSampler", [4242, "fixed", 28, 5.0, "dpmpp_2m", "karras", 1.0], [
                {"name": "model", "type": "MODEL", "link": 10}, {"name": "positive", "type": "CONDITIONING", "link": 6},
                {"name": "negative", "type": "CONDITIONING", "link": 7},
                {"name": "latent_image", "type": "LATENT", "link": 8}]),
        ],
        "links": [
            {"id": 3, "origin_id": 7, "origin_slot": 1, "target_id": 3, "target_slot": 0, "type": "CLIP"},
            {"id": 4, "origin_id": 7, "origin_slot": 1, "target_id": 4, "target_slot": 0, "type": "CLIP"},
            {"id": 5, "origin_id": -10, "origin_slot": 0, "target_id": 3, "target_slot": 1, "type": "STRING"},
            {"id": 6, "origin_id": 3, "origin_slot": 0, "target_id": 6, "target_slot": 1, "type": "CONDITIONING"},
            {"id": 7, "origin_id": 4, "origin_slot": 0, "target_id": 6, "target_slot": 2, "type": "CONDITIONING"},
            {"id": 8, "origin_id": 5, "origin_slot": 0, "target_id": 6, "target_slot": 3, "type": "LATENT"},
            {"id": 9, "origin_id": 6, "origin_slot": 0, "target_id": -20, "target_slot": 0, "type": "LATENT"},
            {"id": 10, "origin_id": 7, "origin_slot": 0, "target_id": 6, "target_slot": 0, "type": "MODEL"},
        ],
    }
    nodes = [
        _node(20, "PrimitiveStringMultiline", ["a lighthouse in a storm, oil on canvas"]),
        _node(30, "gen-uuid", [], [{"name": "text", "type": "STRING", "link": 1}]),
        _node(31, "CheckpointLoaderSimple", ["vae_source.safetensors"]),
        _node(8, "VAEDecode", [], [{"name": "samples", "type": "LATENT", "link": 2},
                                   {"name": "vae", "type": "VAE", "link": 3}]),
        _node(9, "SaveImage", ["ComfyUI"], [{"name": "images", "type": "IMAGE", "link": 4}]),
    ]
    links = [[1, 20, 0, 30, 0, "STRING"], [2, 30, 0, 8, 0, "LATENT"], [3, 31, 2, 8, 1, "VAE"],
             [4, 8, 0, 9, 0, "IMAGE"]]
    return {**_workflow(nodes, links), "definitions": {"subgraphs": [gen, load]}}


def test_editor_workflow_with_nested_subgraphs() -> None:
    result = _read({"workflow": _subgraph_workflow()})
    assert result.model is not None and result.model.name == "juggernautXL_v9.safetensors"
    assert (result.seed, result.steps, result.cfg, result.sampler, result.scheduler) == \
        (4242, 28, 5.0, "dpmpp_2m", "karras")
    assert (result.prompt, result.negative_prompt) == ("a lighthouse in a storm, oil on canvas", "blurry")
    assert (result.width, result.height) == (896, 1152)
    assert result.extras["Sampler node"] == "KSampler (30:6)"  # named as ComfyUI's API graph names it


def test_subgraph_that_contains_itself_is_bounded() -> None:
    workflow = _subgraph_workflow()
    gen = workflow["definitions"]["subgraphs"][0]
    gen["nodes"].append(_node(40, "gen-uuid", [], [{"name": "text", "type": "STRING", "link": 5}]))
    result = _read({"workflow": workflow})
    assert result.format == "comfyui" and result.seed == 4242


def test_sampler_taking_its_numbers_as_text() -> None:
    """ComfyUI_essentials' FluxSamplerParams+: seed, steps and guidance are strings (comma lists
    sweep several values; the first is the first image's), sampler and scheduler names likewise."""
    graph = {
        "1": {"class_type": "UNETLoader", "inputs": {"unet_name": "flux1-dev.safetensors", "weight_dtype": "default"}},
        "2": {"class_type": "DualCLIPLoader", "inputs": {"clip_name1": "t5xxl.safetensors",
                                                         "clip_name2": "clip_l.safetensors", "type": "flux"}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "a glass greenhouse at dusk", "clip": ["2", 0]}},
        "4": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 768, "batch_size": 1}},
        "5": {"class_type": "FluxSamplerParams+", "inputs": {
            "model": ["1", 0], "conditioning": ["3", 0], "latent_image": ["4", 0], "seed": "8675309",
            "sampler": "euler", "scheduler": "simple", "steps": "20, 30", "guidance": "3.5", "max_shift": "",
            "base_shift": "", "denoise": "1.0"}},
        "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["7", 0]}},
        "7": {"class_type": "VAELoader", "inputs": {"vae_name": "ae.safetensors"}},
        "8": {"class_type": "SaveImage", "inputs": {"images": ["6", 0]}},
    }
    result = _read({"prompt": graph})
    assert (result.seed, result.steps, result.sampler, result.scheduler) == (8675309, 20, "euler", "simple")
    assert (result.prompt, result.width, result.height) == ("a glass greenhouse at dusk", 1024, 768)


def test_all_in_one_sampler_with_its_own_lora() -> None:
    """tinyterra's ttN pipeLoader -> pipeKSampler: the model and prompts come through `pipe`, and
    the sampler applies a LoRA of its own on top of the loader's."""
    graph = {
        "1": {"class_type": "ttN pipeLoader", "inputs": {
            "ckpt_name": "dreamshaper_8.safetensors", "config_name": "Default", "vae_name": "Baked VAE",
            "clip_skip": -1, "lora1_name": "watercolor.safetensors", "lora1_model_strength": 0.5,
            "lora1_clip_strength": 1, "lora2_name": "None", "lora2_model_strength": 1, "lora2_clip_strength": 1,
            "positive": "a paper boat on a puddle", "positive_token_normalization": "none",
            "positive_weight_interpretation": "comfy", "negative": "text", "negative_token_normalization": "none",
            "negative_weight_interpretation": "comfy", "empty_latent_width": 512, "empty_latent_height": 768,
            "batch_size": 1, "seed": 31}},
        "2": {"class_type": "ttN pipeKSampler", "inputs": {
            "pipe": ["1", 0], "lora_name": "papercut.safetensors", "lora_model_strength": 0.8,
            "lora_clip_strength": 0.8, "upscale_method": "None", "factor": 2, "crop": "disabled",
            "sampler_state": "Sample", "steps": 22, "cfg": 7.0, "sampler_name": "dpmpp_2m", "scheduler": "karras",
            "denoise": 1.0, "image_output": "Save", "save_prefix": "ComfyUI", "seed": 31}},
    }
    result = _read({"prompt": graph})
    assert result.model is not None and result.model.name == "dreamshaper_8.safetensors"
    assert (result.seed, result.steps, result.cfg, result.sampler) == (31, 22, 7.0, "dpmpp_2m")
    assert (result.prompt, result.negative_prompt, result.width, result.height) == \
        ("a paper boat on a puddle", "text", 512, 768)
    assert [(x.name, x.weight) for x in result.loras] == [("papercut.safetensors", 0.8),
                                                          ("watercolor.safetensors", 0.5)]


def test_helper_model_loaders_are_never_the_checkpoint() -> None:
    """An upscaler or IP-Adapter loader wired where a model is looked for is not the checkpoint."""
    for kind, key in (("UpscaleModelLoader", "model_name"), ("IPAdapterModelLoader", "ipadapter_file")):
        graph = _one_encoder_graph({"class_type": "CLIPTextEncode", "inputs": {"text": "a fox", "clip": ["1", 1]}})
        graph["20"] = {"class_type": kind, "inputs": {key: "helper.safetensors"}}
        graph["21"] = {"class_type": "SomeModelPatch", "inputs": {"patch_model": ["20", 0]}}
        graph["5"]["inputs"]["model"] = ["21", 0]
        result = _read({"prompt": graph})
        assert result.model is None or result.model.name != "helper.safetensors", kind


def test_rgthree_context_carries_settings_but_is_not_a_pass() -> None:
    """Context Big (rgthree) holds seed, steps and cfg inputs and a model link, like a sampler; the
    KSampler that reads from it is the only pass, and its own literal seed is the one that ran."""
    graph = _one_encoder_graph({"class_type": "CLIPTextEncode", "inputs": {"text": "a heron", "clip": ["1", 1]}})
    graph["10"] = {"class_type": "Context Big (rgthree)", "inputs": {
        "model": ["1", 0], "clip": ["1", 1], "vae": ["1", 2], "positive": ["2", 0], "negative": ["3", 0],
        "latent": ["4", 0], "seed": 2468, "steps": 25, "step_refiner": 20, "cfg": 6.5, "sampler": "euler",
        "scheduler": "normal"}}
    graph["5"]["inputs"].update({"seed": 11, "steps": ["10", 11], "cfg": ["10", 13], "model": ["10", 1],
                                 "positive": ["10", 4], "negative": ["10", 5], "latent_image": ["10", 6]})
    result = _read({"prompt": graph})
    assert (result.seed, result.steps, result.cfg) == (11, 25, 6.5)
    assert (result.prompt, result.negative_prompt, result.width) == ("a heron", "low quality", 1024)
    assert "Passes" not in result.extras
