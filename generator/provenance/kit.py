"""A work's reproducibility kit: what someone needs to make it again, and what the artist shows.

Three parts carry the prompt: the prompt itself, the A1111 parameters (whose first lines are the
prompt) and the ComfyUI workflow (whose text nodes are the prompt). A hidden prompt
(`show_prompt: false`) therefore removes all three, not just the first, and no workflow file is
published. The resource list (models, LoRAs, ...) carries no prompt and stays.

Resources come from the richest source available, through `resources_for`: the credits ledger
when a plugin has put one on the work (`work.extra["credits"]`, a list of entries with `kind`,
`name`, `weight`, `hash`, `url`, `license` as attributes or keys), else the readers'
`Provenance.resources`, else the checkpoint and LoRAs every reader fills in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.openness.names import parse_air
from generator.provenance.disclosure import a1111_parameters
from generator.provenance.result import Provenance

MAX_INLINE_WORKFLOW = 256_000  # larger workflows are offered as the download only, not in the page


@dataclass
class KitResource:
    """One row of the resource list; every value is plain text the template escapes."""

    kind: str
    name: str
    weight: float | None = None
    hash: str | None = None
    url: str = ""
    license: str = ""
    grade: str = ""


@dataclass
class Kit:
    prompt: str | None = None
    negative_prompt: str | None = None
    parameters: str = ""
    workflow: str | None = None  # the text, for the copy button (only when small enough)
    workflow_url: str | None = None  # site path of the .json beside the work
    prompt_hidden: bool = False
    resources: list[KitResource] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.prompt or self.parameters or self.workflow_url or self.resources)


def _get(entry: Any, key: str) -> Any:
    return entry.get(key) if isinstance(entry, dict) else getattr(entry, key, None)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()[:300]


def air_link(air: str | None) -> str:
    """A Civitai AIR URN as the model page it names: the only link knowable without a lookup."""
    parts = parse_air(air or "")
    if not parts or parts.get("source") != "civitai" or not parts.get("id", "").isdigit():
        return ""
    version = parts.get("version", "")
    return f"https://civitai.com/models/{parts['id']}" + (f"?modelVersionId={version}" if version.isdigit() else "")


def _safe_link(url: str) -> str:
    return url if url.startswith(("https://", "http://")) and not any(c in url for c in " \"'<>") else ""


def _weight(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def resources_for(work_extra: dict[str, Any], prov: Provenance, model_licence: str = "",
                  model_grade: str = "") -> list[KitResource]:
    """The adapter over the three possible sources (see the module docstring)."""
    ledger = work_extra.get("credits")
    if isinstance(ledger, list) and ledger:
        rows = []
        for entry in ledger:
            licence = _get(entry, "licence") or _get(entry, "license")  # the credits ledger spells it licence
            # a ledger row's printed symbol ("C*", "–"), as its ledger shows it; else its letter
            grade = _get(entry, "symbol") or _get(entry, "letter") or _get(entry, "grade")
            rows.append(KitResource(
                kind=_text(_get(entry, "kind")) or "resource", name=_text(_get(entry, "name")) or "unnamed",
                weight=_weight(_get(entry, "weight")), hash=_text(_get(entry, "hash")) or None,
                url=_safe_link(_text(_get(entry, "url"))),
                license=_text(_get(licence, "name") if licence is not None and not isinstance(licence, str)
                              else licence),
                grade=_text(_get(grade, "letter") if grade is not None and not isinstance(grade, str) else grade)))
        return rows
    if prov.resources:
        return [KitResource(kind=r.kind, name=_text(r.name), weight=r.weight, hash=r.hash, url=air_link(r.air),
                            license=model_licence if r.kind == "checkpoint" else "",
                            grade=model_grade if r.kind == "checkpoint" else "")
                for r in prov.resources]
    rows = []
    if prov.model is not None and prov.model.name:
        rows.append(KitResource(kind="checkpoint", name=_text(prov.model.name), hash=prov.model.hash,
                                license=model_licence, grade=model_grade))
    rows.extend(KitResource(kind="lora", name=_text(lo.name), weight=lo.weight, hash=lo.hash) for lo in prov.loras)
    return rows


def build_kit(prov: Provenance, *, show_prompt: bool, workflow_url: str, resources: list[KitResource]) -> Kit:
    """The kit as the artist's choices allow; `workflow_url` is where the .json would go."""
    if not show_prompt:
        return Kit(prompt_hidden=bool(prov.prompt or prov.workflow), resources=resources)
    workflow = prov.workflow or None
    return Kit(
        prompt=prov.prompt or None, negative_prompt=prov.negative_prompt or None,
        parameters=a1111_parameters(prov, True) if prov.format else "",
        workflow=workflow if workflow and len(workflow) <= MAX_INLINE_WORKFLOW else None,
        workflow_url=workflow_url if workflow else None, resources=resources,
    )
