"""Kramdown's extra syntax in Jekyll posts, so that it never shows on the page as text.

Jekyll renders Markdown with kramdown, and real Jekyll posts use its extensions: a generated table
of contents (`* TOC` then `{:toc}` on the next line), inline attribute lists (`{: .lead}`,
`[x](y){:target="_blank"}`), attribute list definitions (`{:ref: .note}`), header ids
(`## Setup {#setup}`) and extensions (`{::comment}…{:/comment}`, `{::nomarkdown}…{:/nomarkdown}`,
`{::options … /}`). CommonMark has none of these, so both engines would print them as text.

What carries over: the table of contents is built from the page's headings; `{::nomarkdown}`
keeps its content as HTML; a comment is dropped. Attribute lists only style an element for the
old theme's CSS, which artsite does not have, so they are removed rather than guessed at. Code
(fenced, indented and inline) is never touched: a post about kramdown keeps its examples.
"""

from __future__ import annotations

import html
import re

TOC_MARKER = "ARTSITE-KRAMDOWN-TOC-8c1f"  # a paragraph both engines print the same way

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\2[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_TOC = re.compile(r"^[ \t]*(?:[*+-]|\d+\.)[ \t]+[^\n]*\n[ \t]*\{:[ \t]*(?:[.#][\w-]+[ \t]*)*toc\b[^}\n]*\}[ \t]*$",
                  re.MULTILINE)
_COMMENT = re.compile(r"\{::comment\}.*?\{:/(?:comment)?\}", re.DOTALL)
_NOMARKDOWN = re.compile(r"\{::nomarkdown\}(.*?)\{:/(?:nomarkdown)?\}", re.DOTALL)
_OPTIONS = re.compile(r"\{::options\b[^}\n]*/\}")
_HEADER_ID = re.compile(r"^(#{1,6}[ \t].*?)[ \t]+\{#[\w:.-]+\}[ \t]*$", re.MULTILINE)
_SETEXT_ID = re.compile(r"^([^\n#]\S[^\n]*?)[ \t]+\{#[\w:.-]+\}[ \t]*$(?=\n(?:=+|-+)[ \t]*$)", re.MULTILINE)
_ALD_LINE = re.compile(r"^[ \t]*\{:[\w-]+:[^}\n]*\}[ \t]*\n?", re.MULTILINE)
_IAL_LINE = re.compile(r"^ {0,3}\{:[^}\n]*\}[ \t]*\n?", re.MULTILINE)
_IAL = re.compile(r"\{:(?!:)[^}\n]*\}")
_HEADING = re.compile(r'<h([2-4]) id="([^"]*)">(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def uses_kramdown(text: str) -> bool:
    """A cheap test: kramdown's syntax all begins with `{:`, or is a `{#id}` header id."""
    return "{:" in text or "{#" in text


def preprocess(text: str) -> str:
    """`text` with kramdown's syntax turned into Markdown (or removed), code left alone."""
    out: list[str] = []
    last = 0
    for fence in _FENCE.finditer(text):
        out.append(_outside_fences(text[last:fence.start()]))
        out.append(fence.group(0))
        last = fence.end()
    out.append(_outside_fences(text[last:]))
    return "".join(out)


def _outside_fences(text: str) -> str:
    text = _COMMENT.sub("", text)
    text = _NOMARKDOWN.sub(lambda m: "\n" + m.group(1).strip("\n") + "\n", text)
    text = _OPTIONS.sub("", text)
    text = _TOC.sub(f"\n{TOC_MARKER}\n", text)
    text = _HEADER_ID.sub(r"\1", text)
    text = _SETEXT_ID.sub(r"\1", text)
    text = _ALD_LINE.sub("", text)
    lines = text.split("\n")
    kept = []
    for line in lines:
        if line.startswith(("    ", "\t")) and kept and (not kept[-1].strip() or kept[-1].startswith(("    ", "\t"))):
            kept.append(line)  # an indented code block: left as it is
            continue
        kept.append(_outside_code_spans(line))
    return _IAL_LINE.sub("", "\n".join(kept))


def _outside_code_spans(line: str) -> str:
    if "{:" not in line:
        return line
    pieces, last = [], 0
    for span in _INLINE_CODE.finditer(line):
        pieces.append(_strip_ial(line[last:span.start()]))
        pieces.append(span.group(0))
        last = span.end()
    pieces.append(_strip_ial(line[last:]))
    return "".join(pieces)


def _strip_ial(text: str) -> str:
    if text.strip().startswith("{:") and text.strip().endswith("}"):
        return text  # a whole-line list: removed with its line, so no blank line is left behind
    return _IAL.sub("", text)


def insert_toc(rendered: str) -> str:
    """Replace the marker paragraph with a nested list of the page's h2–h4 headings, as kramdown's
    `{:toc}` does (its levels are 1–6; the theme's page title is the only h1)."""
    marker = f"<p>{TOC_MARKER}</p>"
    if marker not in rendered:
        return rendered
    headings = [(int(level), anchor, html.unescape(_TAG.sub("", inner)).strip())
                for level, anchor, inner in _HEADING.findall(rendered)]
    return rendered.replace(marker, _toc_list(headings), 1).replace(marker, "")


def _toc_list(headings: list[tuple[int, str, str]]) -> str:
    if not headings:
        return ""
    parts = ['<nav class="toc" aria-label="Contents">']
    depth = 0
    base = min(level for level, _, _ in headings)
    for level, anchor, title in headings:
        wanted = level - base + 1
        if wanted > depth:
            parts.append("<ul><li>" * (wanted - depth))
        else:
            parts.append("</li></ul>" * (depth - wanted) + "</li><li>")
        depth = wanted
        parts.append(f'<a href="#{html.escape(anchor)}">{html.escape(title)}</a>')
    parts.append("</li></ul>" * depth + "</nav>")
    return "".join(parts)
