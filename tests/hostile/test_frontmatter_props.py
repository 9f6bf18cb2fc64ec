"""Property tests: no front matter, however odd, crashes the build with anything but BuildFailed.

Hypothesis writes YAML-ish text between the fences, and well-formed YAML with random values for
every key artsite knows (dates at the ends of the calendar, nested lists and maps, odd scalars).
Each example is a whole in-process build: it either succeeds or raises BuildFailed with an error
that names the file the front matter came from. Any other exception is a bug.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from generator.content.pages import KNOWN_KEYS
from generator.pipeline.site import BuildOptions, build
from generator.problems import BuildFailed
from tests.kit.hostile import Site, new_site
from tests.kit.images import png_bytes

SETTINGS = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TOKENS = ["title", "date", "tags", "permalink", "slug", "draft", "layout", "description", "x", "é", "🎨",
          ":", ": ", "-", "- ", "\n", "\n  ", " ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!binary ",
          "!!int ", "!!timestamp ", "!foo ", "|", ">", "'", '"', "#", "%", "@", "`", "?", "\t", "0", "1", "2025",
          "-01-01", "T00:00:00Z", "+25:00", "null", "~", "true", "yes", "1e999", ".nan", "---", "...", "<<: ",
          "\\", "/", "..", "{slug}", "{{ x }}", "\x00", "\x1b", "\u2028", "\ufeff"]

CALENDAR_EDGES = ["0001-01-01", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "9999-12-31",
                  "2025-02-30", "2025-04-02 9:19", "2025-04-02T09:19:00.1234567Z", "20250402", "2025-W14",
                  "1969-12-31T23:59:59Z", "2025-04-02T25:00:00", "-0001-01-01", "2025-04-02T09:19:00+24:00"]

offsets = st.builds(dt.timezone, st.timedeltas(min_value=-dt.timedelta(hours=23, minutes=59),
                                                max_value=dt.timedelta(hours=23, minutes=59)))
scalars = (st.none() | st.booleans() | st.integers(min_value=-(10**20), max_value=10**20)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12) | st.sampled_from(CALENDAR_EDGES)
           | st.dates() | st.datetimes() | st.datetimes(timezones=offsets))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)
front_matter = st.dictionaries(st.sampled_from(sorted(KNOWN_KEYS | {"images", "cover", "sort", "reverse", "alt",
                                                                      "caption", "show_workflow"})),
                               values, max_size=6)


@pytest.fixture(scope="module")
def arena() -> Iterator[Site]:
    folder = Path(tempfile.mkdtemp(prefix="artsite-props-"))
    try:
        site = new_site(folder / "site", "plugins: []\n")
        site.post("fine.md", "title: Fine\ndate: 2025-01-01")
        yield site
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=None, sort_keys=False)


def build_names(site: Site, rel: str) -> None:
    """Build; a failure is fine only as BuildFailed with an error naming `rel`."""
    try:
        build(BuildOptions(source=site.root, output=site.out, use_cache=False))
    except BuildFailed as failed:
        errors = failed.problems.errors
        assert errors, "BuildFailed without an error"
        assert any(p.file == rel for p in errors), "no error names the file: " + "; ".join(map(str, errors))


@SETTINGS
@given(text=st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
@example(text="date: !!timestamp nope")
def test_yamlish_front_matter_builds_or_names_the_file(arena: Site, text: str) -> None:
    arena.write("content/posts/p.md", f"---\n{text}\n---\nBody.\n")
    build_names(arena, "content/posts/p.md")


@SETTINGS
@given(data=front_matter)
@example(data={"date": "2025-02-30"})
@example(data={"ai": dt.datetime(2000, 1, 1, tzinfo=dt.timezone(dt.timedelta(microseconds=1)))})
def test_random_values_for_known_keys_build_or_name_the_file(arena: Site, data: dict[str, Any]) -> None:
    arena.write("content/posts/p.md", f"---\n{dump(data)}---\nBody.\n")
    build_names(arena, "content/posts/p.md")


@pytest.fixture(scope="module")
def gallery_arena() -> Iterator[Site]:
    folder = Path(tempfile.mkdtemp(prefix="artsite-props-g-"))
    try:
        site = new_site(folder / "site")
        site.write("content/galleries/g/w.png", png_bytes(text={"parameters": "p\nSteps: 3, Model: sdxl"}))
        site.write("content/galleries/g/v.png", png_bytes(colour=(3, 2, 1)))
        yield site
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(SETTINGS, max_examples=20, phases=[Phase.explicit, Phase.generate])  # no shrinking: whole builds
@given(index=front_matter, sidecar=front_matter)
@example(index={}, sidecar={"model": ["a list, not a name"]})
@example(index={"model": {"a": 1}, "tool": [1], "ai": [1]}, sidecar={})
def test_random_gallery_and_sidecar_front_matter_build_or_name_the_file(
        gallery_arena: Site, index: dict[str, Any], sidecar: dict[str, Any]) -> None:
    gallery_arena.write("content/galleries/g/index.md", f"---\n{dump(index)}---\n")
    gallery_arena.write("content/galleries/g/w.png.md", f"---\n{dump(sidecar)}---\n")
    try:
        build(BuildOptions(source=gallery_arena.root, output=gallery_arena.out, use_cache=False))
    except BuildFailed as failed:
        named = {p.file for p in failed.problems.errors}
        assert named & {"content/galleries/g/index.md", "content/galleries/g/w.png.md", "site.yaml"}, \
            "; ".join(map(str, failed.problems.errors))
