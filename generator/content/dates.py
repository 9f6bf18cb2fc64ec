"""Front-matter dates, in every form Eleventy posts use.

Rule (documented in docs/front-matter.md): a value with a time zone (`2025-04-02T09:19:00.000Z`,
`+02:00`) is that instant; a date or datetime without one is read in the site's `timezone`
(default UTC). So `date: 2025-04-02` is midnight of that day where the artist lives, which is what
they mean, and it never shifts to the previous day in the feed.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_SPACE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ ](\d)")
_FRACTION = re.compile(r"\.(\d+)")


@lru_cache(maxsize=16)
def zone(name: str) -> dt.tzinfo:
    """The site's zone; an unknown name is reported by config validation and falls back to UTC."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone.utc


def _normalise(text: str) -> str:
    """Python 3.10's fromisoformat lacks `Z` and odd fraction lengths; make them standard."""
    text = text.strip()
    text = _SPACE_TIME.sub(r"\1T\2", text)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], text, count=1)


def parse_date(value: object, tz: dt.tzinfo) -> dt.datetime:
    """A timezone-aware datetime, or ValueError with a message an artist can act on."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"date must be a date like 2025-04-02 or '2025-04-02T09:19:00Z', not {value!r}")
    text = _normalise(value)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"cannot read date {value!r}: use ISO 8601, e.g. 2025-04-02 or "
                             "'2025-04-02T09:19:00Z'") from None
        return dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def rfc3339(moment: dt.datetime) -> str:
    """For `<time datetime>`, Atom and sitemaps: seconds precision, explicit offset."""
    return moment.isoformat(timespec="seconds")
