"""The pieces of HTML both Markdown engines make alike: highlighted code, image placeholders and
heading slugs.

They live apart from either engine so that the fast one (generator.render.markdown) can use them
without importing the reference one (generator.render.reference, markdown-it-py and its plugins:
about 20 ms of every cold build, for a document that rarely needs it).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from typing import Any

RAW_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_NOT_IN_SLUG = re.compile(r"[^\w\u4e00-\u9fff\- ]")


# Highlighted blocks by (language, code), kept between builds in the build cache. Editing a
# post's prose re-renders its Markdown but rarely its code: a block seen before is not lexed
# again, and a one-post edit then need not load the language's lexer (its rules compile on first
# use: about 80 ms for one language). Set by the Markdown stage (pipeline/markdown_stage.py).
known_blocks: dict[str, str] = {}
new_blocks: dict[str, str] = {}  # what this process highlighted since the stage last took them


def highlight(code: str, lang: str, _attrs: str) -> str:
    """Pygments for fenced code with a known language; plain escaped code otherwise."""
    if not lang:
        return ""
    key = block_key(code, lang)
    done = known_blocks.get(key)
    if done is not None:
        return done
    lexer = _lexer(lang.split()[0].lower())
    if lexer is None:
        made = ""
    else:
        from pygments import highlight as pyg_highlight

        body = pyg_highlight(code, lexer, _formatter())
        made = f'<pre class="highlight"><code class="language-{html.escape(lang.split()[0])}">{body}</code></pre>\n'
    known_blocks[key] = new_blocks[key] = made
    return made


def block_key(code: str, lang: str) -> str:
    return hashlib.blake2b(f"{_pygments_version()}\x00{lang}\x00{code}".encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def _pygments_version() -> str:
    """Part of every block's key: another Pygments may colour the same code differently."""
    import pygments

    return pygments.__version__


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


def image_placeholder(src: str, alt: str, title: str) -> str:
    """The `<artsite-image>` an image becomes until the image pipeline has planned its variants."""
    payload = json.dumps({"src": src, "alt": alt, "title": title}, ensure_ascii=False)
    return f'<artsite-image data="{html.escape(payload, quote=True)}"></artsite-image>'


def raw_image(match: re.Match[str]) -> str:
    """`<img src="x.png" alt="...">` written as HTML in a post: a local file becomes the same
    placeholder as `![alt](x.png)`, so it is found, resized and stripped like one; remote and
    inline images stay as written."""
    attributes = {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                  for m in _ATTRIBUTE.finditer(match.group(0))}
    src = attributes.get("src", "").strip()
    if not src or "://" in src or src.startswith(("//", "data:", "{", "#")):
        return match.group(0)
    return image_placeholder(src, attributes.get("alt", ""), attributes.get("title", ""))


def heading_slug(title: str) -> str:
    """A heading's id, spelled as mdit-py-plugins' anchors plugin spells it by default: lower
    case, spaces to hyphens, and only word characters, CJK ideographs and hyphens kept. When
    nothing is left (`## 🎨`, `## ???`) it is `section`: an empty `id` is invalid HTML, and a
    link to `#` goes to the top. The reference engine is handed this same function, so the
    engines cannot drift apart."""
    return _NOT_IN_SLUG.sub("", title.lower().replace(" ", "-")) or "section"


def unique_slug(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-1`, `slug-2`… for a heading whose slug an earlier one has (and noted)."""
    candidate, number = slug, 1
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    taken.add(candidate)
    return candidate
