"""The credits ledger of one work: every resource it used, who made it, its licence and its grade.

Each resource is identified offline, from the packaged registry (by hash, Civitai AIR URN or file
name; never by a loose alias, since LoRA names borrow their base model's words) and from what the
artist declares in the work's sidecar (`resources:`). Declared facts are kept apart and marked, so a
reader can tell the artist's word from sourced facts. A resource nobody identified stays "? Unrated".

Grades follow FRAMEWORKS.md section 7 and one more cap: an adapter (LoRA, LyCORIS, embedding,
hypernetwork, ControlNet, IP-Adapter) is trained against a base model and is useless without it, so it
can be no more open than that base: its registry `base_model_id`, else its declared `base_model`,
else the checkpoint the work ran it on (the only base the image proves).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from generator.content.slugs import slugify
from generator.openness import symbols

from . import names
from .grade import NAMES, ORDER, Grade, grade_entry, rule, unrated
from .licences import Terms, declared_terms, licence_class, licence_terms
from .resolve import resolve_model
from .resources import resources_of

if TYPE_CHECKING:
    from generator.provenance.result import Provenance, ResourceRef

    from . import OpennessLabel
    from .registry import Registry

ADAPTERS = frozenset({"lora", "lycoris", "embedding", "hypernetwork", "controlnet", "ipadapter"})
KIND_NAMES = {"checkpoint": "Model", "service": "Service", "lora": "LoRA", "lycoris": "LyCORIS",
              "embedding": "Embedding", "hypernetwork": "Hypernetwork", "upscaler": "Upscaler",
              "controlnet": "ControlNet", "ipadapter": "IP-Adapter", "vae": "VAE", "other": "Resource"}
DECLARED_KEYS = frozenset({"name", "kind", "hash", "air", "model", "creator", "url", "license", "weights_open",
                           "commercial_use", "credit_required", "derivatives_allowed", "base_model"})
MAX_DECLARED = 64
MAX_FIELD = 300
# Name matches that say which registry entry a file *is*; "alias" only says which family it talks about.
_IDENTIFYING = ("hash", "air urn", "file name", "novelai name", "user registry")


@dataclass
class Credit:
    """One ledger row: what the reader found, what it resolved to, and which facts the artist declared."""

    kind: str
    name: str
    grade: Grade
    terms: Terms
    slug: str
    weight: float | None = None
    hash: str | None = None
    air: str | None = None
    model_id: str | None = None
    matched_by: str | None = None
    creator: str | None = None
    url: str | None = None
    licence: str | None = None
    declared: list[str] = field(default_factory=list)  # which facts come from the artist's sidecar
    where: str | None = None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, "Resource")

    @property
    def letter(self) -> str:
        """The letter as labels print it: a trailing "?" when a fact is unverified or only declared."""
        if self.grade.letter == "?":
            return "?"
        return self.grade.letter + ("?" if self.grade.unverified else "")

    @property
    def symbol(self) -> str:
        """The grade as the theme prints it ("C", "C*", "–"), the same as on badges."""
        return symbols.symbol(self.grade)

    @property
    def spoken(self) -> str:
        return symbols.spoken(self.grade, "Openness")

    @property
    def css_grade(self) -> str:
        return "unrated" if self.grade.letter == "?" else self.grade.letter

    @property
    def rated(self) -> bool:
        return self.grade.letter != "?"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "name": self.name, "weight": self.weight, "hash": self.hash, "air": self.air,
            "model_id": self.model_id, "matched_by": self.matched_by, "creator": self.creator, "url": self.url,
            "licence": self.licence, **self.terms.to_json(), "grade": self.letter, "grade_name": self.grade.name,
            "capped_by": self.grade.capped_by, "unverified": list(self.grade.unverified),
            "declared": list(self.declared), "page": model_url(self.slug),
        }


def model_url(slug: str) -> str:
    return f"/models/{slug}/"


def resource_slug(name: str, hash: str | None, model_id: str | None) -> str:
    """The model page a row links to: the registry id, else one page per unidentified file."""
    if model_id:
        return slugify(model_id, fallback="model")
    stem = names.strip_extension(names.basename(names.split_title_hash(name)[0]))
    value = names.normalise_hash(hash) or (hash or "").strip().lower()[:12]
    suffix = f"-{value[:10]}" if value and all(c in "0123456789abcdef" for c in value) else ""
    return "unrated-" + slugify(stem, fallback="resource")[:60] + suffix


def declared_resources(value: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """A sidecar's `resources:` list, checked; problems are sentences naming the entry and key."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], ["resources: must be a list of mappings, each with at least a name"]
    out: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, item in enumerate(value[:MAX_DECLARED], 1):
        where = f"resources entry {number}"
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"].strip():
            problems.append(f"{where}: needs a name (text)")
            continue
        unknown = sorted(str(k) for k in item if k not in DECLARED_KEYS)
        if unknown:
            problems.append(f"{where} ({item['name']}): unknown key(s) {', '.join(unknown)}; "
                            f"use {', '.join(sorted(DECLARED_KEYS))}")
        clean: dict[str, Any] = {}
        for key in DECLARED_KEYS & set(item):
            raw = item[key]
            if isinstance(raw, bool) and key in ("weights_open", "commercial_use", "credit_required",
                                                  "derivatives_allowed"):
                raw = "yes" if raw else "no"
            if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
                problems.append(f"{where} ({item['name']}): {key} must be text")
                continue
            clean[key] = str(raw).strip()[:MAX_FIELD]
        url = clean.get("url")
        if url and not url.lower().startswith(("https://", "http://")):
            problems.append(f"{where} ({item['name']}): url must start with https:// or http://")
            clean.pop("url")
        if clean.get("weights_open") not in (None, "yes", "gated", "no", "unknown"):
            problems.append(f"{where} ({item['name']}): weights_open must be yes, gated, no or unknown")
            clean.pop("weights_open")
        out.append(clean)
    if len(value) > MAX_DECLARED:
        problems.append(f"resources: only the first {MAX_DECLARED} entries are used")
    return out, problems


def cap(grade: Grade, base: Grade | None) -> Grade:
    """`grade` lowered to `base` when the base is less open (an unrated grade stays unrated).

    With an unrated base the adapter keeps its own letter, flagged unverified: its licence may still
    be known, but nobody checked that the base permits what the adapter's licence promises.
    """
    if base is None or grade.letter not in ORDER:
        return grade
    if base.letter not in ORDER:  # the base is unrated: the grade can hold, but only as unverified
        return replace(grade, unverified=[*grade.unverified, "base model not rated"])
    if ORDER.index(base.letter) <= ORDER.index(grade.letter):
        return grade
    return replace(grade, letter=base.letter, name=NAMES[base.letter], capped_by=base.model_id or base.canonical_name,
                   unverified=[*grade.unverified, *(f"{base.model_id}.{u}" for u in base.unverified)])


def _hash_match(a: str | None, b: str | None) -> bool:
    a, b = (a or "").strip().lower(), (b or "").strip().lower()
    return len(a) >= 8 and len(b) >= 8 and (a.startswith(b) or b.startswith(a))


def _declared_for(ref: ResourceRef, declared: list[dict[str, Any]], used: set[int]) -> dict[str, Any] | None:
    keys = set(names.name_keys(ref.name))
    for number, facts in enumerate(declared):
        if number in used:
            continue
        if _hash_match(ref.hash, facts.get("hash")) or keys & set(names.name_keys(facts["name"])):
            used.add(number)
            return facts
    return None


def _resolve(registry: Registry, ref_name: str, ref_hash: str | None, air: str | None) -> tuple[str | None, str | None]:
    for name in (air, ref_name):
        if not name:
            continue
        found = resolve_model(name, ref_hash, registry=registry)
        if found.model_id and (found.matched_by in _IDENTIFYING or name == air):
            return found.model_id, found.matched_by
        ref_hash = None  # the hash was tried with the first name
    return None, None


def _entry_url(entry: Mapping[str, Any], air: str | None) -> str | None:
    """The maker's page (`homepage`, or the repository it gives back through), else the AIR's Civitai page.

    Not the first of `sources`: those are evidence for facts (a licence file, a news story), not the
    resource's home, and a credit link must lead to its makers.
    """
    for value in (entry.get("homepage"), (entry.get("give_back") or {}).get("repository")):
        if isinstance(value, str) and value.startswith("https://"):
            return value
    return civitai_url(air)


def civitai_url(air: str | None) -> str | None:
    """The Civitai page an AIR URN names (built from the URN alone: no network)."""
    parts = names.parse_air(air or "")
    if not parts or parts["source"].lower() != "civitai" or not parts["id"].isdigit():
        return None
    version = parts["version"]
    return f"https://civitai.com/models/{parts['id']}" + (f"?modelVersionId={version}" if version.isdigit() else "")


def _declared_grade(registry: Registry, facts: Mapping[str, Any]) -> Grade:
    """The rule applied to what the artist declared; every other fact counts as unverified."""
    entry = {"weights_available": facts.get("weights_open") or "unknown",
             "weights_license": {"class": licence_class(facts.get("license"))}}
    letter, unverified = rule(entry)
    return Grade(letter=letter, name=NAMES[letter], unverified=["declared by the artist", *unverified],
                 canonical_name=facts.get("name"))


def _base_grade(registry: Registry, facts: Mapping[str, Any] | None, work_base: Grade | None) -> Grade | None:
    text = (facts or {}).get("base_model")
    if text:
        found = registry.get(text) and text or resolve_model(text, registry=registry).model_id
        return grade_entry(registry, found) if found else unrated()
    return work_base


def credit_for(registry: Registry, ref: ResourceRef, facts: dict[str, Any] | None,
               work_base: Grade | None) -> Credit:
    """One ledger row for one resource, with the artist's declared facts (if any) over the registry's."""
    facts = facts or {}
    model_id, matched_by = None, None
    if facts.get("model"):
        text = facts["model"]
        model_id = text if registry.get(text) else resolve_model(text, registry=registry).model_id
        matched_by = "declared by the artist" if model_id else None
    if model_id is None:
        model_id, matched_by = _resolve(registry, ref.name, ref.hash, ref.air or facts.get("air"))
    entry = registry.get(model_id) or {}
    declared = sorted(k for k in facts if k not in ("name", "kind", "hash", "air"))
    if entry:
        grade = grade_entry(registry, model_id)
        terms = licence_terms(entry.get("weights_license"), entry)
        licence = (entry.get("weights_license") or {}).get("name")
    elif facts.get("weights_open") or facts.get("license"):
        grade, terms, licence = _declared_grade(registry, facts), declared_terms(facts), facts.get("license")
    else:
        grade, terms, licence = unrated(), declared_terms(facts), facts.get("license")
    if entry and any(k in facts for k in ("commercial_use", "credit_required", "derivatives_allowed")):
        terms = declared_terms({**facts, "license": (entry.get("weights_license") or {}).get("spdx")})
    kind = ref.kind if ref.kind in KIND_NAMES else "other"
    if kind in ADAPTERS and not entry.get("base_model_id"):
        grade = cap(grade, _base_grade(registry, facts, work_base))
    air = ref.air or facts.get("air")
    return Credit(
        kind=kind, name=ref.name[:MAX_FIELD], grade=grade, terms=terms,
        slug=resource_slug(ref.name, ref.hash or facts.get("hash"), model_id),
        weight=ref.weight, hash=ref.hash or facts.get("hash"), air=air, model_id=model_id, matched_by=matched_by,
        creator=facts.get("creator") or entry.get("developer"),
        url=facts.get("url") or (_entry_url(entry, air) if entry else civitai_url(air)),
        licence=licence, declared=declared, where=ref.where,
    )


def ledger(provenance: Provenance | None, label: OpennessLabel | None, declared: list[dict[str, Any]],
           registry: Registry) -> list[Credit]:
    """Every resource of one work, the checkpoint first and graded exactly as the work's label."""
    from generator.provenance.result import ResourceRef

    refs = resources_of(provenance)
    work_base = label.grade if label is not None else None
    used: set[int] = set()
    rows: list[Credit] = []
    checkpoint_done = False
    for ref in refs:
        facts = _declared_for(ref, declared, used)
        if ref.kind == "checkpoint" and not checkpoint_done and label is not None and not (facts or {}).get("model"):
            checkpoint_done = True
            rows.append(_from_label(registry, ref, label, facts))
            continue
        rows.append(credit_for(registry, ref, facts, work_base))
    if not checkpoint_done and label is not None and label.grade.model_id:
        entry = registry.get(label.grade.model_id) or {}
        kind = "service" if entry.get("distribution") == "service" else "checkpoint"
        ref = ResourceRef(kind, label.grade.canonical_name or label.grade.model_id, where=label.resolution.matched_by)
        rows.insert(0, _from_label(registry, ref, label, _declared_for(ref, declared, used)))
    for number, facts in enumerate(declared):
        if number not in used:
            ref = ResourceRef(facts.get("kind") if facts.get("kind") in KIND_NAMES else "other", facts["name"],
                              hash=facts.get("hash"), air=facts.get("air"), where="declared by the artist")
            rows.append(credit_for(registry, ref, facts, work_base))
    return rows


def _from_label(registry: Registry, ref: ResourceRef, label: OpennessLabel, facts: dict[str, Any] | None) -> Credit:
    """The work's own model row: the label already resolved it (declared model, C2PA, hash...)."""
    row = credit_for(registry, replace(ref, air=ref.air), {**(facts or {}), "model": label.grade.model_id}
                     if label.grade.model_id else facts, None)
    if label.grade.model_id:
        row.grade, row.matched_by = label.grade, label.resolution.matched_by
        row.declared = [k for k in row.declared if k != "model"]
    return row
