"""What a reader of the badge is told: the AI disclosure and how strong the evidence is.

Wording is neutral on purpose: the badge reports how a work was made, it does not judge it.
An artist's declaration is shown as a declaration; embedded metadata that contradicts it is
reported to the artist at build time, never silently overridden.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.provenance.parsers.iptc_xmp import term as source_type_term
from generator.provenance.result import Provenance

AI_EDIT_TYPES = ("compositewithtrainedalgorithmicmedia", "algorithmicallyenhanced")
AI_MADE_TYPES = ("trainedalgorithmicmedia", "compositesynthetic")  # as iptc_xmp.AI_TERMS
ALGORITHMIC_TYPES = ("algorithmicmedia",)  # IPTC: made by an algorithm without training data; not AI
HUMAN_TYPES = ("digitalcapture", "negativefilm", "positivefilm", "print", "humanedits", "minorhumanedits",
               "digitalart", "virtualrecording", "screencapture")

DISCLOSURE_TEXT = {
    "generated": "AI-generated",
    "edited": "AI-edited",
    "none": "Made without AI",
    "algorithmic": "Made by an algorithm (not trained AI)",
    "unknown": "AI use unknown",
}
EVIDENCE_TEXT = {
    "verified": "Content Credentials verified on the original at build time",
    "untrusted": "Content Credentials present but untrusted: intact, but the signer is not on this site's "
                 "trust list",
    "invalid": "Content Credentials present but invalid: the file no longer matches its signature",
    "remote": "Content Credentials stored remotely; not fetched or checked",
    "embedded": "Embedded metadata, unsigned",
    "declared": "Declared by the artist",
    "none": "No provenance information",
}
DECLARED_AI = {"generated": "generated", "edited": "edited", "none": "none", "false": "none", "no": "none"}


@dataclass(frozen=True)
class Disclosure:
    kind: str  # generated | edited | algorithmic | none | unknown
    source: str  # declared | metadata | none
    evidence: str  # verified | invalid | embedded | declared | none

    @property
    def text(self) -> str:
        base = DISCLOSURE_TEXT[self.kind]
        return f"{base} (as declared)" if self.source == "declared" and self.kind == "none" else base

    @property
    def evidence_text(self) -> str:
        return EVIDENCE_TEXT[self.evidence]


def from_metadata(prov: Provenance | None) -> str:
    """generated / edited / algorithmic / none / unknown, from what the file says."""
    if prov is None:
        return "unknown"
    term = source_type_term(prov.digital_source_type or "")
    if term in AI_EDIT_TYPES:
        return "edited"
    if prov.ai_generated is True or term in AI_MADE_TYPES:
        return "generated"
    if term in ALGORITHMIC_TYPES:
        return "algorithmic"
    if term in HUMAN_TYPES:
        return "none"
    return "unknown"


def evidence_level(prov: Provenance | None, declared: bool) -> str:
    """The strongest evidence the file offers. Only a signer on the configured trust list counts
    as verified; an intact signature from an unknown signer proves only that nothing changed."""
    if prov is not None and prov.c2pa is not None and (prov.c2pa.manifest_count or
                                                       prov.c2pa.validation_state == "Invalid"):
        state = prov.c2pa.validation_state
        return {"Trusted": "verified", "Valid": "untrusted"}.get(state or "", "invalid")
    if prov is not None and (prov.format or prov.digital_source_type):
        return "embedded"
    if declared:
        return "declared"
    return "remote" if prov is not None and prov.c2pa is not None and prov.c2pa.remote_manifest_url else "none"


def disclose(prov: Provenance | None, declared_ai: object) -> tuple[Disclosure, list[str]]:
    """The disclosure to show, and warnings where the declaration and the metadata disagree."""
    warnings: list[str] = []
    measured = from_metadata(prov)
    declared = DECLARED_AI.get(str(declared_ai).strip().lower()) if declared_ai is not None else None
    if declared_ai is not None and declared is None:
        warnings.append(f"ai: '{declared_ai}' is not one of generated, edited, none")
    if declared is not None:
        if declared == "none" and measured in ("generated", "edited"):
            warnings.append(f"declared 'ai: none' but the file's metadata says it is {DISCLOSURE_TEXT[measured]}")
        elif declared in ("generated", "edited") and measured == "none":
            warnings.append(f"declared 'ai: {declared}' but the file's metadata says it was made without AI")
        return Disclosure(declared, "declared", evidence_level(prov, True)), warnings
    return Disclosure(measured, "metadata" if measured != "unknown" else "none", evidence_level(prov, False)), warnings


def a1111_parameters(prov: Provenance, include_prompt: bool) -> str:
    """The parameters in AUTOMATIC1111's "PNG Info" format, for the badge's copy button."""
    lines = []
    if include_prompt and prov.prompt:
        lines.append(prov.prompt)
    if include_prompt and prov.negative_prompt:
        lines.append(f"Negative prompt: {prov.negative_prompt}")
    settings = [("Steps", prov.steps), ("Sampler", prov.sampler), ("Schedule type", prov.scheduler),
                ("CFG scale", prov.cfg), ("Seed", prov.seed),
                ("Size", f"{prov.width}x{prov.height}" if prov.width and prov.height else None),
                ("Model hash", prov.model.hash if prov.model else None),
                ("Model", prov.model.name if prov.model else None)]
    text = ", ".join(f"{k}: {_fmt(v)}" for k, v in settings if v not in (None, ""))
    hashed = [lo for lo in prov.loras if lo.hash]
    if hashed:
        text += ", Lora hashes: \"" + ", ".join(f"{lo.name}: {lo.hash}" for lo in hashed) + "\""
    if text:
        lines.append(text)
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
