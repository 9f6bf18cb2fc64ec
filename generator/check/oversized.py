"""Source images too big to be sensible: slow builds, and often an upscale exported by mistake.

Only the header is read (Pillow's open() does not decode pixels), so this stays fast on big sites.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

from generator.check.model import CheckContext, Finding

KIND = "oversized"
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000


def pixels(path: Path) -> int | None:
    """Width x height from the header; huge claims count as huge, unreadable files as unknown."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return (Image.MAX_IMAGE_PIXELS or MAX_PIXELS) * 2 + 1
    except (OSError, ValueError, SyntaxError):
        return None
    return width * height


def images(ctx: CheckContext) -> list[Path]:
    found = {f.path.resolve() for f in ctx.site.tree.of_kind("image")}
    found.update(w.source.resolve() for w in ctx.site.works)
    return sorted(found)


def find(ctx: CheckContext) -> list[Finding]:
    found: list[Finding] = []
    for path in images(ctx):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if size > MAX_BYTES:
            found.append(Finding(ctx.rel(path), 1, KIND, f"{size / 1024 / 1024:.1f} MB; over "
                                                         f"{MAX_BYTES // 1024 // 1024} MB slows every build"))
        count = pixels(path)
        if count is not None and count > MAX_PIXELS:
            found.append(Finding(ctx.rel(path), 1, KIND, f"{count / 1e6:.1f} megapixels; over "
                                                         f"{MAX_PIXELS // 1_000_000} megapixels"))
    return found
