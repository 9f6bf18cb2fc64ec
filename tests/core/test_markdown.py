"""Markdown in a built site: the excerpt rules, the site's link map, and broken-link warnings.

What Markdown becomes as HTML (extensions, heading ids, links, images, code, kramdown) is tested
case by case in tests/fixtures/markdown/ (tests/core/test_markdown_fixtures.py); the tests here
need a whole site: front matter, the home page, the addresses of other pages, the warnings."""

from __future__ import annotations

import re

from tests.kit.sites import TmpSite


def body_of(site: TmpSite, rel: str) -> str:
    text = site.read(rel)
    match = re.search(r'<div class="post-body[^"]*">(.*?)</div>\s*(?:<footer|</article>)', text, re.S)
    assert match, f"no post body in {rel}"
    return match.group(1)


def summary_of(home: str, title: str) -> str:
    """The home page's summary block for one post."""
    start = home.index(f">{title}</a>")
    end = home.find('<article class="post-summary', start)
    return home[start:end if end != -1 else len(home)]


def test_excerpt_front_matter_first_then_more_then_first_paragraph(site: TmpSite) -> None:
    site.post("fm.md", title="FromFrontMatter", date="2025-01-03", excerpt="'Chosen words.'",
              body="Opening lines.\n\n<!-- more -->\n\nLater.\n")
    site.post("more.md", title="FromMarker", date="2025-01-02",
              body="First part.\n\nSecond part.\n\n<!-- more -->\n\nHidden part.\n")
    site.post("para.md", title="FromParagraph", date="2025-01-01",
              body="Only this paragraph.\n\nNot this one.\n")
    site.build()
    home = site.read("index.html")
    fm = summary_of(home, "FromFrontMatter")
    assert "Chosen words." in fm and "Opening lines." not in fm
    more = summary_of(home, "FromMarker")
    assert "First part." in more and "Second part." in more and "Hidden part." not in more
    para = summary_of(home, "FromParagraph")
    assert "Only this paragraph." in para and "Not this one." not in para


def test_links_to_post_sources_resolve_to_urls(site: TmpSite) -> None:
    """The link map a build makes: a post's `slug:` and a page outside the posts folder give the
    addresses links resolve to, and a link that resolves raises no warning (the rewriting rules
    themselves are the cases of tests/fixtures/markdown/links.md)."""
    site.post("target.md", title="Target", slug="renamed")
    site.post("linker.md", title="Linker", body="[rel](target.md) [root](/posts/target.md#part) "
                                                "[up](../posts/target.md) [page](../about.md)\n")
    site.write("content/about.md", "---\ntitle: About\n---\nAbout me.\n")
    result = site.build()
    body = body_of(site, "posts/linker/index.html")
    assert body.count('href="/posts/renamed/"') == 2
    assert 'href="/posts/renamed/#part"' in body
    assert 'href="/about/"' in body
    assert not result.problems.warnings


def test_broken_internal_links_are_warnings(site: TmpSite) -> None:
    site.post("links.md", body="[gone](missing.md) [nofile](nothing-here.pdf) [nopage](/no/such/page/)\n")
    result = site.build()
    messages = [p.message for p in result.problems.warnings if p.file == "content/posts/links.md"]
    assert any("missing.md" in m for m in messages)
    assert any("nothing-here.pdf" in m for m in messages)
    assert any("/no/such/page/" in m for m in messages), messages
    assert not result.problems.errors


def test_an_excerpt_keeps_reference_links_defined_below_the_more_marker(site: TmpSite) -> None:
    site.post("a.md", title="A", body="Intro with [a link][ref].\n\n<!-- more -->\n\nRest.\n\n[ref]: https://example.org/x\n")
    site.build()
    home = site.read("index.html")
    assert 'href="https://example.org/x"' in home and "[ref]" not in home
    assert "Rest." not in home
