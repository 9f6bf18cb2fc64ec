"""Front-matter dates, in every form Eleventy, Hugo and Jekyll posts use.

Rule (documented in docs/front-matter.md): a value with a time zone (`2025-04-02T09:19:00.000Z`,
`+02:00`, `-0400`) is that instant; a date or datetime without one is read in the site's
`timezone` (default UTC). So `date: 2025-04-02` is midnight of that day where the artist lives,
which is what they mean, and it never shifts to the previous day in the feed.

Jekyll reads a date it cannot take as a YAML timestamp with Ruby's `Time.parse`, which takes the
*first* zone written after the time and ignores anything after it: `2014-02-03 10:00:00 +00:00
-0400` is 10:00 UTC (WordPress exports write such dates). Hugo reads the same forms plus
`02 Jan 2006` and `January 2, 2006`. This module reads those forms the same way; anything else is
a ValueError, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_SPACE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ ](\d)")
_FRACTION = re.compile(r"\.(\d+)")
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-|$)")

_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}
# US zone names Ruby's Time.parse knows (the rest of the world writes offsets)
_NAMED_ZONES = {"UTC": 0, "GMT": 0, "UT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
                "PST": -8, "PDT": -7}
_ZONE = r"(?P<zone>[zZ]\b|(?:gmt|utc|GMT|UTC)?\s*[-+]\d{1,2}(?::?\d{2})?|(?:UTC|GMT|UT|[ECMP][SD]T)\b)"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
_TAIL = rf"(?:[T\s]+{_TIME}(?:\s*{_ZONE})?)?(?P<rest>.*)$"
# 2014-02-03, 2014/2/3, 2014-02-03T10:00, 2014-02-03 10:00:00 +00:00 -0400 (Ruby: the first zone)
_NUMERIC = re.compile(rf"^(?P<year>\d{{4}})[-/.](?P<month>\d{{1,2}})[-/.](?P<day>\d{{1,2}}){_TAIL}")
# Mon, 03 Feb 2014 10:00:00 +0000 / 3 February 2014 / 03 Feb 2014
_DAY_MONTH = re.compile(rf"^(?:[A-Za-z]{{3,9}},?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{{3,9}})\.?,?"
                        rf"\s+(?P<year>\d{{4}}),?{_TAIL}")
# February 3, 2014 / Feb 3 2014 10:00
_MONTH_DAY = re.compile(rf"^(?:[A-Za-z]{{3,9}},?\s+)?(?P<mon>[A-Za-z]{{3,9}})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?"
                        rf"\s+(?P<year>\d{{4}}),?{_TAIL}")
_IGNORABLE_REST = re.compile(r"^\s*(?:[-+]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}|\([^)]*\))?\s*$")


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


def _offset(text: str) -> dt.tzinfo:
    """`Z`, `UTC`, `+02:00`, `-0400`, `+2`, `GMT+01:00` as a fixed offset."""
    text = text.strip()
    if text.upper() in _NAMED_ZONES:
        return dt.timezone(dt.timedelta(hours=_NAMED_ZONES[text.upper()]))
    text = re.sub(r"(?i)^(gmt|utc)", "", text).strip()
    if not text or text in ("z", "Z"):
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    if hours > 23 or minutes > 59:
        raise ValueError(f"time zone offset {text!r} is out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _from_match(match: re.Match[str], tz: dt.tzinfo) -> dt.datetime:
    """A datetime from one of the loose patterns; the rest of the text may only be a zone name or a
    second offset (Ruby's Time.parse ignores those), never more words."""
    parts = match.groupdict()
    if not _IGNORABLE_REST.match(parts["rest"] or ""):
        raise ValueError("unexpected text after the date")
    month = int(parts["month"]) if parts.get("month") else _MONTHS.get((parts.get("mon") or "").lower())
    if month is None:
        raise ValueError(f"unknown month name {parts.get('mon')!r}")
    fraction = int(((parts["fraction"] or "") + "000000")[:6])
    moment = dt.datetime(int(parts["year"]), month, int(parts["day"]), int(parts["hour"] or 0),
                         int(parts["minute"] or 0), int(parts["second"] or 0), fraction)
    return moment.replace(tzinfo=_offset(parts["zone"]) if parts["zone"] else tz)


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
        pass
    else:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    loose = value.strip()
    for pattern in (_NUMERIC, _DAY_MONTH, _MONTH_DAY):
        match = pattern.match(loose)
        if match is not None:
            try:
                return _from_match(match, tz)
            except ValueError as exc:
                raise ValueError(f"cannot read date {value!r}: {exc}") from None
    raise ValueError(f"cannot read date {value!r}: use ISO 8601, e.g. 2025-04-02 or "
                     "'2025-04-02T09:19:00Z'")


def date_from_file_name(stem: str, tz: dt.tzinfo) -> dt.datetime | None:
    """Eleventy and Jekyll date a post `2025-04-02-title.md` by its name when front matter has no
    date; midnight of that day in the site's zone. None when the name carries no valid date."""
    match = _FILE_DATE.match(stem)
    if match is None:
        return None
    try:
        return dt.datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)), tzinfo=tz)
    except ValueError:
        return None


def rfc3339(moment: dt.datetime) -> str:
    """For `<time datetime>`, Atom and sitemaps: seconds precision, explicit offset."""
    return moment.isoformat(timespec="seconds")
