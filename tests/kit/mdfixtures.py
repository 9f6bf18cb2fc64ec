"""Markdown fixture files: pairs of Markdown and the HTML it must become, one file per feature.

The files live in `tests/fixtures/markdown/` and use markdown-it-py's own fixture format (its
`tests/test_port/fixtures/*.md`): a title line, a line holding only `.`, the Markdown, `.`, the
expected HTML, `.`. Any other text between cases is prose the reader skips, which each file uses
to say where its expected HTML comes from. The cases are read with markdown-it-py's own reader,
`markdown_it.utils.read_fixture_file`, so a case means here exactly what it means in the reference
engine's test suite, and a case can be pasted between the two.

Three suites read them. `tests/core/test_markdown_fixtures.py` renders each case with both
engines against its expected HTML, as the build renders a post's Markdown; the areas in `BUILT`
need the page and site around the Markdown (shortcodes), so `tests/shortcodes/` builds a site of
them instead. `tests/core/test_markdown_engines.py` adds every case to the differential between
the engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "markdown"
BUILT = frozenset({"shortcodes"})  # areas whose cases are posts of a built site


@dataclass(frozen=True)
class Case:
    """One fixture case: `area` is its file's name without `.md`, `line` the 1-based line of the
    `.` that opens it (what an editor jumps to when the case fails)."""

    area: str
    line: int
    title: str
    text: str
    expected: str

    @property
    def id(self) -> str:
        return f"{self.area}:{self.line}:{self.title}"


def areas() -> list[str]:
    """The feature areas, one per fixture file."""
    return sorted(path.stem for path in FIXTURES.glob("*.md"))


def cases(area: str | None = None, *, skip: frozenset[str] = frozenset()) -> list[Case]:
    """Every case of one area, or of all of them but `skip`, in file order."""
    found: list[Case] = []
    for name in [area] if area else [name for name in areas() if name not in skip]:
        path = FIXTURES / f"{name}.md"
        for line, title, text, expected in read_fixture_file(path):
            # read_fixture_file counts lines from 0 and gives the line index of the opening dot.
            found.append(Case(name, line + 1, title, text, expected))
    return found


def params(area: str | None = None, *, skip: frozenset[str] = frozenset()) -> list:
    """`cases()` as pytest parameters whose ids name the file, line and title of each case."""
    return [pytest.param(case, id=case.id) for case in cases(area, skip=skip)]
