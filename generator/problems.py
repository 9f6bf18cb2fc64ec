"""Diagnostics that name the file (and the line, where there is one), collected, then reported.

A build reports every problem it finds, not just the first, so an artist can fix a whole batch in
one pass. Stages record problems here instead of raising; the orchestrator decides at the end
whether errors (or, with `--strict`, warnings) fail the build.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        """`path:line:col`, the form editors and terminals turn into links."""
        if not self.file:
            return "artsite"
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message}"


@dataclass
class Problems:
    """A thread-safe collector; `root` makes reported paths relative to the site folder."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _seen: set[Problem] = field(default_factory=set, repr=False)  # items, for the duplicate check

    def __post_init__(self) -> None:
        self._root = self.root.resolve() if self.root is not None else None  # once: a big site reports thousands
        self._seen.update(self.items)

    def _name(self, file: str | Path | None) -> str | None:
        if file is None:
            return None
        path = Path(os.path.abspath(file))  # not resolve(): a symlink is named as the link, not its target
        if self._root is not None:
            try:
                return path.relative_to(self._root).as_posix()
            except ValueError:
                pass
        return str(file)

    def add(self, severity: str, message: str, file: str | Path | None = None,
            line: int | None = None, column: int | None = None) -> None:
        self.extend([Problem(severity, message, self._name(file), line, column)])

    def error(self, message: str, file: str | Path | None = None, line: int | None = None,
              column: int | None = None) -> None:
        self.add("error", message, file, line, column)

    def warning(self, message: str, file: str | Path | None = None, line: int | None = None,
                column: int | None = None) -> None:
        self.add("warning", message, file, line, column)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def extend(self, problems: Iterable[Problem]) -> None:
        """Problems already named (replayed from a cache, or sent back by a worker process)."""
        with self._lock:
            for problem in problems:
                if problem not in self._seen:
                    self._seen.add(problem)
                    self.items.append(problem)

    def sorted(self) -> list[Problem]:
        """Errors first, then by file and line, so related problems sit together."""
        return sorted(self.items, key=lambda p: (p.severity != "error", p.file or "", p.line or 0, p.message))


class BuildFailed(Exception):
    """Raised by the orchestrator when problems stop the build; carries them for reporting."""

    def __init__(self, problems: Problems, reason: str = "the build failed") -> None:
        super().__init__(reason)
        self.problems = problems
