"""Turning one Markdown file into a `Page`: front-matter rules, Eleventy compatibility included.

Each known key is checked for its type and a problem names the file and the key's line; unknown
keys pass through to templates untouched. Errors (bad dates, unsafe permalinks, unreadable YAML)
drop the page and fail the build at the end; warnings (missing title) fall back and go on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.dates import parse_date
from generator.content.frontmatter import FrontMatterError, Parsed, split
from generator.content.model import Page, Tag
from generator.content.permalinks import PermalinkError, expand, safe_site_path
from generator.content.slugs import file_slug, slugify
from generator.problems import Problems
from generator.yamlsafe import YamlError, load_yaml_with_lines

KNOWN_KEYS = {
    "title", "date", "updated", "tags", "excerpt", "description", "draft", "permalink", "slug", "layout",
    "eleventyExcludeFromCollections", "summary", "image", "cover", "ai_training", "license", "show_prompt",
    "show_workflow", "model", "tool", "ai", "process", "lang", "noindex",
}
TYPO_CANDIDATES = KNOWN_KEYS | {"tag", "categories"}


def layout_stem(value: Any) -> str:
    """`post.njk`, `layouts/post.njk`, `post.liquid`, `post.html` all mean the theme's `post`."""
    name = str(value).replace("\\", "/").rsplit("/", 1)[-1]
    return name.split(".", 1)[0] or "page"


def tag_list(value: Any) -> list[str]:
    """Eleventy allows `tags: ai` as well as a list; "post"/"posts" are Eleventy collection names."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else None
    if items is None:
        raise ValueError("tags must be a list or a single string")
    seen: dict[str, str] = {}
    for item in items:
        name = str(item).strip()
        if name and name.lower() not in ("post", "posts", "all"):
            seen.setdefault(slugify(name), name)
    return list(seen.values())


def is_bundle(rel: str, kind: str) -> bool:
    """content/notes/index.md (and, for posts, content/blog/x/x.md) describe their folder."""
    parts = rel.rsplit("/", 2)
    if len(parts) < 2:
        return False
    stem = parts[-1].rsplit(".", 1)[0]
    return stem == "index" or (kind == "post" and stem == parts[-2])


@dataclass(frozen=True)
class ParseFailure:
    """Why a file's front matter could not be read; plain data, so it can be cached with the parse."""

    message: str
    line: int | None = None
    column: int | None = None


def parse_source(raw: bytes) -> Parsed | ParseFailure:
    """Split and read a Markdown file's front matter; the result depends on the bytes alone."""
    try:
        return split(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return ParseFailure("file is not UTF-8 text")
    except FrontMatterError as exc:
        return ParseFailure(exc.message, exc.line, exc.column)


class PageReader:
    """Reads pages for one build; holds the settings every page needs."""

    def __init__(self, *, tz: dt.tzinfo, permalinks: dict[str, str], tag_pattern: str, problems: Problems) -> None:
        self.tz = tz
        self.permalinks = permalinks
        self.tag_pattern = tag_pattern
        self.problems = problems
        self._tags: dict[str, Tag] = {}

    def read(self, path: Path, rel: str, kind: str, parsed: Parsed | ParseFailure,
             source_hash: str) -> Page | None:
        """A page from already split front matter (see `parse_source`), or None after a problem."""
        if isinstance(parsed, ParseFailure):
            self.problems.error(parsed.message, path, parsed.line, parsed.column)
            return None
        data = dict(parsed.data)  # the parse may be cached and shared; never change it
        page = Page(kind=kind, title="", url="", source=path, rel=rel, body=parsed.body,
                    body_line=parsed.body_line, data=data, source_hash=source_hash)
        if not self._apply(page, data, path):
            return None
        return page

    def line_of(self, path: Path, key: str) -> int | None:
        """The line of a front-matter key in `path`, for problems found after the page was read."""
        return self._line(path, key)

    def _line(self, path: Path, key: str) -> int | None:
        """The line of a front-matter key, computed (from the file) only when a problem needs it."""
        try:
            text = path.read_text(encoding="utf-8")
            block = text.split("\n---", 1)[0]
            _, lines = load_yaml_with_lines(block[3:] if block.startswith("---") else block)
        except (YamlError, UnicodeDecodeError, OSError):
            return None
        line = lines.get((key,))
        return None if line is None else line

    def _apply(self, page: Page, data: dict[str, Any], path: Path) -> bool:
        ok = True

        def fail(key: str, message: str) -> None:
            nonlocal ok
            ok = False
            self.problems.error(f"{key}: {message}", path, self._line(path, key))

        stem = path.stem
        if is_bundle(page.rel, page.kind):  # a folder with its own index.md is named by the folder
            stem = path.parent.name
        page.slug = slugify(str(data["slug"])) if data.get("slug") else file_slug(stem)
        title = data.get("title")
        if title is None or not str(title).strip():
            page.title = page.slug.replace("-", " ").capitalize()
            self.problems.warning(f"no title; using '{page.title}'", path)
        else:
            page.title = str(title)
        for key in ("date", "updated"):
            if data.get(key) is not None:
                try:
                    setattr(page, key, parse_date(data[key], self.tz))
                except ValueError as exc:
                    fail(key, str(exc))
        if page.date is None and page.kind == "post":
            page.date = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=self.tz).replace(microsecond=0)
        draft = data.get("draft", False)
        if not isinstance(draft, bool):
            fail("draft", "must be true or false")
        page.draft = draft is True
        page.listed = data.get("eleventyExcludeFromCollections") is not True
        try:
            page.tags = [self.tag(name) for name in tag_list(data.get("tags"))]
        except ValueError as exc:
            fail("tags", str(exc))
        page.layout = layout_stem(data.get("layout") or page.kind)
        for key in ("excerpt", "description", "summary"):
            if data.get(key) is not None and not isinstance(data[key], str):
                fail(key, "must be text")
        page.description = str(data.get("description") or data.get("excerpt") or data.get("summary") or "")
        ok = self._permalink(page, data, path) and ok
        self._typos(data, path)
        return ok

    def _permalink(self, page: Page, data: dict[str, Any], path: Path) -> bool:
        link = data.get("permalink")
        if link is False:
            page.url = ""
            return True
        pattern = link if isinstance(link, str) else self.permalinks.get(page.kind, "/{slug}/")
        if link is not None and not isinstance(link, str):
            self.problems.error("permalink: must be a path or false", path, self._line(path, "permalink"))
            return False
        date = page.date or dt.datetime(1970, 1, 1, tzinfo=self.tz)
        folder = page.rel.rsplit("/", 1)[0] if "/" in page.rel else ""
        if is_bundle(page.rel, page.kind):
            folder = folder.rsplit("/", 1)[0] if "/" in folder else ""  # {path} of a bundle is its parent
        values = {"slug": page.slug, "year": f"{date.year:04d}", "month": f"{date.month:02d}",
                  "day": f"{date.day:02d}", "section": folder.split("/", 1)[0], "path": folder}
        if "title" in pattern:  # {title_slug}, or Eleventy's {{ title | slugify }}
            values["title_slug"] = slugify(page.title)
        for token in ("path", "section"):  # an empty folder token takes its slash with it
            if not values[token]:
                pattern = pattern.replace("{" + token + "}/", "")
        try:
            page.url = safe_site_path(expand(pattern, values))
        except PermalinkError as exc:
            self.problems.error(f"permalink: {exc}", path, self._line(path, "permalink"))
            return False
        return True

    def _typos(self, data: dict[str, Any], path: Path) -> None:
        import difflib

        for key in data:
            if key in KNOWN_KEYS:
                continue
            close = difflib.get_close_matches(key, TYPO_CANDIDATES, n=1, cutoff=0.8)
            if close and close[0] != key:
                self.problems.warning(f"front matter key '{key}' looks like a typo of '{close[0]}'",
                                      path, self._line(path, key))

    def tag(self, name: str) -> Tag:
        tag = self._tags.get(name)
        if tag is None:
            slug = slugify(name)
            tag = Tag(name=name, slug=slug, url=safe_site_path(expand(self.tag_pattern, {"slug": slug})))
            self._tags[name] = tag
        return tag
