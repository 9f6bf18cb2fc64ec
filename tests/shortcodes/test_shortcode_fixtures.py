"""The shortcode cases of tests/fixtures/markdown/shortcodes.md, published by a real build.

A shortcode sees its page (front matter, address) and the site, so its cases cannot be rendered
alone as the other Markdown fixtures are: each case becomes a post of one site, built once per
Markdown engine (`markdown: {engine: fast}` and `{engine: reference}`), and the post's published
body must be the case's expected HTML. A case whose input starts with `---` is the whole post
file; any other is a body under a title and a date.
"""

from __future__ import annotations

import re

import pytest

from generator.render import markdown
from tests.kit import mdfixtures
from tests.kit.sites import TmpSite, new_site

CASES = mdfixtures.cases("shortcodes")
BODY = re.compile(r'<div class="post-body e-content">(.*?)</div>\s*(?:<footer|</article>)', re.S)


def post_name(case: mdfixtures.Case) -> str:
    return f"case-{case.line}"


def post_file(case: mdfixtures.Case) -> str:
    if case.text.startswith("---\n"):
        return case.text
    return f"---\ntitle: {post_name(case)}\ndate: 2025-01-10\n---\n{case.text}"


def slug_of(case: mdfixtures.Case) -> str:
    """The post's address: a case's own front matter may choose its slug."""
    chosen = re.search(r"^slug: (\S+)$", case.text.split("\n---\n", 1)[0], re.M) if case.text.startswith("---\n") \
        else None
    return chosen.group(1) if chosen else post_name(case)


@pytest.fixture(scope="module", params=markdown.ENGINES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> TmpSite:
    site = new_site(tmp_path_factory.mktemp(f"shortcodes-{request.param}") / "site")
    site.config(f"markdown:\n  engine: {request.param}\n")
    for case in CASES:
        site.write(f"content/posts/{post_name(case)}.md", post_file(case))
    site.build()
    return site


@pytest.mark.parametrize("case", mdfixtures.params("shortcodes"))
def test_shortcode_case_is_published_as_expected(built: TmpSite, case: mdfixtures.Case) -> None:
    page = built.read(f"posts/{slug_of(case)}/index.html")
    match = BODY.search(page)
    assert match, page
    # strip(): the theme puts the body on lines of its own; the fixture format cannot say
    # whether the expected HTML ends in a newline.
    assert match.group(1).strip() == case.expected.strip()
