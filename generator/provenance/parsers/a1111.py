"""AUTOMATIC1111 infotext and every tool that writes it (Forge, reForge, SD.Next, Civitai, ...).

This parser runs last among the generation parsers because infotext is the lingua franca: any
record that a more specific parser did not claim, and that has a settings line, is read here.
The fork is told apart by what it adds to the settings (`Version`, `App`, Civitai keys), never
by the file name; with no such signal the honest answer is "AUTOMATIC1111".
"""

from __future__ import annotations

import re
from typing import ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat
from generator.provenance.parsers._a1111_text import (
    InfoText,
    infotext_sources,
    lora_tags,
    parse_infotext,
    parse_name_map,
    parse_size,
    to_float,
    to_int,
)
from generator.provenance.parsers._resources import from_infotext, from_result
from generator.provenance.result import LoraRef, ModelRef, Provenance
from generator.provenance.safejson import load_json

# Settings that become first-class fields; everything else lands in `extras` as written.
_CONSUMED = {
    "steps", "sampler", "schedule type", "cfg scale", "seed", "size", "model", "model hash",
}
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_GIT_HASH_RE = re.compile(r"^[0-9a-f]{7,40}$")
# Placeholders a writer puts where it does not know the hash (Krita AI Diffusion: "unknown").
_NO_HASH = frozenset({"unknown", "none", "null", "n/a", "-"})
_FORGE_RE = re.compile(r"^f(\d+)\.\d+")


def detect_generator(info: InfoText) -> str:
    """The tool behind the infotext, from the keys and version string it wrote.

    Forge versions start with "f" (f0.x and f2.x are lllyasviel's Forge; reForge tags its
    builds f1.x); Forge Classic and Forge Neo write "classic" / "neo"; SD.Next writes
    "App: SD.Next" (older builds only a bare git hash as Version); Civitai's on-site generator
    adds "Civitai resources"; Yodayo/Moescape names its checkpoints by UUID. Krita AI Diffusion
    (Acly/krita-ai-diffusion `ai_diffusion/text.py`, `create_img_metadata`) writes no Version and
    always "Model hash: unknown", since the ComfyUI it drives never tells it the hash.
    """
    app = info.get("App")
    if app:
        return app
    if info.get("Metadata generator version") is not None:  # ComfyUI-SaveImageWithMetaDataUniversal
        return "ComfyUI (SaveImageWithMetaData Universal)"
    hashes = (info.get("Hashes") or "").lstrip()
    if hashes.startswith("{") and info.get("Version") is None:
        # A1111 and its forks always write Version; a Civitai-style Hashes JSON without one is the
        # SaveImageWithMetaData saver node (nkchocoai, and the ImageMetadataExtension fork).
        return "ComfyUI (SaveImageWithMetaData)"
    if info.get("Civitai resources", "Civitai metadata") is not None:
        return "Civitai"
    version = (info.get("Version") or "").strip()
    if not version and (info.get("Model hash") or "").strip().lower() == "unknown":
        return "Krita AI Diffusion"
    lowered = version.lower()
    if lowered.startswith("comfyui"):
        return "ComfyUI"
    if lowered.startswith("classic"):
        return "Forge Classic"
    if lowered.startswith("neo"):
        return "Forge Neo"
    if lowered.startswith("fooocus"):
        return "Fooocus"
    forge = _FORGE_RE.match(lowered)
    if forge:
        return "reForge" if forge.group(1) == "1" else "Forge"
    if _GIT_HASH_RE.match(lowered) and not lowered.isdigit():
        return "SD.Next"
    if _UUID_RE.match(info.get("Model") or ""):
        return "Yodayo"
    return "AUTOMATIC1111"


def fill_from_infotext(info: InfoText, result: Provenance) -> None:
    """Copy the common infotext fields into `result` (shared with the Fooocus A1111 scheme)."""
    result.prompt = info.prompt or None
    result.negative_prompt = info.negative_prompt
    result.steps = to_int(info.get("Steps"))
    result.sampler = info.get("Sampler") or None
    result.scheduler = info.get("Schedule type") or None
    result.cfg = to_float(info.get("CFG scale"))
    result.seed = to_int(info.get("Seed"))
    result.width, result.height = parse_size(info.get("Size"))
    if result.width is None:  # the split form A1111's own parser makes of "Size", re-serialised by clients
        result.width, result.height = parse_size(f"{info.get('Size-1') or ''}x{info.get('Size-2') or ''}")
    name, model_hash = info.get("Model"), info.get("Model hash")
    if model_hash and model_hash.strip().lower() in _NO_HASH:
        model_hash = None
    if name or model_hash:
        result.model = ModelRef(name=name or None, hash=model_hash or None)
    result.loras = _loras(info)
    result.ai_generated = True
    for key, value in info.settings.items():
        if key.lower() not in _CONSUMED:
            result.extras[key] = value
    if info.trailing:
        result.extras["Text after settings"] = info.trailing


def _loras(info: InfoText) -> list[LoraRef]:
    """Prompt tags give names and weights; "Lora hashes" adds hashes and any LoRA not tagged."""
    loras = lora_tags(info.prompt)
    hashes = parse_name_map(info.get("Lora hashes"))
    weights = parse_name_map(info.get("Lora weights"))  # Fooocus' A1111 scheme
    known = {lora.name for lora in loras}
    for lora in loras:
        lora.hash = hashes.get(lora.name)
    for name in list(hashes) + list(weights):
        if name not in known:
            known.add(name)
            loras.append(LoraRef(name=name, weight=to_float(weights.get(name)), hash=hashes.get(name)))
    return loras


def _civitai_resources(info: InfoText, result: Provenance) -> None:
    """Civitai lists the checkpoint (and LoRAs) as JSON; use it when the text names no model."""
    raw = info.get("Civitai resources")
    if not raw:
        return
    try:
        resources = load_json(raw)
    except BrokenFormat:
        result.warnings.append("a1111: Civitai resources is not valid JSON")
        return
    if not isinstance(resources, list):
        return
    tagged = bool(result.loras)
    for item in resources[:100]:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("type") or "").lower()
        name = item.get("modelName") or item.get("air") or item.get("modelVersionName")
        if not isinstance(name, str):
            continue
        if kind == "checkpoint" and result.model is None:
            result.model = ModelRef(name=name)
            if item.get("modelVersionName"):
                result.extras.setdefault("Model version", str(item["modelVersionName"]))
        elif kind in ("lora", "lycoris", "locon") and not tagged:
            result.loras.append(LoraRef(name=name, weight=to_float(item.get("weight"))))


class A1111Parser:
    """Infotext from PNG "parameters", EXIF UserComment, XMP or stealth alpha bits."""

    name: ClassVar[str] = "a1111"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        for where, text in infotext_sources(bag):
            info = parse_infotext(text)
            if info is None:
                continue
            fill_from_infotext(info, result)
            _civitai_resources(info, result)
            from_result(result.model, [], f"a1111 {where}", result.resources)
            from_infotext(info.prompt, info.negative_prompt, info.settings, f"a1111 {where}", result.resources)
            result.generator = detect_generator(info)
            result.format = "a1111"
            return True
        return False


PARSER = A1111Parser()
