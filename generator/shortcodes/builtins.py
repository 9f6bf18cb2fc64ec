"""The built-in shortcodes, one function each, shared by the Hugo, Eleventy and Jekyll syntaxes.

Outputs are written to survive the Markdown pass that follows: block output is one line of HTML
(or a `<pre>` block, which Markdown leaves whole), and images are written as Markdown images so
they go through the image pipeline like any other (responsive variants, metadata stripped,
relative paths resolved against the post's folder).

Embeds make no request to anyone at page load: YouTube, Vimeo, gists, tweets and Instagram
posts become links to the original, with a `data-embed` attribute a theme may use for
click-to-load. Every parameter is escaped for the place it lands in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from generator.shortcodes.call import Shortcode

ShortcodeFunction = Callable[[Shortcode], str]
esc = Shortcode.escape


def _balanced(text: str) -> bool:
    """No backslash, and every ] closes an earlier [: such alt text needs no escaping."""
    depth = 0
    for char in text:
        if char == "\\":
            return False
        depth += (char == "[") - (char == "]")
        if depth < 0:
            return False
    return depth == 0


def md_image(src: str, alt: str = "", title: str = "") -> str:
    """A Markdown image whose alt text, address and title cannot break out of their places."""
    alt_text = alt.replace("\n", " ")
    if not _balanced(alt_text):  # balanced brackets stay as written: markdown-it-pyrs drops escapes in alt
        alt_text = re.sub(r"([\\\[\]])", r"\\\1", alt_text)
    target = src.strip().replace("<", "%3C").replace(">", "%3E")
    if re.search(r"[\s()]", target):
        target = f"<{target}>"
    title_part = ""
    if title:
        title_part = ' "' + title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
    return f"![{alt_text}]({target}{title_part})"


def _safe_href(url: str) -> str:
    """A link target from a parameter: script and data URLs are refused."""
    cleaned = url.strip()
    if re.match(r"(?i)\s*(javascript|vbscript|data):", cleaned):
        return "#"
    return cleaned


def image(call: Shortcode) -> str:
    """Eleventy Image's `{% image "cat.jpg", "alt" %}`, Hugo/Jekyll `img`/`image` with src/alt."""
    src = call.first("src", "url", 0)
    if not src:
        call.warn(f"{call.name}: no image source given")
        return ""
    alt = call.first("alt", "description", 1)
    title = call.first("title", "caption")
    return md_image(src, alt, title)


def figure(call: Shortcode) -> str:
    """Hugo's figure: src, alt, link, title, caption, attr, attrlink, class."""
    src = call.first("src", 0)
    if not src:
        call.warn("figure: no src given")
        return ""
    caption, title, attr = call.text("caption"), call.text("title"), call.text("attr")
    alt = call.first("alt", default=caption)
    picture = md_image(src, alt)
    link = call.text("link")
    if link:
        picture = f"[{picture}](<{_safe_href(link).replace('<', '%3C').replace('>', '%3E')}>)"
    if not call.block:
        return picture
    css = call.text("class")
    opening = f'<figure class="{esc(css)}">' if css else "<figure>"
    parts = [opening, "", picture, ""]
    if title or caption or attr:
        text = ""
        if title:
            text += f"<h4>{esc(title)}</h4>"
        if caption or attr:
            credit = esc(attr)
            if attr and call.text("attrlink"):
                credit = f'<a href="{esc(_safe_href(call.text("attrlink")))}">{credit}</a>'
            text += f"<p>{esc(caption)}{' ' if caption and attr else ''}{credit}</p>"
        parts.append(f"<figcaption>{text}</figcaption></figure>")
    else:
        parts.append("</figure>")
    return "\n".join(parts) + "\n"


YOUTUBE_ID = re.compile(r"(?:youtu\.be/|v=|/embed/|/shorts/|/live/)([\w-]{6,20})")


def _embed(call: Shortcode, service: str, watch: str, embed: str, label: str) -> str:
    """A link to the video where it lives; nothing is loaded from the service until a reader
    follows it (or a theme's click-to-load script swaps in `data-embed`)."""
    title = call.text("title")
    text = f"{label}: {title}" if title else label
    link = f'<a class="embed-link" href="{esc(watch)}" data-embed="{esc(embed)}" rel="noopener external">{esc(text)}</a>'
    if not call.block:
        return link
    return f'<div class="embed embed-{service}">{link}</div>\n'


def youtube(call: Shortcode) -> str:
    """Hugo `{{< youtube id >}}` / `id=`; Eleventy/Jekyll `{% youtube "id" %}` or a full URL."""
    given = call.first("id", "url", 0)
    match = YOUTUBE_ID.search(given)
    video = match.group(1) if match else given
    if not re.fullmatch(r"[\w-]{1,64}", video or ""):
        call.warn(f"youtube: '{given}' is not a YouTube video id or address")
        return ""
    start = call.first("start", "t")
    query = {"start": start} if start.isdigit() else {}
    watch = f"https://www.youtube.com/watch?v={video}" + (f"&t={start}s" if query else "")
    embed = f"https://www.youtube-nocookie.com/embed/{video}" + (f"?{urlencode(query)}" if query else "")
    return _embed(call, "youtube", watch, embed, "Watch on YouTube")


def vimeo(call: Shortcode) -> str:
    given = call.first("id", "url", 0)
    match = re.search(r"(\d{5,12})", given)
    if not match:
        call.warn(f"vimeo: '{given}' is not a Vimeo video id or address")
        return ""
    video = match.group(1)
    return _embed(call, "vimeo", f"https://vimeo.com/{video}", f"https://player.vimeo.com/video/{video}?dnt=1",
                  "Watch on Vimeo")


def _link_paragraph(call: Shortcode, kind: str, url: str, text: str) -> str:
    link = f'<a class="embed-link" href="{esc(url)}" rel="noopener external">{esc(text)}</a>'
    return f'<p class="embed embed-{kind}">{link}</p>\n' if call.block else link


def gist(call: Shortcode) -> str:
    """Hugo `{{< gist user id [file] >}}`; Jekyll `{% gist user/id [file] %}` or `{% gist id %}`."""
    words = [str(a) for a in call.args]
    if words and "/" in words[0]:
        words = words[0].split("/", 1) + words[1:]
    if len(words) == 1:
        words = ["", words[0]]
    user, gist_id = (call.first("user", default=words[0] if words else ""), call.first("id", default=words[1] if len(words) > 1 else ""))
    file = call.first("file", default=words[2] if len(words) > 2 else "")
    if not re.fullmatch(r"[0-9a-fA-F]{4,64}", gist_id):
        call.warn(f"gist: '{gist_id}' is not a gist id")
        return ""
    owner = quote(user, safe="") if user else ""
    url = f"https://gist.github.com/{owner + '/' if owner else ''}{gist_id}"
    if file:
        url += "#file-" + re.sub(r"[^\w-]", "-", file.lower())
    text = f"View the gist {user + '/' if user else ''}{gist_id}{f' ({file})' if file else ''} on GitHub"
    return _link_paragraph(call, "gist", url, text)


def tweet(call: Shortcode) -> str:
    """Hugo `{{< tweet user="x" id="1" >}}` (and the old `{{< tweet 1 >}}`), `x`, Jekyll's
    `{% twitter https://twitter.com/u/status/1 %}`."""
    given = call.first("id", 0)
    match = re.search(r"(?:twitter|x)\.com/([\w]+)/status(?:es)?/(\d+)", given)
    user, status = (match.group(1), match.group(2)) if match else (call.first("user", "name"), given)
    if not status.isdigit():
        call.warn(f"{call.name}: '{given}' is not a post id or address")
        return ""
    url = f"https://x.com/{quote(user, safe='')}/status/{status}" if user else f"https://x.com/i/status/{status}"
    return _link_paragraph(call, "tweet", url, f"View the post by @{user} on X" if user else "View the post on X")


def instagram(call: Shortcode) -> str:
    post = call.first("id", 0)
    if not re.fullmatch(r"[\w-]{4,40}", post):
        call.warn(f"instagram: '{post}' is not a post id")
        return ""
    return _link_paragraph(call, "instagram", f"https://www.instagram.com/p/{post}/", "View the post on Instagram")


def _line_numbers(spec: str) -> set[int]:
    """"1 3-5", "1,3-5" (Hugo hl_lines, Jekyll mark_lines, Eleventy's "js 1,3-5")."""
    lines: set[int] = set()
    for part in re.split(r"[\s,]+", spec.strip()):
        low, _, high = part.partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            lines.update(range(int(low), int(high or low) + 1) if int(high or low) - int(low) < 10_000 else [])
    return lines


@lru_cache(maxsize=1)
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


def highlight_code(code: str, lang: str, numbered: bool = False, marked: set[int] | None = None,
                   first: int = 1) -> str:
    """Pygments into `<pre class="highlight">`, as fenced code is rendered, so it looks the same."""
    from pygments import highlight as pyg_highlight
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    code = code.strip("\n") + "\n"
    try:
        body = pyg_highlight(code, get_lexer_by_name(lang or "text"), _formatter())
    except ClassNotFound:
        body = str(esc(code))
    if numbered or marked:
        rows = body.rstrip("\n").split("\n")
        out = []
        for number, row in enumerate(rows, start=first):
            if numbered:
                row = f'<span class="linenos">{number}</span>{row}'
            if marked and number - first + 1 in marked:
                row = f'<span class="hll">{row}</span>'
            out.append(row)
        body = "\n".join(out) + "\n"
    return (f'<pre class="highlight"><code class="language-{esc(lang or "text")}">'
            f"{body}</code></pre>\n")


def highlight(call: Shortcode) -> str:
    """Hugo `{{< highlight go "linenos=table,hl_lines=2 3" >}}`, Jekyll `{% highlight ruby
    linenos %}` / `mark_lines="1 2"`, Eleventy `{% highlight "js 1,3" %}`."""
    words = [str(a) for a in call.args]
    first_word = words[0].split() if words else []
    lang = (call.text("lang") or (first_word[0] if first_word else "text")).lower()
    marked = _line_numbers(" ".join(first_word[1:])) if len(first_word) > 1 else set()
    numbered = "linenos" in words[1:] or call.get("linenos") not in (None, False, "false")
    start = 1
    for option in ",".join(words[1:]).split(","):
        key, _, value = option.partition("=")
        key = key.strip()
        if key == "hl_lines":
            marked |= _line_numbers(value.strip().strip('"'))
        elif key == "linenos":
            numbered = value.strip().strip('"') in ("table", "inline", "true", "")
        elif key == "linenostart" and value.strip().isdigit():
            start = int(value.strip())
    if call.get("hl_lines"):
        marked |= _line_numbers(call.text("hl_lines"))
    if call.get("mark_lines"):
        marked |= _line_numbers(call.text("mark_lines"))
    if call.inner is None:
        call.warn(f"{call.name}: no code (a closing tag was expected)")
        return ""
    return highlight_code(call.inner, lang, numbered, marked, start)


def _missing_page(call: Shortcode, target: str) -> str:
    call.warn(f"{call.name}: no page found for '{target}'")
    return "#"


def ref(call: Shortcode) -> str:
    """Hugo's `ref`: the absolute address of another page; `relref`: its site path."""
    target = call.first("path", 0)
    fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
    if target.startswith("#"):
        path = call.page.get("url", "")
    else:
        path = call.site.url_of(target, call.page_rel) or ""
        if not path:
            return _missing_page(call, target)
    address = call.site.absolute(path) if call.name == "ref" else path
    return address + fragment


def post_url(call: Shortcode) -> str:
    """Jekyll's `{% post_url 2010-07-21-name %}` (or `/subfolder/2010-07-21-name`)."""
    target = call.first(0)
    url = call.site.by_stem(target) or call.site.url_of(target, call.page_rel)
    return url or _missing_page(call, target)


def link(call: Shortcode) -> str:
    """Jekyll's `{% link _posts/2016-07-26-name.md %}`: a source file's address."""
    target = call.first("path", 0)
    return call.site.url_of(target, call.page_rel) or _missing_page(call, target)


def raw(call: Shortcode) -> str:
    """Inner content exactly as written (Hugo sites' `rawhtml`/`raw` shortcodes)."""
    return call.inner or ""


def notice(call: Shortcode) -> str:
    """The Learn/Relearn themes' `{{% notice info %}}…{{% /notice %}}` (also note, tip, warning,
    callout, admonition); the inner Markdown stays Markdown."""
    kind = call.first("style", "type", 0, default=call.name if call.name != "notice" else "note").lower()
    kind = re.sub(r"[^a-z0-9-]", "", kind) or "note"
    title = call.first("title", 1)
    heading = f'<p class="notice-title">{esc(title)}</p>' if title else ""
    inner = (call.inner or "").strip("\n")
    return f'<div class="notice notice-{kind}" role="note">{heading}\n\n{inner}\n\n</div>\n'


def details(call: Shortcode) -> str:
    summary = call.first("summary", "title", 0, default="Details")
    opened = " open" if call.get("open") in (True, "true") else ""
    inner = (call.inner or "").strip("\n")
    return f"<details{opened}><summary>{esc(summary)}</summary>\n\n{inner}\n\n</details>\n"


def comment(call: Shortcode) -> str:
    """Hugo's `comment`: the inner text is the author's note to self, never published."""
    return ""


def param(call: Shortcode) -> str:
    """Hugo's `{{< param "key" >}}`: a page's front matter value, else the site setting."""
    key = call.first("name", 0)
    value: Any = call.page.get("data", {}).get(key)
    if value is None:
        value = call.site.config.get("params", {}).get(key) if isinstance(call.site.config.get("params"), dict) else None
    if value is None:
        value = call.site.config.get(key)
    if value is None or isinstance(value, (dict, list)):
        call.warn(f"param: no value for '{key}'")
        return ""
    return esc(value)


BUILTINS: dict[str, ShortcodeFunction] = {
    "image": image, "img": image,
    "figure": figure,
    "youtube": youtube, "vimeo": vimeo,
    "gist": gist,
    "tweet": tweet, "x": tweet, "twitter": tweet,
    "instagram": instagram,
    "highlight": highlight,
    "ref": ref, "relref": ref,
    "post_url": post_url, "link": link,
    "raw": raw, "rawhtml": raw, "html": raw,
    "notice": notice, "note": notice, "tip": notice, "warning": notice, "callout": notice, "admonition": notice,
    "details": details,
    "comment": comment,
    "param": param,
}

# Shortcodes whose first words are literal text even when a page variable has the same name.
LITERAL_ARGS = {"post_url", "link", "highlight", "include", "gist", "render"}
