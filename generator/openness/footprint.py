"""The site's openness footprint: how open the models behind its works are, overall and over time.

Computed once from the works' labels and ledgers (the same objects the pages print), so the counts on
`/openness/`, in `/provenance.json` and on the model pages cannot disagree. Closed models and services
(grade E: no weights) are listed by name with how many works used them, because "which closed
services did this artist pay" is the question the footprint exists to answer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .grade import COLOURS, NAMES

if TYPE_CHECKING:
    from generator.galleries.model import Work

GRADES = ("A", "B", "C", "D", "E", "?")
UNDATED = "undated"


def _letter(work: Work) -> str | None:
    view = work.extra.get("openness")
    return getattr(view, "grade", None) if view is not None else None


def period_of(work: Work, by: str) -> str:
    if work.date is None:
        return UNDATED
    return f"{work.date.year:04d}" if by == "year" else f"{work.date.year:04d}-{work.date.month:02d}"


def footprint(works: Iterable[Work]) -> dict[str, Any]:
    """Counts by grade, closed models by use, a per-period trend and resource counts by grade."""
    labelled = [w for w in works if _letter(w) in GRADES]
    by_grade = Counter(_letter(w) for w in labelled)
    closed: dict[str, dict[str, Any]] = {}
    resources: Counter[str] = Counter()
    for work in labelled:
        for row in work.extra.get("credits") or []:
            resources[row.grade.letter] += 1
            if row.grade.letter == "E":
                slot = closed.setdefault(row.slug, {"name": row.grade.canonical_name or row.name,
                                                    "model_id": row.model_id, "page": f"/models/{row.slug}/",
                                                    "works": 0})
                slot["works"] += 1
    dated = {w.date.year for w in labelled if w.date is not None}
    by = "month" if len(dated) == 1 else "year"
    trend: dict[str, Counter[str]] = defaultdict(Counter)
    for work in labelled:
        trend[period_of(work, by)][_letter(work)] += 1
    periods = sorted(p for p in trend if p != UNDATED) + ([UNDATED] if UNDATED in trend else [])
    return {
        "works": len(labelled),
        "by_grade": {g: by_grade.get(g, 0) for g in GRADES},
        "resources_by_grade": {g: resources.get(g, 0) for g in GRADES},
        "closed": sorted(closed.values(), key=lambda c: (-c["works"], c["name"].lower())),
        "trend_by": by,
        "trend": [{"period": p, "total": sum(trend[p].values()),
                   "by_grade": {g: trend[p].get(g, 0) for g in GRADES}} for p in periods],
    }


def bars(data: dict[str, Any], width: int = 300) -> list[dict[str, Any]]:
    """Stacked-bar segments per trend period, as SVG rectangles (attributes only: no inline CSS, no JS)."""
    rows = []
    top = max((p["total"] for p in data["trend"]), default=0) or 1
    for period in data["trend"]:
        x = 0.0
        segments = []
        for grade in GRADES:
            count = period["by_grade"][grade]
            if not count:
                continue
            w = round(width * count / top, 1)
            segments.append({"x": round(x, 1), "width": w, "fill": COLOURS[grade][0], "grade": grade,
                             "name": NAMES[grade], "count": count})
            x += w
        rows.append({"period": period["period"], "total": period["total"], "segments": segments})
    return rows
