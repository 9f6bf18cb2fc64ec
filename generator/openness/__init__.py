"""Model-openness labels for artworks: which model made an image, and how open that model is.

`openness_for` is the one call the build needs: give it an image's provenance (a `Provenance`, its
JSON form, or the fields one by one) and get back a label whose grade follows FRAMEWORKS.md section 7.
A model the registry cannot identify is "? Unrated", with the text that was read and, at most, a
guess flagged as a guess: the label never claims more than the metadata and the sourced facts support.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .grade import COLOURS, NAMES, Grade, grade_entry, unrated
from .registry import Registry, RegistryError, load_registry
from .resolve import Resolution, resolve_model

__all__ = [
    "COLOURS", "NAMES", "Grade", "OpennessLabel", "Registry", "RegistryError", "Resolution",
    "grade_entry", "load_registry", "openness_for", "resolve_model",
]


@dataclass
class OpennessLabel:
    """What a page shows: the grade, how the model was recognised, and any guess or problem."""

    grade: Grade
    resolution: Resolution
    guess: str | None = None
    guess_name: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def label_text(self) -> str:
        return self.grade.label_text

    def to_json(self) -> dict[str, Any]:
        """A plain-data form for sidecar files and `artsite provenance --json`."""
        grade = self.grade
        return {
            "label": grade.label_text, "letter": grade.letter, "name": grade.name,
            "unverified": list(grade.unverified), "model_id": grade.model_id,
            "canonical_name": grade.canonical_name, "matched_by": self.resolution.matched_by,
            "read": self.resolution.read, "guess": self.guess, "guess_name": self.guess_name,
            "badges": list(grade.badges), "capped_by": grade.capped_by,
            "components": [list(c) for c in grade.components], "sources": list(grade.sources),
            "notes": list(self.resolution.notes), "problems": list(self.problems),
        }


def _field(source: Any, *path: str) -> Any:
    """Read a dotted path from a Provenance-like object or its JSON dict, tolerating either shape."""
    value = source
    for key in path:
        if value is None:
            return None
        value = value.get(key) if isinstance(value, Mapping) else getattr(value, key, None)
    return value


def openness_for(
    provenance: Any = None,
    *,
    model_name: str | None = None,
    model_hash: str | None = None,
    generator: str | None = None,
    c2pa_claim_generator: str | None = None,
    software_agents: Iterable[str] | None = None,
    declared_model: str | None = None,
    extra_models: list | None = None,
    registry: Registry | None = None,
) -> OpennessLabel:
    """The openness label of one image. Explicit keyword values override those read from `provenance`.

    `declared_model` (the artist's own statement in front matter, an id or a name) wins over the
    metadata, because artists re-save and strip files; a disagreement is kept as a note.
    """
    registry = registry or load_registry()
    problems: list[str] = []
    if extra_models:
        registry, problems = registry.with_extra(extra_models)
    name = model_name if model_name is not None else _field(provenance, "model", "name")
    hash_ = model_hash if model_hash is not None else _field(provenance, "model", "hash")
    generator = generator if generator is not None else _field(provenance, "generator")
    claim = c2pa_claim_generator if c2pa_claim_generator is not None else _field(provenance, "c2pa", "claim_generator")
    agents = software_agents if software_agents is not None else _field(provenance, "c2pa", "software_agents")
    agents = [a for a in (agents or []) if isinstance(a, str)]
    found = resolve_model(name if isinstance(name, str) else None, hash_ if isinstance(hash_, str) else None,
                          c2pa_claim_generator=claim if isinstance(claim, str) else None,
                          software_agents=agents, generator=generator if isinstance(generator, str) else None,
                          registry=registry)
    if isinstance(declared_model, str) and declared_model.strip():
        declared = _declared(registry, declared_model)
        if declared.model_id and found.model_id and declared.model_id != found.model_id:
            declared.notes.append(f"the image metadata suggests {found.model_id} ({found.matched_by})")
        found = declared if declared.model_id or not found.model_id else found
    grade = grade_entry(registry, found.model_id) if found.model_id else unrated()
    guess_entry = registry.get(found.guess) if not found.model_id else None
    return OpennessLabel(
        grade=grade, resolution=found, guess=guess_entry["id"] if guess_entry else None,
        guess_name=str(guess_entry.get("canonical_name")) if guess_entry else None, problems=problems,
    )


def _declared(registry: Registry, declared: str) -> Resolution:
    text = declared.strip()
    if registry.get(text):
        return Resolution(text, "declared by the artist", text)
    found = resolve_model(text, registry=registry)
    if found.model_id:
        found.notes.append(f"declared by the artist ({found.matched_by})")
        found.matched_by = "declared by the artist"
    return found
