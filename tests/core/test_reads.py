"""Page dependencies are what rendering actually read: a change to a template, a setting or a
linked page re-renders exactly the pages that read it.

The oracle is independent of the tracking: the pages that showed the old value (its text is in
their HTML) are the ones that read it, so they, and only they, must be rendered again.
"""

from __future__ import annotations

from pathlib import Path

from generator.readlog import recording
from generator.render.reads import Answers, SiteValues, UrlSet
from tests.kit.sites import TmpSite


def blog(site: TmpSite) -> None:
    site.post("a.md", title="Alpha Title", date="2025-01-10", tags="[red]", body="Alpha body.\n")
    site.post("b.md", title="Bravo Title", date="2025-02-11", tags="[red, blue]", body="Bravo body.\n")
    site.post("c.md", title="Charlie Title", date="2025-03-12", tags="[green]", body="Charlie body.\n")
    site.write("content/about.md", "---\ntitle: About\n---\nRead [the first post](posts/a.md).\n")


def pages_showing(out: Path, text: str) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*.html") if text in p.read_text(encoding="utf-8")}


def test_a_linked_pages_title_re_renders_exactly_the_pages_that_showed_it(site: TmpSite) -> None:
    blog(site)
    site.build()
    showed = pages_showing(site.out, "Bravo Title")
    assert {"posts/b/index.html", "index.html", "tags/blue/index.html", "posts/a/index.html"} <= showed
    site.post("b.md", title="Bravo Renamed", date="2025-02-11", tags="[red, blue]", body="Bravo body.\n")
    result = site.build()
    assert set(result.written) == showed
    assert pages_showing(site.out, "Bravo Title") == set()


def test_a_setting_re_renders_exactly_the_pages_that_printed_it(site: TmpSite) -> None:
    blog(site)
    site.build()
    showed = set().union(*(pages_showing(site.out, day) for day in  # the default date_format
                           ("10 January 2025", "11 February 2025", "12 March 2025")))
    assert "posts/c/index.html" in showed and "about/index.html" not in showed
    site.config('date_format: "%Y-%m-%d"\n')
    result = site.build()
    assert set(result.written) == showed
    assert "2025-03-12" in site.read("posts/c/index.html")


def test_a_setting_no_page_reads_re_renders_nothing(site: TmpSite) -> None:
    blog(site)
    site.build()
    site.config("images:\n  formats: [webp]\n  thumb_widths: [100]\n  display_widths: [200]\n  quality: 61\n")
    result = site.build()
    assert not result.unchanged and result.written == []


def test_moving_a_linked_page_re_renders_its_linkers(site: TmpSite) -> None:
    blog(site)
    site.build()
    showed = pages_showing(site.out, '/posts/a/"')
    assert "about/index.html" in showed  # its Markdown links there
    site.post("a.md", title="Alpha Title", date="2025-01-10", tags="[red]", body="Alpha body.\n",
              permalink="/moved/alpha/")
    result = site.build()
    assert set(result.written) == (showed - {"posts/a/index.html"}) | {"moved/alpha/index.html"}


def test_a_template_re_renders_exactly_the_pages_made_with_it(site: TmpSite) -> None:
    blog(site)
    site.build()
    site.write("templates/archive.html", "{% extends 'theme:archive.html' %}{% block title %}Old things"
                                         "{% endblock %}")
    result = site.build()
    assert result.written == ["archive/index.html"]


def test_reads_of_a_page_another_page_shows_are_logged_with_their_answers() -> None:
    from generator.content.model import Page
    from generator.render.templates import make_environment

    shown, own = Page(kind="post", title="Shown", url="/shown/"), Page(kind="home", title="Home", url="/")
    env = make_environment(Path("/nonexistent"), Path("/nonexistent"), None, {})
    values = SiteValues(title="Site", urls=UrlSet({"/shown/"}))
    template = env.from_string("{{ site.title }} {{ other.title }} {{ page.title }}"
                               "{% if '/x/' in site.urls %}x{% endif %}")
    with recording(own) as log:
        assert template.render(site=values, other=shown, page=own) == "Site Shown Home"
    assert log.reads == {("site", "", "title"), ("site", "", "urls"), ("page", "/shown/", "title"),
                         ("url", "", "/x/")}
    answers = Answers([shown, own], [], [], values, None)
    before = answers.text(log.reads)
    shown.title = "Changed"
    assert Answers([shown, own], [], [], values, None).text(log.reads) != before


def test_the_text_of_reads_tells_sets_apart_whatever_their_order() -> None:
    from generator.content.model import Page

    pages = [Page(kind="post", title=f"T{i}", url=f"/p{i}/") for i in range(20)]
    answers = Answers(pages, [], [], SiteValues(title="Site"), None)
    reads = [("page", f"/p{i}/", "title") for i in range(20)] + [("site", "", "title")]
    whole = answers.text(frozenset(reads))
    assert answers.text(list(reversed(reads))) == whole
    texts = {answers.text(frozenset(reads[:n])) for n in range(len(reads) + 1)}
    texts |= {answers.text(frozenset(r for r in reads if r != left)) for left in reads}
    assert len(texts) == 2 * len(reads), "two different sets of reads gave one text"  # 22 prefixes, 21 gaps, one both
    pages[3].title = "Other"
    assert Answers(pages, [], [], SiteValues(title="Site"), None).text(frozenset(reads)) != whole
