"""Heading ids are spelled by our own function on the fast engine and handed to the reference
engine's anchors plugin; both must still spell them as that plugin does by default, which is
what sites built before the fast engine have in their links (`/post/#my-heading`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from mdit_py_plugins.anchors.index import slugify, unique_slug

from generator.render import htmlparts


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Mn")), max_size=20))
def test_heading_slug_is_the_anchors_plugins_default(title: str) -> None:
    assert htmlparts.heading_slug(title) == (slugify(title) or "section")


@given(st.lists(st.sampled_from(["a", "a-1", "b", "", "a-2"]), max_size=8))
def test_unique_slugs_are_numbered_as_the_anchors_plugin_numbers_them(slugs: list[str]) -> None:
    ours: set[str] = set()
    theirs: set[str] = set()
    assert [htmlparts.unique_slug(s, ours) for s in slugs] == [unique_slug(s, theirs) for s in slugs]
