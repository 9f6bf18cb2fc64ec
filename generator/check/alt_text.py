"""Images without alt text: gallery works with no `alt:`, and images in the built pages.

A work with no alt falls back to its title, which rarely describes the picture; people who use
screen readers get the title twice and the picture never, so it is worth a finding.
"""

from __future__ import annotations

import re

from generator.check.model import CheckContext, Finding, find_line
from generator.check.works import location

KIND = "alt-text"


def find(ctx: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for work in ctx.site.works:
        if not str(work.data.get("alt") or "").strip():
            file, line = location(ctx, work, "alt")
            found.append(Finding(file, line, KIND, f"{work.source.name} has no alt text (its title is used); "
                                                   f"add alt: to {work.source.name}.md"))
    found.extend(_html_images(ctx))
    return sorted(set(found))


def candidates(name: str) -> list[str]:
    """Texts the Markdown may hold for a built image name: `photo-800.webp` came from `photo.*`."""
    stem = name.split(".", 1)[0]
    bare = re.sub(r"(-[0-9a-f]{6,}|-\d+w?)+$", "", stem)
    return [c for c in dict.fromkeys([name, stem + ".", bare + "."]) if len(c) > 2]


def _html_images(ctx: CheckContext) -> list[Finding]:
    prefix = ctx.output_label + "/"
    found: list[Finding] = []
    for rel, scan in ctx.scans.items():
        page = ctx.sources.get(rel)
        for img in scan.images:
            if img.decorative or (img.alt is not None and img.alt.strip()):
                continue
            name = img.src.split("?", 1)[0].rsplit("/", 1)[-1] or img.src
            message = f"image {name} has no alt text"
            if page is not None and page.source is not None:
                line = next((n for n in map(lambda c: find_line(page.source, c), candidates(name)) if n), 1)
                found.append(Finding(ctx.rel(page.source), line, KIND, message))
            else:
                found.append(Finding(prefix + rel, img.line, KIND, message))
    from_sources = {f.message for f in found if not f.file.startswith(prefix)}
    return [f for f in found if not (f.file.startswith(prefix) and f.message in from_sources)]
