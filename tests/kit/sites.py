"""Helpers for the core tests: small temporary sites, and readers for what a build writes.

Each test builds its own site in tmp_path through `generator.pipeline.site.build`, so tests are
independent and fast. Plugins are off unless a test asks for them: the core's behaviour must not
depend on what the built-in plugins happen to add while they are being written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline.site import BuildOptions, BuildResult, build
from generator.problems import BuildFailed, Problems
from tests.kit.config import BASE_URL, site_yaml

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
BASE = BASE_URL



def post_text(title: str | None = "A post", date: str | None = "2025-01-10", body: str = "Body text.\n",
              **front: Any) -> str:
    """A Markdown file with YAML front matter; values are written as given (already YAML)."""
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {title}")
    if date is not None:
        lines.append(f"date: {date}")
    lines += [f"{key}: {value}" for key, value in front.items()]
    lines.append("---")
    return "\n".join(lines) + "\n" + textwrap.dedent(body)


@dataclass
class TmpSite:
    root: Path
    out: Path = field(init=False)

    def __post_init__(self) -> None:
        self.out = self.root / "_site"

    def config(self, extra: str = "", *, base_url: str = BASE, timezone: str = "UTC", per_page: int = 10,
               plugins: str = "[]") -> None:
        text = site_yaml(description="A site made by the core tests.", language="en", base_url=base_url,
                         timezone=timezone, per_page=per_page, plugins=plugins, images=(100, 200))
        (self.root / "site.yaml").write_text(text + textwrap.dedent(extra), encoding="utf-8")

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def post(self, name: str, title: str | None = "A post", date: str | None = "2025-01-10",
             body: str = "Body text.\n", **front: Any) -> Path:
        return self.write(f"content/posts/{name}", post_text(title, date, body, **front))

    def options(self, **kw: Any) -> BuildOptions:
        kw.setdefault("output", self.out)
        return BuildOptions(source=self.root, **kw)

    def build(self, **kw: Any) -> BuildResult:
        try:
            return build(self.options(**kw))
        except BuildFailed as failed:
            problems = "\n".join(str(p) for p in failed.problems.sorted())
            raise AssertionError(f"build failed unexpectedly:\n{problems}") from None

    def fail(self, **kw: Any) -> Problems:
        with pytest.raises(BuildFailed) as info:
            build(self.options(**kw))
        return info.value.problems

    def read(self, rel: str) -> str:
        return (self.out / rel).read_text(encoding="utf-8")

    def html(self, rel: str) -> Parsed:
        return parse_html(self.read(rel))

    def files(self) -> set[str]:
        return {p.relative_to(self.out).as_posix() for p in self.out.rglob("*") if p.is_file()}


def new_site(folder: Path) -> TmpSite:
    made = TmpSite(folder)
    made.root.mkdir(parents=True)
    made.config()
    (made.root / "content" / "posts").mkdir(parents=True)
    return made


def problems_text(problems: Problems) -> str:
    return "\n".join(str(p) for p in problems.sorted())


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) with the hash of its bytes; symlinks by target.

    The search bundle under pagefind/ is left out: Pagefind builds its index in parallel, so two
    runs over the same pages differ in bytes and file names (tests/plugins/test_search.py checks
    its decoded contents instead)."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith("pagefind/"):
            continue
        if path.is_symlink():
            hashes[rel] = "symlink:" + os.readlink(path)
        elif path.is_file():
            hashes[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


class Parsed(HTMLParser):
    """Attributes, meta tags, JSON-LD and text of one HTML page, read with the stdlib parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.elements: list[tuple[str, dict[str, str]]] = []  # (tag, attributes) of every start tag
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}  # <link rel> -> hrefs
        self.jsonld: list[Any] = []
        self.times: list[str] = []
        self.h1: list[str] = []
        self._capture: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        for key, value in values.items():
            self.attrs.append((tag, key, value))
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta.setdefault(values.get("property") or values["name"], []).append(values.get("content", ""))
        if tag == "link" and "rel" in values:
            self.links.setdefault(values["rel"], []).append(values.get("href", ""))
        if tag == "time" and "datetime" in values:
            self.times.append(values["datetime"])
        if tag == "script" and values.get("type") == "application/ld+json":
            self._capture, self._buffer = "jsonld", []
        if tag == "h1":
            self._capture, self._buffer = "h1", []

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._capture == "jsonld" and tag == "script":
            self.jsonld.append(json.loads("".join(self._buffer)))
            self._capture = None
        elif self._capture == "h1" and tag == "h1":
            self.h1.append("".join(self._buffer).strip())
            self._capture = None

    def tag_links(self) -> set[str]:
        """hrefs of the `<a rel="tag">` links: the page's own tags."""
        return {self.attrs[i][2] for i in range(len(self.attrs) - 1)
                if self.attrs[i][:2] == ("a", "href") and self.attrs[i + 1] == ("a", "rel", "tag")}

    def urls(self) -> list[str]:
        """Every URL in href/src/srcset/data-full attributes."""
        found = []
        for _tag, key, value in self.attrs:
            if key in ("href", "src", "data-full", "poster", "action"):
                found.append(value)
            elif key in ("srcset", "data-full-srcset"):
                found += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
        return found


def parse_html(text: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(text)
    parsed.close()
    return parsed


def output_path_for(url_path: str) -> str:
    """The file a site path is served from: "/a/" -> "a/index.html"."""
    path = url_path.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+(?:url\()?['"]?([^'")\s;]+)""")


def touch_later(path: Path, seconds: int = 5) -> None:
    """A newer mtime even on file systems with coarse timestamps."""
    import os
    import time

    stamp = time.time() + seconds
    os.utime(path, (stamp, stamp))
