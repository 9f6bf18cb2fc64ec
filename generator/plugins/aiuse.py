"""Built-in plugin: the "How I use AI" page, from the site's own data and the artist's words.

Readers, publishers and galleries ask the same questions of an artist who works with AI: which
tools, which models, how open those models are, and how much of the work is made that way. The
answers are already in the build (provenance and openness ran first), so this page adds up what
the works say instead of asking the artist to keep a second, drifting copy. The artist's own text
is `content/ai.md` (a normal page: its front matter and body are theirs, the body is placed above
the generated part); without it the page is generated alone at `ai_page.url`.

It is on by default only when the site has works disclosed as AI-generated or AI-edited, or
when `content/ai.md` exists; `ai_page: false` turns it off and leaves `ai.md` a plain page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from generator.content.model import Page
from generator.plugins.api import Plugin

if TYPE_CHECKING:
    from generator.galleries.model import Work
    from generator.pipeline.site import Site

DEFAULT_URL = "/ai/"
DEFAULT_SOURCE = "ai.md"
LAYOUT = "ai-use"
AI_KINDS = ("generated", "edited")


class AIUsePlugin(Plugin):
    name = "aiuse"
    config_schema = {
        "ai_page": {"anyOf": [
            {"type": "boolean"},
            {"type": "object", "additionalProperties": False,
             "properties": {"enabled": {"type": "boolean"}, "url": {"type": "string", "pattern": r"^/(\S*/)?$"},
                            "source": {"type": "string"}, "title": {"type": "string"}}},
        ]},
    }

    def on_content(self, site: Site) -> None:
        raw = site.config.get("ai_page")
        settings = raw if isinstance(raw, dict) else {}
        enabled = settings.get("enabled", raw if isinstance(raw, bool) else None)
        if enabled is False:
            return
        source = str(settings.get("source") or DEFAULT_SOURCE).lstrip("/")
        own = next((p for p in site.plain_pages if p.rel == source and p.published), None)
        summary = summarise(site)
        if own is None and not enabled and not summary["ai_works"]:
            return  # a site without AI work needs no page about it
        page = own or Page(kind="ai-use", title=str(settings.get("title") or "How I use AI"),
                           url=str(settings.get("url") or DEFAULT_URL),
                           description="The tools and models behind the works on this site, and how open they are.")
        page.layout = LAYOUT
        page.context["ai_use"] = summary
        page.deps = [*page.deps, *summary["deps"]]
        if own is None:
            site.add_page(page)


def _work_key(work: Work) -> str:
    return work.page.url if work.page is not None else work.rel


def summarise(site: Site) -> dict[str, Any]:
    """Counts and groups for the template; plain values and the works themselves (for links)."""
    kinds: Counter[str] = Counter()
    tools: dict[str, list[Work]] = defaultdict(list)
    models: dict[str, list[Work]] = defaultdict(list)
    labels: dict[str, Any] = {}
    shown_prompts = credentials = embedded = declared = 0
    deps: list[str] = []
    for work in site.works:
        disclosure = work.extra.get("disclosure")
        kind = disclosure.kind if disclosure is not None else "unknown"
        kinds[kind] += 1
        deps.append(f"{_work_key(work)}|{kind}|{work.title}")
        if kind not in AI_KINDS:
            continue
        prov = work.extra.get("provenance")
        tools[str(work.setting("tool") or (prov.generator if prov else None) or "Tool not recorded")].append(work)
        view = work.extra.get("openness")
        if view is not None:
            name = view.label.grade.canonical_name or view.label.resolution.read or "Model not identified"
            models[name].append(work)
            labels.setdefault(name, view)
            deps.append(f"{_work_key(work)}|{view.text}|{name}")
        if work.extra.get("show_prompt") and prov is not None and prov.prompt:
            shown_prompts += 1
        if prov is not None and prov.c2pa is not None and prov.c2pa.manifest_count:
            credentials += 1
        evidence = disclosure.evidence if disclosure is not None else "none"
        embedded += evidence == "embedded"
        declared += evidence == "declared"
    ai_works = kinds["generated"] + kinds["edited"]
    model_rows = []
    for name, works in sorted(models.items(), key=lambda item: (-len(item[1]), item[0].lower())):
        view = labels[name]
        model_rows.append({"name": name, "label": view, "count": len(works), "works": works,
                           "components": [{"part": c[0], "status": c[2]} for c in view.label.grade.components]})
    return {
        "total": len(site.works), "ai_works": ai_works, "generated": kinds["generated"], "edited": kinds["edited"],
        "without_ai": kinds["none"], "unknown": kinds["unknown"],
        "tools": [{"name": n, "count": len(w), "works": w}
                  for n, w in sorted(tools.items(), key=lambda item: (-len(item[1]), item[0].lower()))],
        "models": model_rows, "shown_prompts": shown_prompts, "credentials": credentials,
        "embedded": embedded, "declared": declared, "deps": sorted(deps),
        "sidecar": (site.config.get("provenance") or {}).get("sidecar", True) is not False,
    }
