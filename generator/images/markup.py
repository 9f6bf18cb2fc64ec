"""<picture> markup. Alt text and file names are untrusted, so every attribute value is escaped.

Variant URLs are site paths ("/galleries/x/a-800.webp"); `base_path` is the path part of the
site's base_url, so a site served from https://you.github.io/blog/ gets "/blog/galleries/...".
"""

from __future__ import annotations

from markupsafe import escape

from .settings import ResponsiveImage, Variant


def _attr(name: str, value: object) -> str:
    return f' {name}="{escape(str(value))}"'


def _href(url: str, base_path: str) -> str:
    return base_path + url.lstrip("/") if url.startswith("/") else url


def _srcset(variants: list[Variant], base_path: str) -> str:
    return ", ".join(f"{_href(v.url, base_path)} {v.width}w" for v in variants)


def picture_html(
    image: ResponsiveImage, alt: str, sizes: str, *, lazy: bool, css_class: str = "", link: str | None = None,
    base_path: str = "/", priority: bool = False,
) -> str:
    """Modern formats as <source>s, the source's own family on <img>; lazy=False for images in the
    first screen. `priority` marks the one image that is the page's largest paint
    (`fetchpriority="high"`), so the browser fetches it before scripts and the other pictures."""
    if image.error or not image.fallback:
        classes = f"image-missing {css_class}".strip()
        html = f'<div{_attr("class", classes)} role="img"{_attr("aria-label", alt)}></div>'
    else:
        html = _picture(image, alt, sizes, lazy, css_class, base_path, priority)
        if image.warning:
            html = _warned(image, html, base_path, revealable=link is None and image.revealable)
    if link is not None:
        html = f"<a{_attr('href', link)}>{html}</a>"
    return html


def _warned(image: ResponsiveImage, html: str, base_path: str, revealable: bool) -> str:
    """The picture behind its content warning. Inside a link (a grid thumbnail) the label is plain
    text, since a button may not sit in a link; the work page, post images and the lightbox get a
    Show button (theme js/cw.js), and without JavaScript a link to the image itself."""
    label = escape(f"Content warning: {image.warning}")
    state = " cw-blurred" if image.blurred else ""
    control = ""
    if revealable and image.blurred:
        full = _href(image.fallback[-1].url, base_path)
        control = (' <button type="button" class="cw-reveal" aria-pressed="false" hidden>Show</button>'
                   f'<noscript><a{_attr("href", full)}>Show the image</a></noscript>')
    return (f'<span class="cw{state}"{_attr("data-cw", image.warning)}>{html}'
            f'<span class="cw-label">{label}{control}</span></span>')


def _picture(image: ResponsiveImage, alt: str, sizes: str, lazy: bool, css_class: str, base_path: str,
             priority: bool = False) -> str:
    parts = ["<picture>"]
    for mime, variants in image.sources.items():
        if variants:
            parts.append(
                f"<source{_attr('type', mime)}{_attr('srcset', _srcset(variants, base_path))}{_attr('sizes', sizes)}>"
            )
    first = image.fallback[0]
    img = f"<img{_attr('src', _href(first.url, base_path))}"
    if len(image.fallback) > 1:
        img += _attr("srcset", _srcset(image.fallback, base_path)) + _attr("sizes", sizes)
    img += _attr("width", first.width) + _attr("height", first.height) + _attr("alt", alt)
    if css_class:
        img += _attr("class", css_class)
    if lazy:
        img += ' loading="lazy" decoding="async"'
    elif priority:
        img += ' fetchpriority="high"'
    parts.append(img + ">")
    parts.append("</picture>")
    return "".join(parts)
