"""Every post format the three generators use, and no source file published raw.

Forms from real repositories: Hugo archetypes write TOML between `+++` (`draft = true`,
`categories = []`), Hugo's docs show bare JSON objects, Jekyll imports keep `.markdown` and
WordPress `.html` posts, and Eleventy sites carry `.njk` pages and `posts.json` data files.
"""

from __future__ import annotations

import pytest

from tests.kit.sites import TmpSite, problems_text


@pytest.mark.parametrize("suffix", [".markdown", ".mdown", ".mkd", ".mkdn", ".md"])
def test_every_markdown_extension_is_a_post(site: TmpSite, suffix: str) -> None:
    site.write(f"content/posts/2014-02-03-hello{suffix}", "---\ntitle: Hello\n---\n*Emphasis*\n")
    site.build()
    assert "<em>Emphasis</em>" in site.read("posts/hello/index.html")
    assert not any(name.endswith(suffix) for name in site.files())


def test_toml_front_matter_as_hugo_archetypes_write_it(site: TmpSite) -> None:
    site.write("content/posts/spf13.md", '''+++
title = "spf13-vim 3.0 release"
date = 2012-04-06T00:00:00-05:00
draft = false
tags = ["vim", "dev"]
categories = ["Development"]
aliases = ["/doc/spf13/"]
[[metadata]]
name = "sharing:twitter"
+++

Body of the post.
''')
    site.build()
    page = site.html("posts/spf13/index.html")
    assert page.h1 == ["spf13-vim 3.0 release"] and page.times[0] == "2012-04-06T00:00:00-05:00"
    assert page.tag_links() == {"/tags/vim/", "/tags/dev/"}
    assert (site.out / "categories/development/index.html").is_file()
    assert (site.out / "doc/spf13/index.html").is_file()


def test_json_front_matter_as_hugo_allows_it(site: TmpSite) -> None:
    site.write("content/posts/json.md", '{\n  "title": "From JSON",\n  "date": "2013-07-01",\n'
                                        '  "tags": ["json"]\n}\n\nThe body.\n')
    site.build()
    text = site.read("posts/json/index.html")
    assert "From JSON" in text and "<p>The body.</p>" in text and '"title"' not in text


def test_hugo_keys_are_case_insensitive(site: TmpSite) -> None:
    site.write("content/posts/caps.md", "---\nTitle: Capital Keys\nDate: 2020-05-01\nDescription: Said in caps\n"
                                        "Tags: [loud]\n---\nBody\n")
    result = site.build()
    page = site.html("posts/caps/index.html")
    assert page.h1 == ["Capital Keys"] and page.meta["description"] == ["Said in caps"]
    assert page.times[0].startswith("2020-05-01") and page.tag_links() == {"/tags/loud/"}
    assert not [p for p in result.problems.warnings if "typo" in p.message], problems_text(result.problems)


def test_broken_json_front_matter_names_file_and_line(site: TmpSite) -> None:
    site.write("content/posts/bad.md", '{\n  "title": "x",\n  "date": \n}\nBody\n')
    problems = site.fail()
    assert any(p.file == "content/posts/bad.md" and "JSON" in p.message and p.line == 4 for p in problems.errors), \
        problems_text(problems)


def test_template_sources_and_data_files_are_never_published(site: TmpSite) -> None:
    site.write("content/index.njk", "---\nlayout: home.njk\n---\n{% for post in collections.posts %}{% endfor %}\n")
    site.write("content/feed.liquid", "---\npermalink: /feed.xml\n---\n{{ site.title }}\n")
    site.write("content/sitemap.11ty.js", "module.exports = () => 'x';\n")
    site.write("content/posts/posts.json", '{"layout": "post.njk", "tags": ["posts"]}\n')
    site.write("content/posts/posts.11tydata.js", "module.exports = {layout: require('./layout')};\n")
    site.write("content/posts/one.md", "---\ntitle: One\ndate: 2021-01-01\n---\nText\n")
    site.write("content/posts/one.json", '{"tags": ["from-json"]}\n')
    site.write("content/robots-extra.txt", "kept\n")
    result = site.build()
    files = site.files()
    for source in ("index.njk", "feed.liquid", "sitemap.11ty.js", "posts/posts.json", "posts/posts.11tydata.js",
                   "posts/one.json"):
        assert source not in files, source
    assert "robots-extra.txt" in files
    warned = {p.file for p in result.problems.warnings}
    assert {"content/index.njk", "content/feed.liquid", "content/sitemap.11ty.js",
            "content/posts/posts.11tydata.js"} <= warned, problems_text(result.problems)
    assert site.html("posts/one/index.html").tag_links() == {"/tags/from-json/"}


def test_an_html_post_with_front_matter_is_a_post_not_a_file(site: TmpSite) -> None:
    site.write("content/_posts/2011-12-01-imported.html",
               "---\nlayout: post\ntitle: Imported from WordPress\n---\n<p>Hello <strong>there</strong>.</p>\n")
    site.write("content/plain.html", "<!doctype html><p>verification file</p>\n")
    site.build()
    assert "<strong>there</strong>" in site.read("2011/12/01/imported.html")  # Jekyll's default address
    assert "_posts/2011-12-01-imported.html" not in site.files()
    assert site.read("plain.html").startswith("<!doctype html>")


def test_jekyll_posts_and_drafts_folders(site: TmpSite) -> None:
    site.write("content/_posts/2014-02-03-first.markdown", "---\ntitle: First\n---\nText\n")
    site.write("content/_drafts/unfinished.md", "---\ntitle: Unfinished\n---\nText\n")
    site.write("content/_layouts/post.html", "---\n---\n{{ content }}\n")
    site.build()
    files = site.files()
    # Jekyll's default `date` style, as the blog had it; a draft is left out
    assert "2014/02/03/first.html" in files and not any(name.endswith("/unfinished.html") for name in files)
    assert not any(name.startswith(("_layouts", "_posts", "_drafts")) for name in files)
    site.build(drafts=True)
    assert any(name.endswith("/unfinished.html") for name in site.files())


def test_published_false_is_a_draft(site: TmpSite) -> None:
    site.post("hidden.md", published="false")
    site.build()
    assert "posts/hidden/index.html" not in site.files()


def test_files_jekyll_would_process_are_not_published_raw(site: TmpSite) -> None:
    """feed.xml, a Sass file with front matter, a listing index.html and 404.html are the old
    generator's templates: artsite makes its own feed, home and 404 page."""
    site.write("content/feed.xml", "---\nlayout: null\n---\n<feed>{% for post in site.posts %}{% endfor %}</feed>\n")
    site.write("content/assets/main.scss", "---\n---\n@import \"minima\";\n")
    site.write("content/index.html", "---\nlayout: home\n---\n")
    site.write("content/404.html", "---\npermalink: /404.html\n---\n<h1>404</h1>\n")
    site.write("content/blog/index.html", "---\nlayout: default\n---\n{% for post in paginator.posts %}{% endfor %}\n")
    site.write("content/about.html", "---\ntitle: About me\n---\n<p>I paint.</p>\n")
    site.write("content/assets/site.css", "body { color: red }\n")
    result = site.build()
    files = site.files()
    assert "{%" not in site.read("404.html") and "assets/main.scss" not in files and "feed.xml" in files
    assert "{%" not in site.read("feed.xml") and "{%" not in site.read("index.html")
    assert "blog/index.html" not in files and "assets/site.css" in files
    assert "<p>I paint.</p>" in site.read("about/index.html")
    warned = {p.file for p in result.problems.warnings}
    assert {"content/feed.xml", "content/assets/main.scss", "content/index.html", "content/404.html",
            "content/blog/index.html"} <= warned, problems_text(result.problems)
