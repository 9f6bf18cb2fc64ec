"""A page may not take the path of a file artsite writes itself, sit inside it, or hold it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.pipeline.writer import MARKER, reserved_conflict

_PART = st.sampled_from(["feed.xml", "theme", "css", "site.css", "tags", "index.html", "a", "sitemap.xml"])
_PATH = st.lists(_PART, min_size=1, max_size=4).map("/".join)


def _collides(rel: str, name: str) -> bool:
    return rel == name or rel.startswith(name + "/") or name.startswith(rel + "/")


@given(_PATH, st.frozensets(_PATH, max_size=8))
def test_a_collision_is_found_exactly_when_there_is_one(rel: str, reserved: frozenset[str]) -> None:
    found = reserved_conflict(rel, reserved)
    if any(_collides(rel, name) for name in reserved):
        assert found in reserved and _collides(rel, found)
    else:
        assert found is None


def test_the_staging_marker_is_reserved_and_plain_pages_are_not() -> None:
    reserved = frozenset({"feed.xml", "theme/css/site.css"})
    assert reserved_conflict(f"{MARKER}/index.html", reserved) == MARKER
    assert reserved_conflict("theme/index.html", reserved) is None
    assert reserved_conflict("theme/css", reserved) == "theme/css/site.css"
    assert reserved_conflict("feed.xml/index.html", reserved) == "feed.xml"
    assert reserved_conflict("posts/feed.xml", reserved) is None
