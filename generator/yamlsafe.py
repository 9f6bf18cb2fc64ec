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
MAX_EXPANDED_NODES = 100_000
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
    """Refuse documents whose aliases expand to too many nodes.

    PyYAML builds aliases as shared references, so loading a "billion laughs" document is cheap,
    but anything that later walks it (serialising page data, say) expands every reference. So the
    bound is on the expanded size, computed once per anchor over the composed node graph; only
    documents that define anchors pay for the extra pass.
    """
    if "&" not in text or "*" not in text:
        return
    root = yaml.compose(text, Loader=SafeLoader)
    sizes: dict[int, int] = {}

    def expanded(node: yaml.Node) -> int:
        """Nodes in the fully expanded tree; iterative so deep nesting cannot overflow the stack."""
        open_nodes: set[int] = set()
        stack: list[tuple[yaml.Node, bool]] = [(node, False)]
        while stack:
            current, done = stack.pop()
            key = id(current)
            children = _children(current)
            if done:
                open_nodes.discard(key)
                sizes[key] = min(MAX_EXPANDED_NODES + 1, 1 + sum(sizes[id(c)] for c in children))
                continue
            if key in sizes:
                continue
            open_nodes.add(key)
            stack.append((current, True))
            for child in children:
                if id(child) in open_nodes:
                    raise YamlError("YAML alias refers to itself (a recursive structure); refusing it",
                                    child.start_mark.line + 1 + line_offset)
                if id(child) not in sizes:
                    stack.append((child, False))
        return sizes[id(node)]

    if root is not None and expanded(root) > MAX_EXPANDED_NODES:
        raise YamlError(f"YAML aliases expand to more than {MAX_EXPANDED_NODES} values (a possible "
                        "'billion laughs' attack); refusing to expand it", 1 + line_offset)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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
    except (ValueError, TypeError, OverflowError, AttributeError) as exc:  # e.g. `date: 2025-02-30`
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
