"""Folder-level data: site.yaml `defaults:`, Eleventy's data files and `eleventyComputed`.

Forms from real repositories: `blog/blog.json` with `{"layout": ..., "tags": "blog"}`,
`_posts/_posts.11tydata.js` with `permalink: "{{ page.date | date: '%Y/%m/%d' }}/{{page.fileSlug}}/index.html"`
(rewritten as JSON here; the JS one must only warn), and `posts.11tydata.js` files that set
`eleventyComputed.permalink`.
"""

from __future__ import annotations

from tests.kit.sites import TmpSite, problems_text


def test_site_yaml_defaults_set_permalink_layout_and_tags_per_folder(site: TmpSite) -> None:
    site.config("""\
posts_dirs: [posts, til]
defaults:
  - path: til
    values: {permalink: "/til/{year}/{slug}/", tags: [til]}
  - path: ""
    values: {tags: [everything]}
""")
    site.write("content/til/2023-04-05-grep.md", "---\ntitle: grep -o\ntags: [shell]\n---\nText\n")
    site.post("normal.md", title="Normal")
    site.build()
    page = site.html("til/2023/grep/index.html")
    assert page.tag_links() == {"/tags/everything/", "/tags/til/", "/tags/shell/"}
    assert site.html("posts/normal/index.html").tag_links() == {"/tags/everything/"}


def test_front_matter_wins_over_defaults(site: TmpSite) -> None:
    site.config('defaults: [{path: posts, values: {permalink: "/p/{slug}/", title: Fallback}}]\n')
    site.post("own.md", title="Own title", permalink="/mine/")
    site.post("plain.md", title=None)
    site.build()
    assert site.html("mine/index.html").h1 == ["Own title"]
    assert site.html("p/plain/index.html").h1 == ["Fallback"]


def test_jekyll_scope_form_is_read_too(site: TmpSite) -> None:
    site.config('defaults: [{scope: {path: "", type: posts}, values: {permalink: pretty}}]\n')
    site.write("content/travel/_posts/2014-02-03-lisbon.md", "---\ntitle: Lisbon\n---\nText\n")
    site.build()
    assert "travel/2014/02/03/lisbon/index.html" in site.files()


def test_eleventy_directory_and_template_data_files(site: TmpSite) -> None:
    site.write("content/blog/blog.json", '{"layout": "post.njk", "tags": "blog"}\n')
    site.write("content/blog/2020/2020.11tydata.json",
               '{"permalink": "/{{ page.date | date: \'%Y/%m/%d\' }}/{{page.fileSlug}}/index.html"}\n')
    site.write("content/blog/2020/2020-03-01-spring.md", "---\ntitle: Spring\ntags: [season]\n---\nText\n")
    site.write("content/blog/2020/2020-06-01-summer.md", "---\ntitle: Summer\n---\nText\n")
    site.write("content/blog/2020/2020-06-01-summer.11tydata.json", '{"tags": ["hot"]}\n')
    result = site.build()
    files = site.files()
    assert "2020/03/01/spring/index.html" in files and "2020/06/01/summer/index.html" in files
    assert site.html("2020/03/01/spring/index.html").tag_links() == {"/tags/blog/", "/tags/season/"}
    assert site.html("2020/06/01/summer/index.html").tag_links() == {"/tags/blog/", "/tags/hot/"}
    assert not any(name.endswith(".json") and name.startswith("blog/") for name in files)
    assert not result.problems.warnings, problems_text(result.problems)


def test_editing_a_data_file_rereads_the_pages_it_covers(site: TmpSite) -> None:
    site.write("content/posts/posts.json", '{"tags": ["first"]}\n')
    site.post("p.md", title="P")
    site.build()
    assert site.html("posts/p/index.html").tag_links() == {"/tags/first/"}
    site.write("content/posts/posts.json", '{"tags": ["second", "more"]}\n')
    site.build()
    assert site.html("posts/p/index.html").tag_links() == {"/tags/second/", "/tags/more/"}


def test_javascript_data_files_that_are_code_are_not_run_but_named(site: TmpSite) -> None:
    site.write("content/_posts/_posts.11tydata.js",
               "const slug = require('slugify');\nmodule.exports = { permalink: (d) => slug(d.title) };\n")
    site.write("content/_data/metadata.js", "module.exports = {title: process.env.TITLE};\n")
    site.write("content/_posts/2021-01-01-a.md", "---\ntitle: A\n---\nText\n")
    result = site.build()
    warned = {p.file for p in result.problems.warnings if "not run" in p.message}
    assert warned == {"content/_posts/_posts.11tydata.js", "content/_data/metadata.js"}


def test_javascript_data_files_that_only_export_an_object_are_read(site: TmpSite) -> None:
    """eleventy-base-blog's `blog/blog.11tydata.js` (v8 CommonJS, v9 ESM) and `_data/metadata.js`."""
    site.config("posts_dirs: [blog]\n")
    site.write("content/blog/blog.11tydata.js",
               '// applies to every post\nmodule.exports = {\n\ttags: [\n\t\t"posts", "notes"\n\t],\n'
               '\t"layout": "layouts/post.njk",\n};\n')
    site.write("content/_data/metadata.js",
               'export default {\n\ttitle: "Possum Blog",\n\turl: "https://example.com/", // the live site\n};\n')
    site.write("content/blog/firstpost.md", "---\ntitle: First\ndate: 2018-05-01\n---\n"
                                            "From {{ metadata.title }} at {{ metadata.url }}.\n")
    result = site.build()
    assert not [p for p in result.problems.warnings if "not run" in p.message]
    page = site.html("blog/firstpost/index.html")
    assert "/tags/notes/" in page.tag_links()
    assert "From Possum Blog at https://example.com/." in site.read("blog/firstpost/index.html")


def test_a_broken_data_file_is_an_error_at_its_line(site: TmpSite) -> None:
    site.write("content/posts/posts.json", '{\n  "tags": ["a",]\n}\n')
    site.post("p.md")
    problems = site.fail()
    assert any(p.file == "content/posts/posts.json" and p.line == 2 for p in problems.errors), problems_text(problems)


def test_eleventy_computed_title_description_and_permalink(site: TmpSite) -> None:
    site.write("content/posts/2022-09-10-notes.md", """---
series: Garden
eleventyComputed:
  title: "{{ series }} notes: {{ page.fileSlug }}"
  description: "Written {{ page.date | date: '%B %Y' }}"
  permalink: "/{{ series | slugify }}/{{ page.fileSlug }}/"
---
Text
""")
    site.build()
    page = site.html("garden/notes/index.html")
    assert page.h1 == ["Garden notes: notes"] and page.meta["description"] == ["Written September 2022"]


def test_global_data_files_reach_templates(site: TmpSite) -> None:
    site.write("content/_data/navigation.yaml", "links: [{title: Shop, url: /shop/}]\n")
    site.write("templates/page.html", "{% extends 'base.html' %}{% block content %}"
                                      "{{ site.data.navigation.links[0].title }}{% endblock %}\n")
    site.write("content/about.md", "---\ntitle: About\n---\nText\n")
    site.build()
    assert "Shop" in site.read("about/index.html")
