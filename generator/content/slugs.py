"""URL slugs: predictable, ASCII, safe in every static host's file system."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def slugify(text: str, fallback: str = "untitled") -> str:
    """"Ai Art & Ethics" -> "ai-art-ethics"; accents fold to ASCII so URLs stay copy-pasteable."""
    return _slugify(str(text), fallback)


@lru_cache(maxsize=8192)
def _slugify(text: str, fallback: str) -> str:
    """Memoised: every post names its tags again, and a long-running `serve` rereads every post."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", folded.lower()).strip("-")
    return slug[:120].rstrip("-") or fallback


def file_slug(stem: str) -> str:
    """Eleventy's `page.fileSlug`: the file name without a leading `YYYY-MM-DD-` date."""
    return slugify(_DATE_PREFIX.sub("", stem))
