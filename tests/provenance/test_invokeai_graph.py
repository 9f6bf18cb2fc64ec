"""InvokeAI images that carry only `invokeai_graph` (workflow editor): settings from nodes and edges.

Node types and field names follow invoke-ai/InvokeAI `invokeai/app/invocations/` (`denoise_latents`:
steps, cfg_scale, scheduler, positive_conditioning/negative_conditioning/noise inputs; `noise`: seed,
width, height; `sdxl_compel_prompt` / `compel`: prompt; `string`: value; `flux_denoise`: num_steps,
guidance, cfg_scale, width, height, seed, positive_text_conditioning; `flux_text_encoder`: prompt;
`*_model_loader`: model; `*_lora_loader`: lora, weight). Graphs are serialised by pydantic
`model_dump_json()`: compact JSON.
"""

from __future__ import annotations

import json

from PIL.PngImagePlugin import PngInfo

from generator.provenance.reader import read_provenance

from ._h1_fixtures import pillow_png


def _edge(src: str, src_field: str, dst: str, dst_field: str) -> dict:
    return {"source": {"node_id": src, "field": src_field}, "destination": {"node_id": dst, "field": dst_field}}


def _node(node_id: str, node_type: str, **fields) -> dict:
    return {"id": node_id, "type": node_type, "is_intermediate": True, "use_cache": True, **fields}


MODEL = {"key": "5f1c", "hash": "blake3:9a8b", "name": "Juggernaut XL v9", "base": "sdxl", "type": "main"}
SDXL_GRAPH = {
    "id": "workflow-graph",
    "nodes": {
        "pos_text": _node("pos_text", "string", value="a lighthouse on a cliff, stormy sea"),
        "pos": _node("pos", "sdxl_compel_prompt", prompt="", style=""),
        "neg": _node("neg", "sdxl_compel_prompt", prompt="blurry, lowres", style=""),
        "loader": _node("loader", "sdxl_model_loader", model=MODEL),
        "lora": _node("lora", "sdxl_lora_loader", lora={"key": "77", "hash": "blake3:77", "name": "film_grain",
                                                        "base": "sdxl", "type": "lora"}, weight=0.6),
        "noise": _node("noise", "noise", seed=123456789, width=1216, height=832, use_cpu=True),
        "denoise": _node("denoise", "denoise_latents", steps=30, cfg_scale=5.5, scheduler="dpmpp_2m_k",
                         denoising_start=0, denoising_end=1, cfg_rescale_multiplier=0),
        "l2i": _node("l2i", "l2i", fp32=False, is_intermediate=False),
    },
    "edges": [
        _edge("pos_text", "value", "pos", "prompt"),
        _edge("pos", "conditioning", "denoise", "positive_conditioning"),
        _edge("neg", "conditioning", "denoise", "negative_conditioning"),
        _edge("noise", "noise", "denoise", "noise"),
        _edge("loader", "unet", "lora", "unet"),
        _edge("lora", "unet", "denoise", "unet"),
        _edge("denoise", "latents", "l2i", "latents"),
    ],
}
FLUX_GRAPH = {
    "id": "flux-graph",
    "nodes": {
        "loader": _node("loader", "flux_model_loader", model={"key": "f1", "hash": "blake3:f1", "name": "FLUX Dev",
                                                              "base": "flux", "type": "main"}),
        "text": _node("text", "flux_text_encoder", prompt="a cat in a spacesuit", t5_max_seq_len=512),
        "denoise": _node("denoise", "flux_denoise", num_steps=28, guidance=3.5, cfg_scale=1.0, width=1024,
                         height=1024, seed=42, denoising_start=0, denoising_end=1),
    },
    "edges": [_edge("text", "conditioning", "denoise", "positive_text_conditioning"),
              _edge("loader", "transformer", "denoise", "transformer")],
}


def graph_png(graph: dict) -> bytes:
    info = PngInfo()
    info.add_text("invokeai_graph", json.dumps(graph, separators=(",", ":")))
    return pillow_png(info)


def test_sdxl_workflow_graph_without_core_metadata() -> None:
    result = read_provenance("invoke.png", data=graph_png(SDXL_GRAPH))
    assert (result.format, result.generator) == ("invokeai", "InvokeAI")
    assert result.prompt == "a lighthouse on a cliff, stormy sea"  # through the string node's edge
    assert result.negative_prompt == "blurry, lowres"
    assert (result.seed, result.steps, result.cfg, result.sampler) == (123456789, 30, 5.5, "dpmpp_2m_k")
    assert (result.width, result.height) == (1216, 832)
    assert (result.model.name, result.model.hash) == ("Juggernaut XL v9", "blake3:9a8b")
    assert [(lora.name, lora.weight) for lora in result.loras] == [("film_grain", 0.6)]
    assert "id" not in result.extras and "type" not in result.extras


def test_flux_graph() -> None:
    result = read_provenance("flux.png", data=graph_png(FLUX_GRAPH))
    assert result.prompt == "a cat in a spacesuit"
    assert (result.seed, result.steps, result.width, result.height) == (42, 28, 1024, 1024)
    assert result.extras["guidance"] == "3.5"
    assert result.model.name == "FLUX Dev"


def test_core_metadata_node_wins_over_the_graph() -> None:
    graph = json.loads(json.dumps(SDXL_GRAPH))
    graph["nodes"]["meta"] = _node("meta", "core_metadata", positive_prompt="a lighthouse, __weather__", seed=1)
    result = read_provenance("invoke.png", data=graph_png(graph))
    assert result.prompt == "a lighthouse, __weather__"  # as the user typed it
    assert result.seed == 1
    assert result.steps == 30  # what the node left out comes from the graph


def test_edge_cycles_and_junk_do_not_hang() -> None:
    graph = {"nodes": {"a": _node("a", "string"), "denoise": _node("denoise", "denoise_latents", steps=20)},
             "edges": [_edge("a", "value", "a", "value"), _edge("a", "value", "denoise", "cfg_scale"), "junk", {}]}
    result = read_provenance("loop.png", data=graph_png(graph))
    assert result.steps == 20 and result.cfg is None
