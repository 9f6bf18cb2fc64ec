"""Walk a ComfyUI API-format graph to the values a person means by "how this image was made".

A ComfyUI graph has no "settings" record: the seed, model and prompt are wherever the user wired
them. So the walk starts where the image left the graph (a save or preview node), goes upstream to
the samplers, and from the *base pass* (the first sampler of the chain, the one that started from
an empty latent) follows the model, conditioning and latent inputs to the loaders, text encoders
and latent sizes. Hires and refiner passes are reported as extras instead of overwriting it.

The graph is untrusted: ids may be odd ("30:3" for subgraph nodes), links may point nowhere or
form cycles, and graphs may be huge. Every walk is iterative, keeps a visited set and draws on one
shared step budget, so a hostile graph costs bounded time and never raises.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_NODES = 10_000  # nodes kept from one graph; real workflows have a few hundred at most
MAX_STEPS = 200_000  # node visits shared by every walk over one graph
MAX_TEXT_PARTS = 32
MAX_HOPS = 256  # primitive/reroute nodes between a value and the input that uses it

SAMPLER_CLASSES = frozenset({
    "KSampler", "KSamplerAdvanced", "SamplerCustom", "SamplerCustomAdvanced",
    "KSampler (Efficient)", "KSampler Adv. (Efficient)", "KSampler SDXL (Eff.)",
})
OUTPUT_CLASSES = frozenset({"SaveImage", "PreviewImage", "Image Save", "SaveAnimatedWEBP", "SaveAnimatedPNG"})
# Inputs that carry a model, a text encoder or a VAE: never on the latent path of a pass.
NOT_LATENT_INPUTS = frozenset({
    "model", "clip", "vae", "positive", "negative", "conditioning", "guider", "sampler", "sigmas",
    "noise", "upscale_model", "control_net", "clip_vision", "clip_vision_output", "mask",
})
TEXT_KEYS = ("text", "text_g", "text_l", "clip_l", "t5xxl", "prompt", "positive", "string", "value",
             "text_positive", "text_negative", "String", "Text", "wildcard_text", "populated_text")
CHECKPOINT_KEYS = ("ckpt_name", "unet_name", "model_name", "gguf_name", "model_path", "base_ckpt_name")
PROMPT_PAIRS = ("", "_prompt", "_text")  # a node holding both prompts: positive/negative, positive_prompt/...
SEED_KEYS = ("seed", "noise_seed", "seed_num")  # seed_num: Easy-Use's "easy preSampling" nodes
# A helper loader's generic `model_name` (an upscaler's, a face detector's) is not the checkpoint;
# these keys name a generating model whatever the loader is called (unCLIPCheckpointLoader).
GENERATOR_KEYS = tuple(key for key in CHECKPOINT_KEYS if key != "model_name")
# Inputs through which all-in-one loaders hand a sampler its model and prompts at once: Efficiency
# Nodes' `sdxl_tuple`, Impact Pack's `basic_pipe`, tinyterra's `pipe`, ...
BUNDLE_WORDS = ("pipe", "tuple")
RESIZE_WORDS = ("upscale", "scale", "resize", "crop", "pad")
SIZE_PATTERN = re.compile(r"(\d{2,5})\s*[x×*]\s*(\d{2,5})")


class Budget:
    """One allowance of node visits for all walks over a graph, so no input can make us spin."""

    def __init__(self, steps: int = MAX_STEPS) -> None:
        self.left = steps

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


@dataclass
class Graph:
    """Nodes by id (always a string), each a (class_type, inputs) pair; anything else dropped."""

    nodes: dict[str, tuple[str, dict[str, Any]]]
    extra: dict[str, Any] = field(default_factory=dict)
    budget: Budget = field(default_factory=Budget)

    @classmethod
    def from_api(cls, data: Any) -> Graph | None:
        """The graph in an API-format dict, or None when there is no node in it at all."""
        if not isinstance(data, dict):
            return None
        nodes: dict[str, tuple[str, dict[str, Any]]] = {}
        extra: dict[str, Any] = {}
        for key, node in data.items():
            if len(nodes) >= MAX_NODES:
                break
            kind = node.get("class_type") if isinstance(node, dict) else None
            if isinstance(kind, str) and kind:
                inputs = node.get("inputs")
                nodes[str(key)] = (kind[:200], inputs if isinstance(inputs, dict) else {})
            elif len(extra) < 32:
                extra[str(key)] = node
        return cls(nodes, extra) if nodes else None

    def kind(self, node_id: str) -> str:
        return self.nodes[node_id][0]

    def inputs(self, node_id: str) -> dict[str, Any]:
        return self.nodes[node_id][1]

    def link(self, value: Any) -> tuple[str, int] | None:
        """The (node id, output slot) a link input points at, when it is a link to a known node."""
        if not isinstance(value, list) or len(value) != 2:
            return None
        source, slot = value
        if isinstance(source, bool) or not isinstance(source, (str, int)):
            return None
        if isinstance(slot, bool) or not isinstance(slot, int):
            return None
        return (str(source), slot) if str(source) in self.nodes else None

    def links(self, node_id: str, skip: Iterable[str] = ()) -> Iterator[tuple[str, str, int]]:
        """(input name, source id, source slot) of every link input of a node."""
        skipped = set(skip)
        for name, value in self.inputs(node_id).items():
            if name in skipped:
                continue
            target = self.link(value)
            if target is not None:
                yield name, target[0], target[1]

    def is_sampler(self, node_id: str) -> bool:
        kind, inputs = self.nodes[node_id]
        if kind in SAMPLER_CLASSES:
            return True
        if "context" in kind.lower():
            return False  # rgthree's Context nodes carry a sampler's settings along; they sample nothing
        has_seed = any(name in inputs for name in SEED_KEYS)
        return "steps" in inputs and ("cfg" in inputs or has_seed) and (any(
            self.link(inputs.get(name)) for name in ("model", "latent_image", "positive"))
            or _bundle(self, inputs) is not None)

    def is_output(self, node_id: str) -> bool:
        kind = self.kind(node_id)
        return kind in OUTPUT_CLASSES or "Save" in kind or ("Preview" in kind and "Image" in kind)

    def upstream(self, starts: Iterable[str], skip: Iterable[str] = ()) -> Iterator[str]:
        """Breadth-first walk against the links, nearest nodes first, each node once."""
        skipped = tuple(skip)
        seen: set[str] = set()
        queue = deque(s for s in starts if s in self.nodes)
        while queue and self.budget.take():
            node_id = queue.popleft()
            if node_id in seen:
                continue
            seen.add(node_id)
            yield node_id
            queue.extend(src for _, src, _ in self.links(node_id, skipped) if src not in seen)


# --- values that may arrive through links (primitive, string and number nodes) ----------------------

def resolve(graph: Graph, value: Any, keys: tuple[str, ...], want: type | tuple[type, ...]) -> Any:
    """A literal value, or the value a chain of primitive/reroute nodes hands to this input."""
    seen: set[str] = set()
    for _ in range(MAX_HOPS):
        if isinstance(value, want) and not isinstance(value, bool):
            return value
        if not graph.budget.take():
            return None
        target = graph.link(value)
        if target is None or target[0] in seen:
            return None
        seen.add(target[0])
        inputs = graph.inputs(target[0])
        value = next((inputs[k] for k in keys if k in inputs), None)
        if value is None:
            value = _only_value(graph, inputs, want)
    return None


def _only_value(graph: Graph, inputs: dict[str, Any], want: type | tuple[type, ...]) -> Any:
    """A node with one literal of the wanted type (or one link) is a pass-through for it."""
    literals = [v for v in inputs.values() if isinstance(v, want) and not isinstance(v, bool)]
    if len(literals) == 1:
        return literals[0]
    links = [v for v in inputs.values() if graph.link(v)]
    return links[0] if len(links) == 1 else None


def finite(value: Any) -> int | float | None:
    """A JSON number usable as a setting. json accepts NaN, Infinity and integers of any length,
    and int() or float() of those raises; they are read as no value at all."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return value if abs(value) < 10**30 else None


_NUMBER_TEXT = re.compile(r"\s*(-?\d{1,20}(?:\.\d{1,12})?)\s*(?:,|$)")


def number(graph: Graph, inputs: dict[str, Any], *names: str) -> int | float | None:
    for name in names:
        if name in inputs:
            found = finite(resolve(graph, inputs[name], (name, "value", "seed", "noise_seed", "int", "float",
                                                         "number", "Number"), (int, float)))
            if found is None and isinstance(inputs[name], str):
                found = _number_text(inputs[name])
            if found is not None:
                return found
    return None


def _number_text(text: str) -> int | float | None:
    """A number written as text: essentials' FluxSamplerParams+ takes `steps: "20"`, `guidance:
    "3.5"` or a comma list to sweep (`"20, 30"`, of which the first is the first image's)."""
    match = _NUMBER_TEXT.match(text[:100])
    if match is None:
        return None
    value = match.group(1)
    return float(value) if "." in value else int(value)


def string(graph: Graph, inputs: dict[str, Any], *names: str) -> str | None:
    for name in names:
        if name in inputs:
            found = resolve(graph, inputs[name], (name, "value", "string", "text", "String"), str)
            if isinstance(found, str):
                return found
    return None


def text_of(graph: Graph, value: Any) -> str | None:
    """The text a prompt input carries, following links into string nodes and concatenations."""
    parts = _text_parts(graph, value, set())
    return "\n".join(parts) if parts else None


def _text_parts(graph: Graph, value: Any, seen: set[str], depth: int = 0) -> list[str]:
    """Depth-limited (a chain of string nodes is at most MAX_HOPS long, never a RecursionError)
    and capped at MAX_TEXT_PARTS parts per node, so a hostile graph cannot make this spin."""
    if isinstance(value, str):
        return [value] if value else []
    target = graph.link(value)
    if target is None or target[0] in seen or depth > MAX_HOPS or not graph.budget.take():
        return []
    seen.add(target[0])
    inputs = graph.inputs(target[0])
    texty = [k for k in inputs if k in TEXT_KEYS or "text" in k.lower() or "string" in k.lower()]
    if "text" in inputs:
        texty = ["text"]
    parts: dict[str, None] = {}  # ordered, and a set for membership
    for key in texty[:MAX_TEXT_PARTS]:
        for part in _text_parts(graph, inputs[key], seen, depth + 1):
            if len(parts) < MAX_TEXT_PARTS:
                parts.setdefault(part)
    if not parts and not texty:
        return _text_parts(graph, _only_value(graph, inputs, str), seen, depth + 1)
    joiner = inputs.get("delimiter", inputs.get("separator"))
    if isinstance(joiner, str) and len(parts) > 1:
        return [joiner.join(parts)]
    return list(parts)


def size_of(value: Any) -> tuple[int, int] | None:
    match = SIZE_PATTERN.search(value) if isinstance(value, str) else None
    return (int(match.group(1)), int(match.group(2))) if match else None


# --- passes ---------------------------------------------------------------------------------------------

@dataclass
class Pass:
    """What one sampler node did: the values of one generation pass."""

    node: str
    kind: str
    seed: int | None = None
    steps: int | None = None
    cfg: float | None = None
    sampler: str | None = None
    scheduler: str | None = None
    denoise: float | None = None
    model: str | None = None
    loras: list[tuple[str, float | None]] = field(default_factory=list)
    positive: str | None = None
    negative: str | None = None
    width: int | None = None
    height: int | None = None
    guidance: float | None = None


def passes(graph: Graph) -> list[Pass]:
    """Every pass that made the saved image, the base pass first, then the later passes in order."""
    chain = _sampler_chain(graph)
    if not chain:
        return []
    base = next((s for s in chain if _is_rooted(graph, s)), chain[-1])
    ordered = [base] + [s for s in reversed(chain) if s != base]
    return [read_pass(graph, node_id) for node_id in ordered[:8]]


def _sampler_chain(graph: Graph) -> list[str]:
    """Samplers feeding the richest output node, nearest to the output first."""
    outputs = [n for n in graph.nodes if graph.is_output(n)][:64]
    if not outputs:
        consumed = {src for n in graph.nodes for _, src, _ in graph.links(n)}
        outputs = [n for n in graph.nodes if n not in consumed][:64]
    best: list[str] = []
    for output in outputs:
        chain = [n for n in graph.upstream([output], NOT_LATENT_INPUTS) if graph.is_sampler(n)][:64]
        if len(chain) > len(best):
            best = chain
    if not best:
        best = [n for n in graph.nodes if graph.is_sampler(n)][:64]
    return best


def _latent_sources(graph: Graph, sampler: str) -> list[str]:
    return [src for _, src, _ in graph.links(sampler, NOT_LATENT_INPUTS)]


def _is_rooted(graph: Graph, sampler: str) -> bool:
    """True when the sampler's latent comes from no earlier sampler (an empty latent or an image)."""
    walk = graph.upstream(_latent_sources(graph, sampler), NOT_LATENT_INPUTS)
    return not any(graph.is_sampler(n) for n in walk)


def _effective_inputs(graph: Graph, sampler: str) -> dict[str, Any]:
    """The sampler's inputs merged with those of its noise/guider/sampler/sigmas helper nodes,
    so SamplerCustomAdvanced reads like a KSampler; the sampler's own inputs win."""
    merged: dict[str, Any] = {}
    own = graph.inputs(sampler)
    for helper in ("noise", "guider", "sampler", "sigmas"):
        target = graph.link(own.get(helper))
        if target is None:
            continue
        helper_inputs = graph.inputs(target[0])
        for key, value in helper_inputs.items():
            merged.setdefault(key, value)
        if helper == "sampler" and "sampler_name" not in helper_inputs:
            merged.setdefault("sampler_name", graph.kind(target[0]))
        if helper == "guider" and "conditioning" in helper_inputs:
            merged.setdefault("positive", helper_inputs["conditioning"])
    for key, value in own.items():
        if key not in ("noise", "guider", "sampler", "sigmas") or key not in merged:
            merged[key] = value
    return merged


def read_pass(graph: Graph, sampler: str) -> Pass:
    inputs = _effective_inputs(graph, sampler)
    found = Pass(node=sampler, kind=graph.kind(sampler))
    seed = number(graph, inputs, *SEED_KEYS)
    steps = number(graph, inputs, "steps")
    found.seed = int(seed) if seed is not None else None
    found.steps = int(steps) if steps is not None else None
    cfg = number(graph, inputs, "cfg", "cfg_scale")
    found.cfg = float(cfg) if cfg is not None else None
    denoise = number(graph, inputs, "denoise")
    found.denoise = float(denoise) if denoise is not None else None
    found.sampler = string(graph, inputs, "sampler_name", "sampler")
    found.scheduler = string(graph, inputs, "scheduler")
    bundle = _bundle(graph, inputs)
    found.model, found.loras = _model_chain(graph, inputs.get("model", bundle))
    # All-in-one samplers apply a LoRA of their own (tinyterra's pipeKSampler `lora_name`).
    found.loras = [*_loras_of(graph, graph.inputs(sampler)), *found.loras][:64]
    guidance: list[float] = []
    positive, negative = _prompt_inputs(graph, inputs, bundle)
    found.positive = _conditioning_text(graph, positive, "positive", guidance)
    found.negative = _conditioning_text(graph, negative, "negative", [])
    found.guidance = guidance[0] if guidance else None
    found.width, found.height = _latent_size(graph, sampler)
    return found


def _prompt_inputs(graph: Graph, inputs: dict[str, Any], bundle: Any) -> tuple[Any, Any]:
    """The sampler inputs its positive and negative prompts arrive through.

    Stock samplers say `positive`/`negative`; others name them for what they carry: XLabs' Flux
    sampler `conditioning`/`neg_conditioning`, video wrappers one `text_embeds` link to an encoder
    holding both prompts (WanVideoWrapper's `positive_prompt`/`negative_prompt`)."""
    positive, negative = inputs.get("positive", inputs.get("cond1")), inputs.get("negative")
    linked = [name for name, value in inputs.items() if graph.link(value)]
    if positive is None:
        positive = next((inputs[name] for name in linked if "neg" not in name.lower()
                         and any(word in name.lower() for word in ("cond", "embeds", "prompt"))), bundle)
    if negative is None:
        negative = next((inputs[name] for name in linked if "neg" in name.lower()), None)
    if negative is None and _holds_both(graph, positive):
        negative = positive  # one link to a node that holds both prompts (a loader, a pipe, an encoder)
    return positive, negative


def _holds_both(graph: Graph, value: Any) -> bool:
    target = graph.link(value)
    if target is None:
        return False
    inputs = graph.inputs(target[0])
    return any(f"positive{key}" in inputs and f"negative{key}" in inputs for key in PROMPT_PAIRS)


def _bundle(graph: Graph, inputs: dict[str, Any]) -> Any:
    """The link of a sampler's bundle input (a pipe or tuple carrying model and conditioning)."""
    for name, value in inputs.items():
        if any(word in name.lower() for word in BUNDLE_WORDS) and graph.link(value):
            return value
    return None


def _model_chain(graph: Graph, value: Any) -> tuple[str | None, list[tuple[str, float | None]]]:
    """The checkpoint behind a model input and the LoRAs applied on the way to it."""
    target = graph.link(value)
    loras: list[tuple[str, float | None]] = []
    queue = deque([target[0]] if target else [])
    seen: set[str] = set()
    while queue and graph.budget.take():
        node_id = queue.popleft()
        if node_id in seen:
            continue
        seen.add(node_id)
        inputs = graph.inputs(node_id)
        loras.extend(_loras_of(graph, inputs))
        kind = graph.kind(node_id).lower()
        keys = CHECKPOINT_KEYS if not any(word in kind for word in NOT_MAIN_MODEL) else GENERATOR_KEYS
        name = string(graph, inputs, *keys) or _model_file(graph.kind(node_id), inputs)
        if name:
            return name, loras
        follow = [k for k in ("model", "lora_stack") if k in inputs] or [k for k in inputs if "model" in k]
        if not follow:
            follow = [k for k in inputs if k not in ("clip", "vae", "image", "pixels", "conditioning")]
        queue.extend(t[0] for k in follow if (t := graph.link(inputs[k])) and t[0] not in seen)
    return None, loras


# Loaders of models that are not the one generating the image, whatever their names say.
NOT_MAIN_MODEL = ("lora", "upscale", "ipadapter", "clip", "vae", "controlnet", "hypernetwork", "style", "sam",
                  "yolo", "detector", "segm", "bbox", "face", "depth", "vision", "t5", "text")
MODEL_FILE = re.compile(r"\.(safetensors|gguf|ckpt|pt|pth|bin|sft)$", re.IGNORECASE)


def _model_file(kind: str, inputs: dict[str, Any]) -> str | None:
    """A model loader of a type nobody listed names its file under a key of its own choosing
    (WanVideoWrapper's `WanVideoModelLoader` says `model`): the first file name among its inputs.
    Only a *model* or checkpoint loader: a hypernetwork, LoRA or upscaler loader sits on the same
    model path and must not be taken for the checkpoint."""
    lowered = kind.lower()
    if not ("modelloader" in lowered or "checkpoint" in lowered) or any(word in lowered for word in NOT_MAIN_MODEL):
        return None
    for key, value in inputs.items():
        if isinstance(value, str) and MODEL_FILE.search(value) and "lora" not in key.lower() \
                and "vae" not in key.lower() and "clip" not in key.lower():
            return value
    return None


def _loras_of(graph: Graph, inputs: dict[str, Any]) -> list[tuple[str, float | None]]:
    found: list[tuple[str, float | None]] = []
    name = string(graph, inputs, "lora_name")
    if name and name.lower() != "none":
        weight = number(graph, inputs, "strength_model", "strength", "lora_strength", "model_weight",
                        "lora_model_strength")
        found.append((name, float(weight) if weight is not None else None))
    for value in inputs.values():
        lora = value.get("lora") if isinstance(value, dict) else None
        if isinstance(lora, str) and value.get("on", True) and lora.lower() != "none":
            weight = finite(value.get("strength"))
            found.append((lora, float(weight) if weight is not None else None))
    found.extend(lora_slots(inputs))
    return found[:64]


_SLOT_NAME = re.compile(r"lora_name_(\d+)|lora_(\d+)(?:_name)?|lora(\d+)_name")
_SLOT_WEIGHTS = ("model_weight_{n}", "lora_wt_{n}", "model_str_{n}", "strength_model_{n}", "strength_{n}",
                 "lora_{n}_model_strength", "lora_{n}_strength", "lora_{n}_weight", "lora{n}_model_strength",
                 "lora{n}_strength")
_SLOT_SWITCHES = ("switch_{n}", "activate_{n}", "enabled_{n}", "lora_{n}_on", "on_{n}")
_OFF = (False, "Off", "off", "OFF", "false", "False")


def lora_slots(inputs: dict[str, Any]) -> list[tuple[str, float | None]]:
    """The numbered LoRA slots of a stack node, in slot order: each pack spells them its own way.

    Comfyroll's CR LoRA Stack `lora_name_1` + `switch_1` + `model_weight_1`, Efficiency Nodes'
    LoRA Stacker `lora_name_1` + `lora_wt_1`/`model_str_1` up to `lora_count`, rgthree's Lora Loader
    Stack `lora_01` + `strength_01`, Easy-Use's loraStack `lora_1_name` + `lora_1_strength` up to
    `num_loras`, tinyterra's pipeLoader `lora1_name` + `lora1_model_strength`. A slot set to
    "None", switched off, or at strength 0 applies nothing."""
    count = finite(inputs.get("lora_count", inputs.get("num_loras")))
    weights = _SLOT_WEIGHTS
    if inputs.get("input_mode") == "advanced" or inputs.get("mode") == "advanced":
        weights = ("model_str_{n}", "lora_{n}_model_strength", *weights)  # separate model/clip strengths
    slots: list[tuple[int, str, float | None]] = []
    for key, value in list(inputs.items())[:400]:
        match = _SLOT_NAME.fullmatch(key) if key.startswith("lora") else None
        if match is None or not isinstance(value, str) or value.strip().lower() in ("", "none"):
            continue
        digits = match.group(1) or match.group(2) or match.group(3)
        index = int(digits)
        if count is not None and index > count:
            continue
        if any(inputs.get(p.format(n=digits)) in _OFF for p in _SLOT_SWITCHES):
            continue
        weight = next((finite(inputs[k]) for p in weights if (k := p.format(n=digits)) in inputs
                       and finite(inputs[k]) is not None), None)
        if weight == 0:
            continue
        slots.append((index, value, float(weight) if weight is not None else None))
    return [(name, weight) for _, name, weight in sorted(slots, key=lambda slot: slot[0])][:64]


ENCODER_KEYS = ("text", "text_g", "text_l", "clip_l", "clip_g", "t5xxl", "prompt", "wildcard_text", "populated_text")
NOT_CONDITIONING = frozenset({"clip", "vae", "model", "image", "pixels", "mask", "control_net", "style_model",
                              "clip_vision", "clip_vision_output", "upscale_model", "latent", "samples"})


def _conditioning_text(graph: Graph, value: Any, role: str, guidance: list[float]) -> str | None:
    """The prompt text behind a positive or negative input, through combine/area/guidance nodes."""
    target = graph.link(value)
    if isinstance(value, str):
        return value or None
    texts: list[str] = []
    queue = deque([target[0]] if target else [])
    seen: set[str] = set()
    while queue and graph.budget.take() and len(texts) < MAX_TEXT_PARTS:
        node_id = queue.popleft()
        if node_id in seen:
            continue
        seen.add(node_id)
        if "zeroout" in graph.kind(node_id).lower():
            continue  # ConditioningZeroOut: an empty prompt, whatever encoder it was wired to
        inputs = graph.inputs(node_id)
        level = number(graph, inputs, "guidance")
        if level is not None:
            guidance.append(float(level))
        pair = next((key for key in PROMPT_PAIRS if f"positive{key}" in inputs
                     and f"negative{key}" in inputs), None)
        if pair is not None:
            chosen = inputs.get(f"{role}{pair}")
            if isinstance(chosen, str):
                _add(texts, chosen)
            elif (t := graph.link(chosen)) is not None:
                queue.append(t[0])
            continue
        conditioning = [k for k in inputs if "cond" in k.lower() and graph.link(inputs[k])]
        own = [k for k in ENCODER_KEYS if k in inputs] or _encoder_strings(graph, inputs)
        if own and not conditioning:
            first = text_of(graph, inputs["text"]) if "text" in own else None
            for key in own[:1] if first else own:
                _add(texts, first if key == "text" else text_of(graph, inputs[key]))
            continue
        # A node that adds text to conditioning it is given (GLIGEN's text boxes, regional prompts)
        # holds a part of the picture; the prompt is the conditioning it started from.
        follow = conditioning or [k for k in inputs if k not in NOT_CONDITIONING]
        queue.extend(t[0] for k in follow if (t := graph.link(inputs[k])) and t[0] not in seen)
    return "\n".join(texts) if texts else None


def _encoder_strings(graph: Graph, inputs: dict[str, Any]) -> list[str]:
    """The prompt inputs of a text encoder of a type nobody listed (HunyuanDiT's `bert`/`mt5xl`,
    Lumina 2's `user_prompt`, ...): a node wired to a text encoder model, whose literal strings
    read as text (with a space in them), not as a choice from a list (`default`, `superior`)."""
    if not graph.link(inputs.get("clip")):
        return []
    return [k for k, v in inputs.items() if isinstance(v, str) and " " in v.strip()][:MAX_TEXT_PARTS]


def _add(texts: list[str], text: str | None) -> None:
    if text and text not in texts:
        texts.append(text)


def _latent_size(graph: Graph, sampler: str) -> tuple[int | None, int | None]:
    """Generation size: the first width/height on the pass's latent path, before any other sampler."""
    for node_id in graph.upstream(_latent_sources(graph, sampler), NOT_LATENT_INPUTS):
        if graph.is_sampler(node_id):
            continue
        inputs = graph.inputs(node_id)
        prefixes = _size_prefixes(inputs)
        pair = _size_pair(graph, inputs, prefixes[0])
        # A preset string ("832 x 1216") outranks spelled-out fields beside it: Easy-Use's loaders
        # use empty_latent_width/height only when the preset is "custom", which does not parse.
        pair = pair or size_of(string(graph, inputs, "resolution", "dimensions", "size"))
        for prefix in prefixes[1:]:
            pair = pair or _size_pair(graph, inputs, prefix)
        if pair:
            return pair
    return None, None


def _size_pair(graph: Graph, inputs: dict[str, Any], prefix: str) -> tuple[int, int] | None:
    width, height = number(graph, inputs, f"{prefix}width"), number(graph, inputs, f"{prefix}height")
    if isinstance(width, (int, float)) and isinstance(height, (int, float)) and width > 0 and height > 0:
        return int(width), int(height)
    return None


def _size_prefixes(inputs: dict[str, Any]) -> list[str]:
    """Prefixes of the width/height pairs a latent node names: "" first (`width`), then spelled-out
    ones such as Efficiency Nodes' `empty_latent_width`; never a conditioning node's target size."""
    found = [""]
    for key in inputs:
        if key.endswith("width") and key != "width" and f"{key[:-5]}height" in inputs:
            prefix = key[:-5]
            if not prefix.startswith(("target", "crop")):
                found.append(prefix)
    return found[:8]


def resized_after(graph: Graph, sampler: str) -> bool:
    """True when some node between the sampler and an output scales or crops the image."""
    for output in (n for n in graph.nodes if graph.is_output(n)):
        for node_id in graph.upstream([output], NOT_LATENT_INPUTS):
            if node_id == sampler:
                break
            if any(word in graph.kind(node_id).lower() for word in RESIZE_WORDS):
                return True
    return False
