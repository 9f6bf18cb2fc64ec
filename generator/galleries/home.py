"""The works that open the home page: the newest first, across every gallery.

Its own module because the home page is built with the list pages (build/collect.py) while the
works come from the galleries; this is the one place that decides what "latest" means.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.galleries.model import Work

_UNDATED = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def _when(work: Work) -> dt.datetime:
    """A work's own date, else its gallery's: a series is usually dated once, in index.md."""
    date = work.date or (work.gallery.date if work.gallery is not None else None)
    if date is None:
        return _UNDATED
    return date if date.tzinfo is not None else date.replace(tzinfo=dt.timezone.utc)


def latest_works(works: list[Work], count: int) -> list[Work]:
    """Up to `count` works with a page and a picture, newest first. Undated works come last, and
    works of one date keep their gallery order, so the home page is stable from build to build."""
    shown = [w for w in works if w.page is not None and w.thumb is not None]
    order = {id(w): i for i, w in enumerate(shown)}
    shown.sort(key=lambda w: (-_when(w).timestamp(), order[id(w)]))
    return shown[:count]


def attach_latest_works(home: Page, works: list[Work], settings: dict[str, Any]) -> None:
    """Put the latest works and the layout in the home page's context, and in its dependencies,
    so the home page re-renders when one of those works changes."""
    chosen = latest_works(works, int(settings.get("works", 0) or 0))
    home.context["latest_works"] = chosen
    home.context["home_layout"] = settings.get("layout") or "grid"
    home.deps = [*home.deps, f"layout:{home.context['home_layout']}",
                 *(f"w:{w.page.url if w.page else ''}|{w.title}|{w.source_hash}|"
                   f"{w.page.extra.get('content_warning') if w.page else ''}" for w in chosen)]
