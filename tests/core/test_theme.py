"""The default theme: the pages a blog needs, social and search metadata, overrides, no tracking."""

from __future__ import annotations

import datetime as dt
import re

from tests.kit.sites import BASE, TmpSite, output_path_for, parse_html


def five_posts(site: TmpSite) -> None:
    for day in range(1, 6):
        site.post(f"p{day}.md", title=f"Post number {day}", date=f"2025-0{day}-0{day}",
                  tags="[shared, odd]" if day % 2 else "shared",
                  body=f"Summary of post {day}.\n\nMore of post {day}.\n")


def test_home_is_paginated_with_excerpts(site: TmpSite) -> None:
    site.config(per_page=2)
    five_posts(site)
    site.build()
    pages = [site.read(rel) for rel in ("index.html", "page/2/index.html", "page/3/index.html")]
    assert not (site.out / "page/4").exists()
    shown = [re.findall(r">Post number (\d)</a>", text) for text in pages]
    assert shown == [["5", "4"], ["3", "2"], ["1"]]  # newest first
    assert "Summary of post 5." in pages[0] and "More of post 5." not in pages[0]
    first, second = parse_html(pages[0]), parse_html(pages[1])
    assert ("a", "href", "/page/2/") in first.attrs
    assert ("a", "href", "/") in second.attrs and ("a", "href", "/page/3/") in second.attrs


def test_tag_pages_tag_index_archive_and_404(site: TmpSite) -> None:
    site.config(per_page=2)
    five_posts(site)
    site.post("2019.md", title="An old one", date="2019-06-01", tags="'Mixed Media & Ink'")
    site.write("content/about.md", "---\ntitle: About me\n---\nI make things.\n")
    site.build()
    shared = site.read("tags/shared/index.html") + site.read("tags/shared/page/2/index.html") + \
        site.read("tags/shared/page/3/index.html")
    assert all(f"Post number {n}" in shared for n in range(1, 6))
    odd = site.read("tags/odd/index.html") + site.read("tags/odd/page/2/index.html")
    assert "Post number 1" in odd and "Post number 2" not in odd
    assert "An old one" in site.read("tags/mixed-media-ink/index.html")
    index = parse_html(site.read("tags/index.html"))
    for slug in ("shared", "odd", "mixed-media-ink"):
        assert ("a", "href", f"/tags/{slug}/") in index.attrs
    archive = site.read("archive/index.html")
    assert "2019" in archive and "2025" in archive and "An old one" in archive
    assert all(f"Post number {n}" in archive for n in range(1, 6))
    assert site.html("about/index.html").h1 == ["About me"]
    assert "I make things." in site.read("about/index.html")
    assert (site.out / "404.html").is_file()


def test_post_metadata_for_social_and_search(site: TmpSite) -> None:
    site.post("meta.md", title="Ink & Light", date="'2025-04-02T09:19:00Z'", tags="[ink, light]",
              description="'A note about <ink>.'")
    site.build()
    page = site.html("posts/meta/index.html")
    url = BASE + "posts/meta/"
    assert page.links["canonical"] == [url]
    assert page.meta["og:title"] == ["Ink & Light"]
    assert page.meta["og:url"] == [url]
    assert page.meta["og:type"] == ["article"]
    assert page.meta["og:description"] == ["A note about <ink>."]
    assert page.meta["twitter:card"][0] in ("summary", "summary_large_image")
    assert page.meta["twitter:title"] == ["Ink & Light"]
    [ld] = page.jsonld
    assert ld["@type"] == "BlogPosting" and ld["headline"] == "Ink & Light"
    assert ld["url"] == url or ld["mainEntityOfPage"] in (url, {"@type": "WebPage", "@id": url})
    published = dt.datetime.fromisoformat(ld["datePublished"])
    assert published == dt.datetime(2025, 4, 2, 9, 19, tzinfo=dt.timezone.utc)
    assert dt.datetime.fromisoformat(page.times[0]) == published
    assert "<ink>" not in site.read("posts/meta/index.html")  # escaped everywhere


def test_site_templates_override_the_theme_file_by_file(site: TmpSite) -> None:
    site.write("templates/page.html", "<!DOCTYPE html><title>{{ page.title }}</title><p id=own>{{ page.title }}</p>")
    site.write("templates/post.html", '{% extends "theme:post.html" %}'
                                      '{% block content %}<p id="before">Preface</p>{{ super() }}{% endblock %}')
    site.write("content/about.md", "---\ntitle: About\n---\nText.\n")
    site.post("one.md", title="Only post")
    site.build()
    assert site.read("about/index.html") == "<!DOCTYPE html><title>About</title><p id=own>About</p>"
    post = site.read("posts/one/index.html")
    assert '<p id="before">Preface</p>' in post
    assert 'class="post h-entry' in post and "Only post" in post  # the theme's version, extended
    assert 'class="site-header"' in site.read("index.html")  # not overridden: the theme's home


NON_FETCHING_RELS = {"license", "canonical", "alternate", "author", "me", "help", "tag", "next", "prev"}
INLINE_CODE = re.compile(r"<(?:style|script)\b[^>]*>(.*?)</(?:style|script)>", re.S)
CODE_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+(?:url\()?['"]?|import\s*\(?\s*['"]|fetch\(\s*['"])"""
                      r"""(https?://[^'")\s]+)""")


def _is_author_written(url: str, allowed: set[str]) -> bool:
    return any(url.startswith(a) for a in allowed)


def test_no_external_requests(site: TmpSite) -> None:
    """Nothing the theme or core writes loads from another host; author-written links may point out."""
    site.config("license: CC-BY-4.0\n", plugins="[provenance, openness, consent]")
    site.post("links.md", body="See [a museum](https://museum.example.org/collection).\n")
    site.write("content/about.md", "---\ntitle: About\n---\n<a href='https://friend.example.net/'>friend</a>\n")
    site.build()
    author_written = {"https://museum.example.org/", "https://friend.example.net/", BASE}
    offenders = []
    for rel in sorted(site.files()):
        if not rel.endswith((".html", ".css", ".js", ".xml", ".json")) or rel.endswith(("feed.xml", "feed.json",
                                                                                          "sitemap.xml")):
            continue
        text = site.read(rel)
        if rel.endswith(".html"):
            parsed = parse_html(text)
            for tag, attrs in parsed.elements:
                for key, value in attrs.items():
                    if key not in ("src", "href", "srcset", "data-src", "poster") or \
                            not re.match(r"\s*(https?:)?//", value) or value.startswith(BASE):
                        continue
                    if tag in ("a", "link") and (attrs.get("rel") in NON_FETCHING_RELS or
                                                 tag == "a" and _is_author_written(value, author_written)):
                        continue  # a link the reader may follow, not a request the page makes
                    offenders.append(f"{rel}: <{tag} {key}={value}>")
            text = "\n".join(INLINE_CODE.findall(text))  # only inline CSS/JS can make requests
        for url in CODE_URL.findall(text):
            if not url.startswith(BASE):
                offenders.append(f"{rel}: {url}")
    assert not offenders, "external requests:\n" + "\n".join(offenders)


def test_every_internal_link_resolves(site: TmpSite) -> None:
    """A fresh site has no dead links in its theme: menus and footers point only at pages that exist."""
    five_posts(site)
    site.write("content/about.md", "---\ntitle: About\n---\nAbout.\n")
    site.build()
    dead = []
    for rel in sorted(site.files()):
        if rel.endswith(".html"):
            for url in parse_html(site.read(rel)).urls():
                if url.startswith("/") and not url.startswith("//") and \
                        not (site.out / output_path_for(url)).is_file():
                    dead.append(f"{rel}: {url}")
    assert not dead, "links to pages that were not built:\n" + "\n".join(sorted(set(dead)))


def test_titles_cannot_break_out_of_json_ld_or_attributes(site: TmpSite) -> None:
    evil = '</script><script>alert(1)</script>" onload="x'
    site.post("evil.md", title=f"'{evil}'", description=f"'{evil}'")
    site.build()
    text = site.read("posts/evil/index.html")
    assert "<script>alert(1)</script>" not in text
    page = parse_html(text)
    assert page.jsonld[0]["headline"] == evil  # still the exact title, once decoded
    assert page.meta["og:title"] == [evil]
    assert not [a for a in page.attrs if a[1] == "onload"]
