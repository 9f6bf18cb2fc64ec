"""Prompts the published site will show, listed so the artist reads them once before they go out.

The effective `show_prompt` is the most specific one set: the work's sidecar, the gallery's
index.md, then site.yaml; unset everywhere means shown (what the scaffolded site.yaml says).
"""

from __future__ import annotations

from generator.check.model import CheckContext, Finding
from generator.check.works import location, provenance_of

KIND = "prompt"
PREVIEW_CHARS = 100


def shows_prompt(ctx: CheckContext, work: object) -> bool:
    value = ctx.site.setting("show_prompt", work=work)  # type: ignore[arg-type]
    return value is None or value is True


def find(ctx: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for work in ctx.site.works:
        prompt = str(getattr(provenance_of(work), "prompt", None) or "").strip()
        if not prompt or not shows_prompt(ctx, work):
            continue
        short = " ".join(prompt.split())
        short = short if len(short) <= PREVIEW_CHARS else short[: PREVIEW_CHARS - 1] + "…"
        file, line = location(ctx, work, "show_prompt")
        found.append(Finding(file, line, KIND, f"{work.source.name}: will publish the prompt \"{short}\" "
                                               "(set show_prompt: false to hide it)", review=True))
    return sorted(set(found))
