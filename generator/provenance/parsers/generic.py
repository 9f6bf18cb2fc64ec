"""The fallback reader: a JSON object of generation settings from any tool nobody wrote a parser for.

Dozens of tools record a generation as JSON with the same few keys, spelled their own way:
diffusers-based scripts and Hugging Face Spaces (`num_inference_steps`, `guidance_scale`), Gradio
apps (`resolution: "1024 x 1024"`), web services (Replicate's `{"input": {...}}`, fal's responses,
OpenAI's `revised_prompt`, Leonardo, Tensor.Art's `generation_data`, NightCafe, Playground), and
apps that wrap an engine. No single parser can list them all, so this one recognises the *family*:
a JSON object (or one level below it) that names a prompt and at least one setting, wherever it
sits (any PNG text chunk, EXIF UserComment/ImageDescription/XPComment, XMP descriptions, IPTC
caption, JPEG COM, stealth bits). It runs after every specific parser, so it only ever reads what
they did not claim. `format` says the family ("diffusers" when the keys are diffusers' own names,
else "json"); `generator` is as specific as the record's own words allow.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat
from generator.provenance.parsers._a1111_text import parse_infotext, to_float
from generator.provenance.parsers._resources import from_civitai_list, from_infotext, from_result
from generator.provenance.parsers._settings import Settings, read_mapping
from generator.provenance.result import ModelRef, Provenance
from generator.provenance.safejson import load_json

# Keys a record nests its settings under, one level down (`{"input": {...}}` is Replicate's shape).
NEST_KEYS = ("parameters", "params", "input", "inputs", "request", "generation", "generation_data",
             "settings", "metadata", "meta", "options", "config", "data", "arguments", "args")
NEST_WORDS = ("param", "generat", "setting", "meta", "request", "payload", "job", "task", "config", "option")
MAX_NESTED = 8
# Keys whose string value is itself a JSON document or an A1111 infotext.
EMBEDDED_KEYS = ("parameters", "metadata", "generation_data", "infotext", "meta", "params")
_LABEL = re.compile(r"^[A-Za-z][\w .-]{0,30}:\s*(?=[\[{])")
MAX_JSON_CHARS = 1_000_000  # a settings record is a few KB; bigger JSON is a workflow, read elsewhere


def text_sources(bag: MetadataBag) -> list[tuple[str, str]]:
    """Every free text a tool may have put its record in, as (where, text)."""
    found = [(f"png:{key}", text) for key, text in bag.text.items()]
    found += [(f"exif:{key}", bag.exif[key]) for key in ("UserComment", "ImageDescription", "XPComment",
                                                         "Software", "Make", "Model", "Artist")
              if bag.exif.get(key)]
    found += [(f"xmp:{key}", bag.xmp_fields[key]) for key in ("dc:description", "exif:UserComment",
                                                              "tiff:ImageDescription", "xmp:Label")
              if bag.xmp_fields.get(key)]
    if bag.iptc.get("Caption-Abstract"):
        found.append(("iptc:Caption-Abstract", bag.iptc["Caption-Abstract"]))
    if bag.comment:
        found.append(("comment", bag.comment))
    if bag.stealth:
        found.append(("stealth", bag.stealth))
    return [(where, text.strip("\x00 \t\r\n")) for where, text in found if text]


def json_documents(text: str) -> list[Any]:
    """The JSON object a text holds: bare, labelled ("parameters: {...}") or first in a list."""
    body = _LABEL.sub("", text, count=1)
    if body[:1] not in ("{", "[") or len(body) > MAX_JSON_CHARS:
        return []
    try:
        value = load_json(body)
    except BrokenFormat:
        return []
    if isinstance(value, list):
        value = next((v for v in value[:4] if isinstance(v, dict)), None)
    return [value] if isinstance(value, dict) else []


# Services known by a key only they write (checked on the document and one level down).
SIGNATURES: tuple[tuple[str, frozenset[str]], ...] = (
    ("OpenAI DALL·E", frozenset({"revised_prompt"})),
    ("fal.ai", frozenset({"has_nsfw_concepts", "timings"})),
    ("Leonardo.Ai", frozenset({"presetStyle", "photoReal", "alchemy", "generationId", "generation_id",
                               "leonardoMagic", "promptMagic"})),
    ("Tensor.Art", frozenset({"ksamplerName"})),
    ("Civitai", frozenset({"civitaiResources"})),
    ("NightCafe", frozenset({"nightcafe", "creationId", "runtimeType"})),
    ("Stability AI API", frozenset({"text_prompts"})),
    ("Midjourney", frozenset({"midjourney"})),
    ("AUTOMATIC1111 API", frozenset({"infotexts", "all_prompts", "all_seeds"})),
)
_REPLICATE_KEYS = frozenset({"urls", "logs", "metrics", "predict_time", "webhook"})


def signature(document: dict[str, Any]) -> str | None:
    """The service a record's own keys name, or None."""
    keys = set(document)
    for value in document.values():
        if isinstance(value, dict):
            keys.update(list(value)[:200])
    for name, marks in SIGNATURES:
        if keys & marks:
            return name
    if isinstance(document.get("input"), dict) and (keys & _REPLICATE_KEYS or "version" in document):
        return "Replicate"
    for key in ("model", "model_name", "modelName", "generator", "software"):
        value = document.get(key)
        if isinstance(value, str) and "playground" in value.lower():
            return "Playground"
    return None


def _stability_prompts(document: dict[str, Any], found: Settings) -> None:
    """Stability AI's REST API sends `text_prompts: [{text, weight}]`; negative weights are the negative."""
    parts = document.get("text_prompts")
    if not isinstance(parts, list) or found.prompt is not None:
        return
    positive, negative = [], []
    for part in parts[:32]:
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            weight = to_float(part.get("weight"))
            (negative if weight is not None and weight < 0 else positive).append(part["text"])
    found.prompt = "\n".join(positive) or None
    found.negative_prompt = found.negative_prompt or "\n".join(negative) or None


def read_record(document: dict[str, Any], bag: MetadataBag) -> Settings:
    """Settings from a document and the objects (or JSON / infotext strings) one level below it."""
    found = read_mapping(document)
    _stability_prompts(document, found)
    for inner in _nested(document, found):
        found.merge(read_mapping(inner))
        for deeper in _nested(inner, found):  # {"request": {"input": {...}}}: two levels at most
            found.merge(read_mapping(deeper))
    return found


def _nested(document: dict[str, Any], found: Settings) -> list[dict[str, Any]]:
    """The objects a record nests its settings in (JSON / infotext strings read as objects)."""
    out = []
    for key in NEST_KEYS:
        inner = _key(document, key)
        if isinstance(inner, str) and key in EMBEDDED_KEYS:
            inner = _embedded(inner, found)
        if isinstance(inner, list) and inner and isinstance(inner[0], dict) and key in ("input", "inputs"):
            inner = inner[0]
        if isinstance(inner, dict):
            out.append(inner)
    # Any other object under a key that says what it holds (`generationParams`, `job_settings`,
    # `image_meta`, `payload`, ...): services name their wrappers freely.
    for key, value in list(document.items())[:200]:
        if len(out) >= MAX_NESTED:
            break
        if isinstance(value, dict) and isinstance(key, str) and key.lower() not in NEST_KEYS \
                and any(word in key.lower() for word in NEST_WORDS) and value not in out:
            out.append(value)
    return out


def _key(document: dict[str, Any], name: str) -> Any:
    if name in document:
        return document[name]
    for key, value in document.items():
        if isinstance(key, str) and key.lower() == name:
            return value
    return None


def _embedded(text: str, found: Settings) -> dict[str, Any] | None:
    """A JSON string inside the record (read as an object) or an A1111 infotext (read as settings)."""
    documents = json_documents(text)
    if documents:
        return documents[0]
    info = parse_infotext(text)
    if info is None:
        return None
    found.infotext = info
    mapped: dict[str, Any] = {"prompt": info.prompt or None, "negative_prompt": info.negative_prompt}
    mapped.update(info.settings)
    return mapped


class GenericJSONParser:
    """Any JSON generation record with the usual keys; last in line, after every named tool."""

    name: ClassVar[str] = "generic-json"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        best: tuple[int, Settings, str, dict[str, Any]] | None = None
        for where, text in text_sources(bag):
            for document in json_documents(text):
                found = read_record(document, bag)
                weight = found.weight()
                if found.is_generation() and (best is None or weight > best[0]):
                    best = (weight, found, where, document)
        chunks = per_chunk_document(bag)
        if chunks and best is None:
            found = read_mapping(chunks)
            if found.is_generation():
                best = (found.weight(), found, "png:text chunks", chunks)
        if best is None:
            return False
        _, found, where, document = best
        found.fill(result)
        result.format = found.family()
        result.generator = found.generator or signature(document) or software(bag) or found.default_generator()
        result.extras.setdefault("Record", where)
        source = bag.text.get("Source", "").strip()
        if result.model is None and source and "://" not in source and len(source) <= 200:
            result.model = ModelRef(source)  # NovelAI's convention, kept by scripts that copy it
        from_result(result.model, result.loras, f"{self.name} {where}", result.resources)
        for key in ("resources", "civitaiResources", "additionalResources"):
            from_civitai_list(document.get(key), f"{self.name} {where} {key}", result.resources)
        if found.infotext is not None:
            info = found.infotext
            from_infotext(info.prompt, info.negative_prompt, info.settings, f"{self.name} {where}", result.resources)
        return True


def per_chunk_document(bag: MetadataBag) -> dict[str, str]:
    """PNG text chunks as one record: scripts that save `for k, v in payload: add_text(k, str(v))`
    write one setting per chunk. Values that are JSON documents (graphs) are left out."""
    return {key: value for key, value in list(bag.text.items())[:200]
            if value and value.lstrip()[:1] not in ("{", "[")}


def software(bag: MetadataBag) -> str | None:
    """The Software tag or text chunk, when it names a tool (not a camera firmware number)."""
    for value in (bag.text.get("Software"), bag.exif.get("Software"), bag.xmp_fields.get("xmp:CreatorTool")):
        if value and re.search(r"[A-Za-z]{2}", value) and len(value) <= 120:
            return value.strip()
    return None


PARSER = GenericJSONParser()
