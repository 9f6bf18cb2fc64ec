"""SwarmUI: one JSON object with "sui_image_params", in PNG "parameters" or EXIF UserComment.

SwarmUI's parameter names are its own (cfgscale, negativeprompt, loras + loraweights as two
parallel lists); model and LoRA names are kept as written, folder prefix included
("Flux/flux1-dev-fp8"), since that is how the user picks them in SwarmUI. Hashes come from the
"sui_models" list, matched by file name.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat
from generator.provenance.parsers._a1111_text import to_float, to_int
from generator.provenance.result import LoraRef, ModelRef, Provenance
from generator.provenance.safejson import load_json, looks_like_json_object

_CONSUMED = {
    "prompt", "negativeprompt", "model", "seed", "steps", "cfgscale", "width", "height",
    "sampler", "scheduler", "loras", "loraweights",
}
MAX_LORAS = 100
_EXTENSION_RE = re.compile(r"\.(safetensors|ckpt|pt|pth|bin|gguf|sft)$", re.IGNORECASE)


def _document(bag: MetadataBag) -> dict[str, Any] | None:
    for text in (bag.text.get("parameters"), bag.exif.get("UserComment"), bag.stealth):
        if not looks_like_json_object(text) or "sui_image_params" not in text[:200000]:
            continue
        data = load_json(text)
        if isinstance(data, dict) and isinstance(data.get("sui_image_params"), dict):
            return data
        raise BrokenFormat("sui_image_params is not a JSON object")
    return None


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _EXTENSION_RE.sub("", base)


def _hashes(data: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(param, file stem) -> hash, from the "sui_models" list."""
    found: dict[tuple[str, str], str] = {}
    models = data.get("sui_models")
    for item in models[:MAX_LORAS] if isinstance(models, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("hash"), str):
            found[(str(item.get("param", "")), _stem(item["name"]))] = item["hash"]
    return found


class SwarmUIParser:
    """SwarmUI's sui_image_params JSON."""

    name: ClassVar[str] = "swarmui"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        data = _document(bag)
        if data is None:
            return False
        params = data["sui_image_params"]
        hashes = _hashes(data)
        result.format, result.generator, result.ai_generated = "swarmui", "SwarmUI", True
        result.prompt = _str(params.get("prompt"))
        result.negative_prompt = _str(params.get("negativeprompt"))
        model = _str(params.get("model"))
        if model:
            result.model = ModelRef(name=model, hash=hashes.get(("model", _stem(model))))
        result.seed, result.steps = to_int(params.get("seed")), to_int(params.get("steps"))
        result.cfg = to_float(params.get("cfgscale"))
        result.width, result.height = to_int(params.get("width")), to_int(params.get("height"))
        result.sampler, result.scheduler = _str(params.get("sampler")), _str(params.get("scheduler"))
        result.loras = _loras(params, hashes)
        for key, value in params.items():
            if key not in _CONSUMED and value not in (None, ""):
                result.extras[key] = _as_text(value)
        extra = data.get("sui_extra_data")
        for key, value in (extra.items() if isinstance(extra, dict) else []):
            if value not in (None, ""):
                result.extras.setdefault(key, _as_text(value))
        return True


def _loras(params: dict[str, Any], hashes: dict[tuple[str, str], str]) -> list[LoraRef]:
    names = params.get("loras")
    weights = params.get("loraweights")
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    if isinstance(weights, str):
        weights = [w.strip() for w in weights.split(",")]
    if not isinstance(names, list):
        return []
    weights = weights if isinstance(weights, list) else []
    loras = []
    for i, name in enumerate(names[:MAX_LORAS]):
        if isinstance(name, str) and name:
            weight = to_float(weights[i]) if i < len(weights) else None
            loras.append(LoraRef(name=name, weight=weight, hash=hashes.get(("loras", _stem(name)))))
    return loras


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)[:4000]


PARSER = SwarmUIParser()
