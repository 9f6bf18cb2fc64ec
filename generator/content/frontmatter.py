"""Split a Markdown file into front matter and body, and read the front matter safely.

python-frontmatter finds the fence; the YAML itself goes through `generator.yamlsafe` so errors
carry the line in the *file* (not in the block) and alias bombs are refused. Hugo writes TOML
between `+++` lines (read with the standard library's `tomllib`, `tomli` on Python 3.10) and JSON
as a bare `{ ... }` object at the top of the file; both are read. Eleventy allows JavaScript front
matter, which artsite will not run: that is a clear error naming the file instead of being
mis-parsed as Markdown.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from generator.yamlsafe import YamlError, load_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib



class _JekyllYAMLHandler(YAMLHandler):
    """YAML between `---` lines; as in Jekyll (and YAML's own document end), `...` may close it."""

    FM_BOUNDARY = re.compile(r"^(?:-{3,}|\.{3})\s*$", re.MULTILINE)


_YAML = _JekyllYAMLHandler()
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE)
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
MAX_FRONT_MATTER_BYTES = 1024 * 1024


@dataclass
class FrontMatterError(Exception):
    message: str
    line: int | None = None
    column: int | None = None


@dataclass
class Parsed:
    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line where the body starts, for located Markdown warnings


def split(text: str) -> Parsed:
    """Front matter and body; a file without front matter is all body."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.split("\n", 1)[0].strip()
    if first in ("---js", "---javascript", "---node"):
        raise FrontMatterError(f"'{first}' front matter runs code, which artsite does not do; "
                               "rewrite it as YAML between '---' lines", 1, 1)
    if first == "+++":
        return _toml(text)
    if first == "---json" or (first.startswith("{") and not first.startswith("{{") and not first.startswith("{%")):
        return _json(text, fenced=first == "---json")
    if first != "---":
        return Parsed({}, text, 1)
    try:
        block, body = _YAML.split(text)
    except ValueError:
        raise FrontMatterError("front matter starts with '---' but has no closing '---' line", 1, 1) from None
    try:
        data = load_yaml(block)  # the block keeps the opening fence's newline, so lines already match
    except YamlError as exc:
        raise FrontMatterError(exc.message, exc.line, exc.column) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys (title: ..., date: ...)", 2, 1)
    body_line = block.count("\n") + 2
    return Parsed({str(k): v for k, v in data.items()}, body, body_line)


def _mapping(data: Any, line: int) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys (title: ..., date: ...)", line, 1)
    return {str(k): v for k, v in data.items()}


def _toml(text: str) -> Parsed:
    """Hugo's `+++` TOML front matter; TOML dates arrive as datetimes, which parse_date takes."""
    closing = _TOML_FENCE.search(text, text.index("\n") + 1 if "\n" in text else len(text))
    if closing is None:
        raise FrontMatterError("front matter starts with '+++' but has no closing '+++' line", 1, 1)
    block = text[text.index("\n") + 1:closing.start()]
    if len(block) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError("front matter is larger than 1 MB", 1, 1)
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_WHERE.search(str(exc))
        message = _TOML_WHERE.sub("", str(exc)).strip()
        if where is None:
            raise FrontMatterError(f"TOML error: {message}", 1, 1) from None
        raise FrontMatterError(f"TOML error: {message}", int(where.group(1)) + 1, int(where.group(2))) from None
    body = text[closing.end():]
    body = body[1:] if body.startswith("\n") else body
    return Parsed(_mapping(data, 2), body, text[:closing.end()].count("\n") + 2)


def _json(text: str, fenced: bool) -> Parsed:
    """Hugo's bare `{ ... }` JSON object at the top of the file, or Eleventy's `---json` block."""
    start = text.index("\n") + 1 if fenced else 0
    try:
        data, end = json.JSONDecoder().raw_decode(text, start + len(text[start:]) - len(text[start:].lstrip()))
    except json.JSONDecodeError as exc:
        raise FrontMatterError(f"JSON error: {exc.msg}", exc.lineno, exc.colno) from None
    rest = text[end:]
    if fenced:
        fence = re.match(r"[ \t]*\r?\n?---[ \t]*(\r?\n|$)", rest)
        if fence is None:
            raise FrontMatterError("front matter starts with '---json' but has no closing '---' line", 1, 1)
        end += fence.end()
    else:
        newline = re.match(r"[ \t]*\r?\n", rest)
        end += newline.end() if newline else 0
    return Parsed(_mapping(data, 1), text[end:], text[:end].count("\n") + 1)
