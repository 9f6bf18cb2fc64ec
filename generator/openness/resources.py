"""Every model file an image's record names, as `ResourceRef`s, whatever reader produced the record.

The readers are growing a full `Provenance.resources` list. Records made before that (cached ones,
and readers that do not fill it yet) carry the same facts scattered over `model`, `loras` and the
A1111-style extras ("Lora hashes", "TI hashes", "Hashes", "Hires upscaler", "VAE", "ControlNet 0",
"Civitai resources"). `resources_of` is the one adapter between the two shapes: it returns the
readers' list when there is one, else rebuilds it from the scattered fields, so the credits ledger
works the same on both. Everything here reads untrusted text: inputs are cut and counted.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.provenance.result import Provenance, ResourceRef

MAX_RESOURCES = 64
MAX_TEXT = 4096
_HASH_LIST = re.compile(r"\s*([^:,]{1,200}):\s*([0-9a-fA-F]{8,64})\s*(?:,|$)")
_CONTROLNET_MODEL = re.compile(r"Model:\s*([^,\[]{1,200}?)\s*(?:\[([0-9a-fA-F]{8,64})\])?\s*(?:,|$)")
_NOT_A_FILE = ("none", "latent", "lanczos", "nearest", "bicubic", "bilinear", "automatic")
_CIVITAI_KINDS = {"checkpoint": "checkpoint", "lora": "lora", "locon": "lycoris", "lycoris": "lycoris",
                  "embed": "embedding", "embedding": "embedding", "textualinversion": "embedding",
                  "upscaler": "upscaler", "controlnet": "controlnet", "vae": "vae"}


def _pairs(text: str) -> list[tuple[str, str]]:
    """`name: hash, name: hash` as A1111 writes "Lora hashes" and "TI hashes"."""
    return [(m.group(1).strip(), m.group(2).lower()) for m in _HASH_LIST.finditer(text[:MAX_TEXT])]


def _json(text: str) -> Any:
    try:
        return json.loads(text[:MAX_TEXT * 4])
    except ValueError:
        return None


def resources_of(prov: Provenance | None) -> list[ResourceRef]:
    """The readers' `resources`, else the same list rebuilt from `model`, `loras` and extras."""
    if prov is None:
        return []
    if prov.resources:
        return list(prov.resources[:MAX_RESOURCES])
    found: list[ResourceRef] = []
    if prov.model is not None and prov.model.name:
        found.append(ResourceRef("checkpoint", prov.model.name, hash=prov.model.hash, where="model"))
    for lora in prov.loras:
        found.append(ResourceRef("lora", lora.name, weight=lora.weight, hash=lora.hash, where="loras"))
    extras = prov.extras or {}
    for name, value in _pairs(extras.get("TI hashes", "")):
        found.append(ResourceRef("embedding", name, hash=value, where="TI hashes"))
    upscaler = extras.get("Hires upscaler", "").strip()[:200]
    if upscaler and not upscaler.lower().startswith(_NOT_A_FILE):
        found.append(ResourceRef("upscaler", upscaler, where="Hires upscaler"))
    vae = extras.get("VAE", "").strip()[:200]
    if vae and not vae.lower().startswith(_NOT_A_FILE):
        found.append(ResourceRef("vae", vae, hash=extras.get("VAE hash") or None, where="VAE"))
    for key in sorted(k for k in extras if k.startswith("ControlNet")):
        match = _CONTROLNET_MODEL.search(extras[key][:MAX_TEXT])
        if match and not match.group(1).lower().startswith("none"):
            found.append(ResourceRef("controlnet", match.group(1).strip(), hash=match.group(2), where=key))
    _add_hashes(found, _json(extras.get("Hashes", "")))
    _add_civitai(found, _json(extras.get("Civitai resources", "")))
    return found[:MAX_RESOURCES]


def _same(ref: ResourceRef, kind: str, name: str) -> bool:
    return ref.kind == kind and ref.name.lower() == name.lower()


def _add_hashes(found: list[ResourceRef], data: Any) -> None:
    """Civitai's `Hashes: {"model": h, "lora:name": h, "embed:name": h}`: fill in or add."""
    if not isinstance(data, dict):
        return
    for key, value in list(data.items())[:MAX_RESOURCES]:
        if not isinstance(key, str) or not isinstance(value, str):
            continue
        if key == "model":
            for ref in found:
                if ref.kind == "checkpoint" and not ref.hash:
                    ref.hash = value
            continue
        prefix, _, name = key.partition(":")
        kind = _CIVITAI_KINDS.get(prefix.lower())
        if not kind or not name:
            continue
        match = next((r for r in found if _same(r, kind, name)), None)
        if match is None:
            found.append(ResourceRef(kind, name[:200], hash=value, where="Hashes"))
        elif not match.hash:
            match.hash = value


def _add_civitai(found: list[ResourceRef], data: Any) -> None:
    """Civitai's "Civitai resources" list: model version ids, which give an AIR URN for the link."""
    if not isinstance(data, list):
        return
    for item in data[:MAX_RESOURCES]:
        if not isinstance(item, dict):
            continue
        kind = _CIVITAI_KINDS.get(str(item.get("type") or "").lower(), "other")
        name = str(item.get("modelName") or "")[:200]
        version = item.get("modelVersionId")
        model_id = item.get("modelId")
        if not name or not isinstance(version, int):
            continue
        air = f"urn:air:unknown:{kind}:civitai:{model_id}@{version}" if isinstance(model_id, int) else None
        match = next((r for r in found if r.kind == kind and (kind == "checkpoint" or _same(r, kind, name))), None)
        if match is None:
            found.append(ResourceRef(kind, name, weight=_weight(item), air=air, where="Civitai resources"))
            match = found[-1]
        match.air = match.air or air


def _weight(item: dict[str, Any]) -> float | None:
    value = item.get("weight")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
