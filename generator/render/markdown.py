"""Markdown to HTML: CommonMark plus the extensions bloggers expect, with links made site-aware.

Rendering is a pure function of the Markdown and the site's link map, which is what makes it
cacheable by content hash. Images are not resolved here: each becomes an `<artsite-image>`
placeholder that the build swaps for responsive `<picture>` markup once the image pipeline has
planned its variants, so a changed image never invalidates the cached HTML of the text around it.

Two engines give the same HTML. `reference` is markdown-it-py with its plugins: the readable
Python implementation, the one every rule below is written against. `fast` (the default,
`markdown: {engine: fast}` in site.yaml) is markdown-it-pyrs, the Rust port by the same
maintainer, about twenty times faster; what markdown-it-py does through plugins and render rules
(heading ids, site-aware links, image placeholders, Pygments, the labelled task-list checkbox)
is applied to its HTML by one small post-pass, `_finish`. Where that post-pass could not tell
Markdown's own tags from an author's raw HTML, the document goes to the reference engine, so the
two never disagree (tests/core/test_markdown_engines.py renders the CommonMark spec, every
Markdown file in the repository and the demo site with both).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from generator.render import kramdown
from generator.render.htmlparts import heading_slug, highlight, image_placeholder, unique_slug

RENDERER_VERSION = "7"
ENGINES = ("fast", "reference")
DEFAULT_ENGINE = "fast"
MORE_MARKER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
PLACEHOLDER = re.compile(r'<artsite-image data="([^"]*)"></artsite-image>')
# A placeholder, with the paragraph around it when it is that paragraph's only content.
_PLACEHOLDER_IN_PARAGRAPH = re.compile(
    r'(?P<open><p>\s*)?<artsite-image data="(?P<data>[^"]*)"></artsite-image>(?(open)\s*</p>)')
FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)

LinkResolver = Callable[[str], "str | None"]


def render(text: str, resolve_link: LinkResolver | None = None, engine: str = DEFAULT_ENGINE) -> str:
    """HTML for `text`; `engine` is site.yaml's `markdown.engine` (see the module docstring)."""
    if kramdown.uses_kramdown(text):
        return kramdown.insert_toc(_render(kramdown.preprocess(text), resolve_link, engine))
    return _render(text, resolve_link, engine)


def _render(text: str, resolve_link: LinkResolver | None, engine: str) -> str:
    if engine == "fast" and not needs_reference(text):
        fast = _fast_parser()
        if fast is not None:
            finished = _finish(fast.render(text), resolve_link)
            if finished is not None:
                return finished
    from generator.render import reference

    return reference.render(text, resolve_link)


# A tag an author wrote: the post-pass could mistake it for one the engine made (a raw `<a href>`
# is not a Markdown link and is not rewritten by the reference engine). Autolinks (`<https://…>`,
# `<a@b.org>`) and the `<!-- more -->` marker do not match, and are safe for the fast engine; other
# comments do, since CommonMark 0.31 changed how they end and markdown-it-pyrs follows 0.30.
_RAW_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|<!(?!--\s*more\s*-->)|<\?")
_NEAR_DELIMITER = re.compile(r"[*_][^\x00-\x7f]|[^\x00-\x7f][*_]")


def needs_reference(text: str) -> bool:
    """Whether `text` holds something the fast engine would print differently; it is then
    rendered by the reference engine. Each check is a cheap scan that real posts rarely trip."""
    return bool(_RAW_TAG.search(text) or _symbol_delimiter(text) or _footnote_defined_twice(text)
                or "^[" in text  # inline footnotes: markdown-it-pyrs misplaces one inside a definition
                or (">" in text and "|" in text and _LAZY_TABLE.search(text)))


# A table row in the lines running on from a block quote (no blank line between): markdown-it-py
# reads it as the quote's lazy continuation, markdown-it-pyrs starts a table.
_LAZY_TABLE = re.compile(r"^ {0,3}>[^\n]*\n(?:[ \t]*[^\s|][^\n|]*\n)*[^\n]*\|", re.MULTILINE)
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


def _footnote_defined_twice(text: str) -> bool:
    """markdown-it-py keeps a footnote's last definition, markdown-it-pyrs its first."""
    if "[^" not in text:
        return False
    labels = _FOOTNOTE_DEFINITION.findall(text)
    return len(labels) != len(set(labels))


def _symbol_delimiter(text: str) -> bool:
    """Whether `*` or `_` touches a non-ASCII symbol (`*£*`, `_🎨_`): CommonMark 0.31 counts
    symbols as punctuation for emphasis, markdown-it-pyrs (0.30) does not."""
    for match in _NEAR_DELIMITER.finditer(text):
        char = match.group(0)[1] if match.group(0)[0] in "*_" else match.group(0)[0]
        if unicodedata.category(char).startswith(("S", "P")):
            return True
    return False


@lru_cache(maxsize=1)
def _fast_parser() -> Any:
    """markdown-it-pyrs with the reference engine's extensions; None if it is not installed
    (a platform without a wheel), and the reference engine stands in."""
    try:
        from markdown_it_pyrs import MarkdownIt as FastMarkdownIt
    except ImportError:  # pragma: no cover - the dependency ships wheels for the platforms CI runs
        return None
    return FastMarkdownIt("commonmark").enable_many(["table", "strikethrough", "footnote", "tasklist"])


_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_FOOTNOTE_CITATION = re.compile(r'<sup class="footnote-ref">.*?</sup>')  # not part of a heading's slug
_LINK = re.compile(r'<a href="([^"]*)"(?=>| title=)')  # not footnote refs: those carry an id or class
_IMG = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")? />')
_FENCE = re.compile(r'<pre><code class="language-([^"]*)">(.*?)</code></pre>\n', re.DOTALL)
_CHECKBOX = re.compile(r'<input class="task-list-item-checkbox" type="checkbox"( checked="")? />')
# Where the first paragraph of a task item ends: the label closes there, as the reference's does.
_LABEL_END = re.compile(r"</p>|</li>|\n(?=<(?:ul|ol|p|pre|blockquote|table|hr|h[1-6]|div)[ >/])")
_FOOTNOTE_ITEM = re.compile(r'(<li id="fn[^"]*" class="footnote-item">)\n')
_FOOTNOTE_REF = re.compile(r'<a href="#fn(\d+)" id="fnref(\d+)">\[(\d+)\]</a>')
_FOOTNOTE_BACKREF = re.compile(r'<a href="#fnref(\d+)" class="footnote-backref">')


def _finish(rendered: str, resolve_link: LinkResolver | None) -> str | None:
    """What markdown-it-py's plugins and render rules do, done to markdown-it-pyrs' HTML.

    Safe because the document has no raw tags (see `_RAW_TAG`): every `<a href`, `<img`,
    `<pre><code` and `<hN>` here was made by the engine from Markdown, and its attribute values
    are escaped the same way markdown-it-py escapes them. None when the HTML cannot be made
    the reference's (footnotes defined in another order than cited, which the engines number
    differently): the caller renders with the reference engine."""
    if "footnote-item" in rendered:
        if not _footnotes_in_citation_order(rendered):
            return None
        rendered = _number_footnote_refs(_FOOTNOTE_ITEM.sub(r"\1", rendered))
    if "<h" in rendered:
        rendered = _heading_ids(rendered)
    if resolve_link is not None and "<a href" in rendered:
        rendered = _LINK.sub(lambda m: _relink(m, resolve_link), rendered)
    if "<img" in rendered:
        rendered = _IMG.sub(_placeholder, rendered)
    if "<pre><code class=" in rendered:
        rendered = _FENCE.sub(_highlight_fence, rendered)
    if "task-list-item-checkbox" in rendered:
        rendered = _label_checkboxes(rendered)
    if "<blockquote>\n</blockquote>" in rendered:
        rendered = rendered.replace("<blockquote>\n</blockquote>", "<blockquote></blockquote>")
    return rendered


def _heading_ids(rendered: str) -> str:
    """`id`s on h2–h4 as mdit-py-plugins' anchors plugin makes them: the slug of the heading's
    text (tags, footnote citations and line breaks dropped), made unique in document order."""
    slugs: set[str] = set()

    def add_id(match: re.Match[str]) -> str:
        level, inner = match.group(1), match.group(2)
        if not "2" <= level <= "4":
            return match.group(0)
        title = html.unescape(_TAG.sub("", _FOOTNOTE_CITATION.sub("", inner)).replace("\n", ""))
        slug = unique_slug(heading_slug(title), slugs)
        return f'<h{level} id="{html.escape(slug)}">{inner}</h{level}>'

    return _HEADING.sub(add_id, rendered)


def _relink(match: re.Match[str], resolve_link: LinkResolver) -> str:
    href = html.unescape(match.group(1))
    new = resolve_link(href) if href else None
    return match.group(0) if new is None else f'<a href="{html.escape(new)}"'


def _placeholder(match: re.Match[str]) -> str:
    src, alt, title = (html.unescape(value or "") for value in match.groups())
    return image_placeholder(src, alt, title)


def _highlight_fence(match: re.Match[str]) -> str:
    lang = html.unescape(match.group(1))
    highlighted = highlight(html.unescape(match.group(2)), lang, "")
    return highlighted + "\n" if highlighted else match.group(0)


def _footnotes_in_citation_order(rendered: str) -> bool:
    """markdown-it-py numbers footnotes by first citation, markdown-it-pyrs by definition."""
    first_cited: list[str] = []
    for match in _FOOTNOTE_REF.finditer(rendered):
        if match.group(1) not in first_cited:
            first_cited.append(match.group(1))
    return first_cited == [str(n) for n in range(1, len(first_cited) + 1)]


def _number_footnote_refs(rendered: str) -> str:
    """A footnote cited again is `fnref1:1` / `[1:1]` in markdown-it-py, `fnref2` / `[1]` in
    markdown-it-pyrs (which numbers every citation in turn): use markdown-it-py's names."""
    names: dict[str, str] = {}
    uses: dict[str, int] = {}

    def ref(match: re.Match[str]) -> str:
        note, citation, label = match.groups()
        count = uses.get(note, 0)
        uses[note] = count + 1
        name = note if count == 0 else f"{note}:{count}"
        names[citation] = name
        return f'<a href="#fn{note}" id="fnref{name}">[{label if count == 0 else f"{label}:{count}"}]</a>'

    def backref(match: re.Match[str]) -> str:
        return f'<a href="#fnref{names.get(match.group(1), match.group(1))}" class="footnote-backref">'

    return _FOOTNOTE_BACKREF.sub(backref, _FOOTNOTE_REF.sub(ref, rendered))


_LOOSE_CHECKBOX = re.compile(r'(<input class="task-list-item-checkbox" type="checkbox"(?: checked="")? />)\n<p>')


def _label_checkboxes(rendered: str) -> str:
    """markdown-it-py's `label=True` checkbox: inside the item's first paragraph, with a label
    around it and that paragraph's text."""
    rendered = _LOOSE_CHECKBOX.sub(r"\n<p>\1", rendered)  # a loose item: the box goes inside its <p>
    out: list[str] = []
    position = 0
    for match in _CHECKBOX.finditer(rendered):
        if match.start() < position:
            continue
        checked = 'checked="checked" ' if match.group(1) else ""
        end = _LABEL_END.search(rendered, match.end())
        stop = end.start() if end else len(rendered)
        out.append(rendered[position:match.start()])
        out.append(f'<label><input class="task-list-item-checkbox" {checked}disabled="disabled" type="checkbox">')
        out.append(rendered[match.end():stop] + "</label>")
        position = stop
    out.append(rendered[position:])
    return "".join(out)


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
    """Swap each placeholder for real markup; `index` lets the first image load eagerly.

    An image alone in its paragraph arrives with `block: True`: only there may it become a
    `<figure>` (a titled image), and a figure then replaces the paragraph, because `<p>` cannot
    hold a `<figure>` (the HTML parser would close the paragraph and leave a stray `</p>`)."""
    counter = iter(range(1_000_000))

    def swap(match: re.Match[str]) -> str:
        image = json.loads(html.unescape(match.group("data")))
        alone = match.group("open") is not None
        if alone:
            image["block"] = True
        markup = to_html(image, next(counter))
        if alone and not markup.startswith("<figure"):
            return f"<p>{markup}</p>"
        return markup

    return _PLACEHOLDER_IN_PARAGRAPH.sub(swap, rendered)
