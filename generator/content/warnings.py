"""Content warnings: `content_warning: "…"` on a work, a gallery or a post.

A warned image is shown blurred behind its warning until the visitor chooses to see it, wherever
it appears: grids, the lightbox, the work page, a post's images. Where the visitor cannot choose,
it is not shown at all: no Open Graph or Twitter card image (a link shared in a chat would unfurl
it), and a feed entry carries the warning and a link instead of the images. `site.yaml` says
which warnings start blurred (`content_warnings: {blur: all | none | [words]}`); a warning that
does not is still labelled.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

KEY = "content_warning"
MAX_CHARS = 200


def warning_in(data: Mapping[str, Any]) -> str | None:
    """The warning a front-matter mapping sets, trimmed; `false` or an empty string means none."""
    value = data.get(KEY)
    if value is None or value is False:
        return None
    text = " ".join(str(value).split())
    return text[:MAX_CHARS] or None


def starts_blurred(settings: Mapping[str, Any], warning: str) -> bool:
    """`blur: all` (the default), `none`, or a list of words: a warning naming one starts blurred."""
    blur = (settings or {}).get("blur", "all")
    if blur in ("all", True):
        return True
    if blur in ("none", False):
        return False
    lowered = warning.lower()
    return any(str(word).lower() in lowered for word in blur)


def feed_notice(warning: str, url: str) -> str:
    """What a feed entry shows instead of a warned post's or work's content: no image at all."""
    return (f"<p><strong>Content warning: {html.escape(warning)}.</strong> "
            f'<a href="{html.escape(url, quote=True)}">See it on the site</a>.</p>')
