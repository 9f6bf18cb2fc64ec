"""InvokeAI, in each of the formats it has written over the years.

- 3.x onwards: "invokeai_metadata" JSON (positive_prompt, model {...}, loras [...]); 5.x adds
  model keys/hashes and an "invokeai_graph" next to it.
- 2.x: "sd-metadata" JSON (model_weights, image {prompt [{prompt, weight}], ...}).
- 1.x / lstein: "Dream", a command line: `"prompt [negative]" -s 50 -S 42 -W 512 -H 768 ...`.
The older two keep the negative prompt inside the prompt in [brackets]; it is split out the way
InvokeAI itself did, so the prompt reads as the user meant it.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any, ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat
from generator.provenance.parsers._a1111_text import to_float, to_int
from generator.provenance.parsers._invoke_graph import graph_settings
from generator.provenance.result import LoraRef, ModelRef, Provenance
from generator.provenance.safejson import load_json

_WITH_LORA_RE = re.compile(r"withLora\(\s*([^,()]+?)\s*(?:,\s*(-?\d+(?:\.\d+)?)\s*)?\)")
_NEGATIVE_RE = re.compile(r"\[([^\[\]]*)\]")
# Fields every InvokeAI graph node has, which say nothing about the generation.
_NODE_KEYS = {"id", "type", "is_intermediate", "use_cache"}
_V3_CONSUMED = {
    "positive_prompt", "negative_prompt", "model", "seed", "steps", "cfg_scale", "scheduler",
    "width", "height", "loras",
}
# Dream switches, short and long spellings, to the field they fill.
# `-m` was the sampler switch from the first lstein dream.py (`-mk_lms`) on; InvokeAI 2.x kept it as
# an alias of `-A`/`--sampler` and named the model only with the long `--model`.
_DREAM_FLAGS = {
    "-s": "steps", "--steps": "steps", "-S": "seed", "--seed": "seed", "-W": "width",
    "--width": "width", "-H": "height", "--height": "height", "-C": "cfg", "--cfg_scale": "cfg",
    "-A": "sampler", "-m": "sampler", "--sampler": "sampler", "--sampler_name": "sampler",
    "--model": "model",
}
_ATTACHED = re.compile(r"^(-[A-Za-z])(.+)$")  # argparse short switch with its value attached: -s50
_LONG_VALUE = re.compile(r"^(--[A-Za-z][\w-]*)=(.*)$", re.S)  # --steps=50
MAX_LORAS = 100
MAX_DREAM_TOKENS = 400


def _json(text: str | None, what: str) -> dict[str, Any] | None:
    if not text:
        return None
    data = load_json(text)
    if not isinstance(data, dict):
        raise BrokenFormat(f"{what} is not a JSON object")
    return data


def split_negative(prompt: str) -> tuple[str, str | None]:
    """InvokeAI 2.x rule: every [bracketed] run is negative text, the rest is the prompt."""
    negatives = _NEGATIVE_RE.findall(prompt)
    if not negatives:
        return prompt.strip(), None
    positive = re.sub(" +", " ", _NEGATIVE_RE.sub(" ", prompt)).strip()
    return positive, " ".join(n.strip() for n in negatives).strip() or None


def _name(model: Any) -> tuple[str | None, str | None]:
    """(name, hash) from InvokeAI's model dicts, whose keys changed between versions."""
    if isinstance(model, str):
        return model or None, None
    if not isinstance(model, dict):
        return None, None
    name = model.get("name") or model.get("model_name") or model.get("key")
    digest = model.get("hash")
    return (name if isinstance(name, str) else None), (digest if isinstance(digest, str) else None)


class InvokeAIParser:
    """Every InvokeAI metadata generation, newest first."""

    name: ClassVar[str] = "invokeai"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        text = bag.text
        metadata = _json(text.get("invokeai_metadata"), "invokeai_metadata")
        if metadata is None and text.get("invokeai_graph"):
            metadata = _from_graph(_json(text.get("invokeai_graph"), "invokeai_graph"))
        if metadata is not None:
            self._v3(metadata, result)
            result.workflow = text.get("invokeai_workflow") or None
        elif text.get("sd-metadata"):
            sd_meta = _json(text["sd-metadata"], "sd-metadata")
            images = sd_meta.get("images") if sd_meta else None
            if sd_meta is not None and not isinstance(sd_meta.get("image"), dict) and isinstance(images, list):
                sd_meta["image"] = next((i for i in images[:16] if isinstance(i, dict)), None)  # grid/batch record
            if sd_meta is None or not isinstance(sd_meta.get("image"), dict):
                raise BrokenFormat("sd-metadata has no image record")
            self._v2(sd_meta, result)
            dream_prompt = _split_dream(text["Dream"])[0] if text.get("Dream") else None
            if dream_prompt:  # the command line keeps the prompt as typed: blend weights, brackets and all
                result.prompt, result.negative_prompt = split_negative(dream_prompt)
        elif text.get("Dream"):
            if not self._dream(text["Dream"], result):
                return False
        else:
            return False
        if not result.loras:
            result.loras = with_lora_tags(result.prompt)
        result.format, result.generator, result.ai_generated = "invokeai", "InvokeAI", True
        return True

    @staticmethod
    def _v3(data: dict[str, Any], result: Provenance) -> None:
        result.prompt = _str(data.get("positive_prompt"))
        result.negative_prompt = _str(data.get("negative_prompt"))
        name, digest = _name(data.get("model"))
        if name or digest:
            result.model = ModelRef(name=name, hash=digest)
        result.seed, result.steps = to_int(data.get("seed")), to_int(data.get("steps"))
        result.cfg = to_float(data.get("cfg_scale"))
        result.sampler = _str(data.get("scheduler"))
        result.width, result.height = to_int(data.get("width")), to_int(data.get("height"))
        for item in (data.get("loras") or [])[:MAX_LORAS] if isinstance(data.get("loras"), list) else []:
            if not isinstance(item, dict):
                continue
            lora_name, lora_hash = _name(item.get("model") or item.get("lora"))
            if lora_name:
                result.loras.append(LoraRef(name=lora_name, weight=to_float(item.get("weight")), hash=lora_hash))
        for key, value in data.items():
            if key in _V3_CONSUMED or value in (None, "", [], {}):
                continue
            if isinstance(value, dict):
                value = _name(value)[0] or value
            result.extras[key] = value if isinstance(value, str) else _compact(value)

    @staticmethod
    def _v2(data: dict[str, Any], result: Provenance) -> None:
        image = data["image"]
        prompt = image.get("prompt")
        if isinstance(prompt, list):
            prompt = _blend(prompt)
        if isinstance(prompt, str):
            result.prompt, result.negative_prompt = split_negative(prompt)
        name = data.get("model_weights") or data.get("model_id")
        digest = data.get("model_hash")
        if isinstance(name, str) or isinstance(digest, str):
            result.model = ModelRef(name=_str(name), hash=_str(digest))
        result.seed, result.steps = to_int(image.get("seed")), to_int(image.get("steps"))
        result.cfg = to_float(image.get("cfg_scale"))
        result.sampler = _str(image.get("sampler"))
        result.width, result.height = to_int(image.get("width")), to_int(image.get("height"))
        for key in ("app_id", "app_version", "model"):
            if isinstance(data.get(key), str):
                result.extras[key] = data[key]
        for key in ("type", "postprocessing", "variations", "strength", "init_img"):
            if image.get(key) not in (None, "", []):
                result.extras[key] = _compact(image[key]) if not isinstance(image[key], str) else image[key]

    @staticmethod
    def _dream(command: str, result: Provenance) -> bool:
        prompt, options = _split_dream(command)
        if prompt is None:
            return False
        result.prompt, result.negative_prompt = split_negative(prompt)
        result.steps, result.seed = to_int(options.pop("steps", None)), to_int(options.pop("seed", None))
        result.width, result.height = to_int(options.pop("width", None)), to_int(options.pop("height", None))
        result.cfg = to_float(options.pop("cfg", None))
        result.sampler = options.pop("sampler", None) or None
        model = options.pop("model", None)
        if model:
            result.model = ModelRef(name=model)
        result.extras.update(options)
        return True


def _split_dream(command: str) -> tuple[str | None, dict[str, str]]:
    """Prompt and switches of a Dream command line (quoted or bare prompt)."""
    command = command.strip()
    if command.startswith('"'):
        match = re.match(r'"(.*?)"(?=\s+-|\s*$)', command, re.S)
        if not match:
            return None, {}
        prompt, rest = match.group(1), command[match.end():]
    else:
        match = re.search(r"(?:^|\s)-{1,2}[A-Za-z]", command)
        prompt = command[: match.start()] if match else command
        rest = command[match.start():] if match else ""
    try:
        tokens = shlex.split(rest)[:MAX_DREAM_TOKENS]
    except ValueError:
        tokens = rest.split()[:MAX_DREAM_TOKENS]
    options: dict[str, str] = {}
    flag: str | None = None
    for token in _switch_tokens(tokens):
        if re.match(r"^-{1,2}[A-Za-z]", token):
            flag = token
            options.setdefault(_DREAM_FLAGS.get(flag, flag), "")
        elif flag is not None:
            key = _DREAM_FLAGS.get(flag, flag)
            options[key] = f"{options[key]} {token}".strip()
    return prompt.strip(), options


def _blend(parts: list[Any]) -> str | None:
    """The 2.x prompt list back in the syntax the user typed: one prompt as is, a blend as `a:0.7 b:0.3`."""
    found = [(p["prompt"], to_float(p.get("weight"))) for p in parts[:50]
             if isinstance(p, dict) and isinstance(p.get("prompt"), str)]
    if len(found) == 1 and found[0][1] in (None, 1.0):
        return found[0][0]
    return " ".join(text if weight is None else f"{text}:{weight:g}" for text, weight in found) or None


def _switch_tokens(tokens: list[str]) -> list[str]:
    """Tokens with attached values split off, so `-s50 -Ak_lms --seed=42` reads like `-s 50 -A k_lms`."""
    out: list[str] = []
    for token in tokens:
        match = _LONG_VALUE.match(token) or (None if token.startswith("--") else _ATTACHED.match(token))
        out.extend(match.groups() if match else (token,))
    return out


def with_lora_tags(prompt: str | None) -> list[LoraRef]:
    """InvokeAI 2.3's prompt syntax for LoRAs, `withLora(name,weight)` (the weight may be left out).

    InvokeAI 2.3's web UI scans prompts for `withLora(...)` and splits name from weight at the comma;
    NMKD's GUI reads its InvokeAI backend's `Dream` prompts the same way (`Data/ImageMetadata.cs`,
    `InvokeGetLoras`). The prompt keeps the syntax as written."""
    loras = []
    for match in list(_WITH_LORA_RE.finditer(prompt or ""))[:MAX_LORAS]:
        loras.append(LoraRef(name=match.group(1), weight=to_float(match.group(2)) if match.group(2) else None))
    return loras


def _core_metadata(graph: dict[str, Any] | None) -> dict[str, Any] | None:
    """The core_metadata node of an InvokeAI graph, when only the graph was saved."""
    nodes = (graph or {}).get("nodes")
    if not isinstance(nodes, dict):
        return None
    for node in list(nodes.values())[:2000]:
        if isinstance(node, dict) and node.get("type") == "core_metadata":
            return node
    return None


def _from_graph(graph: dict[str, Any] | None) -> dict[str, Any] | None:
    """A graph-only file's settings: its core_metadata node's own values, the rest from the nodes.

    The core_metadata node says what the UI recorded (the prompt as typed); what it leaves out (a
    workflow-editor graph often has no such node at all) is read by following the graph's edges."""
    core = {k: v for k, v in (_core_metadata(graph) or {}).items()
            if k not in _NODE_KEYS and v not in (None, "", [], {})}
    merged = {**graph_settings(graph), **core}
    return merged or None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:4000]


PARSER = InvokeAIParser()
