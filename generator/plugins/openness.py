"""Built-in plugin: a model-openness label and a credits ledger on every work, one page per model or
resource (`/models/<slug>/`), and the `/openness/` report with the site's footprint.

Grades come only from the sourced registry (generator/openness/models.yaml), the artist's own
`models:` entries and, marked as declared, a work's `resources:`; an unrecognised model is "? Unrated"
together with what was read, and a guess from the name is shown as a guess, never as a grade.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.content.model import Page
from generator.openness import NAMES, OpennessLabel, load_registry, openness_for, symbols
from generator.openness.credits import Credit, declared_resources, ledger, model_url
from generator.openness.footprint import bars, footprint
from generator.openness.grade import grade_entry
from generator.openness.sources import source_link
from generator.plugins.api import Plugin, pure
from generator.readfile import line_containing

if TYPE_CHECKING:
    from generator.galleries.model import Work
    from generator.pipeline.site import Site

REPORT_URL = "/openness/"
MODELS_URL = "/models/"
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
    def symbol(self) -> str:
        """The grade as printed: "C", "D*" (rests on an unverified fact) or "–" (unrated)."""
        return symbols.symbol(self.label.grade)

    @property
    def display(self) -> str:
        return f"{self.symbol} {self.name}"

    @property
    def spoken(self) -> str:
        """What a screen reader hears instead of the symbol."""
        return symbols.spoken(self.label.grade)

    @property
    def sources(self) -> list[dict[str, str | None]]:
        """The grade's sources as titled links (see generator.openness.sources)."""
        return [source_link(s) for s in self.label.grade.sources]

    @property
    def css_grade(self) -> str:
        return "unrated" if self.grade == "?" else self.grade

    @property
    def description(self) -> str:
        text = f"{self.symbol} {self.name}: {DESCRIPTIONS[self.grade]}"
        if self.label.grade.unverified:
            text += f" ({symbols.UNVERIFIED_MARK} rests on unverified facts: {', '.join(self.label.grade.unverified)})"
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
                     "properties": {"tags": {"type": "boolean"}, "report": {"type": "boolean"},
                                    "model_pages": {"type": "boolean"}}},
    }

    def on_content(self, site: Site) -> None:
        if not site.works:  # a blog without works has no model to grade: skip loading the registry
            return
        extra = site.config.get("models") or None
        registry, _ = load_registry().with_extra(extra)
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
            work.extra["credits"] = self._ledger(site, work, label, registry)
            if work.page is not None:
                work.page.extra["openness"] = label.to_json()
                if self._setting(site, "tags") and label.grade.letter in GRADE_TAGS:
                    from generator.plugins.provenance import add_tags

                    add_tags(site, work, [GRADE_TAGS[label.grade.letter]])
        if self._setting(site, "model_pages") and site.works:
            for page in model_pages(site, registry):
                page.context["report_url"] = REPORT_URL if self._setting(site, "report") else None
                site.add_page(page)
        if self._setting(site, "report") and site.works:
            site.add_page(report_page(site))

    def _ledger(self, site: Site, work: Work, label: OpennessLabel, registry: Any) -> list[Credit]:
        """The work's credits; a malformed `resources:` entry is an error naming the sidecar and line."""
        declared, problems = declared_resources(work.setting("resources"))
        if problems:
            side = work.source.with_name(work.source.name + ".md")
            where = side if side.is_file() else work.source
            line = line_containing(where, "resources:") if where is side else None
            for problem in problems:
                site.problems.error(problem, where, line)
        rows = ledger(work.extra.get("provenance"), label, declared, registry)
        if work.page is not None:
            work.page.extra["credits"] = [row.to_json() for row in rows]
        return rows

    def _setting(self, site: Site, key: str) -> bool:
        return (site.config.get("openness") or {}).get(key, True) is not False

    @pure
    def on_page_context(self, page: Page, context: dict[str, Any], site: Site) -> None:
        work = context.get("work") if page.kind == "work" else None
        if work is not None and "openness" in work.extra:
            context["openness"] = work.extra["openness"]
            context["credits"] = work.extra.get("credits") or []
            context["credits_pages"] = self._setting(site, "model_pages")


def report_page(site: Site) -> Page:
    """Works counted by grade, by model and by tool, each count linked to the works."""
    by_grade: dict[str, list[Work]] = defaultdict(list)
    by_model: dict[str, list[Work]] = defaultdict(list)
    by_tool: dict[str, list[Work]] = defaultdict(list)
    model_links: dict[str, str] = {}
    resources: dict[str, dict[str, Any]] = {}
    for work in site.works:
        view: LabelView | None = work.extra.get("openness")
        if view is None:
            continue
        by_grade[view.grade].append(work)
        model = view.label.grade.canonical_name or view.label.resolution.read or "Unidentified model"
        by_model[model].append(work)
        rows: list[Credit] = work.extra.get("credits") or []
        if rows and rows[0].kind in ("checkpoint", "service"):
            model_links.setdefault(model, model_url(rows[0].slug))
        for row in rows:
            slot = resources.setdefault(row.slug, {"name": row.grade.canonical_name if row.model_id else row.name,
                                                   "url": model_url(row.slug), "kind": row.kind_name,
                                                   "letter": row.letter, "symbol": row.symbol,
                                                   "spoken": row.spoken, "grade_name": row.grade.name,
                                                   "css": row.css_grade, "works": set()})
            slot["works"].add(work)
        prov = work.extra.get("provenance")
        by_tool[str(work.setting("tool") or (prov.generator if prov else None) or "Unknown tool")].append(work)
    page = Page(kind="openness", title="How open are the models behind this work?", url=REPORT_URL,
                layout="openness", description="Every work on this site counted by the openness of its model.")
    page.context["report"] = {
        "grades": [{"letter": g, "name": NAMES[g], "description": DESCRIPTIONS[g], "works": by_grade.get(g, []),
                    "css": "unrated" if g == "?" else g, "symbol": symbols.UNRATED_SYMBOL if g == "?" else g}
                   for g in GRADE_ORDER],
        "models": [{**m, "url": model_links.get(m["name"])} for m in _ranked(by_model)],
        "tools": _ranked(by_tool), "total": len(site.works),
        "resources": sorted(({**r, "count": len(r["works"])} for r in resources.values()),
                            key=lambda r: (-r["count"], r["name"].lower())),
    }
    data = footprint(site.works)
    page.context["footprint"] = {**data, "bars": bars(data)}
    page.context["report"]["model_pages"] = (site.config.get("openness") or {}).get("model_pages", True) is not False
    page.deps = sorted(f"{w.page.url}|{w.extra['openness'].text}|{w.title}|{w.date}|"
                       + ",".join(f"{r.slug}:{r.letter}" for r in w.extra.get("credits") or [])
                       for w in site.works if w.page is not None and "openness" in w.extra)
    return page




def model_pages(site: Site, registry: Any) -> list[Page]:
    """One page per model or resource any work used: its facts, grade, licence and every work that used it."""
    groups: dict[str, list[tuple[Work, Credit]]] = defaultdict(list)
    for work in site.works:
        for row in work.extra.get("credits") or []:
            if work.page is not None:
                groups[row.slug].append((work, row))
    pages = []
    for slug, uses in sorted(groups.items()):
        first = uses[0][1]
        entry = registry.get(first.model_id)
        grade = grade_entry(registry, first.model_id) if entry else first.grade
        works = list(dict.fromkeys(work for work, _ in uses))
        title = str(entry.get("canonical_name")) if entry else first.name
        page = Page(kind="model", title=title, url=model_url(slug), layout="model",
                    description=f"{title}: openness grade, licence, credits and the works on this site that used it.")
        page.context["model"] = {
            "slug": slug, "entry": entry, "grade": grade, "row": first, "works": works,
            "symbol": symbols.symbol(grade), "spoken": symbols.spoken(grade, "Openness"),
            "kinds": sorted({row.kind_name for _, row in uses}),
            "give_back": (entry or {}).get("give_back") or {},
            "names_read": sorted({row.name for _, row in uses}, key=str.lower)[:20],
            "declared": any(row.declared for _, row in uses),
        }
        page.deps = sorted(f"{w.page.url}|{w.title}|{r.letter}|{r.name}" for w, r in uses)
        pages.append(page)
    return pages


def _ranked(groups: dict[str, list[Work]]) -> list[dict[str, Any]]:
    counts = Counter({name: len(works) for name, works in groups.items()})
    return [{"name": name, "count": count, "works": groups[name]} for name, count in
            sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))]
