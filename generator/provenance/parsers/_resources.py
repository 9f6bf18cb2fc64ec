"""Every model file a generation used, read from wherever its tool listed them.

`Provenance.resources` is the ledger credits and licences are built on, so it lists more than the
checkpoint and LoRAs: embeddings, hypernetworks, VAEs, upscalers, ControlNets and IP-Adapters.
Tools list them in many places: A1111 settings (`Lora hashes`, `TI hashes`, `Hashes` JSON,
`Hypernet`, `VAE`, `Hires upscaler`, `ControlNet 0`, `ADetailer model`, `Civitai resources`),
`<lora:...>` / `<hypernet:...>` prompt tags, ComfyUI loader nodes, Civitai `resources` lists and
AIR URNs (`urn:air:sdxl:lora:civitai:123@456`). Each reader calls the helper for the places it
knows; `add` drops duplicates so a LoRA named by a tag and by `Lora hashes` is listed once, with
the hash of one and the weight of the other.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from generator.provenance.parsers._a1111_text import lora_tags, parse_name_map, to_float
from generator.provenance.result import ResourceRef

MAX_RESOURCES = 200
MAX_NAME = 300
AIR = re.compile(r"urn:air:([a-z0-9._-]+):([a-z]+):([a-z]+):(\d+)(?:@(\d+))?", re.IGNORECASE)
_BRACKET_HASH = re.compile(r"^(.*?)\s*\[([0-9a-fA-F]{8,64})\]\s*$")  # "control_v11p_sd15_canny [d14c016b]"
_HYPERNET_TAG = re.compile(r"<hypernet:([^:>\n]{1,300})(?::([-+]?\d*\.?\d+))?>", re.IGNORECASE)
_LYCO_TAG = re.compile(r"<lyco:([^:>\n]{1,300})", re.IGNORECASE)
_EMBEDDING_WORD = re.compile(r"\bembedding:([\w.\-/\\]{1,200})")

# Civitai / AIR type words -> our kinds.
KIND_WORDS = {
    "checkpoint": "checkpoint", "model": "checkpoint", "lora": "lora", "locon": "lycoris", "lycoris": "lycoris",
    "dora": "lora", "embedding": "embedding", "textualinversion": "embedding", "embed": "embedding",
    "ti": "embedding", "hypernetwork": "hypernetwork", "hypernet": "hypernetwork", "vae": "vae",
    "controlnet": "controlnet", "upscaler": "upscaler", "ipadapter": "ipadapter", "unet": "checkpoint",
}


def kind_of(word: Any) -> str:
    return KIND_WORDS.get(re.sub(r"[^a-z]", "", str(word).lower()), "other")


def add(resources: list[ResourceRef], new: ResourceRef) -> None:
    """Append unless the same (kind, name) is listed; then fill the listed one's missing facts."""
    if not new.name or new.name.lower() in ("none", "@none", "@default", "automatic") or \
            len(resources) >= MAX_RESOURCES:
        return
    new.name = new.name[:MAX_NAME]
    for old in resources:
        if _family(old.kind) == _family(new.kind) and _same(old.name, new.name):
            old.weight = old.weight if old.weight is not None else new.weight
            old.hash = old.hash or new.hash
            old.air = old.air or new.air
            return
    resources.append(new)


def _family(kind: str) -> str:
    """LyCORIS files are loaded by the LoRA machinery and listed in `Lora hashes`: one family."""
    return "lora" if kind == "lycoris" else kind


def _same(a: str, b: str) -> bool:
    return _stem(a) == _stem(b)


_EXTENSION = re.compile(r"\.(safetensors|ckpt|pt|pth|bin|gguf|sft)$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _stem(name: str) -> str:
    """The file name without folder and extension: the same LoRA as a tag and as a loader input.
    Cached, because `add` compares every new entry with the whole ledger."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _EXTENSION.sub("", base).lower()


def air_kind(air: str) -> str | None:
    match = AIR.search(air)
    return kind_of(match.group(2)) if match else None


def split_hash(value: str) -> tuple[str, str | None]:
    """"name [abcdef12]" (A1111's way of naming a model with its hash) into (name, hash)."""
    match = _BRACKET_HASH.match(value)
    return (match.group(1), match.group(2)) if match else (value.strip(), None)


# --- A1111 infotext settings ------------------------------------------------------------------------

def from_infotext(prompt: str | None, negative: str | None, settings: dict[str, str], where: str,
                  out: list[ResourceRef]) -> None:
    """Resources named by an A1111-style infotext: its settings and its prompt tags."""
    lowered = {k.lower(): v for k, v in settings.items()}
    lyco = {m.group(1).strip() for m in _LYCO_TAG.finditer(prompt or "")}
    for lora in lora_tags(prompt):
        add(out, ResourceRef("lycoris" if lora.name in lyco else "lora", lora.name, lora.weight, where=where))
    for match in _HYPERNET_TAG.finditer(prompt or ""):
        add(out, ResourceRef("hypernetwork", match.group(1).strip(), to_float(match.group(2) or 1), where=where))
    for kind, key in (("lora", "lora hashes"), ("embedding", "ti hashes")):
        for name, digest in parse_name_map(lowered.get(key)).items():
            add(out, ResourceRef(kind, name, hash=digest or None, where=where))
    _from_hashes_json(lowered.get("hashes"), where, out)
    if lowered.get("hypernet"):
        name, digest = split_hash(lowered["hypernet"])
        add(out, ResourceRef("hypernetwork", name, to_float(lowered.get("hypernet strength")),
                             digest or lowered.get("hypernet hash"), where=where))
    if lowered.get("vae"):
        add(out, ResourceRef("vae", lowered["vae"], hash=lowered.get("vae hash"), where=where))
    for key in ("hires upscaler", "upscaler", "upscaler 1", "upscaler 2", "adetailer upscaler"):
        if lowered.get(key) and lowered[key].lower() not in ("latent", "none"):
            add(out, ResourceRef("upscaler", lowered[key], where=where))
    for key in ("refiner", "hires checkpoint"):
        if lowered.get(key) and lowered[key].lower() not in ("use same checkpoint", "none"):
            name, digest = split_hash(lowered[key])
            add(out, ResourceRef("checkpoint", name, hash=digest, where=f"{where} {key}"))
    for key, value in lowered.items():
        if key.startswith("controlnet"):
            _controlnet_unit(value, where, out)
        elif key.startswith("adetailer model"):
            add(out, ResourceRef("other", value, where=f"{where} {key}"))
    from_civitai_list(_json_list(lowered.get("civitai resources")), where, out)
    for text in (prompt, negative):
        for match in _EMBEDDING_WORD.finditer(text or ""):
            add(out, ResourceRef("embedding", match.group(1), where=where))


def _controlnet_unit(value: str, where: str, out: list[ResourceRef]) -> None:
    """"Module: canny, Model: control_v11p_sd15_canny [d14c016b], Weight: 1, ..." (quoted in infotext)."""
    pairs = dict(part.split(":", 1) for part in value.strip('"').split(", ") if ":" in part)
    pairs = {k.strip().lower(): v.strip() for k, v in pairs.items()}
    model = pairs.get("model")
    if model and model.lower() != "none":
        name, digest = split_hash(model)
        kind = "ipadapter" if "ip-adapter" in name.lower() or "ip_adapter" in name.lower() else "controlnet"
        add(out, ResourceRef(kind, name, to_float(pairs.get("weight")), digest, where=where))


def _json_list(text: str | None) -> list[Any]:
    from generator.provenance.base import BrokenFormat
    from generator.provenance.safejson import load_json

    if not text or text.lstrip()[:1] not in "[{":
        return []
    try:
        value = load_json(text)
    except BrokenFormat:
        return []
    return value if isinstance(value, list) else []


def _from_hashes_json(text: str | None, where: str, out: list[ResourceRef]) -> None:
    """`Hashes: {"model": "…", "lora:name": "…", "embed:name": "…", "vae": "…"}` (Civitai-style)."""
    from generator.provenance.base import BrokenFormat
    from generator.provenance.safejson import load_json

    if not text or text.lstrip()[:1] != "{":
        return
    try:
        value = load_json(text)
    except BrokenFormat:
        return
    for key, digest in list(value.items())[:MAX_RESOURCES] if isinstance(value, dict) else []:
        if not isinstance(key, str) or not isinstance(digest, str):
            continue
        prefix, sep, name = key.partition(":")
        if sep and name:
            add(out, ResourceRef(kind_of(prefix), name, hash=digest, where=where))
        elif key in ("model", "vae"):  # the checkpoint / VAE the settings already named
            for old in out:
                if old.kind == kind_of(key) and old.hash is None:
                    old.hash = digest
                    break


# --- Civitai resource lists and AIRs ------------------------------------------------------------------

def from_civitai_list(items: Any, where: str, out: list[ResourceRef]) -> None:
    """Civitai's `resources` / `civitaiResources`: {type, modelName, modelVersionName, weight, air, hash,
    modelVersionId}; names fall back to the AIR or the version id, which is all some records give."""
    for item in items[:MAX_RESOURCES] if isinstance(items, list) else []:
        if isinstance(item, str) and AIR.search(item):
            add(out, ResourceRef(air_kind(item) or "other", item, air=AIR.search(item).group(0), where=where))
            continue
        if not isinstance(item, dict):
            continue
        air = item.get("air") if isinstance(item.get("air"), str) else None
        kind = kind_of(item.get("type") or item.get("modelType") or (air_kind(air) if air else ""))
        name = next((item[k] for k in ("modelName", "name", "modelVersionName") if isinstance(item.get(k), str)
                     and item[k].strip()), None)
        version = item.get("modelVersionId")
        if name is None and air:
            name = air
        elif name is None and isinstance(version, int):
            name = f"Civitai model version {version}"
        if not name:
            continue
        if air is None and isinstance(version, int) and isinstance(item.get("modelId"), int):
            air = f"urn:air:{_ecosystem(item)}:{_air_type(kind)}:civitai:{item['modelId']}@{version}"
        weight = to_float(item.get("weight", item.get("strength")))
        digest = item.get("hash") if isinstance(item.get("hash"), str) else None
        known = next((r for r in out if isinstance(version, int) and (
            (r.air and r.air.endswith(f"@{version}")) or r.name == f"Civitai model version {version}")), None)
        if known is not None:  # a version an AIR already listed: same file, add what this item knows
            known.weight = known.weight if known.weight is not None else weight
            known.hash = known.hash or digest
            continue
        add(out, ResourceRef(kind, name, weight, digest, air, where))


def _ecosystem(item: dict[str, Any]) -> str:
    base = str(item.get("baseModel") or "").lower().replace(" ", "")
    for word, eco in (("sdxl", "sdxl"), ("pony", "sdxl"), ("illustrious", "sdxl"), ("flux", "flux1"),
                      ("sd1", "sd1"), ("sd3", "sd3")):
        if word in base:
            return eco
    return "unknown"


def _air_type(kind: str) -> str:
    return {"checkpoint": "checkpoint", "lycoris": "lycoris", "embedding": "embedding"}.get(kind, kind)


def from_airs(airs: Any, where: str, out: list[ResourceRef]) -> None:
    """A bare list of AIR URNs (ComfyUI graphs from Civitai carry `extra.airs`)."""
    for air in airs[:MAX_RESOURCES] if isinstance(airs, list) else []:
        if isinstance(air, str) and (match := AIR.search(air)):
            kind = kind_of(match.group(2))
            same = [r for r in out if r.kind == kind]
            if kind == "checkpoint" and len(same) == 1 and same[0].air is None:
                same[0].air = match.group(0)  # the one checkpoint the graph loaded is the one the AIR names
            else:
                add(out, ResourceRef(kind, match.group(0), air=match.group(0), where=where))


# --- ComfyUI graphs ---------------------------------------------------------------------------------

# Loader inputs by name: custom loader nodes reuse the stock input names, so the name is the evidence.
GRAPH_INPUTS = {
    "ckpt_name": "checkpoint", "unet_name": "checkpoint", "gguf_name": "checkpoint", "vae_name": "vae",
    "control_net_name": "controlnet", "controlnet_name": "controlnet", "ipadapter_file": "ipadapter",
    "hypernetwork_name": "hypernetwork", "clip_name": "other", "clip_name1": "other", "clip_name2": "other",
    "clip_name3": "other", "style_model_name": "other", "instantid_file": "other", "pulid_file": "other",
}


def from_graph(graph: Any, where: str, out: list[ResourceRef]) -> None:
    """Every loader in a ComfyUI API graph (a `_comfy_graph.Graph`), in node order."""
    from generator.provenance.parsers._comfy_graph import finite, lora_slots, number, string

    for node_id in list(graph.nodes)[:2000]:
        kind, inputs = graph.nodes[node_id]
        at = f"{where} node {node_id} ({kind})"
        for key, value in list(inputs.items())[:200]:
            if key in GRAPH_INPUTS:
                name = string(graph, inputs, key)
                if name:
                    weight = number(graph, inputs, "strength") if key == "hypernetwork_name" else None
                    add(out, ResourceRef(GRAPH_INPUTS[key], name, _float(weight), where=at))
            elif key == "lora_name":
                name = string(graph, inputs, key)
                weight = number(graph, inputs, "strength_model", "strength", "lora_strength", "model_weight")
                if name:
                    add(out, ResourceRef(_lora_kind(kind, name), name, _float(weight), where=at))
            elif key == "model_name" and "upscale" in kind.lower():
                name = string(graph, inputs, key)
                if name:
                    add(out, ResourceRef("upscaler", name, where=at))
            elif isinstance(value, dict) and isinstance(value.get("lora"), str) and value.get("on", True):
                add(out, ResourceRef(_lora_kind(kind, value["lora"]), value["lora"], _float(finite(value.get("strength"))),
                                     where=at))  # rgthree Power Lora Loader: {"on", "lora", "strength"}
            elif isinstance(value, str) and "embedding:" in value:
                for match in _EMBEDDING_WORD.finditer(value):
                    add(out, ResourceRef("embedding", match.group(1), where=at))
        for name, weight in lora_slots(inputs):  # numbered stack slots, every pack's spelling
            add(out, ResourceRef(_lora_kind(kind, name), name, weight, where=at))


def _lora_kind(node_kind: str, name: str) -> str:
    return "lycoris" if "lycoris" in node_kind.lower() or "lycoris" in name.lower() else "lora"


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# --- what every record has: the model and the LoRAs ----------------------------------------------------

def from_result(model: Any, loras: list[Any], where: str, out: list[ResourceRef]) -> None:
    """The checkpoint and LoRAs a reader already put in `model` / `loras`, first in the ledger."""
    if model is not None and (model.name or model.hash):
        add(out, ResourceRef("checkpoint", model.name or model.hash, hash=model.hash,
                             air=AIR.search(model.name or "").group(0) if AIR.search(model.name or "") else None,
                             where=where))
    for lora in loras:
        add(out, ResourceRef("lora", lora.name, lora.weight, lora.hash, where=where))
