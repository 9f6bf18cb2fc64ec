"""Where a work's settings live, so findings point at the file the artist should edit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.check.model import CheckContext, find_line

if TYPE_CHECKING:
    from generator.galleries.model import Work


def sidecar(work: Work) -> Path:
    return work.source.with_name(work.source.name + ".md")


def location(ctx: CheckContext, work: Work, key: str | None = None) -> tuple[str, int]:
    """The sidecar (at `key`'s line), else the gallery's index.md entry, else the image itself."""
    side = sidecar(work)
    if side.is_file():
        return ctx.rel(side), (find_line(side, f"{key}:") if key else None) or 1
    index = work.source.parent / "index.md"
    line = find_line(index, work.source.name) if index.is_file() else None
    if line is not None:
        return ctx.rel(index), line
    return ctx.rel(work.source), 1


def provenance_of(work: Work) -> Any:
    """The plugin's record when the plugin ran, else a direct read (the reader never raises)."""
    record = work.extra.get("provenance")
    if record is None:
        from generator.provenance.reader import read_provenance

        record = read_provenance(work.source)
        work.extra["provenance"] = record
    return record
