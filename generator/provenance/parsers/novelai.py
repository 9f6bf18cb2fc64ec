"""NovelAI: PNG text chunks (Software/Source/Description/Comment), the same keys as one JSON
object in EXIF UserComment (WebP/JPEG downloads), or gzip'd JSON in the alpha channel.

The generation settings are the JSON string in "Comment"; "Source" names the model followed by
a short hash ("NovelAI Diffusion V4.5 4BDE2A90"). V4 models add per-character prompts, which
are kept visibly in `extras` because they are part of what produced the picture.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat
from generator.provenance.parsers._a1111_text import to_float, to_int
from generator.provenance.result import ModelRef, Provenance
from generator.provenance.safejson import load_json, looks_like_json_object

_SOURCE_HASH_RE = re.compile(r"^(.*?)\s+([0-9A-Fa-f]{8})$")
_CONSUMED = {
    "prompt", "uc", "steps", "scale", "seed", "sampler", "width", "height", "noise_schedule",
    "v4_prompt", "v4_negative_prompt", "signed_hash",
}
MAX_CHARACTERS = 20


def _record(bag: MetadataBag) -> dict[str, Any] | None:
    """The NovelAI text fields as one dict, wherever the file keeps them."""
    if bag.text.get("Software", "").strip() == "NovelAI" and "Comment" in bag.text:
        return dict(bag.text)
    for text in (bag.exif.get("UserComment"), bag.stealth):
        if not looks_like_json_object(text):
            continue
        try:
            data = load_json(text)
        except BrokenFormat:
            continue
        if isinstance(data, dict) and str(data.get("Software", "")).strip() == "NovelAI":
            return data
    return None


def _captions(block: Any) -> tuple[str | None, list[str]]:
    """(base caption, character captions) from a v4_prompt / v4_negative_prompt object."""
    if not isinstance(block, dict) or not isinstance(block.get("caption"), dict):
        return None, []
    caption = block["caption"]
    base = caption.get("base_caption") if isinstance(caption.get("base_caption"), str) else None
    chars = []
    for item in (caption.get("char_captions") or [])[:MAX_CHARACTERS]:
        if isinstance(item, dict) and isinstance(item.get("char_caption"), str) and item["char_caption"]:
            chars.append(item["char_caption"])
    return base, chars


class NovelAIParser:
    """NovelAI's own metadata, in any of the three places it is written."""

    name: ClassVar[str] = "novelai"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        record = _record(bag)
        if record is None:
            return False
        comment = record.get("Comment")
        settings = load_json(comment) if isinstance(comment, str) else comment
        if not isinstance(settings, dict):
            raise BrokenFormat("NovelAI Comment is not a JSON object")
        result.format, result.generator, result.ai_generated = "novelai", "NovelAI", True
        self._prompts(record, settings, result)
        result.steps = to_int(settings.get("steps"))
        result.cfg = to_float(settings.get("scale"))
        result.seed = to_int(settings.get("seed"))
        result.sampler = _text(settings.get("sampler"))
        result.scheduler = _text(settings.get("noise_schedule"))
        result.width, result.height = to_int(settings.get("width")), to_int(settings.get("height"))
        result.model = _model(record.get("Source"))
        for key, value in settings.items():
            if key not in _CONSUMED and isinstance(value, (str, int, float, bool)):
                result.extras[key] = str(value)
        return True

    @staticmethod
    def _prompts(record: dict[str, Any], settings: dict[str, Any], result: Provenance) -> None:
        base, chars = _captions(settings.get("v4_prompt"))
        neg_base, neg_chars = _captions(settings.get("v4_negative_prompt"))
        description = _text(record.get("Description"))
        result.prompt = _text(settings.get("prompt")) or base or (description or "").strip("\x00") or None
        result.negative_prompt = _text(settings.get("uc")) or neg_base
        if chars:
            result.extras["character_prompts"] = "\n".join(chars)
        if neg_chars:
            result.extras["character_negative_prompts"] = "\n".join(neg_chars)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _model(source: Any) -> ModelRef | None:
    """"NovelAI Diffusion V4.5 4BDE2A90" -> name "NovelAI Diffusion V4.5", hash "4BDE2A90"."""
    if not isinstance(source, str) or not source.strip():
        return None
    match = _SOURCE_HASH_RE.match(source.strip())
    if match:
        return ModelRef(name=match.group(1), hash=match.group(2))
    return ModelRef(name=source.strip())


PARSER = NovelAIParser()
