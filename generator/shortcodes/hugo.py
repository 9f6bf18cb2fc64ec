"""Hugo's shortcode syntax: `{{< name params >}}`, `{{% name %}}…{{% /name %}}`, `{{< x />}}`.

Hugo content is not run through a template engine; only its shortcodes are expanded, and that is
all this module does. A shortcode is paired when a matching closing tag follows (Hugo decides by
whether the template reads `.Inner`; we cannot run Go templates, so the closing tag is the only
evidence). `{{</* x */>}}` is Hugo's escape and prints `{{< x >}}` literally. Nested shortcodes in
an inner block are expanded first, as in Hugo.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.shortcodes.params import parse

TAG = re.compile(
    r"\{\{(?P<open>[<%])(?P<esc>/\*)?\s*(?P<close>/)?\s*(?P<name>[\w.-]+)(?P<params>(?:[^>%`\"]|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|[>%](?!\}\}))*?)"
    r"\s*(?P<escend>\*/)?\s*(?P<self>/)?\s*(?P<end>[>%])\}\}",
    re.DOTALL,
)
ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)

# (name, args, kwargs, inner or None, syntax, block, line) -> output
Render = Callable[[str, list[Any], dict[str, Any], "str | None", str, bool, int], str]


@dataclass
class _Node:
    name: str
    params: str
    syntax: str
    start: int
    tag_end: int
    end: int
    block: bool
    inner_start: int = 0
    inner_end: int = 0
    paired: bool = False
    children: list[_Node] = field(default_factory=list)


def has_shortcodes(text: str) -> bool:
    return "{{<" in text or "{{%" in text


def expand(text: str, render: Render, line_of: Callable[[int], int],
           stray: Callable[[str, int], None]) -> str:
    """`text` with every shortcode replaced by what `render` returns for it."""
    root = _Node("", "", "", 0, 0, len(text), False)
    stack = [root]
    for match in TAG.finditer(text):
        if match.group("esc"):
            continue  # an escaped tag is text; printed literally below
        name, close = match.group("name"), bool(match.group("close"))
        if close:
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:
                    break
            else:
                stray(f"closing shortcode {{{{< /{name} >}}}} without an opening one; left out",
                      line_of(match.start()))
                stack[-1].children.append(_Node("", "", "", match.start(), match.end(), match.end(), False))
                continue
            while len(stack) - 1 > depth:
                _unpair(stack.pop(), stack[-1])
            node = stack.pop()
            node.paired, node.inner_end, node.end = True, match.start(), match.end()
            continue
        syntax = "hugo-markdown" if match.group("open") == "%" else "hugo"
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        block = not text[line_start:match.start()].strip() and not text[match.end():line_end].strip()
        node = _Node(name, match.group("params"), syntax, match.start(), match.end(), match.end(), block,
                     inner_start=match.end())
        stack[-1].children.append(node)
        if not match.group("self"):
            stack.append(node)
    while len(stack) > 1:
        _unpair(stack.pop(), stack[-1])
    return _render_range(text, root.start, root.end, root.children, render, line_of)


def _unpair(node: _Node, parent: _Node) -> None:
    """An opening tag that never closed is a standalone shortcode; what followed it is its
    parent's text again."""
    index = parent.children.index(node)
    parent.children[index + 1:index + 1] = node.children
    node.children = []
    node.end = node.tag_end


def _render_range(text: str, start: int, end: int, nodes: list[_Node], render: Render,
                  line_of: Callable[[int], int]) -> str:
    out: list[str] = []
    pos = start
    for node in nodes:
        out.append(_unescape(text[pos:node.start]))
        pos = node.end
        if not node.name:  # a stray closing tag: dropped, never printed
            continue
        inner = _render_range(text, node.inner_start, node.inner_end, node.children, render, line_of) \
            if node.paired else None
        args, kwargs = parse(node.params, bare_words=False)
        out.append(render(node.name, args, kwargs, inner, node.syntax, node.block, line_of(node.start)))
    out.append(_unescape(text[pos:end]))
    return "".join(out)


def _unescape(text: str) -> str:
    return ESCAPED.sub(lambda m: "{{" + m.group(1) + m.group(2) + m.group(3) + "}}", text)
