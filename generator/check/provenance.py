"""Works nobody can tell the making of: no embedded record, no declaration, or an unrated model."""

from __future__ import annotations

from typing import Any

from generator.check.model import CheckContext, Finding
from generator.check.works import location, provenance_of

KIND_MISSING = "no-provenance"
KIND_UNRATED = "unrated-model"
DECLARING_KEYS = ("model", "tool", "ai", "process")
NOT_AI = {"none", "no", "false", "off", "0"}


def letter_of(label: Any) -> str | None:
    """The openness letter from the plugin's object (`.letter` or `.grade.letter`) or its JSON."""
    if label is None:
        return None
    if isinstance(label, dict):
        return label.get("letter")
    letter = getattr(label, "letter", None)
    return letter if letter is not None else getattr(getattr(label, "grade", None), "letter", None)


def model_text(record: Any, work: Any) -> str:
    declared = work.setting("model")
    if declared:
        return str(declared)
    model = getattr(record, "model", None)
    return str(getattr(model, "name", None) or getattr(record, "generator", None) or "unknown")


def find(ctx: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for work in ctx.site.works:
        record = provenance_of(work)
        declared = any(work.setting(key) is not None for key in DECLARING_KEYS)
        has_record = bool(getattr(record, "found", False))
        if not has_record and not declared:
            file, line = location(ctx, work)
            found.append(Finding(file, line, KIND_MISSING,
                                 f"{work.source.name}: no generation metadata in the file and no model:, tool: or "
                                 "process: in its settings"))
            continue
        if not _has_model(record, work):
            continue  # nothing to rate: hand-made work, or a record without a model
        label = work.extra.get("openness")
        if label is None:
            label = _grade(record, work)
        if letter_of(label) == "?":
            file, line = location(ctx, work, "model")
            found.append(Finding(file, line, KIND_UNRATED,
                                 f"{work.source.name}: model '{model_text(record, work)}' is not rated "
                                 "(not in the openness registry); describe it under models: in site.yaml or name it "
                                 "with model:"))
    return sorted(set(found))


def _has_model(record: Any, work: Any) -> bool:
    ai = work.setting("ai")
    if ai is False or (ai is not None and str(ai).strip().lower() in NOT_AI):
        return False
    model = getattr(record, "model", None)
    return bool(work.setting("model") or getattr(model, "name", None) or getattr(record, "generator", None))


def _grade(record: Any, work: Any) -> Any:
    """The openness label computed here when the openness plugin did not attach one."""
    try:
        from generator.openness import openness_for

        declared = work.setting("model")
        return openness_for(record, declared_model=str(declared) if declared else None)
    except Exception:  # noqa: BLE001 - a broken registry must not stop the other checks
        return None
