"""The openness grade of a model entry: the exact rule of FRAMEWORKS.md section 7.

The rule is conservative on purpose: an unverified fact is replaced by the least open value that is
still plausible (gated weights, a non-commercial licence, closed code, undisclosed data) and named in
`unverified`, so a label can only rise when someone checks a fact, never by omission. A fine-tune is
capped by its base (`base_model_id`), because its weights cannot be more open than what they derive from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .registry import Registry

ORDER = "ABCDE"
NAMES = {"A": "Commons", "B": "Open", "C": "Open weights", "D": "Restricted weights", "E": "Closed",
         "?": "Unrated"}
# (badge background, text colour) from the table in FRAMEWORKS.md section 7; all reach WCAG AA.
COLOURS = {"A": ("#1B5E20", "#FFFFFF"), "B": ("#43A047", "#000000"), "C": ("#F9A825", "#000000"),
           "D": ("#EF6C00", "#000000"), "E": ("#B71C1C", "#FFFFFF"), "?": ("#616161", "#FFFFFF")}


@dataclass
class Grade:
    """One model's label: letter, name, what it relies on, and the facts behind it."""

    letter: str
    name: str
    unverified: list[str] = field(default_factory=list)
    model_id: str | None = None
    canonical_name: str | None = None
    components: list[tuple[str, str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)
    capped_by: str | None = None

    @property
    def label_text(self) -> str:
        if self.letter == "?":
            return "? Unrated"
        return f"{self.letter}{'?' if self.unverified else ''} {self.name}"

    @property
    def background(self) -> str:
        return COLOURS[self.letter][0]

    @property
    def text_colour(self) -> str:
        return COLOURS[self.letter][1]


def unrated() -> Grade:
    return Grade(letter="?", name=NAMES["?"])


def _get(entry: Mapping[str, Any], *path: str) -> Any:
    value: Any = entry
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _is_unknown(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower().startswith("unknown"))


def rule(entry: Mapping[str, Any]) -> tuple[str, list[str]]:
    """(letter, unverified field names) for one entry, before the fine-tune cap."""
    unverified: list[str] = []
    weights = entry.get("weights_available")
    if weights == "no":
        return "E", unverified
    if _is_unknown(weights):
        weights = "gated"
        unverified.append("weights_available")
    licence = _get(entry, "weights_license", "class")
    if _is_unknown(licence):
        licence = "noncommercial"
        unverified.append("license")
    if licence in ("noncommercial", "proprietary"):
        return "D", unverified
    if licence in ("rail", "custom-commercial"):
        return "C", unverified
    code = entry.get("inference_code")
    code_osi = _get(entry, "inference_code_license", "osi_approved")
    if _is_unknown(code) or (str(code).lower().startswith("yes") and code_osi is None):
        unverified.append("inference_code")
    code_open = isinstance(code, str) and code.lower().startswith("yes") and code_osi is True
    disclosure = _get(entry, "training_data", "disclosure")
    if _is_unknown(disclosure):
        disclosure = "undisclosed"
        unverified.append("training_data")
    training_code = entry.get("training_code")
    if _is_unknown(training_code):
        training_code = "no"
        unverified.append("training_code")
    paper = bool(entry.get("paper_or_report"))
    if weights == "yes" and code_open and training_code == "yes" and disclosure == "named_obtainable" and paper:
        return "A", unverified
    if code_open and disclosure in ("named_obtainable", "named"):
        return "B", unverified
    return "C", unverified


def grade_entry(registry: Registry, model_id: str) -> Grade:
    """The full grade of a registry entry, capped by its base chain (a fresh copy the caller may change)."""
    key = ("grade", model_id)
    cached = registry.memo.get(key) or registry.remember(key, _grade(registry, model_id, frozenset()))
    return replace(cached, unverified=list(cached.unverified), components=list(cached.components),
                   sources=list(cached.sources), badges=list(cached.badges))


def _grade(registry: Registry, model_id: str, _seen: frozenset[str]) -> Grade:
    """The grade before copying; base chains that loop end at the loop (validation forbids self-bases)."""
    entry = registry.get(model_id)
    if entry is None or model_id in _seen:
        return unrated()
    letter, unverified = rule(entry)
    capped_by = None
    base_id = entry.get("base_model_id")
    if base_id and registry.get(base_id) is not None:
        base = _grade(registry, base_id, _seen | {model_id})
        if base.letter in ORDER and ORDER.index(base.letter) > ORDER.index(letter):
            letter, capped_by = base.letter, base_id
            unverified = unverified + [f"{base_id}.{name}" for name in base.unverified]
    return Grade(
        letter=letter, name=NAMES[letter], unverified=unverified, model_id=model_id,
        canonical_name=str(entry.get("canonical_name") or model_id), components=components(entry),
        sources=[str(s) for s in entry.get("sources") or []], badges=badges(entry), capped_by=capped_by,
    )


def _status(value: Any, table: Mapping[str, str]) -> str:
    if _is_unknown(value):
        return "unknown"
    return table.get(str(value), "unknown")


def components(entry: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(label, value text, open/partial/closed/unknown) rows for the model page."""
    weights = entry.get("weights_available")
    code = entry.get("inference_code")
    code_osi = _get(entry, "inference_code_license", "osi_approved")
    code_name = _get(entry, "inference_code_license", "name") or "licence not recorded"
    if _is_unknown(code):
        code_status = "unknown"
    elif not str(code).lower().startswith("yes"):
        code_status = "closed"
    else:
        code_status = {True: "open", False: "partial", None: "unknown"}[code_osi]
    papers = entry.get("paper_or_report") or []
    licence_class = _get(entry, "weights_license", "class")
    disclosure = _get(entry, "training_data", "disclosure")
    return [
        ("Weights", str(weights or "unknown"),
         _status(weights, {"yes": "open", "gated": "partial", "no": "closed"})),
        ("Code", f"{code or 'unknown'}; {code_name}", code_status),
        ("Training code", str(entry.get("training_code_note") or entry.get("training_code") or "unknown"),
         _status(entry.get("training_code"), {"yes": "open", "partial": "partial", "no": "closed"})),
        ("Training data", str(_get(entry, "training_data", "detail") or disclosure or "unknown"),
         _status(disclosure, {"named_obtainable": "open", "named": "partial", "vague": "closed",
                              "undisclosed": "closed"})),
        ("Licence", str(_get(entry, "weights_license", "name") or licence_class or "unknown"),
         _status(licence_class, {"osi": "open", "open-data": "open", "rail": "partial",
                                 "custom-commercial": "partial", "noncommercial": "closed",
                                 "proprietary": "closed"})),
        ("Paper", str(papers[0]) if papers else "none found", "open" if papers else "closed"),
    ]


def badges(entry: Mapping[str, Any]) -> list[str]:
    """The optional secondary badges of section 7, each from one field."""
    out: list[str] = []
    if entry.get("weights_available") == "gated":
        out.append("gated")
    if _get(entry, "weights_license", "class") == "noncommercial" or entry.get("commercial_use_weights") == "no":
        out.append("weights: non-commercial")
    if entry.get("commercial_use_outputs") == "yes":
        out.append("outputs: commercial use allowed")
    disclosure = _get(entry, "training_data", "disclosure")
    if disclosure in ("named_obtainable", "named"):
        out.append("data: named")
    elif disclosure in ("vague", "undisclosed"):
        out.append(f"data: {disclosure}")
    claim = _get(entry, "training_data", "provenance_claim")
    if isinstance(claim, str) and claim.strip() and not _is_unknown(claim):
        out.append(claim.strip()[:80])
    return out
