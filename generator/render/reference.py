"""The reference Markdown engine: markdown-it-py with mdit-py-plugins, as readable Python.

Every rule of artsite's Markdown is written against this engine (see generator.render.markdown).
It renders a document the fast engine cannot be trusted with, every document when a site asks for
`markdown: {engine: reference}`, and each side of the differential tests. It is imported only
then: markdown-it-py and its plugins cost about 20 ms to load.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from generator.render.htmlparts import RAW_IMG, heading_slug, highlight, image_placeholder, raw_image

LinkResolver = Callable[[str], "str | None"]  # as in generator.render.markdown


def _render_image(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    title = token.attrGet("title") or ""
    return image_placeholder(src, alt, title)


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


def _raw_images(state: Any) -> None:
    """Core rule: local images in raw HTML blocks and inline HTML, as Markdown images are."""
    for block in state.tokens:
        tokens = [block] if block.type == "html_block" else [t for t in block.children or [] if t.type == "html_inline"]
        for token in tokens:
            if "<img" in token.content.lower():
                token.content = RAW_IMG.sub(raw_image, token.content)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "highlight": highlight})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin, label=True)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_slug)
    md.add_render_rule("image", _render_image)
    md.core.ruler.push("artsite_links", _rewrite_links)
    md.core.ruler.push("artsite_raw_images", _raw_images)
    return md


def render(text: str, resolve_link: LinkResolver | None) -> str:
    return parser().render(text, {"resolve_link": resolve_link})
