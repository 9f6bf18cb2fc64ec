"""URL slugs: predictable and safe in every static host's file system.

Two kinds, because the generators people move from make two kinds:
- `slugify(text)` (tags, titles, `slug:`) folds to ASCII the way Eleventy's `slugify` filter
  does: accents drop (`café` -> `cafe`) and letters without a decomposition are transliterated
  (`piekło` -> `pieklo`, `straße` -> `strasse`), never deleted;
- `file_slug(stem)` (a post's file or folder name) keeps Unicode letters, as both Hugo (`urlize`)
  and Eleventy (`page.fileSlug`) do, so `piekło.md` is still published at `/posts/piekło/`.
`SlugStyle` is the site's choice (`slugs:` in site.yaml): keep case (Eleventy keeps it, Hugo
lowercases), or keep Unicode letters in every slug (Hugo's taxonomy URLs).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+", re.IGNORECASE)
_NON_UNICODE_WORD = re.compile(r"[^\w]+|_+")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
# Letters NFKD cannot take apart; @sindresorhus/slugify (Eleventy's filter) spells them like this.
_TRANSLITERATE = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
})


@dataclass(frozen=True)
class SlugStyle:
    keep_case: bool = False
    unicode: bool = False  # every slug keeps Unicode letters, not only file names

    @classmethod
    def from_settings(cls, settings: object) -> SlugStyle:
        if not isinstance(settings, dict):
            return cls()
        return cls(keep_case=settings.get("keep_case") is True, unicode=settings.get("unicode") is True)


DEFAULT_STYLE = SlugStyle()


def slugify(text: str, fallback: str = "untitled", style: SlugStyle = DEFAULT_STYLE) -> str:
    """"Ai Art & Ethics" -> "ai-art-ethics"; ASCII so URLs stay copy-pasteable."""
    if style.unicode:
        return _unicode_slug(str(text), fallback, style.keep_case)
    return _slugify(str(text), fallback, style.keep_case)


@lru_cache(maxsize=8192)
def _slugify(text: str, fallback: str, keep_case: bool = False) -> str:
    """Memoised: every post names its tags again, and a long-running `serve` rereads every post."""
    folded = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", folded if keep_case else folded.lower()).strip("-")
    return slug[:120].rstrip("-") or fallback


@lru_cache(maxsize=8192)
def _unicode_slug(text: str, fallback: str, keep_case: bool) -> str:
    """Letters and digits of any script kept (NFC), everything else a single hyphen."""
    text = unicodedata.normalize("NFC", text)
    slug = _NON_UNICODE_WORD.sub("-", text if keep_case else text.lower()).strip("-")
    return slug[:120].rstrip("-") or fallback


def file_slug(stem: str, style: SlugStyle = DEFAULT_STYLE) -> str:
    """Eleventy's `page.fileSlug`: the file name without a leading `YYYY-MM-DD-` date, its Unicode
    letters kept."""
    return _unicode_slug(_DATE_PREFIX.sub("", stem), "untitled", style.keep_case)
