"""Fooocus and RuinedFooocus.

Fooocus saves either its own JSON (scheme "fooocus") or A1111 infotext (scheme "a1111") in PNG
"parameters" with the scheme in a "fooocus_scheme" chunk; in JPEG/WebP the same text goes to EXIF
UserComment with Software "Fooocus v2.x". RuinedFooocus writes flat JSON tagged
"software": "RuinedFooocus". Both are JSON in the place A1111 uses for text, so this parser runs
before the A1111 one and claims only what carries a Fooocus mark. Fooocus-MRE (MoonRide303's fork,
`modules/private_logger.py` + `modules/async_worker.py`) writes its own flat JSON to a PNG `Comment`
chunk instead, tagged `"software": "Fooocus 2.0.x MRE"`, with its LoRAs as `l1`..`l5` / `w1`..`w5`.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat
from generator.provenance.parsers._a1111_text import parse_infotext, to_float, to_int
from generator.provenance.parsers.a1111 import fill_from_infotext
from generator.provenance.result import LoraRef, ModelRef, Provenance
from generator.provenance.safejson import load_json, looks_like_json_object

_RESOLUTION_RE = re.compile(r"(\d{1,6})\D{1,4}(\d{1,6})")
_RUINED_LORA_RE = re.compile(r"<([^<>:]+(?::[^<>:]+)*?):(-?[\d.]+)>")
MAX_LORAS = 100
_FOOOCUS_CONSUMED = {
    "prompt", "negative_prompt", "base_model", "base_model_hash", "steps", "guidance_scale",
    "sampler", "scheduler", "seed", "resolution", "loras",
}
_MRE_CONSUMED = {
    "prompt", "negative_prompt", "base_model", "steps", "cfg", "sampler", "scheduler", "seed", "width", "height",
    "software", *(f"{letter}{n}" for letter in "lw" for n in range(1, 6)),
}
_RUINED_CONSUMED = {
    "prompt", "negative", "steps", "cfg", "width", "height", "seed", "sampler_name", "scheduler",
    "base_model_name", "base_model_hash", "loras",
}


def _norm(data: dict[str, Any]) -> dict[str, Any]:
    """Keys lower-cased with spaces as underscores: "Negative Prompt" and "negative_prompt" agree."""
    return {str(k).strip().lower().replace(" ", "_"): v for k, v in data.items()}


class FooocusParser:
    """Fooocus JSON, Fooocus A1111-scheme text, and RuinedFooocus JSON."""

    name: ClassVar[str] = "fooocus"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        scheme = bag.text.get("fooocus_scheme", "").strip().lower()
        marked = scheme in ("fooocus", "a1111") or bag.exif.get("Software", "").startswith("Fooocus")
        for text in (bag.text.get("parameters"), bag.exif.get("UserComment")):
            if not text:
                continue
            if looks_like_json_object(text):
                if self._json(text, marked, result):
                    return True
            elif self._infotext(text, marked, result):
                return True
        return self._mre(bag.text.get("Comment"), result)

    @staticmethod
    def _mre(text: str | None, result: Provenance) -> bool:
        """Fooocus-MRE's `Comment` JSON; a broken one is left to the generic reader's report."""
        if not text or not looks_like_json_object(text) or "MRE" not in text:
            return False
        try:
            data = load_json(text)
        except BrokenFormat:
            return False
        if not isinstance(data, dict):
            return False
        software = str(data.get("software", ""))
        if not (software.startswith("Fooocus") and "MRE" in software):
            return False
        _mre(data, result)
        return True

    def _json(self, text: str, marked: bool, result: Provenance) -> bool:
        try:
            data = load_json(text)
        except BrokenFormat:
            if marked:
                raise
            return False
        if not isinstance(data, dict):
            return False
        data = _norm(data)
        if str(data.get("software", "")).strip() == "RuinedFooocus":
            _ruined(data, result)
            return True
        is_fooocus = (
            marked
            or str(data.get("metadata_scheme", "")).lower() == "fooocus"
            or str(data.get("version", "")).startswith("Fooocus")
            or ({"base_model", "guidance_scale", "resolution"} <= data.keys())
        )
        if not is_fooocus:
            return False
        _fooocus(data, result)
        return True

    @staticmethod
    def _infotext(text: str, marked: bool, result: Provenance) -> bool:
        info = parse_infotext(text)
        if info is None or not (marked or (info.get("Version") or "").startswith("Fooocus")):
            return False
        fill_from_infotext(info, result)
        result.format, result.generator = "fooocus", "Fooocus"
        return True


def _fooocus(data: dict[str, Any], result: Provenance) -> None:
    result.format, result.generator, result.ai_generated = "fooocus", "Fooocus", True
    result.prompt = _str(data.get("prompt"))
    result.negative_prompt = _str(data.get("negative_prompt"))
    name = _str(data.get("base_model"))
    if name:
        result.model = ModelRef(name=name, hash=_str(data.get("base_model_hash")))
    result.steps, result.seed = to_int(data.get("steps")), to_int(data.get("seed"))
    result.cfg = to_float(data.get("guidance_scale"))
    result.sampler, result.scheduler = _str(data.get("sampler")), _str(data.get("scheduler"))
    match = _RESOLUTION_RE.search(str(data.get("resolution") or ""))
    if match:
        result.width, result.height = int(match.group(1)), int(match.group(2))
    result.loras = _fooocus_loras(data)
    _extras(data, _FOOOCUS_CONSUMED, result)


def _fooocus_loras(data: dict[str, Any]) -> list[LoraRef]:
    """`loras: [[name, weight, hash], ...]`, or the older `lora_combined_N: "name : weight"`."""
    loras: list[LoraRef] = []
    items = data.get("loras")
    for item in items[:MAX_LORAS] if isinstance(items, list) else []:
        if isinstance(item, (list, tuple)) and item and isinstance(item[0], str) and item[0] != "None":
            weight = to_float(item[1]) if len(item) > 1 else None
            digest = item[2] if len(item) > 2 and isinstance(item[2], str) else None
            loras.append(LoraRef(name=item[0], weight=weight, hash=digest))
    if loras:
        return loras
    for key in sorted(k for k in data if k.startswith("lora_combined_"))[:MAX_LORAS]:
        name, _, weight = str(data[key]).rpartition(" : ")
        if name and name != "None":
            loras.append(LoraRef(name=name, weight=to_float(weight)))
    return loras


def _mre(data: dict[str, Any], result: Provenance) -> None:
    result.format, result.generator, result.ai_generated = "fooocus", "Fooocus-MRE", True
    result.prompt = _str(data.get("prompt"))
    result.negative_prompt = _str(data.get("negative_prompt"))
    name = _str(data.get("base_model"))
    if name:
        result.model = ModelRef(name=name)
    result.steps, result.seed = to_int(data.get("steps")), to_int(data.get("seed"))
    result.cfg = to_float(data.get("cfg"))
    result.width, result.height = to_int(data.get("width")), to_int(data.get("height"))
    result.sampler, result.scheduler = _str(data.get("sampler")), _str(data.get("scheduler"))
    result.loras = [LoraRef(name=data[f"l{n}"], weight=to_float(data.get(f"w{n}")))
                    for n in range(1, 6) if _str(data.get(f"l{n}")) and data[f"l{n}"] != "None"]
    result.extras["Version"] = str(data.get("software"))[:200]
    _extras(data, _MRE_CONSUMED, result)


def _ruined(data: dict[str, Any], result: Provenance) -> None:
    result.format, result.generator, result.ai_generated = "fooocus", "RuinedFooocus", True
    result.prompt, result.negative_prompt = _str(data.get("prompt")), _str(data.get("negative"))
    name = _str(data.get("base_model_name"))
    if name:
        result.model = ModelRef(name=name, hash=_str(data.get("base_model_hash")))
    result.steps, result.seed = to_int(data.get("steps")), to_int(data.get("seed"))
    result.cfg = to_float(data.get("cfg"))
    result.width, result.height = to_int(data.get("width")), to_int(data.get("height"))
    result.sampler, result.scheduler = _str(data.get("sampler_name")), _str(data.get("scheduler"))
    result.loras = _ruined_loras(data.get("loras"))
    _extras(data, _RUINED_CONSUMED, result)


def _ruined_loras(items: Any) -> list[LoraRef]:
    """RuinedFooocus changed this field three times: "Loras:<name:w>,...", [[hash, "w - name"]],
    and [{name, weight, hash}]."""
    loras: list[LoraRef] = []
    if isinstance(items, str):
        for match in list(_RUINED_LORA_RE.finditer(items))[:MAX_LORAS]:
            loras.append(LoraRef(name=match.group(1), weight=to_float(match.group(2))))
        return loras
    for item in items[:MAX_LORAS] if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            loras.append(LoraRef(name=item["name"], weight=to_float(item.get("weight")), hash=_str(item.get("hash"))))
        elif isinstance(item, (list, tuple)) and len(item) >= 2 and isinstance(item[1], str):
            weight, sep, name = item[1].partition(" - ")
            if sep and name and name != "None":
                digest = item[0] if isinstance(item[0], str) else None
                loras.append(LoraRef(name=name, weight=to_float(weight), hash=digest))
    return loras


def _extras(data: dict[str, Any], consumed: set[str], result: Provenance) -> None:
    for key, value in data.items():
        if key in consumed or value in (None, "", []):
            continue
        result.extras[key] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:4000]


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


PARSER = FooocusParser()
