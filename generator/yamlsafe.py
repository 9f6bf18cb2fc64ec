"""YAML for hand-typed files: the fast C loader, alias-bomb protection and located errors.

Front matter and site.yaml are typed by people, so an error must say `file:line:col`; they may
also come from elsewhere, so a "billion laughs" document (aliases of aliases) must be refused
before anything walks the expanded structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_ALIASES = 100
MAX_YAML_BYTES = 1024 * 1024


@dataclass
class YamlError(Exception):
    message: str
    line: int | None = None
    column: int | None = None


def _located(exc: yaml.YAMLError, line_offset: int) -> YamlError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML error: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return YamlError(message)
    return YamlError(message, mark.line + 1 + line_offset, mark.column + 1)


def _check_aliases(text: str, line_offset: int) -> None:
    """Count alias events; only documents that define anchors pay for the extra scan."""
    if "&" not in text or "*" not in text:
        return
    count = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > MAX_ALIASES:
                raise YamlError(f"YAML uses more than {MAX_ALIASES} aliases (a possible 'billion laughs' "
                                "attack); refusing to expand it",
                                event.start_mark.line + 1 + line_offset, event.start_mark.column + 1)


def load_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML or raise YamlError with a line counted in the enclosing file."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlError(f"YAML block is larger than {MAX_YAML_BYTES} bytes", 1 + line_offset)
    try:
        _check_aliases(text, line_offset)
        return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise _located(exc, line_offset) from exc
    except RecursionError as exc:
        raise YamlError("YAML is nested too deeply", 1 + line_offset) from exc
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. `date: 2025-02-30` fails inside the loader
        raise YamlError(f"invalid value: {exc}", _line_of_bad_value(text, exc, line_offset)) from exc


def _line_of_bad_value(text: str, exc: Exception, line_offset: int) -> int | None:
    """The loader reports no position for values it cannot construct; find the first plausible one."""
    import re

    if "date" in str(exc) or "month" in str(exc) or "day" in str(exc):
        for number, line in enumerate(text.splitlines(), start=1):
            if re.search(r":\s*\d{4}-\d{1,2}-\d{1,2}", line):
                try:
                    yaml.load(line.split(":", 1)[1], Loader=SafeLoader)  # noqa: S506 - a safe loader
                except (ValueError, yaml.YAMLError):
                    return number + line_offset
    return None


def load_yaml_with_lines(text: str) -> tuple[Any, dict[tuple, int]]:
    """Parse and also map each key path to its 1-based line, for located validation errors."""
    data = load_yaml(text)
    lines: dict[tuple, int] = {}
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return data, lines
    stack: list[tuple[Any, tuple]] = [(node, ())]
    while stack:
        current, path = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key = (*path, key_node.value)
                lines[key] = key_node.start_mark.line + 1
                stack.append((value_node, key))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                lines[(*path, index)] = item.start_mark.line + 1
                stack.append((item, (*path, index)))
    return data, lines
