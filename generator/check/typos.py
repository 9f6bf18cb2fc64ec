"""Front-matter keys that look like misspellings of known ones (`tittle`, `drafts`, `tag`).

Pages reuse the warnings the PageReader already gives; gallery index.md files and sidecars are not
read by it, so they are checked here against the same list plus the gallery keys.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.check.model import CheckContext, Finding, find_line
from generator.check.works import sidecar
from generator.content.pages import KNOWN_KEYS, TYPO_CANDIDATES

KIND = "typo"
MARKER = "looks like a typo of"
GALLERY_KEYS = {"sort", "reverse", "cover", "images", "alt", "caption", "file", "body", "prompt", "seed"}


def find(ctx: CheckContext) -> list[Finding]:
    found = [Finding(p.file or "site.yaml", p.line or 1, KIND, p.message)
             for p in ctx.problems.warnings if MARKER in p.message]
    for gallery in ctx.site.galleries:
        found.extend(_keys(ctx, gallery.folder / "index.md", gallery.data))
        for work in gallery.works:
            side = sidecar(work)
            if side.is_file():
                own = {k: v for k, v in work.data.items() if find_line(side, f"{k}:") is not None}
                found.extend(_keys(ctx, side, own))
    return sorted(set(found))


def _keys(ctx: CheckContext, path: Path, data: dict) -> list[Finding]:
    if not path.is_file():
        return []
    known = KNOWN_KEYS | GALLERY_KEYS
    found = []
    for key in map(str, data):
        if key in known:
            continue
        close = difflib.get_close_matches(key, TYPO_CANDIDATES | GALLERY_KEYS, n=1, cutoff=0.8)
        if close and close[0] != key:
            found.append(Finding(ctx.rel(path), find_line(path, f"{key}:") or 1, KIND,
                                 f"front matter key '{key}' looks like a typo of '{close[0]}'"))
    return found
