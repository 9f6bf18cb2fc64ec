"""Markdown to HTML: CommonMark plus the extensions bloggers expect, with links made site-aware.

Rendering is a pure function of the Markdown and the site's link map, which is what makes it
cacheable by content hash. Images are not resolved here: each becomes an `<artsite-image>`
placeholder that the build swaps for responsive `<picture>` markup once the image pipeline has
planned its variants, so a changed image never invalidates the cached HTML of the text around it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

RENDERER_VERSION = "5"
MORE_MARKER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
PLACEHOLDER = re.compile(r'<artsite-image data="([^"]*)"></artsite-image>')
FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
RAW_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")

LinkResolver = Callable[[str], "str | None"]


def highlight(code: str, lang: str, _attrs: str) -> str:
    """Pygments for fenced code with a known language; plain escaped code otherwise."""
    if not lang:
        return ""
    lexer = _lexer(lang.split()[0].lower())
    if lexer is None:
        return ""
    from pygments import highlight as pyg_highlight

    body = pyg_highlight(code, lexer, _formatter())
    return f'<pre class="highlight"><code class="language-{html.escape(lang.split()[0])}">{body}</code></pre>\n'


@lru_cache(maxsize=256)
def _lexer(name: str) -> Any:
    """Lexers are looked up by scanning Pygments' registry; once per language is enough."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(name)
    except ClassNotFound:
        return None


@lru_cache(maxsize=1)
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


def _render_image(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    title = token.attrGet("title") or ""
    payload = json.dumps({"src": src, "alt": alt, "title": title}, ensure_ascii=False)
    return f'<artsite-image data="{html.escape(payload, quote=True)}"></artsite-image>'


def _rewrite_links(state: Any) -> None:
    """Core rule: links to another page's `.md` source become that page's URL."""
    resolve: LinkResolver | None = state.env.get("resolve_link")
    if resolve is None:
        return
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "link_open":
                href = token.attrGet("href")
                if href:
                    new = resolve(href)
                    if new is not None:
                        token.attrSet("href", new)


def _raw_image(match: re.Match[str]) -> str:
    """`<img src="x.png" alt="...">` written as HTML in a post: a local file becomes the same
    placeholder as `![alt](x.png)`, so it is found, resized and stripped like one; remote and
    inline images stay as written."""
    attributes = {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                  for m in _ATTRIBUTE.finditer(match.group(0))}
    src = attributes.get("src", "").strip()
    if not src or "://" in src or src.startswith(("//", "data:", "{", "#")):
        return match.group(0)
    payload = json.dumps({"src": src, "alt": attributes.get("alt", ""), "title": attributes.get("title", "")},
                         ensure_ascii=False)
    return f'<artsite-image data="{html.escape(payload, quote=True)}"></artsite-image>'


def _raw_images(state: Any) -> None:
    """Core rule: local images in raw HTML blocks and inline HTML, as Markdown images are."""
    for block in state.tokens:
        tokens = [block] if block.type == "html_block" else [t for t in block.children or [] if t.type == "html_inline"]
        for token in tokens:
            if "<img" in token.content.lower():
                token.content = RAW_IMG.sub(_raw_image, token.content)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "highlight": highlight})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin, label=True).use(anchors_plugin, min_level=2, max_level=4)
    md.add_render_rule("image", _render_image)
    md.core.ruler.push("artsite_links", _rewrite_links)
    md.core.ruler.push("artsite_raw_images", _raw_images)
    return md


def render(text: str, resolve_link: LinkResolver | None = None) -> str:
    return parser().render(text, {"resolve_link": resolve_link})


def split_more(text: str) -> tuple[str, bool]:
    """The part before `<!-- more -->`, and whether the marker was there."""
    parts = MORE_MARKER.split(text, maxsplit=1)
    return parts[0], len(parts) > 1


_MORE_BLOCK = re.compile(r"(?:^|\n)<!--\s*more\s*-->[ \t]*(?:\n|$)", re.IGNORECASE)


def before_more(rendered: str) -> str | None:
    """The rendered HTML before a `<!-- more -->` that stands on its own line (an HTML block), so
    reference links and footnotes defined further down still resolve; None when the marker sits
    inside a paragraph, where cutting the HTML would leave a tag open."""
    match = _MORE_BLOCK.search(rendered)
    return rendered[: match.start()] + "\n" if match else None


def first_paragraph(rendered: str) -> str:
    match = FIRST_PARAGRAPH.search(rendered)
    return f"<p>{match.group(1)}</p>" if match else ""


def image_placeholders(rendered: str) -> list[dict[str, str]]:
    return [json.loads(html.unescape(m.group(1))) for m in PLACEHOLDER.finditer(rendered)]


def replace_images(rendered: str, to_html: Callable[[dict[str, str], int], str]) -> str:
    """Swap each placeholder for real markup; `index` lets the first image load eagerly."""
    counter = iter(range(1_000_000))

    def swap(match: re.Match[str]) -> str:
        return to_html(json.loads(html.unescape(match.group(1))), next(counter))

    return PLACEHOLDER.sub(swap, rendered)
