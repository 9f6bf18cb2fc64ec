"""IPTC digital source type and the IPTC 2025.1 AI fields, from XMP (and IPTC-IIM where present).

This is the disclosure a file carries when no generator record survived: stock sites, Google,
Adobe and Midjourney write `Iptc4xmpExt:DigitalSourceType`. Source-type knowledge lives here and
the C2PA parser imports it, so both judge "is this AI?" the same way.

Services that write nothing else name themselves in the Credit line: Google's image models (Gemini,
Imagen, Pixel's Magic Editor) write Credit "Made with Google AI" beside the source type (XMP
`photoshop:Credit`, IPTC-IIM 2:110). A Credit line of the form "Made/Created/Generated/Edited
with/by/using <tool>" names the tool as the generator when nothing more specific did.
"""

from __future__ import annotations

import re

from generator.provenance.bag import MetadataBag
from generator.provenance.result import Provenance

IPTC_DST_PREFIX = "http://cv.iptc.org/newscodes/digitalsourcetype/"
# Terms that mean a trained model made the pixels, most telling first; compositeSynthetic (a
# composite with synthetic parts) counts as AI-made, as the badge's disclosure reads it.
# Plain `algorithmicMedia` is not here: IPTC defines it as media made by an algorithm *without*
# training data (fractals, procedural art), so it is told apart, never called AI-generated.
AI_TERMS = ("trainedalgorithmicmedia", "compositewithtrainedalgorithmicmedia", "compositesynthetic")
ALGORITHMIC_TERMS = ("algorithmicmedia",)
XMP_DST_KEYS = ("Iptc4xmpExt:DigitalSourceType", "Iptc4xmpExt:DigitalSourceFileType", "plus:DigitalSourceType")
AI_FIELDS = {
    "Iptc4xmpExt:AISystemUsed": "ai_system",
    "Iptc4xmpExt:AISystemVersionUsed": "ai_system_version",
    "Iptc4xmpExt:AIPromptInformation": "ai_prompt",
    "Iptc4xmpExt:AIPromptWriterName": "ai_prompt_writer",
}

_CREDIT_TOOL = re.compile(r"^\s*(?:made|created|generated|edited|imagined)\s+(?:with|by|using|in)\s+(.{2,80}?)\s*\.?\s*$",
                          re.I)


def credit_tool(bag: MetadataBag) -> str | None:
    """The tool a "Made with ..." Credit line names (XMP first, then IPTC-IIM), else None."""
    for value in (bag.xmp_fields.get("photoshop:Credit"), bag.iptc.get("Credit")):
        match = _CREDIT_TOOL.match(value or "")
        if match:
            return match.group(1)
    return None


def term(source_type: str) -> str:
    """The IPTC term of a source type URI (or bare term), lower-cased, for comparison only."""
    return source_type.strip().rstrip("/").rsplit("/", 1)[-1].lower()


def is_ai(source_type: str) -> bool:
    return term(source_type) in AI_TERMS


def most_telling(source_types: list[str]) -> str | None:
    """The AI term that says most (trained model beats composite beats algorithmic), else the first."""
    cleaned = [s.strip() for s in source_types if s and s.strip()]
    for wanted in AI_TERMS + ALGORITHMIC_TERMS:
        for candidate in cleaned:
            if term(candidate) == wanted:
                return candidate
    return cleaned[0] if cleaned else None


def apply_source_type(result: Provenance, source_type: str) -> None:
    """Record a source type without overriding a stronger one or a generator's own verdict."""
    current = result.digital_source_type
    if current is None or (is_ai(source_type) and not is_ai(current)):
        result.digital_source_type = source_type
    if result.ai_generated is None or (result.ai_generated is False and is_ai(source_type)):
        result.ai_generated = is_ai(source_type)


class IptcXmpParser:
    name = "iptc_xmp"
    kind = "annotation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        found = [bag.xmp_fields[k] for k in XMP_DST_KEYS if bag.xmp_fields.get(k)]
        if bag.iptc.get("DigitalSourceType"):
            found.append(bag.iptc["DigitalSourceType"])
        source_type = most_telling(found)
        extras = {name: bag.xmp_fields[key].strip() for key, name in AI_FIELDS.items() if bag.xmp_fields.get(key)}
        tool = credit_tool(bag) if source_type is not None else None
        if tool:
            extras["credit"] = (bag.xmp_fields.get("photoshop:Credit") or bag.iptc.get("Credit") or "").strip()
        if source_type is None and not extras:
            return False
        if source_type is not None:
            apply_source_type(result, source_type)
        for name, value in extras.items():
            result.extras.setdefault(name, value)
        if result.format is None and source_type is not None:
            result.format = "xmp"
            if result.generator is None:
                result.generator = extras.get("ai_system") or tool or bag.xmp_fields.get("xmp:CreatorTool") or None
        if extras.get("ai_system") and result.generator is None:
            result.generator = extras["ai_system"]
        if extras.get("ai_prompt") and result.prompt is None:
            result.prompt = extras["ai_prompt"]
        return True


PARSER = IptcXmpParser()
