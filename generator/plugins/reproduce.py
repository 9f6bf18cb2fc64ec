"""Built-in plugin: the per-work "reproduce" kit, when the artist allows it.

Off by default: publishing the full recipe (prompt, parameters, workflow and resources in copyable
form) is a choice an artist makes, not something a static-site generator should make for them.
`reproduce: true` in site.yaml, a gallery's front matter or a work's sidecar turns it on, the most
specific place winning. It runs after the provenance and openness plugins and only reads what they
decided, so `show_prompt: false` hides the prompt-carrying parts here exactly as in the badge.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from generator.plugins.api import Plugin, stable_hash
from generator.plugins.provenance import workflow_path
from generator.provenance.kit import Kit, build_kit, resources_for

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.galleries.model import Work
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter


def _licence_and_grade(work: Work) -> tuple[str, str]:
    view = work.extra.get("openness")
    if view is None:
        return "", ""
    licence = next((row[1] for row in view.label.grade.components if row[0] == "Licence"), "")
    return ("" if licence == "unknown" else licence), view.letter


class ReproducePlugin(Plugin):
    name = "reproduce"
    page_hooks_in_workers = True  # its page hook only reads the work and edits the context
    config_schema = {"reproduce": {"type": "boolean"}}

    def on_content(self, site: Site) -> None:
        for work in site.works:
            prov = work.extra.get("provenance")
            if prov is None or work.page is None or not prov.found or not self._allowed(site, work):
                continue
            licence, grade = _licence_and_grade(work)
            kit = build_kit(prov, show_prompt=bool(work.extra.get("show_prompt")),
                            workflow_url="/" + workflow_path(work),
                            resources=resources_for(work.extra, prov, licence, grade))
            if kit.empty and not kit.prompt_hidden:
                continue
            work.extra["reproduce"] = kit
            work.page.extra["reproduce"] = stable_hash(json.dumps(asdict(kit), sort_keys=True, default=str))

    @staticmethod
    def _allowed(site: Site, work: Work) -> bool:
        """Only a real `true` publishes the recipe: `reproduce: "no"` must not read as yes."""
        value = site.setting("reproduce", work=work)
        if value is not None and not isinstance(value, bool):
            site.problems.warning(f"reproduce: {str(value)[:40]!r} is not true or false; the reproduce kit is "
                                  "not published", work.source)
        return value is True

    def on_page_context(self, page: Page, context: dict[str, Any], site: Site) -> None:
        work = context.get("work") if page.kind == "work" else None
        kit: Kit | None = work.extra.get("reproduce") if work is not None else None
        if kit is not None:
            context["reproduce"] = kit

    def on_post_build(self, site: Site, writer: OutputWriter) -> None:
        """The workflow .json beside the work, unless the provenance plugin already wrote it there
        (`show_workflow: true`); the file is the workflow exactly as the image carried it."""
        for work in site.works:
            kit: Kit | None = work.extra.get("reproduce")
            if kit is None or not kit.workflow_url or work.extra.get("show_workflow"):
                continue
            writer.write_text(workflow_path(work), work.extra["provenance"].workflow or "",
                              f"reproduce kit of {work.rel}")
