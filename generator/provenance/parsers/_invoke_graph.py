"""Settings read from an InvokeAI graph (`invokeai_graph`) by following its edges.

InvokeAI 3.x-5.x saves the graph that ran beside its `invokeai_metadata` record. Images from the
workflow editor often carry only the graph, with no `core_metadata` node or one that holds only
what the user wired into it. The graph still says everything: a denoise node (`denoise_latents`,
`flux_denoise`, `sd3_denoise`, ...) has the steps, CFG and scheduler; its `positive_conditioning`
/ `negative_conditioning` edges lead to a prompt node (`compel`, `sdxl_compel_prompt`,
`flux_text_encoder`, ...) whose `prompt` is a field or comes by an edge from a `string` node; its
`noise` edge leads to the seed and size; loader nodes name the model and the LoRAs.

Graph shape (invoke-ai/InvokeAI `invokeai/app/services/shared/graph.py`): `nodes` is a map from
id to a node with `type` and its fields; `edges` is a list of
`{"source": {"node_id", "field"}, "destination": {"node_id", "field"}}`.
"""

from __future__ import annotations

from typing import Any

MAX_NODES = 2000
MAX_EDGES = 5000
MAX_HOPS = 8


def _edges(graph: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(destination node, field) -> source node id."""
    found: dict[tuple[str, str], str] = {}
    edges = graph.get("edges")
    for edge in edges[:MAX_EDGES] if isinstance(edges, list) else []:
        if not isinstance(edge, dict):
            continue
        source, destination = edge.get("source"), edge.get("destination")
        if isinstance(source, dict) and isinstance(destination, dict):
            dst, field, src = destination.get("node_id"), destination.get("field"), source.get("node_id")
            if isinstance(dst, str) and isinstance(field, str) and isinstance(src, str):
                found.setdefault((dst, field), src)
    return found


def _value(nodes: dict[str, Any], edges: dict[tuple[str, str], str], node_id: str, field: str) -> Any:
    """A node's field, or the value of the primitive node wired into it (string, integer, ...)."""
    for _ in range(MAX_HOPS):
        node = nodes.get(node_id)
        if not isinstance(node, dict):
            return None
        if node.get(field) not in (None, ""):
            return node[field]
        source = edges.get((node_id, field))
        if source is None:
            return None
        node_id, field = source, "value"  # primitives (`string`, `integer`, `float`) hold `value`
    return None


def _is_denoise(node_type: str) -> bool:
    return node_type == "denoise_latents" or node_type.endswith("_denoise") or node_type.endswith("denoise_latents")


def graph_settings(graph: dict[str, Any] | None) -> dict[str, Any]:
    """The core_metadata-shaped settings the graph's nodes and edges say (empty when none)."""
    nodes = (graph or {}).get("nodes")
    if not isinstance(nodes, dict) or len(nodes) > MAX_NODES:
        return {}
    edges = _edges(graph or {})
    typed = {key: node for key, node in nodes.items() if isinstance(node, dict) and isinstance(node.get("type"), str)}
    denoise = next((key for key, node in typed.items() if _is_denoise(node["type"])), None)
    found: dict[str, Any] = {}
    if denoise is not None:
        for key, names in (("steps", ("steps", "num_steps")), ("cfg_scale", ("cfg_scale",)), ("guidance", ("guidance",)),
                           ("scheduler", ("scheduler",)), ("seed", ("seed",)), ("width", ("width",)),
                           ("height", ("height",))):
            value = next((_value(nodes, edges, denoise, name) for name in names
                          if _value(nodes, edges, denoise, name) is not None), None)
            if value is not None and not isinstance(value, dict):
                found[key] = value
        for key, field in (("positive_prompt", "positive_conditioning"), ("negative_prompt", "negative_conditioning"),
                           ("positive_prompt", "positive_text_conditioning"),
                           ("negative_prompt", "negative_text_conditioning")):
            source = edges.get((denoise, field))
            prompt = _value(nodes, edges, source, "prompt") if source else None
            if isinstance(prompt, str) and key not in found:
                found[key] = prompt
        noise = edges.get((denoise, "noise"))
        for key in ("seed", "width", "height"):
            value = _value(nodes, edges, noise, key) if noise else None
            if value is not None and key not in found:
                found[key] = value
    loras = []
    for node in typed.values():
        node_type = node["type"]
        if node_type.endswith("model_loader") and "model" not in found and isinstance(node.get("model"), dict):
            found["model"] = node["model"]
        elif node_type.endswith("lora_loader") and isinstance(node.get("lora"), dict):
            loras.append({"model": node["lora"], "weight": node.get("weight")})
    if loras:
        found["loras"] = loras
    return found
