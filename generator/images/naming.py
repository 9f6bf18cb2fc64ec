"""File names and URL paths for derivatives.

Source file names are untrusted (they come from the artist's folders, possibly downloaded), so every
name is reduced to [a-z0-9-] and every URL path is checked again before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 80
# Letters NFKD does not decompose into ASCII; common in European names.
_TRANSLITERATE = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"})


def slugify(text: str) -> str:
    """Lowercase ASCII slug; never empty so a name like "🦈.png" still gets a file name."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:_MAX_SLUG].rstrip("-") or "image"


def check_url_dir(url_dir: str) -> str:
    """Normalise a site folder to "/a/b/" form; raise ValueError for anything that could escape."""
    if not isinstance(url_dir, str) or "\x00" in url_dir or "\\" in url_dir:
        raise ValueError(f"invalid url_dir: {url_dir!r}")
    parts = [p for p in url_dir.split("/") if p]
    if any(p in (".", "..") for p in parts):
        raise ValueError(f"url_dir must not contain '.' or '..' segments: {url_dir!r}")
    return "/" + "".join(p + "/" for p in parts)


def output_path(output_dir: Path, url: str) -> Path:
    """Map a site URL path into output_dir, refusing anything that would land outside it.

    Defence in depth: the build validates URLs too, but this is the last point before a write.
    """
    if not url.startswith("/") or "\x00" in url or "\\" in url:
        raise ValueError(f"refusing unsafe image URL {url!r}")
    parts = PurePosixPath(url).parts[1:]
    if not parts or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"refusing unsafe image URL {url!r}")
    root = output_dir.resolve()
    target = root.joinpath(*parts)
    parent = target.parent.resolve()  # follows symlinked folders inside output_dir
    if parent != root and root not in parent.parents:
        raise ValueError(f"image URL {url!r} resolves outside the output folder")
    return parent / target.name
