"""Resources nobody rated: every LoRA, embedding, upscaler... on the site that the registry does not know.

The work's own model is reported by `provenance` (unrated-model); this check covers everything else in
the credits ledgers, once per resource, at the first work that used it, naming all the works, so an
artist sees the whole list of facts still to declare (a sidecar's `resources:` or site.yaml `models:`).
"""

from __future__ import annotations

from typing import Any

from generator.check.model import CheckContext, Finding
from generator.check.works import location

KIND = "unrated-resource"
MAX_NAMED = 5


def find(ctx: CheckContext) -> list[Finding]:
    groups: dict[str, tuple[Any, list[Any]]] = {}
    for work in ctx.site.works:
        for row in work.extra.get("credits") or []:
            if row.rated or row.kind in ("checkpoint", "service"):
                continue
            first, works = groups.setdefault(row.slug, (row, []))
            if work not in works:
                works.append(work)
    found = []
    for row, works in groups.values():
        file, line = location(ctx, works[0], "resources")
        named = ", ".join(w.source.name for w in works[:MAX_NAMED]) + (" ..." if len(works) > MAX_NAMED else "")
        hash_text = f" [{row.hash}]" if row.hash else ""
        found.append(Finding(file, line, KIND,
                             f"{row.kind_name} '{row.name}'{hash_text} is unrated (not in the openness registry); "
                             f"used by {len(works)} work{'s' if len(works) != 1 else ''}: {named}. Declare its "
                             "licence under resources: in the sidecar, or describe it under models: in site.yaml"))
    return sorted(set(found))
