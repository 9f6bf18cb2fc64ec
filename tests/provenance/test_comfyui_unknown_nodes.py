"""ComfyUI graphs built from node types no table lists: found by their inputs, not their names."""

from __future__ import annotations

import json

from generator.provenance.bag import MetadataBag
from generator.provenance.reader import interpret


def test_api_graph_with_custom_sampler_and_loader() -> None:
    """Inspire Pack's "KSampler //Inspire" and a custom loader: the stock input names give them away."""
    graph = {
        "1": {"class_type": "CheckpointLoader|pysssss", "inputs": {"ckpt_name": {"content": "x"}, "ckpt_name_str": "a",
                                                                  "model_path": "sdxl/animagineXL40.safetensors"}},
        "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "1girl, garden", "clip": ["1", 1]}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "lowres", "clip": ["1", 1]}},
        "4": {"class_type": "SDXL Empty Latent Image (rgthree)", "inputs": {"dimensions": " 832 x 1216  (portrait)",
                                                                             "batch_size": 1}},
        "5": {"class_type": "KSampler //Inspire", "inputs": {
            "seed": 991, "steps": 28, "cfg": 5.0, "sampler_name": "euler_ancestral", "scheduler": "normal",
            "denoise": 1.0, "noise_mode": "GPU(=A1111)", "model": ["1", 0], "positive": ["2", 0], "negative": ["3", 0],
            "latent_image": ["4", 0]}},
        "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
        "7": {"class_type": "Image Save", "inputs": {"images": ["6", 0]}},
    }
    result = interpret(MetadataBag(path="x", container="png", text={"prompt": json.dumps(graph)}))
    assert (result.format, result.generator) == ("comfyui", "ComfyUI (WAS Image Save)")
    assert (result.seed, result.steps, result.cfg, result.sampler) == (991, 28, 5.0, "euler_ancestral")
    assert (result.prompt, result.negative_prompt, result.width, result.height) == ("1girl, garden", "lowres", 832, 1216)
    assert result.model.name == "sdxl/animagineXL40.safetensors"


def test_editor_workflow_with_unlisted_node_types_uses_widget_slots() -> None:
    """Only the editor's workflow was saved (no API graph), and the sampler is a custom node: its
    `inputs` carry `widget` names (frontend 1.16+), which name the `widgets_values`."""
    workflow = {
        "nodes": [
            {"id": 4, "type": "CheckpointLoaderSimple", "mode": 0, "widgets_values": ["juggernautXL_v9.safetensors"],
             "outputs": [{"name": "MODEL", "links": [1]}, {"name": "CLIP", "links": [2, 3]}]},
            {"id": 6, "type": "CLIPTextEncode", "mode": 0, "widgets_values": ["a ship at sea"],
             "inputs": [{"name": "clip", "type": "CLIP", "link": 2}, {"name": "text", "type": "STRING",
                                                                      "widget": {"name": "text"}, "link": None}]},
            {"id": 7, "type": "CLIPTextEncode", "mode": 0, "widgets_values": ["blurry"],
             "inputs": [{"name": "clip", "type": "CLIP", "link": 3}]},
            {"id": 5, "type": "EmptyLatentImage", "mode": 0, "widgets_values": [1024, 768, 1]},
            {"id": 3, "type": "MyFancySampler", "mode": 0,
             "widgets_values": [424242, "randomize", 35, 6.5, "dpmpp_2m", "karras", 1.0],
             "inputs": [
                 {"name": "model", "type": "MODEL", "link": 1},
                 {"name": "positive", "type": "CONDITIONING", "link": 4},
                 {"name": "negative", "type": "CONDITIONING", "link": 5},
                 {"name": "latent_image", "type": "LATENT", "link": 6},
                 {"name": "seed", "type": "INT", "widget": {"name": "seed"}, "link": None},
                 {"name": "steps", "type": "INT", "widget": {"name": "steps"}, "link": None},
                 {"name": "cfg", "type": "FLOAT", "widget": {"name": "cfg"}, "link": None},
                 {"name": "sampler_name", "type": "COMBO", "widget": {"name": "sampler_name"}, "link": None},
                 {"name": "scheduler", "type": "COMBO", "widget": {"name": "scheduler"}, "link": None},
                 {"name": "denoise", "type": "FLOAT", "widget": {"name": "denoise"}, "link": None}]},
            {"id": 8, "type": "VAEDecode", "mode": 0, "inputs": [{"name": "samples", "type": "LATENT", "link": 7}]},
            {"id": 9, "type": "SaveImage", "mode": 0, "widgets_values": ["ComfyUI"],
             "inputs": [{"name": "images", "type": "IMAGE", "link": 8}]},
        ],
        "links": [[1, 4, 0, 3, 0, "MODEL"], [2, 4, 1, 6, 0, "CLIP"], [3, 4, 1, 7, 0, "CLIP"],
                  [4, 6, 0, 3, 1, "CONDITIONING"], [5, 7, 0, 3, 2, "CONDITIONING"], [6, 5, 0, 3, 3, "LATENT"],
                  [7, 3, 0, 8, 0, "LATENT"], [8, 8, 0, 9, 0, "IMAGE"]],
        "version": 0.4,
    }
    result = interpret(MetadataBag(path="x", container="png", text={"workflow": json.dumps(workflow)}))
    assert result.format == "comfyui"
    assert (result.seed, result.steps, result.cfg, result.sampler, result.scheduler) == (424242, 35, 6.5, "dpmpp_2m", "karras")
    assert (result.prompt, result.negative_prompt) == ("a ship at sea", "blurry")
    assert (result.width, result.height, result.model.name) == (1024, 768, "juggernautXL_v9.safetensors")
