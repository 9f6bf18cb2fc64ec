"""Generation settings under whatever names a tool gave them, read into one shape.

The generic readers (JSON records, key/value text) and the wrappers' own records (Stability
Matrix's `parameters-json`, Tensor.Art's `generation_data`) all meet the same problem: the seed is
`seed`, `Seed` or `noise_seed`, the scale `cfg`, `cfgScale`, `CfgScale` or `guidance_scale`, the
size `width`/`height`, `resolution: "1024 x 1024"` or `[1024, 1024]`. Keys are compared after
dropping case and punctuation, so `negative_prompt`, `negativePrompt` and `Negative prompt` are one
key. Values are kept as written (sampler names are not normalised), and checked: a number must be
finite, a seed of -1 is the "random" placeholder, not a seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.provenance.parsers._a1111_text import InfoText, lora_tags, parse_size, to_float, to_int
from generator.provenance.result import LoraRef, ModelRef, Provenance

MAX_FIELD = 100_000  # characters kept of one prompt
MAX_NAME = 300

ALIASES: dict[str, tuple[str, ...]] = {
    "prompt": ("prompt", "positiveprompt", "positive", "prompttext", "textprompt", "userprompt",
               "originalprompt", "inputprompt", "caption", "includeinimage", "promptpositive", "positivetext",
               "c"),  # "c"/"uc": Draw Things and Mochi Diffusion's JSON (NovelAI's short keys)
    "negative_prompt": ("negativeprompt", "negative", "negprompt", "negativeprompttext", "promptnegative",
                        "uc", "undesiredcontent", "excludefromimage", "negativetext"),
    "seed": ("seed", "noiseseed", "randomseed", "imageseed", "actualseed", "usedseed", "seedvalue"),
    "steps": ("steps", "numinferencesteps", "samplingsteps", "samplesteps", "ddimsteps", "numsteps",
              "inferencesteps", "stepcount", "nsteps"),
    "cfg": ("cfg", "cfgscale", "guidancescale", "cfgscalevalue", "promptguidance", "guidance",
            "scale"),  # "scale": kohya sd-scripts' gen_img, the CompVis/optimizedSD scripts, NovelAI's own key
    "sampler": ("sampler", "samplername", "samplingmethod", "samplerindex", "ksamplername", "samplemethod",
                "samplingmethodname", "samplertype"),
    "scheduler": ("scheduler", "schedule", "scheduletype", "schedulername", "noiseschedule"),
    "width": ("width", "imagewidth", "w"),
    "height": ("height", "imageheight", "h"),
    "size": ("resolution", "size", "imagesize", "dimensions", "dimension", "outputsize"),
    "model": ("model", "modelname", "checkpoint", "ckpt", "ckptname", "sdmodel", "sdmodelcheckpoint",
              "basemodel", "modelid", "pretrainedmodelnameorpath", "modeltitle", "modelversion",
              "sdcheckpoint", "checkpointname", "modelfile", "sdmodelname", "modelcheckpoint", "engineid",
              "engine"),
    "model_hash": ("modelhash", "sdmodelhash", "checkpointhash", "modelsha256"),
    "loras": ("loras", "lora", "loralist", "additionalnetworks"),
    "generator": ("generator", "software", "app", "application", "createdwith", "generatedby", "tool",
                  "client", "platform"),
}
CANONICAL = {alias: canonical for canonical, aliases in ALIASES.items() for alias in aliases}
_NORM = re.compile(r"[^a-z0-9]")
_SIZE = re.compile(r"^\s*[(\[]?\s*(\d{2,5})\s*[xX×*,:]\s*(\d{2,5})\s*[)\]]?\s*$")  # Fooocus: "(1152, 896)"
# Civitai's `baseModel` names a family, not a file; Fooocus's `base_model` names the file.
MODEL_FAMILIES = frozenset({"sdxl10", "sdxl", "pony", "illustrious", "sd15", "sd14", "sd21", "sd2", "flux1d",
                            "flux1s", "flux1", "flux", "sd3", "sd35", "sd35large", "sd35medium", "noobai", "other",
                            "sdxlturbo", "sdxllightning", "sdxlhyper", "hunyuan1", "auraflow", "kolors", "pixarta",
                            "sdxl09", "svd", "lumina", "chroma", "hidream", "qwen", "wan", "wanvideo"})
DIFFUSERS_KEYS = frozenset({"numinferencesteps", "guidancescale", "pretrainedmodelnameorpath", "classname"})
SETTING_FIELDS = ("seed", "steps", "cfg", "sampler", "width", "model")


def norm_key(key: str) -> str:
    return _NORM.sub("", key.lower())


@dataclass
class Settings:
    """One record's settings; None is "the record did not say"."""

    prompt: str | None = None
    negative_prompt: str | None = None
    seed: int | None = None
    steps: int | None = None
    cfg: float | None = None
    sampler: str | None = None
    scheduler: str | None = None
    width: int | None = None
    height: int | None = None
    model: str | None = None
    model_hash: str | None = None
    loras: list[LoraRef] = field(default_factory=list)
    generator: str | None = None
    keys: set[str] = field(default_factory=set)
    extras: dict[str, str] = field(default_factory=dict)
    infotext: InfoText | None = None

    def is_generation(self) -> bool:
        """A prompt and a setting, or two settings: a caption alone is not a generation record."""
        settings = sum(getattr(self, name) is not None for name in SETTING_FIELDS)
        return (self.prompt is not None and settings >= 1) or settings >= 2

    def weight(self) -> int:
        """How much the record says: the richest of several records is the one reported."""
        named = ("prompt", "negative_prompt", "seed", "steps", "cfg", "sampler", "width", "model")
        return sum(getattr(self, name) is not None for name in named) + len(self.loras)

    def merge(self, other: Settings) -> None:
        """Fill what this record did not say from `other` (a nested object of the same record)."""
        for name in ("prompt", "negative_prompt", "seed", "steps", "cfg", "sampler", "scheduler", "width",
                     "height", "model", "model_hash", "generator"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        self.loras = self.loras or other.loras
        self.keys |= other.keys
        for key, value in other.extras.items():
            self.extras.setdefault(key, value)
        self.infotext = self.infotext or other.infotext

    def family(self) -> str:
        return "diffusers" if self.keys & DIFFUSERS_KEYS else "json"

    def default_generator(self) -> str | None:
        return "diffusers" if self.family() == "diffusers" else None

    def fill(self, result: Provenance, *, overwrite: bool = True) -> None:
        """Copy into `result`; with overwrite=False only the fields `result` does not have yet."""
        if self.sampler is None and self.scheduler is not None:
            # diffusers names the sampler by its scheduler class ("EulerAncestralDiscreteScheduler")
            self.sampler, self.scheduler = self.scheduler, None
        for name in ("prompt", "negative_prompt", "seed", "steps", "cfg", "sampler", "scheduler", "width",
                     "height"):
            value = getattr(self, name)
            if value is not None and (overwrite or getattr(result, name) is None):
                setattr(result, name, value)
        if self.model and (overwrite or result.model is None):
            result.model = ModelRef(self.model, self.model_hash)
        loras = self.loras or lora_tags(self.prompt)
        if loras and (overwrite or not result.loras):
            result.loras = loras
        for key, value in self.extras.items():
            result.extras.setdefault(key, value)
        result.ai_generated = True


def read_mapping(data: dict[str, Any]) -> Settings:
    """The settings one JSON object (or key/value text) names at its own level."""
    found = Settings()
    for key, value in list(data.items())[:500]:
        if not isinstance(key, str):
            continue
        normal = norm_key(key)
        canonical = CANONICAL.get(normal)
        if canonical is None:
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(found.extras) < 64:
                text = str(value)
                if len(text) <= 500 and text:
                    found.extras.setdefault(key[:80], text)
            continue
        found.keys.add(normal)
        _set(found, canonical, value, normal)
    return found


def _set(found: Settings, canonical: str, value: Any, normal: str) -> None:
    if canonical in ("prompt", "negative_prompt"):
        if isinstance(value, str) and getattr(found, canonical) is None:
            setattr(found, canonical, value[:MAX_FIELD])
    elif canonical in ("seed", "steps"):
        number = to_int(value)
        plausible = number is not None and (number >= 0 if canonical == "seed" else 0 < number <= 100_000)
        if plausible and getattr(found, canonical) is None:
            setattr(found, canonical, number)
    elif canonical == "cfg":
        number = to_float(value)
        if number is not None and found.cfg is None and 0 <= number <= 100:
            found.cfg = number
    elif canonical in ("sampler", "scheduler", "generator", "model_hash"):
        if isinstance(value, str) and value.strip() and getattr(found, canonical) is None:
            setattr(found, canonical, value.strip()[:MAX_NAME])
    elif canonical in ("width", "height"):
        number = to_int(value)
        if number is not None and 0 < number <= 100_000 and getattr(found, canonical) is None:
            setattr(found, canonical, number)
    elif canonical == "size" and found.width is None:
        found.width, found.height = size_pair(value)
    elif canonical == "model" and found.model is None:
        name, model_hash = model_name(value, normal)
        found.model = name
        found.model_hash = found.model_hash or model_hash
    elif canonical == "loras" and not found.loras:
        found.loras = lora_list(value)


def size_pair(value: Any) -> tuple[int | None, int | None]:
    """"1024 x 1024", "1024x1024", [1024, 1024] or {"width": .., "height": ..}."""
    if isinstance(value, str):
        match = _SIZE.match(value)
        return (int(match.group(1)), int(match.group(2))) if match else parse_size(value)
    if isinstance(value, list) and len(value) == 2:
        width, height = to_int(value[0]), to_int(value[1])
        return (width, height) if width and height else (None, None)
    if isinstance(value, dict):
        width, height = to_int(value.get("width")), to_int(value.get("height"))
        return (width, height) if width and height else (None, None)
    return None, None


_MODEL_NAME_KEYS = ("name", "Model", "model", "modelName", "model_name", "modelFileName", "title", "label", "filename",
                    "file_name", "_name_or_path", "id")


def model_name(value: Any, normal: str) -> tuple[str | None, str | None]:
    """A model named by a string, or by an object with a name (and maybe a hash) in it.

    `baseModel` is Civitai's family label ("SDXL 1.0") when it is one of the known families; any
    other string (Fooocus's `base_model`) or an object (Tensor.Art's `{"modelFileName": ...}`)
    names a checkpoint."""
    if isinstance(value, str):
        if not value.strip() or (normal == "basemodel" and norm_key(value) in MODEL_FAMILIES):
            return None, None
        return value.strip()[:MAX_NAME], None
    if isinstance(value, dict):
        name = next((value[k] for k in _MODEL_NAME_KEYS if isinstance(value.get(k), str) and value[k].strip()), None)
        model_hash = next((value[k] for k in ("hash", "Model hash", "model_hash", "sha256")
                           if isinstance(value.get(k), str) and value[k].strip()), None)
        return (name.strip()[:MAX_NAME] if name else None), model_hash
    return None, None


def lora_list(value: Any) -> list[LoraRef]:
    """[{"name"/"model"/"path": .., "weight"/"scale"/"strength": ..}], ["name", ..] or {"name": weight}."""
    found: list[LoraRef] = []
    items: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                name = next((item[k] for k in ("name", "model", "path", "lora", "filename", "modelName", "title")
                             if isinstance(item.get(k), str)), None)
                weight = next((item[k] for k in ("weight", "scale", "strength", "multiplier", "alpha")
                               if k in item), None)
                items.append((name, weight))
            elif isinstance(item, list) and len(item) == 2:
                items.append((item[0], item[1]))
            else:
                items.append((item, None))
    elif isinstance(value, str) and value.strip():
        items = [(value, None)]
    for name, weight in items[:100]:
        if isinstance(name, str) and name.strip() and name.strip().lower() != "none":
            found.append(LoraRef(name=name.strip()[:MAX_NAME], weight=to_float(weight)))
    return found


def _core(text: str) -> str:
    """Text without the separators an engine trims ("censor, " is "censor" once the graph ran)."""
    return text.strip(" \t\r\n,.;")


def prefer_app_record(result: Provenance, app: Settings) -> None:
    """The wrapper rule: an app's record says what the artist typed and chose, the engine what ran.

    The app's sampler wins (as picked: "Euler a", not `euler_ancestral`); its prompt and negative
    prompt win when they hold words the engine's lost (comments, wildcards), not when they differ
    only by a separator the engine trimmed. Numbers are left to the caller: the engine's ran."""
    for name in ("prompt", "negative_prompt"):
        value = getattr(app, name)
        if value is not None and (getattr(result, name) is None or _core(value) != _core(getattr(result, name))):
            setattr(result, name, value)
    if app.sampler is not None:
        result.sampler = app.sampler
