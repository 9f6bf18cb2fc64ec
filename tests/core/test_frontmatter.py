"""Eleventy front matter: every form an existing Eleventy blog uses must build unchanged."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from tests.kit.sites import BASE, SHARED, TmpSite, problems_text

ATOM = "{http://www.w3.org/2005/Atom}"

# The front-matter shape of the artist's real Eleventy posts (layout, quoted ISO date with
# milliseconds and Z, tags with spaces, excerpt, draft: false); the body is our own.
ELEVENTY_POST = """\
---
layout: post.njk
title: Notes on Latent Space and Printmaking
date: '2024-11-20T18:05:00.000Z'
tags:
  - ai
  - ai art
  - stable diffusion
  - print making
excerpt: Why a diffusion model reminds me of an etching plate
draft: false
---
The plate remembers every pass of the needle, and so does a model remember its data.

1. A print is never the first thing you make.

2. The second paragraph is not the excerpt.
"""


def post_time(site: TmpSite, rel: str) -> dt.datetime:
    """The instant in the post's `<time class="dt-published" datetime>`."""
    times = site.html(rel).times
    assert times, f"no <time datetime> in {rel}"
    return dt.datetime.fromisoformat(times[0])


def test_eleventy_shaped_post_builds_unchanged(site: TmpSite) -> None:
    site.write("content/posts/2024-11-20-latent-printmaking.md", ELEVENTY_POST)
    result = site.build()
    assert not result.problems.errors
    rel = "posts/latent-printmaking/index.html"
    page = site.html(rel)
    assert page.h1 == ["Notes on Latent Space and Printmaking"]
    assert post_time(site, rel) == dt.datetime(2024, 11, 20, 18, 5, tzinfo=dt.timezone.utc)
    assert page.meta["description"] == ["Why a diffusion model reminds me of an etching plate"]
    assert page.tag_links() == {"/tags/ai/", "/tags/ai-art/", "/tags/stable-diffusion/", "/tags/print-making/"}
    for slug in ("ai", "ai-art", "stable-diffusion", "print-making"):
        assert "Notes on Latent Space" in site.read(f"tags/{slug}/index.html")
    assert 'class="post h-entry' in site.read(rel)  # post.njk -> the theme's post template


@pytest.mark.skipif(not (SHARED / "fixtures" / "eleventy-post-current-thinking.md").exists(),
                    reason="needs ../shared (the artist's real Eleventy post)")
def test_real_eleventy_post_builds_unchanged(site: TmpSite) -> None:
    source = SHARED / "fixtures" / "eleventy-post-current-thinking.md"
    shutil.copyfile(source, site.root / "content/posts/eleventy-post-current-thinking.md")
    result = site.build()
    assert not result.problems.errors, problems_text(result.problems)
    rel = "posts/eleventy-post-current-thinking/index.html"
    page = site.html(rel)
    assert page.h1 == ["Current thinking on Image Generators and Training Ethics"]
    assert post_time(site, rel) == dt.datetime(2025, 4, 2, 9, 19, tzinfo=dt.timezone.utc)
    assert page.meta["description"] == ["A discussion on training ethics and the Commons"]
    assert page.links["canonical"] == [BASE + "posts/eleventy-post-current-thinking/"]
    assert page.tag_links() == {f"/tags/{s}/" for s in ("ai", "ai-art", "stable-diffusion", "data-governance",
                                           "training", "ethics")}
    feed = json.loads(site.read("feed.json"))
    assert feed["items"][0]["url"] == BASE + "posts/eleventy-post-current-thinking/"
    assert feed["items"][0]["tags"] == ["ai", "ai art", "stable diffusion", "data governance", "training",
                                        "ethics"]


@pytest.mark.parametrize(("written", "expected"), [
    ("'2025-04-02T09:19:00.000Z'", dt.datetime(2025, 4, 2, 9, 19, tzinfo=dt.timezone.utc)),
    ('"2025-04-02"', dt.datetime(2025, 4, 2, tzinfo=dt.timezone(dt.timedelta(hours=-4)))),
    ("2025-04-02T09:19:00+02:00", dt.datetime(2025, 4, 2, 7, 19, tzinfo=dt.timezone.utc)),
    ("2025-04-02 09:19:00", dt.datetime(2025, 4, 2, 13, 19, tzinfo=dt.timezone.utc)),  # site zone, EDT
    ("'2025-04-02T09:19'", dt.datetime(2025, 4, 2, 13, 19, tzinfo=dt.timezone.utc)),
])
def test_date_forms(site: TmpSite, written: str, expected: dt.datetime) -> None:
    site.config(timezone="America/New_York")
    site.post("when.md", date=written)
    site.build()
    assert post_time(site, "posts/when/index.html") == expected


def test_bare_date_is_midnight_in_the_site_time_zone(site: TmpSite) -> None:
    site.config(timezone="America/New_York")
    site.post("bare.md", date="2025-04-02")
    site.build()
    text = site.read("posts/bare/index.html")
    assert 'datetime="2025-04-02T00:00:00-04:00"' in text
    feed = ET.fromstring(site.read("feed.xml"))
    published = feed.find(f"{ATOM}entry/{ATOM}published")
    assert published is not None and published.text is not None
    assert dt.datetime.fromisoformat(published.text) == dt.datetime(2025, 4, 2, 4, 0, tzinfo=dt.timezone.utc)


def test_unparsable_date_is_an_error_naming_the_file(site: TmpSite) -> None:
    site.post("good.md")
    site.post("bad-date.md", date="next tuesday")
    problems = site.fail()
    errors = [p for p in problems.errors if p.file and p.file.endswith("bad-date.md")]
    assert errors and "date" in errors[0].message
    assert errors[0].line == 3  # the `date:` line of the front matter


def test_tags_as_a_single_string(site: TmpSite) -> None:
    site.post("one.md", tags="watercolour")
    site.build()
    assert "/tags/watercolour/" in site.read("posts/one/index.html")
    assert "A post" in site.read("tags/watercolour/index.html")


def test_excerpt_and_description(site: TmpSite) -> None:
    site.post("ex.md", excerpt="The excerpt line")
    site.post("desc.md", title="Described", description="The description line")
    site.build()
    assert site.html("posts/ex/index.html").meta["description"] == ["The excerpt line"]
    assert site.html("posts/desc/index.html").meta["og:description"] == ["The description line"]


def test_draft_is_left_out_unless_drafts(site: TmpSite) -> None:
    site.post("draft.md", title="Secret draft", draft="true")
    site.post("public.md", title="Public", draft="false")
    site.build()
    assert not (site.out / "posts/draft").exists()
    assert (site.out / "posts/public/index.html").exists()
    assert "Secret draft" not in site.read("index.html")
    site.build(drafts=True)
    assert (site.out / "posts/draft/index.html").exists()
    assert "Secret draft" not in site.read("feed.xml")  # drafts never reach a feed
    assert "Secret draft" not in site.read("feed.json")


@pytest.mark.parametrize(("permalink", "path"), [
    ("/writing/{slug}/", "writing/patterned/index.html"),
    ("/{year}/{month}/{slug}/", "2025/01/patterned/index.html"),
    ('"/blog/{{ page.fileSlug }}/"', "blog/patterned/index.html"),
    ("/exact/place.html", "exact/place.html"),
])
def test_permalink_patterns(site: TmpSite, permalink: str, path: str) -> None:
    site.post("patterned.md", permalink=permalink)
    site.build()
    assert (site.out / path).is_file()
    assert not (site.out / "posts/patterned").exists()


def test_permalink_false_is_not_written(site: TmpSite) -> None:
    site.post("hidden.md", title="Unwritten", permalink="false")
    site.post("other.md", title="Other")
    site.build()
    assert not (site.out / "posts/hidden").exists()
    assert not any("hidden" in rel for rel in site.files())
    for rel in site.files():
        if rel.endswith(".html"):
            assert 'href=""' not in site.read(rel), f"{rel} links to the unwritten page"


def test_updated_date(site: TmpSite) -> None:
    site.post("changed.md", updated="2025-03-01")
    site.build()
    page = site.html("posts/changed/index.html")
    assert dt.datetime.fromisoformat(page.times[1]) == dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)
    assert page.jsonld[0]["dateModified"].startswith("2025-03-01")
    assert page.meta["article:modified_time"][0].startswith("2025-03-01")


def test_slug_overrides_the_file_name(site: TmpSite) -> None:
    site.post("2025-01-10-long-file-name.md", slug="short")
    site.post("2025-01-11-date-prefixed.md")
    site.build()
    assert (site.out / "posts/short/index.html").is_file()
    assert (site.out / "posts/date-prefixed/index.html").is_file()  # Eleventy's fileSlug drops the date


def test_exclude_from_collections_is_built_but_not_listed(site: TmpSite) -> None:
    site.post("unlisted.md", title="Quietly published", tags="quiet", eleventyExcludeFromCollections="true")
    site.post("listed.md", title="Loudly published", tags="quiet")
    site.build()
    assert "Quietly published" in site.read("posts/unlisted/index.html")
    for rel in ("index.html", "tags/quiet/index.html", "feed.xml", "feed.json", "archive/index.html"):
        text = site.read(rel)
        assert "Loudly published" in text
        assert "Quietly published" not in text, rel


@pytest.mark.parametrize("layout", ["post.njk", "layouts/post.njk", "post.liquid", "post.html"])
def test_eleventy_layout_names_resolve_to_the_theme_post(site: TmpSite, layout: str) -> None:
    site.post("laid.md", layout=layout)
    site.build()
    text = site.read("posts/laid/index.html")
    assert 'class="post h-entry' in text and 'class="dt-published"' in text


def test_unknown_keys_reach_templates(site: TmpSite) -> None:
    site.write("templates/post.html", '{% extends "theme:post.html" %}{% block content %}{{ super() }}'
                                      '<p id="mykey">{{ page.data.mykey }}</p>{% endblock %}')
    site.post("custom.md", mykey="'hand-mixed inks'")
    result = site.build()
    assert '<p id="mykey">hand-mixed inks</p>' in site.read("posts/custom/index.html")
    assert not [p for p in result.problems.items if "mykey" in p.message]


@pytest.mark.parametrize("opening", ["---js", "---javascript"])
def test_javascript_front_matter_is_a_clear_error(site: TmpSite, opening: str) -> None:
    site.write("content/posts/scripted.md", f"{opening}\n{{\n  title: 'Run me'\n}}\n---\nBody\n")
    problems = site.fail()
    assert any(p.file == "content/posts/scripted.md" and "front matter" in p.message.lower()
               for p in problems.errors), problems_text(problems)


def test_broken_toml_front_matter_is_an_error_at_its_line(site: TmpSite) -> None:
    site.write("content/posts/tomled.md", '+++\ntitle = "TOML"\ndate = = 2025-01-01\n+++\nBody\n')
    problems = site.fail()
    assert any(p.file == "content/posts/tomled.md" and "TOML" in p.message and p.line == 3
               for p in problems.errors), problems_text(problems)


def test_eleventy_collection_tags_are_not_site_tags(site: TmpSite) -> None:
    site.post("coll.md", tags="[post, posts, ink]")
    site.build()
    assert (site.out / "tags/ink/index.html").is_file()
    assert not (site.out / "tags/post").exists() and not (site.out / "tags/posts").exists()


def test_yaml_front_matter_may_end_with_three_dots_as_in_jekyll() -> None:
    from generator.content.frontmatter import split

    parsed = split("---\ntitle: Dotted\n...\nBody with\n...\nin it\n")
    assert parsed.data == {"title": "Dotted"}
    assert parsed.body == "\nBody with\n...\nin it\n"
    assert parsed.body_line == 4
