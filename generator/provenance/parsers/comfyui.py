"""ComfyUI: the generation graph saved with the image, wherever the saver node put it.

The stock SaveImage node writes two PNG text chunks: "prompt" (the API-format graph that ran) and
"workflow" (the editor's view of it). Savers for JPEG and WebP have to use EXIF and each picked
different tags (Make, Model, ImageDescription, UserComment, with or without a "prompt:" label), and
Civitai's ComfyUI backend writes the bare API graph into UserComment. So this parser looks at every
text the extractors found and recognises ComfyUI by the JSON's shape, not by where it sat.

The API graph is preferred because it holds the values that actually ran; the editor workflow is
read only when it is all there is. The workflow text itself is kept so an artist can offer it.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat, NotMyFormat
from generator.provenance.parsers._a1111_text import InfoText, parse_infotext
from generator.provenance.parsers._comfy_graph import (
    Graph,
    Pass,
    finite,
    number,
    passes,
    resized_after,
    string,
)
from generator.provenance.parsers._comfy_subgraphs import flatten as flatten_subgraphs
from generator.provenance.parsers._comfy_subgraphs import has_subgraphs
from generator.provenance.parsers._resources import (
    from_airs,
    from_civitai_list,
    from_graph,
    from_infotext,
    from_result,
)
from generator.provenance.parsers._settings import prefer_app_record, read_mapping
from generator.provenance.parsers.a1111 import fill_from_infotext
from generator.provenance.result import LoraRef, ModelRef, Provenance
from generator.provenance.safejson import load_json, load_json_documents, looks_like_json_object

MAX_WORKFLOW_CHARS = 2_000_000  # kept in the result for download; larger workflows are dropped
LABEL = re.compile(r"^\s*(prompt|workflow)\s*:\s*", re.IGNORECASE)
EXIF_ORDER = ("Make", "Model", "ImageDescription", "UserComment", "Software", "Artist", "XPComment")


class Found:
    """The ComfyUI documents found in one file: the API graph and the editor workflow."""

    def __init__(self) -> None:
        self.api: dict[str, Any] | None = None
        self.api_text: str | None = None
        self.workflow: dict[str, Any] | None = None
        self.workflow_text: str | None = None
        self.broken: list[str] = []

    def add(self, value: Any, text: str | None, where: str) -> None:
        """File one parsed JSON document by its shape; unknown shapes are ignored."""
        if isinstance(value, str) and looks_like_json_object(value):
            value, text = self._parse(value, where), value
        if not isinstance(value, dict):
            return
        if is_api_graph(value):
            if self.api is None:
                self.api, self.api_text = value, text
        elif isinstance(value.get("nodes"), list):
            if self.workflow is None:
                self.workflow, self.workflow_text = value, text
        else:
            for key in ("prompt", "workflow"):
                if key in value:
                    inner = value[key]
                    self.add(inner, inner if isinstance(inner, str) else None, f"{where}.{key}")

    def add_text(self, text: str, where: str) -> None:
        body = LABEL.sub("", text.strip("\x00 \t\r\n"), count=1)
        if not looks_like_json_object(body) or ("class_type" not in body and '"nodes"' not in body):
            return
        try:
            documents = load_json_documents(body)
        except BrokenFormat as exc:
            self.broken.append(f"{where}: {exc}")
            return
        for document in documents:
            self.add(document, body if len(documents) == 1 else None, where)

    def _parse(self, text: str, where: str) -> Any:
        try:
            return load_json(text)
        except BrokenFormat as exc:
            self.broken.append(f"{where}: {exc}")
            return None


def is_api_graph(value: dict[str, Any]) -> bool:
    return any(isinstance(node, dict) and isinstance(node.get("class_type"), str) for node in value.values())


def find_documents(bag: MetadataBag) -> Found:
    found = Found()
    texts = sorted(bag.text.items(), key=lambda item: item[0].lower() not in ("prompt", "workflow"))
    for key, text in texts:
        found.add_text(text, f"PNG text {key!r}")
    exif = sorted(bag.exif.items(), key=lambda item: EXIF_ORDER.index(item[0]) if item[0] in EXIF_ORDER else 99)
    for key, text in exif:
        found.add_text(text, f"EXIF {key}")
    if found.api is None:  # some savers put the graph in their own XMP property (often as CDATA)
        for key, text in list(bag.xmp_fields.items())[:500]:
            if "class_type" in text[:100_000]:
                found.add_text(text, f"XMP {key}")
    return found


class ComfyUIParser:
    name: ClassVar[str] = "comfyui"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        found = find_documents(bag)
        graph = Graph.from_api(found.api) if found.api is not None else None
        steps = passes(graph) if graph else []
        if not steps and found.workflow is not None:
            ui_graph = graph_from_workflow(found.workflow)
            if ui_graph is not None:
                graph, steps = ui_graph, passes(ui_graph)
        if graph is None:
            if found.broken:
                raise BrokenFormat("; ".join(found.broken)[:300])
            raise NotMyFormat
        result.format = "comfyui"
        saver = saver_node(graph)
        result.generator = "Civitai" if is_civitai(graph) else f"ComfyUI ({saver})" if saver else "ComfyUI"
        result.workflow = workflow_text(found)
        result.warnings.extend(found.broken)
        if steps:
            fill(result, graph, steps, bag)
        record = civitai_record(graph, result)
        if record is not None:
            fill_from_civitai(result, record, graph)
        ledger(result, graph, record)
        size_from_file = bool(steps) and steps[0].width is None and result.width is not None
        saver_infotext(bag, result, size_from_file)
        return True


# Saver nodes people know by name (their NODE_CLASS_MAPPINGS keys); others are kept in extras only.
SAVERS = {
    "SaveImageWithMetaData": "SaveImageWithMetaData",  # nkchocoai, and edelvarden's ImageMetadataExtension fork
    "SaveImageWithMetaDataUniversal": "SaveImageWithMetaData Universal",
    "Image Saver": "Image Saver",  # alexopus/ComfyUI-Image-Saver, from giriss/comfy-image-saver
    "Save image with extra metadata [Crystools]": "Crystools",
    "SaveImageExtended": "SaveImageExtended",
    "SaveImagePlus": "SaveImagePlus",
    "Image Save": "WAS Image Save",
}


def saver_node(graph: Graph) -> str | None:
    """The known saver node that wrote the file, from the graph's output nodes."""
    for node_id in graph.nodes:
        name = SAVERS.get(graph.kind(node_id))
        if name:
            return name
    return None


def saver_infotext(bag: MetadataBag, result: Provenance, size_from_file: bool = False) -> None:
    """A saver node's A1111 infotext beside the graph: the graph's values stay (they ran), the
    infotext adds the hashes it computed (model, LoRAs, embeddings) and anything the graph lacked.

    PNG savers put it in `parameters`; JPEG and WebP savers (Image Saver, Efficiency Nodes'
    SaveImageEfficient, ...) in EXIF UserComment, beside the graph in other EXIF fields. A size
    the graph did not give (taken from the file's pixels) yields to the infotext's."""
    info = None
    for text in (bag.text.get("parameters"), bag.exif.get("UserComment")):
        info = parse_infotext(text) if text else None
        if info is not None:
            break
    if info is None:
        return
    _fill_missing(result, info, size_from_file)
    model_hash = info.get("Model hash")
    if result.model is not None and result.model.hash is None and model_hash:
        result.model.hash = model_hash
        for resource in result.resources:
            if resource.kind == "checkpoint" and resource.name == result.model.name:
                resource.hash = resource.hash or model_hash
    from_infotext(info.prompt, info.negative_prompt, info.settings, "comfyui saver infotext", result.resources)
    result.prompt = result.prompt or info.prompt or None
    result.negative_prompt = result.negative_prompt or info.negative_prompt


def _fill_missing(result: Provenance, info: InfoText, size_from_file: bool) -> None:
    """Settings the graph walk could not find (a sampler node of an unknown kind, a workflow with
    values hidden in widgets nobody named), from the saver's own infotext."""
    found = Provenance(file=result.file)
    fill_from_infotext(info, found)
    for attr in ("seed", "steps", "cfg", "sampler", "scheduler"):
        if getattr(result, attr) is None and getattr(found, attr) is not None:
            setattr(result, attr, getattr(found, attr))
    if found.width and found.height and (result.width is None or size_from_file):
        result.width, result.height = found.width, found.height
    if result.model is None and found.model is not None:
        result.model = found.model


def ledger(result: Provenance, graph: Graph, record: dict[str, Any] | None) -> None:
    """Resources: the main pass's model and LoRAs first, then every loader in the graph, then
    what Civitai's record and AIR list name (its AIRs attach to the graph's checkpoint)."""
    from_result(result.model, result.loras, "comfyui main pass", result.resources)
    from_graph(graph, "comfyui", result.resources)
    if record is not None:
        from_civitai_list(record.get("resources"), "Civitai extraMetadata", result.resources)
    extra = graph.extra.get("extra")
    if isinstance(extra, dict):
        from_airs(extra.get("airs"), "Civitai extra.airs", result.resources)


def is_civitai(graph: Graph) -> bool:
    """Civitai's generator adds non-node keys ("extraMetadata", "extra": {"airs": ...}) to the graph."""
    extra = graph.extra.get("extra")
    return "extraMetadata" in graph.extra or (isinstance(extra, dict) and "airs" in extra)


def civitai_record(graph: Graph, result: Provenance) -> dict[str, Any] | None:
    """Civitai's own record of the request, a JSON string in the graph's "extraMetadata" key.

    It holds the prompt as the user typed it and the sampler as the user chose it ("Euler a"),
    which the graph may not: an upscale-only workflow has no sampler node at all."""
    raw = graph.extra.get("extraMetadata")
    if isinstance(raw, str) and looks_like_json_object(raw):
        try:
            raw = load_json(raw)
        except BrokenFormat as exc:
            result.warnings.append(f"Civitai extraMetadata: {exc}")
            return None
    return raw if isinstance(raw, dict) else None


def fill_from_civitai(result: Provenance, record: dict[str, Any], graph: Graph) -> None:
    """Civitai's record gives the prompt as typed and the sampler as chosen (the wrapper rule);
    numbers the graph lacks are filled from it, the graph's own numbers win since they ran."""
    result.ai_generated = True
    prefer_app_record(result, read_mapping(record))  # the wrapper rule, as for Stability Matrix
    numbers = {"seed": ("seed", int), "steps": ("steps", int), "cfg": ("cfgScale", float)}
    for attr, (key, kind) in numbers.items():
        value = finite(record.get(key))
        if getattr(result, attr) is None and value is not None:
            setattr(result, attr, kind(value))
    if result.width is None:
        width, height = _civitai_size(record)
        if width and height:
            result.width, result.height = width, height
    if isinstance(record.get("baseModel"), str):
        result.extras.setdefault("Base model", record["baseModel"][:200])
    if result.model is None and (version := _civitai_checkpoint_version(record)) is not None:
        # The record names the checkpoint only by Civitai's version id; that id is the whole fact.
        result.model = ModelRef(f"Civitai model version {version}")


def _civitai_checkpoint_version(record: dict[str, Any]) -> int | None:
    """The version id of the record's first resource, the checkpoint Civitai lists first."""
    resources = record.get("resources")
    first = resources[0] if isinstance(resources, list) and resources else None
    version = finite(first.get("modelVersionId")) if isinstance(first, dict) else None
    return int(version) if version is not None and version > 0 else None


def _civitai_size(record: dict[str, Any]) -> tuple[int | None, int | None]:
    """The size the request delivered: an upscale transformation's target, else the request's own."""
    for step in record.get("transformations") or []:
        if isinstance(step, dict) and step.get("type") == "upscale":
            width, height = finite(step.get("upscaleWidth")), finite(step.get("upscaleHeight"))
            if width and height:
                return int(width), int(height)
    width, height = finite(record.get("width")), finite(record.get("height"))
    return (int(width), int(height)) if width and height else (None, None)


def workflow_text(found: Found) -> str | None:
    for document, text in ((found.workflow, found.workflow_text), (found.api, found.api_text)):
        if document is None:
            continue
        if text is None:
            text = json.dumps(document, ensure_ascii=False)
        return text if len(text) <= MAX_WORKFLOW_CHARS else None
    return None


def fill(result: Provenance, graph: Graph, steps: list[Pass], bag: MetadataBag) -> None:
    main = steps[0]
    result.ai_generated = True
    result.model = ModelRef(main.model) if main.model else None
    seen: set[str] = set()
    for step in steps:
        for name, weight in step.loras:
            if name not in seen:
                seen.add(name)
                result.loras.append(LoraRef(name=name, weight=weight))
    result.seed, result.steps, result.cfg = main.seed, main.steps, main.cfg
    result.sampler, result.scheduler = main.sampler, main.scheduler
    if result.cfg is None and main.guidance is not None:
        result.cfg = main.guidance  # Flux with a BasicGuider: the guidance is the only scale there is
    result.prompt, result.negative_prompt = main.positive, main.negative
    result.width, result.height = main.width, main.height
    if result.width is None and len(steps) == 1 and not resized_after(graph, main.node):
        result.width, result.height = bag.width, bag.height  # img2img: the input image set the size
    result.extras.update(extras(graph, steps))


def extras(graph: Graph, steps: list[Pass]) -> dict[str, str]:
    main = steps[0]
    out: dict[str, str] = {"Sampler node": f"{main.kind} ({main.node})"}
    for label, value in (("Denoise", main.denoise), ("Guidance", main.guidance)):
        if value is not None:
            out[label] = f"{value:g}"
    for node_id in graph.nodes:
        inputs = graph.inputs(node_id)
        if "VAE" not in out and (vae := string(graph, inputs, "vae_name")):
            out["VAE"] = vae
        if "CLIP skip" not in out and (skip := number(graph, inputs, "stop_at_clip_layer")) is not None:
            out["CLIP skip"] = str(abs(int(skip)))
    for index, step in enumerate(steps[1:], start=2):
        out[f"Pass {index}"] = describe(step)
    if len(steps) > 1:
        out["Passes"] = str(len(steps))
    airs = graph.extra.get("extra")
    if isinstance(airs, dict) and isinstance(airs.get("airs"), list):
        out["Civitai resources"] = ", ".join(str(a) for a in airs["airs"][:32])
    return out


def describe(step: Pass) -> str:
    values = (("seed", step.seed), ("steps", step.steps), ("cfg", step.cfg), ("sampler", step.sampler),
              ("scheduler", step.scheduler), ("denoise", step.denoise), ("model", step.model),
              ("size", f"{step.width}x{step.height}" if step.width else None))
    parts = [f"{label} {value:g}" if isinstance(value, float) else f"{label} {value}"
             for label, value in values if value is not None]
    return f"{step.kind} ({step.node}): " + ", ".join(parts)


# --- the editor workflow, read when no API graph is present ---------------------------------------------

CONTROL = frozenset({"fixed", "increment", "decrement", "randomize"})
WIDGETS: dict[str, tuple[str, ...]] = {
    "KSampler": ("seed", "control_after_generate", "steps", "cfg", "sampler_name", "scheduler", "denoise"),
    "KSamplerAdvanced": ("add_noise", "noise_seed", "control_after_generate", "steps", "cfg", "sampler_name",
                         "scheduler", "start_at_step", "end_at_step", "return_with_leftover_noise"),
    "SamplerCustom": ("add_noise", "noise_seed", "control_after_generate", "cfg"),
    "RandomNoise": ("noise_seed", "control_after_generate"),
    "KSamplerSelect": ("sampler_name",),
    "BasicScheduler": ("scheduler", "steps", "denoise"),
    "SDTurboScheduler": ("steps", "denoise"),
    "CFGGuider": ("cfg",),
    "FluxGuidance": ("guidance",),
    "CheckpointLoaderSimple": ("ckpt_name",),
    "CheckpointLoader": ("config_name", "ckpt_name"),
    "unCLIPCheckpointLoader": ("ckpt_name",),
    "UNETLoader": ("unet_name", "weight_dtype"),
    "UnetLoaderGGUF": ("unet_name",),
    "LoraLoader": ("lora_name", "strength_model", "strength_clip"),
    "LoraLoaderModelOnly": ("lora_name", "strength_model"),
    "CLIPTextEncode": ("text",),
    "CLIPTextEncodeSDXL": ("width", "height", "crop_w", "crop_h", "target_width", "target_height",
                           "text_g", "text_l"),
    "CLIPTextEncodeFlux": ("clip_l", "t5xxl", "guidance"),
    "EmptyLatentImage": ("width", "height", "batch_size"),
    "EmptySD3LatentImage": ("width", "height", "batch_size"),
    "LatentUpscale": ("upscale_method", "width", "height", "crop"),
    "ImageScale": ("upscale_method", "width", "height", "crop"),
    "VAELoader": ("vae_name",),
    "CLIPSetLastLayer": ("stop_at_clip_layer",),
    "PrimitiveNode": ("value", "control_after_generate"),
    # Efficiency Nodes (LucianoCirino/efficiency-nodes-comfyui `efficiency_nodes.py`, INPUT_TYPES order)
    "KSampler (Efficient)": ("seed", "control_after_generate", "steps", "cfg", "sampler_name", "scheduler",
                             "denoise", "preview_method", "vae_decode"),
    "KSampler Adv. (Efficient)": ("add_noise", "noise_seed", "control_after_generate", "steps", "cfg",
                                  "sampler_name", "scheduler", "start_at_step", "end_at_step",
                                  "return_with_leftover_noise", "preview_method", "vae_decode"),
    "KSampler SDXL (Eff.)": ("noise_seed", "control_after_generate", "steps", "cfg", "sampler_name", "scheduler",
                             "start_at_step", "refine_at_step", "preview_method", "vae_decode"),
    "Efficient Loader": ("ckpt_name", "vae_name", "clip_skip", "lora_name", "lora_model_strength",
                         "lora_clip_strength", "positive", "negative", "token_normalization",
                         "weight_interpretation", "empty_latent_width", "empty_latent_height", "batch_size"),
    "Eff. Loader SDXL": ("base_ckpt_name", "base_clip_skip", "refiner_ckpt_name", "refiner_clip_skip",
                         "positive_ascore", "negative_ascore", "vae_name", "positive", "negative",
                         "token_normalization", "weight_interpretation", "empty_latent_width",
                         "empty_latent_height", "batch_size"),
}
MUTED, BYPASSED = 2, 4


def graph_from_workflow(workflow: dict[str, Any]) -> Graph | None:
    """An API-like graph rebuilt from the editor's nodes, widget values and links (subgraphs
    flattened first, inner nodes named "instance:inner" as ComfyUI's API graph names them)."""
    if has_subgraphs(workflow):
        workflow = flatten_subgraphs(workflow)
    links = _link_table(workflow.get("links"))
    api: dict[str, Any] = {}
    for node in workflow.get("nodes", [])[:10_000]:
        if not isinstance(node, dict) or not isinstance(node.get("type"), str) or node.get("mode") == MUTED:
            continue
        kind = "Reroute" if node.get("mode") == BYPASSED else node["type"]
        inputs = {} if kind == "Reroute" else _widget_inputs(kind, node.get("widgets_values"), node.get("inputs"))
        for slot in node.get("inputs") or []:
            if isinstance(slot, dict) and isinstance(slot.get("name"), str) and \
                    isinstance(slot.get("link"), (int, str)) and slot["link"] in links:
                inputs[slot["name"]] = list(links[slot["link"]])
        api[str(node.get("id"))] = {"class_type": kind, "inputs": inputs}
    return Graph.from_api(api)


def _link_table(raw: Any) -> dict[Any, tuple[str, int]]:
    """Link id -> (source node id, source slot), from list or object links, shape-checked."""
    table: dict[Any, tuple[str, int]] = {}
    for link in raw if isinstance(raw, list) else []:
        if isinstance(link, list) and len(link) >= 5:
            link_id, source, slot = link[0], link[1], link[2]
        elif isinstance(link, dict):
            link_id, source, slot = link.get("id"), link.get("origin_id"), link.get("origin_slot")
        else:
            continue
        if isinstance(link_id, (int, str)) and isinstance(source, (int, str)) and isinstance(slot, int):
            table[link_id] = (str(source), slot)
        if len(table) >= 50_000:
            break
    return table


def _is_control(value: Any) -> bool:
    """The "control after generate" widget: a word in new workflows, a boolean in old ones."""
    return isinstance(value, bool) or (isinstance(value, str) and value in CONTROL)


def _widget_inputs(kind: str, values: Any, slots: Any = None) -> dict[str, Any]:
    if isinstance(values, dict):
        return {str(k): v for k, v in list(values.items())[:200]}
    if not isinstance(values, list):
        return {}
    if kind not in WIDGETS and (named := _named_widgets(values, slots)):
        return named
    names = list(WIDGETS.get(kind, ()))
    if "control_after_generate" in names:
        at = names.index("control_after_generate")
        if at >= len(values) or not _is_control(values[at]):
            names.remove("control_after_generate")
    if not names and kind.startswith("Primitive") and values:
        names = ["value"]
    if not names:
        names = list(_sampler_like(values))
    if not names:
        # A node type nobody listed, from an editor that did not name its widgets: the values keep
        # their places, so a text node with one string ("Text Multiline", "CR Prompt Text", ...)
        # still hands that string on, as its only literal, to the encoder it is wired to.
        names = [f"widget_{index}" for index in range(min(len(values), 64))]
    inputs = dict(zip(names, values, strict=False))
    for key in ("text", "text_g", "text_l", "clip_l", "t5xxl"):
        if isinstance(inputs.get(key), str):
            inputs[key] = strip_comments(inputs[key])  # the editor strips these before queueing
    return inputs


def _sampler_like(values: list[Any]) -> tuple[str, ...]:
    """The widget names of KSampler or KSamplerAdvanced, when an unlisted node's values have their
    shape. Custom samplers ("KSampler //Inspire", WAS, Efficiency forks, ...) copy the stock
    INPUT_TYPES and add their own widgets after them, so a seed, its control word, steps, cfg and two
    names in that order are a sampler's whatever the node is called."""
    for kind, offset in (("KSampler", 0), ("KSamplerAdvanced", 1)):
        head = values[offset:offset + 6]
        if len(head) == 6 and isinstance(head[0], int) and not isinstance(head[0], bool) and _is_control(head[1]) \
                and isinstance(head[2], int) and not isinstance(head[2], bool) \
                and isinstance(head[3], (int, float)) and not isinstance(head[3], bool) \
                and isinstance(head[4], str) and isinstance(head[5], str) \
                and (offset == 0 or isinstance(values[0], str)):
            return WIDGETS[kind]
    return ()


def _named_widgets(values: list[Any], slots: Any) -> dict[str, Any]:
    """Widget values of a node type nobody listed, named by the editor's own slot list.

    Since ComfyUI frontend 1.16 every widget also appears in the node's `inputs` with
    `"widget": {"name": ...}`, in widget order; `widgets_values` follows that order, with the
    "control after generate" choice inserted after a seed-like number."""
    names = [slot["widget"]["name"] for slot in (slots if isinstance(slots, list) else [])[:200]
             if isinstance(slot, dict) and isinstance(slot.get("widget"), dict)
             and isinstance(slot["widget"].get("name"), str)]
    inputs: dict[str, Any] = {}
    index = 0
    for name in names:
        if index >= len(values):
            break
        inputs[name] = values[index]
        index += 1
        if index < len(values) and _is_control(values[index]) and isinstance(inputs[name], int):
            index += 1
    return inputs


def strip_comments(text: str) -> str:
    """`/* ... */` removed, as the editor does. A scan with find(), not a lazy regex: on text full
    of `/*` with no `*/` the regex rescanned to the end from every opening (quadratic time)."""
    kept, start = [], 0
    while (opening := text.find("/*", start)) != -1:
        closing = text.find("*/", opening + 2)
        if closing == -1:
            break
        kept.append(text[start:opening])
        start = closing + 2
    kept.append(text[start:])
    return "".join(kept)


PARSER = ComfyUIParser()
