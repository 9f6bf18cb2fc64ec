"""The shared shapes of `artsite check`: a finding, and what every check may look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.readfile import line_containing

if TYPE_CHECKING:
    from generator.check.html import PageScan
    from generator.content.model import Page
    from generator.pipeline.site import Site
    from generator.problems import Problems


@dataclass(frozen=True, order=True)
class Finding:
    """`path:line: kind: message`; `review` findings are for reading, not failures (prompts)."""

    file: str
    line: int
    kind: str
    message: str
    review: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.message}"


@dataclass
class CheckContext:
    site: Site
    root: Path
    output: Path  # the fresh build's output folder
    output_label: str  # how output files are named in findings, e.g. "_site"
    problems: Problems  # from collecting the site: the readers' warnings
    scans: dict[str, PageScan] = field(default_factory=dict)  # output-relative .html -> parsed page
    sources: dict[str, Page] = field(default_factory=dict)  # output-relative .html -> its page

    def rel(self, path: Path | str) -> str:
        """A site-relative name for a source file, the way problems name files."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_line(path: Path | None, needle: str) -> int | None:
    """The first line of `path` containing `needle`, or None."""
    return line_containing(path, needle)


def line_of(path: Path | None, needle: str) -> int:
    """Like find_line, but 1 (the file as a whole) when the text is not there."""
    return find_line(path, needle) or 1
