"""Easy Diffusion (sdkit): one PNG tEXt chunk per setting, or the same dict as JSON in EXIF
UserComment for JPEG/WebP.

The keys are its request fields ("use_stable_diffusion_model", "num_inference_steps",
"guidance_scale", ...), or their display labels ("Stable Diffusion model", "Steps", ...) when
the user also chose "txt" metadata output. PNG values are Python `str()` of the value, so lists
look like "['a', 'b']" and missing values like "None". ComfyUI also writes a "prompt" chunk, so
the format is recognised only by keys that are Easy Diffusion's own.
"""

from __future__ import annotations

import ast
import json
from typing import Any, ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat
from generator.provenance.parsers._a1111_text import to_float, to_int
from generator.provenance.result import LoraRef, ModelRef, Provenance
from generator.provenance.safejson import load_json, looks_like_json_object

# Display label -> request key (Easy Diffusion's TASK_TEXT_MAPPING, inverted).
_LABELS = {
    "Prompt": "prompt", "Negative Prompt": "negative_prompt", "Seed": "seed",
    "Stable Diffusion model": "use_stable_diffusion_model", "Clip Skip": "clip_skip",
    "ControlNet model": "use_controlnet_model", "ControlNet Filter": "control_filter_to_apply",
    "VAE model": "use_vae_model", "Sampler": "sampler_name", "Width": "width", "Height": "height",
    "Steps": "num_inference_steps", "Guidance Scale": "guidance_scale",
    "Prompt Strength": "prompt_strength", "LoRA model": "use_lora_model", "LoRA Strength": "lora_alpha",
    "Hypernetwork model": "use_hypernetwork_model", "Hypernetwork Strength": "hypernetwork_strength",
    "Embedding models": "use_embeddings_model", "Seamless Tiling": "tiling",
    "Use Face Correction": "use_face_correction", "Use Upscaling": "use_upscale",
    "Upscale By": "upscale_amount", "Latent Upscaler Steps": "latent_upscaler_steps",
}
_SPECIFIC = ("use_stable_diffusion_model", "num_inference_steps", "guidance_scale", "sampler_name",
             "use_vae_model", "use_lora_model", "use_face_correction", "use_upscale")
_CONSUMED = {
    "prompt", "negative_prompt", "seed", "use_stable_diffusion_model", "num_inference_steps",
    "guidance_scale", "sampler_name", "width", "height", "use_lora_model", "lora_alpha",
}
MAX_LORAS = 50


def _record(bag: MetadataBag) -> dict[str, Any] | None:
    """Easy Diffusion's dict with request keys, from PNG chunks or UserComment JSON."""
    candidates: list[dict[str, Any]] = [dict(bag.text)]
    text = bag.exif.get("UserComment")
    if looks_like_json_object(text):
        try:
            data = load_json(text)
        except BrokenFormat:
            data = None
        if isinstance(data, dict):
            candidates.append(data)
    for data in candidates:
        record = {_LABELS.get(k, k): v for k, v in data.items()}
        if "use_stable_diffusion_model" in record and sum(k in record for k in _SPECIFIC) >= 3:
            return record
    return None


def _value(value: Any) -> Any:
    """Undo Python's str() on the PNG path: "None" -> None, "['a']" -> ['a'], "0.5" stays text."""
    if not isinstance(value, str):
        return value
    stripped = value.strip()
    if stripped == "None":
        return None
    if stripped[:1] == "[" and len(stripped) < 20000:
        try:
            parsed = ast.literal_eval(stripped)  # literals only: never executes code
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return value
        return parsed if isinstance(parsed, list) else value
    return value


class EasyDiffusionParser:
    """Easy Diffusion's embedded metadata."""

    name: ClassVar[str] = "easydiffusion"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        record = _record(bag)
        if record is None:
            return False
        get = {k: _value(v) for k, v in record.items()}.get
        result.format, result.generator, result.ai_generated = "easydiffusion", "Easy Diffusion", True
        result.prompt, result.negative_prompt = _str(get("prompt")), _str(get("negative_prompt"))
        model = _str(get("use_stable_diffusion_model"))
        if model:
            result.model = ModelRef(name=model)
        result.seed, result.steps = to_int(get("seed")), to_int(get("num_inference_steps"))
        result.cfg = to_float(get("guidance_scale"))
        result.sampler = _str(get("sampler_name"))
        result.width, result.height = to_int(get("width")), to_int(get("height"))
        result.loras = _loras(get("use_lora_model"), get("lora_alpha"))
        for key, value in record.items():
            if key not in _CONSUMED and key in _LABELS.values() and _value(value) not in (None, ""):
                result.extras[key] = value if isinstance(value, str) else json.dumps(value)[:4000]
        return True


def _loras(names: Any, weights: Any) -> list[LoraRef]:
    """One LoRA as a string with one strength, or parallel lists (Easy Diffusion 3)."""
    if isinstance(names, str) and names:
        names, weights = [names], [weights]
    if not isinstance(names, list):
        return []
    if not isinstance(weights, list):
        weights = [weights] * len(names)
    loras = []
    for i, name in enumerate(names[:MAX_LORAS]):
        if isinstance(name, str) and name and name != "None":
            loras.append(LoraRef(name=name, weight=to_float(weights[i]) if i < len(weights) else None))
    return loras


def _str(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value else None


PARSER = EasyDiffusionParser()
