"""<picture> markup. Alt text and file names are untrusted, so every attribute value is escaped."""

from __future__ import annotations

from markupsafe import escape

from .settings import ResponsiveImage, Variant


def _attr(name: str, value: object) -> str:
    return f' {name}="{escape(str(value))}"'


def _srcset(variants: list[Variant]) -> str:
    return ", ".join(f"{v.url} {v.width}w" for v in variants)


def picture_html(
    image: ResponsiveImage, alt: str, sizes: str, *, lazy: bool, css_class: str = "", link: str | None = None
) -> str:
    """Modern formats as <source>s, the source's own family on <img>; lazy=False for the first image."""
    if image.error or not image.fallback:
        classes = f"image-missing {css_class}".strip()
        html = f'<div{_attr("class", classes)} role="img"{_attr("aria-label", alt)}></div>'
    else:
        html = _picture(image, alt, sizes, lazy, css_class)
    if link is not None:
        html = f"<a{_attr('href', link)}>{html}</a>"
    return html


def _picture(image: ResponsiveImage, alt: str, sizes: str, lazy: bool, css_class: str) -> str:
    parts = ["<picture>"]
    for mime, variants in image.sources.items():
        if variants:
            parts.append(
                f"<source{_attr('type', mime)}{_attr('srcset', _srcset(variants))}{_attr('sizes', sizes)}>"
            )
    first = image.fallback[0]
    img = f"<img{_attr('src', first.url)}"
    if len(image.fallback) > 1:
        img += _attr("srcset", _srcset(image.fallback)) + _attr("sizes", sizes)
    img += _attr("width", first.width) + _attr("height", first.height) + _attr("alt", alt)
    if css_class:
        img += _attr("class", css_class)
    if lazy:
        img += ' loading="lazy" decoding="async"'
    parts.append(img + ">")
    parts.append("</picture>")
    return "".join(parts)
