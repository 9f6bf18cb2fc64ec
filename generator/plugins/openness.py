"""Built-in plugin: a model-openness label on every work, and the `/openness/` report.

Grades come only from the sourced registry (generator/openness/models.yaml) and the artist's own
`models:` entries; an unrecognised model is "? Unrated" together with what was read, and a guess
from the name is shown as a guess, never as a grade.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.content.model import Page
from generator.openness import NAMES, OpennessLabel, openness_for
from generator.plugins.api import Plugin, pure

if TYPE_CHECKING:
    from generator.galleries.model import Work
    from generator.pipeline.site import Site

REPORT_URL = "/openness/"
GRADE_ORDER = ("A", "B", "C", "D", "E", "?")
DESCRIPTIONS = {
    "A": "gives back fully: open weights, open code including training, obtainable data, a paper",
    "B": "open-licensed weights and code, training data at least named",
    "C": "weights downloadable and commercially usable, but licence restricted and/or data or code withheld",
    "D": "weights downloadable only for non-commercial or research use",
    "E": "hosted service; no weights",
    "?": "model not identified, or its weights' availability unknown",
}
GRADE_TAGS = {"A": "open-model", "B": "open-model", "C": "open-weights", "D": "restricted-weights",
              "E": "closed-model"}


@dataclass
class LabelView:
    """What templates print for one label: letter with its "?" for unverified facts, and the name."""

    label: OpennessLabel

    @property
    def grade(self) -> str:
        return self.label.grade.letter

    @property
    def letter(self) -> str:
        grade = self.label.grade
        return grade.letter + ("?" if grade.unverified and grade.letter != "?" else "")

    @property
    def name(self) -> str:
        return self.label.grade.name

    @property
    def css_grade(self) -> str:
        return "unrated" if self.grade == "?" else self.grade

    @property
    def description(self) -> str:
        text = f"{self.letter} {self.name}: {DESCRIPTIONS[self.grade]}"
        if self.label.grade.unverified:
            text += f" (rests on unverified facts: {', '.join(self.label.grade.unverified)})"
        return text

    @property
    def text(self) -> str:
        return self.label.label_text

    def to_json(self) -> dict[str, Any]:
        data = self.label.to_json()
        return {"grade": self.letter, "name": self.name, "model_id": data["model_id"],
                "canonical_name": data["canonical_name"], "matched_by": data["matched_by"], "read": data["read"],
                "guess": data["guess"], "unverified": data["unverified"], "sources": data["sources"]}


class OpennessPlugin(Plugin):
    name = "openness"
    config_schema = {
        "models": {"type": "array", "items": {"type": "object", "required": ["id"]}},
        "openness": {"type": "object", "additionalProperties": False,
                     "properties": {"tags": {"type": "boolean"}, "report": {"type": "boolean"}}},
    }

    def on_content(self, site: Site) -> None:
        extra = site.config.get("models") or None
        reported: set[str] = set()
        for work in site.works:
            disclosure = work.extra.get("disclosure")
            if disclosure is not None and disclosure.kind == "none":
                continue  # made without AI: there is no model to label
            label = openness_for(work.extra.get("provenance"), declared_model=work.setting("model"),
                                 extra_models=extra)
            for problem in label.problems:
                if problem not in reported:
                    reported.add(problem)
                    site.problems.error(f"models: {problem}", site.config.path, site.config.lines.get(("models",)))
            work.extra["openness"] = LabelView(label)
            if work.page is not None:
                work.page.extra["openness"] = label.to_json()
                if self._setting(site, "tags") and label.grade.letter in GRADE_TAGS:
                    from generator.plugins.provenance import add_tags

                    add_tags(site, work, [GRADE_TAGS[label.grade.letter]])
        if self._setting(site, "report") and site.works:
            site.add_page(report_page(site))

    def _setting(self, site: Site, key: str) -> bool:
        return (site.config.get("openness") or {}).get(key, True) is not False

    @pure
    def on_page_context(self, page: Page, context: dict[str, Any], site: Site) -> None:
        work = context.get("work") if page.kind == "work" else None
        if work is not None and "openness" in work.extra:
            context["openness"] = work.extra["openness"]


def report_page(site: Site) -> Page:
    """Works counted by grade, by model and by tool, each count linked to the works."""
    by_grade: dict[str, list[Work]] = defaultdict(list)
    by_model: dict[str, list[Work]] = defaultdict(list)
    by_tool: dict[str, list[Work]] = defaultdict(list)
    for work in site.works:
        view: LabelView | None = work.extra.get("openness")
        if view is None:
            continue
        by_grade[view.grade].append(work)
        model = view.label.grade.canonical_name or view.label.resolution.read or "Unidentified model"
        by_model[model].append(work)
        prov = work.extra.get("provenance")
        by_tool[str(work.setting("tool") or (prov.generator if prov else None) or "Unknown tool")].append(work)
    page = Page(kind="openness", title="How open are the models behind this work?", url=REPORT_URL,
                layout="openness", description="Every work on this site counted by the openness of its model.")
    page.context["report"] = {
        "grades": [{"letter": g, "name": NAMES[g], "description": DESCRIPTIONS[g], "works": by_grade.get(g, []),
                    "css": "unrated" if g == "?" else g} for g in GRADE_ORDER],
        "models": _ranked(by_model), "tools": _ranked(by_tool), "total": len(site.works),
    }
    page.deps = sorted(f"{w.page.url}|{w.extra['openness'].text}|{w.title}" for w in site.works
                       if w.page is not None and "openness" in w.extra)
    return page


def _ranked(groups: dict[str, list[Work]]) -> list[dict[str, Any]]:
    counts = Counter({name: len(works) for name, works in groups.items()})
    return [{"name": name, "count": count, "works": groups[name]} for name, count in
            sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))]
