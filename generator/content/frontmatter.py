"""Split a Markdown file into front matter and body, and read the front matter safely.

python-frontmatter finds the fence; the YAML itself goes through `generator.yamlsafe` so errors
carry the line in the *file* (not in the block) and alias bombs are refused. Eleventy allows
JavaScript and TOML front matter; artsite cannot run JavaScript and does not read TOML, so those
get a clear error naming the file instead of being mis-parsed as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from generator.yamlsafe import YamlError, load_yaml

_YAML = YAMLHandler()


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
    if first in ("---js", "---javascript", "---json", "---node"):
        raise FrontMatterError(f"'{first}' front matter runs code or uses a format artsite does not read; "
                               "rewrite it as YAML between '---' lines", 1, 1)
    if first == "+++":
        raise FrontMatterError("TOML front matter ('+++') is not supported; write it as YAML between '---' lines",
                               1, 1)
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
