"""Every case of tests/fixtures/markdown/ gives its expected HTML with both Markdown engines.

The cases are the Markdown rendering tests: input and expected HTML side by side in
markdown-it-py's fixture format, one file per feature area (tests/kit/mdfixtures.py reads them).
Each runs through the same call the build makes for a post, `markdown_stage.render_one`, once with
`markdown: {engine: fast}` and once with `{engine: reference}`, and both must print the expected
HTML: no normalisation is applied (docs/configuration.md#markdown says why none is needed).

The page is `content/posts/page.md` in a small site, so that link rewriting has something to
resolve: `posts/target.md` is published at `/posts/renamed/` (its slug was changed),
`about.md` at `/about/`, and `posts/sketch.pdf` is a file of the site. The site is at the root
of its domain, except in `base-path.md`, whose site lives under `/studio/`. In `excerpts.md` the
expected HTML is the post's excerpt (what the home page shows) rather than its body. The cases
of `shortcodes.md` are posts of a built site instead (tests/shortcodes/test_shortcode_fixtures.py).
"""

from __future__ import annotations

import pytest

from generator.pipeline.markdown_stage import render_one
from generator.render import markdown
from tests.kit import mdfixtures

PAGE = "posts/page.md"
LINKS = {"posts/page.md": "/posts/page/", "posts/target.md": "/posts/renamed/", "about.md": "/about/"}
FILES = frozenset({"posts/sketch.pdf"})
BASE_PATHS = {"base-path": "/studio/"}


def rendered(case: mdfixtures.Case, engine: str) -> str:
    """What the build would publish for the case's Markdown: the body, or in `excerpts` the excerpt."""
    entry = render_one(case.text, PAGE, LINKS, FILES, BASE_PATHS.get(case.area, "/"), engine)
    return entry.excerpt if case.area == "excerpts" else entry.html


@pytest.mark.parametrize("engine", markdown.ENGINES)
@pytest.mark.parametrize("case", mdfixtures.params(skip=mdfixtures.BUILT))
def test_fixture_case_renders_as_expected(case: mdfixtures.Case, engine: str) -> None:
    # rstrip on both sides, as markdown-it-py's own fixture tests compare: the format cannot say
    # whether the expected HTML ends in a newline.
    assert rendered(case, engine).rstrip() == case.expected.rstrip()


def test_every_feature_area_has_its_file_and_cases() -> None:
    """A fixture file that lost its cases (a stray `.`, a bad merge) would pass silently."""
    expected = {"base-path", "code", "excerpts", "footnotes", "headings", "images", "kramdown", "links",
                "raw-html", "shortcodes", "strikethrough", "tables", "tasklists"}
    assert set(mdfixtures.areas()) == expected
    for area in expected:
        found = mdfixtures.cases(area)
        assert len(found) >= 3, area
        assert all(case.title and case.text and case.expected for case in found), area
