"""What `artsite serve` keeps between rebuilds, so a one-post edit rebuilds in a fraction of a second."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.pipeline.cache import BuildCache
    from generator.pipeline.writer import Inventory, OutputWriter


@dataclass
class BuildMemory:
    """What a long-running process (`artsite serve`) keeps from one build to the next.

    Reading the build cache from disk (which also holds every page as read) and walking the spare
    folder each cost more than rendering a one-post edit. Everything here is handed on only by a
    build that succeeded, and what describes the spare is taken away as soon as a build starts to
    change it, so a failed build leaves nothing stale to trust.
    """

    cache: BuildCache | None = None
    defer_save: bool = False  # the process saves `cache` itself, after the browser was told to reload
    warm: bool = False  # a build succeeded in this process: later ones are triggered by changes
    same: dict[Path, frozenset[str]] = field(default_factory=dict)  # files shared by output and spare
    live: dict[Path, Inventory] = field(default_factory=dict)  # what each output folder holds
    spares: dict[Path, Inventory] = field(default_factory=dict)  # what each output's spare holds

    def take_spare(self, output: Path) -> Inventory | None:
        """What the spare holds; taken away, because the build about to start will change it."""
        return self.spares.pop(output, None)

    def take_same(self, output: Path) -> frozenset[str] | None:
        """The files the spare shares with the live site; taken away for the same reason."""
        return self.same.pop(output, None)

    def committed(self, output: Path, writer: OutputWriter) -> None:
        """The swap made the old site the spare, and the staging folder the site."""
        previous = self.live.pop(output, None)
        if writer.recycled and previous is not None:
            self.spares[output] = previous
            self.same[output] = writer.settled
        if writer.inventory is not None:
            self.live[output] = writer.inventory
