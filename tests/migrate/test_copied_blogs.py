"""Jekyll and Hugo blogs copied in as they are keep their posts' addresses, includes and data.

The shapes are Jekyll's own defaults (`jekyll new`): `permalink` unset means the `date` style
`/:categories/:year/:month/:day/:title:output_ext`, dates are read and addresses dated in
`_config.yml`'s `timezone`, `{% include %}` reads `_includes/`, and `_data/x.yml` is `site.data.x`.
"""

from __future__ import annotations

from tests.kit.sites import TmpSite

CONFIG = "title: Copied\ntimezone: America/New_York\n"
POST = """---
layout: post
title:  "Welcome to Jekyll!"
date:   2015-03-04 21:29:01 -0500
categories: jekyll update
---
{% include note.html text="included" %} from {{ site.data.authors.me }}.
"""


def _copied_blog(site: TmpSite, config: str = CONFIG) -> None:
    site.write("content/_config.yml", config)
    site.write("content/_posts/2015-03-04-welcome-to-jekyll.markdown", POST)
    site.write("content/_posts/2016-01-01-new-year.md", "---\ntitle: New year\n---\nMidnight in New York.\n")
    site.write("content/_posts/2017-02-02-Why-I-Love-Caps.md", "---\ntitle: Caps\n---\nShouting.\n")
    site.write("content/_includes/note.html", '<span class="note">{{ include.text }}</span>')
    site.write("content/_data/authors.yml", "me: Ada\n")


def test_posts_keep_the_date_style_addresses_in_the_blogs_zone(site: TmpSite) -> None:
    _copied_blog(site)
    site.build()
    files = site.files()
    # 21:29 -0500 is 02:29 UTC on the 5th: Jekyll dates the address in New York, on the 4th
    assert "jekyll/update/2015/03/04/welcome-to-jekyll.html" in files
    # a bare file-name date is midnight in New York, not midnight UTC shifted to the 31st
    assert "2016/01/01/new-year.html" in files
    # Jekyll's :title keeps the file name's case
    assert "2017/02/02/Why-I-Love-Caps.html" in files


def test_includes_and_data_are_found_in_the_copied_folders(site: TmpSite) -> None:
    _copied_blog(site)
    result = site.build()
    assert not [p for p in result.problems.warnings if "include" in p.message]
    html = site.read("jekyll/update/2015/03/04/welcome-to-jekyll.html")
    assert '<span class="note">included</span> from Ada.' in html


def test_a_permalink_style_in_config_is_followed(site: TmpSite) -> None:
    _copied_blog(site, CONFIG + "permalink: pretty\n")
    site.build()
    assert "jekyll/update/2015/03/04/welcome-to-jekyll/index.html" in site.files()


def test_site_yaml_permalinks_win_over_the_copied_config(site: TmpSite) -> None:
    _copied_blog(site)
    site.config('permalinks: {post: "/notes/{slug}/"}\n')
    site.build()
    assert "notes/welcome-to-jekyll/index.html" in site.files()


HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Hugo Blog"
[permalinks]
  posts = "/:year/:month/:slug/"
"""


def test_a_copied_hugo_blog_keeps_its_section_permalinks(site: TmpSite) -> None:
    """`hugo new site` layout copied into the site folder: hugo.toml beside content/."""
    site.write("hugo.toml", HUGO_CONFIG)
    site.write("content/posts/first.md", '+++\ntitle = "First Light"\ndate = 2021-05-06T10:00:00+02:00\n'
                                         'slug = "the-first"\n+++\nText.\n')
    # Hugo's :slug falls back to the urlized title, not the file name
    site.write("content/posts/untitled-file.md", "---\ntitle: Second Thoughts\ndate: 2022-01-02\n---\nText.\n")
    site.write("content/posts/pinned.md", "---\ntitle: Pinned\ndate: 2022-02-02\nurl: /elsewhere/pinned/\n---\nx\n")
    site.write("content/notes/n.md", "---\ntitle: Note\ndate: 2022-03-03\n---\nA note.\n")
    site.config("posts_dirs: [posts, notes]\n")
    site.build()
    files = site.files()
    assert "2021/05/the-first/index.html" in files
    assert "2022/01/second-thoughts/index.html" in files
    assert "elsewhere/pinned/index.html" in files
    assert "notes/n/index.html" in files  # a section without a pattern keeps Hugo's /section/name/


def test_a_config_yaml_that_is_not_hugos_is_ignored(site: TmpSite) -> None:
    site.write("config.yaml", "permalinks:\n  posts: /:year/:slug/\n")  # no baseURL: someone else's file
    site.post("plain.md", title="Plain")
    site.build()
    assert "posts/plain/index.html" in site.files()


def test_include_relative_reads_beside_the_post_and_undated_files_are_not_posts(site: TmpSite) -> None:
    """Jekyll reads only `YYYY-MM-DD-name` files in `_posts` as posts; the others are snippets for
    `{% include_relative %}`, published nowhere."""
    site.write("content/_posts/2017-05-05-more.md", "---\ntitle: More\n---\n{% include_relative snippet.md %}\n")
    site.write("content/_posts/snippet.md", "snippet *here*\n")
    site.write("content/secret.md", "---\ntitle: Outside\n---\nnot for include\n")
    site.write("content/_posts/2017-05-06-escape.md",
               "---\ntitle: Escape\n---\n{% include_relative ../secret.md %}\n")
    result = site.build()
    assert "<em>here</em>" in site.read("2017/05/05/more.html")
    files = site.files()
    assert not any("snippet" in name for name in files)
    assert not [p for p in result.problems.warnings if p.file == "content/_posts/snippet.md"]
    assert "not for include" not in site.read("2017/05/06/escape.html")
    assert any("escape" in p.file and "include" in p.message for p in result.problems.warnings)


def test_eleventy_listing_templates_and_unknown_permalink_data_do_not_stop_the_build(site: TmpSite) -> None:
    """eleventy-base-blog's `tags.md`-style pagination page and a permalink over global data."""
    site.config("posts_dirs: [blog]\n")
    site.write("content/tags.md", "---\npagination:\n  data: collections\n  size: 1\n  alias: tag\n"
                                  "permalink: /tags/{{ tag | slugify }}/\n---\n<h1>Tagged {{ tag }}</h1>\n")
    site.write("content/colophon.md", '---\ntitle: Colophon\npermalink: "{{ metadata.colophon.path }}"\n---\nx\n')
    site.write("content/blog/a.md", "---\ntitle: A\ndate: 2020-01-01\n---\nA\n")
    site.write("content/blog/b.md", "---\ntitle: B\ndate: 2021-01-01\n---\n"
                                    "{% for post in collections.posts %}{{ post.data.title }};{% endfor %}"
                                    "|{% for post in collections.posts | reverse %}{{ post.data.title }};{% endfor %}\n")
    result = site.build()
    assert not result.problems.errors
    files = site.files()
    assert "colophon/index.html" in files and not any("tagged" in name.lower() for name in files)
    warned = {p.file for p in result.problems.warnings}
    assert {"content/tags.md", "content/colophon.md"} <= warned
    # Eleventy's collections are oldest first; `reverse` gives the newest first
    assert "A;B;|B;A;" in site.read("blog/b/index.html")


def test_the_authors_own_404_archive_and_tags_pages_win_over_artsites(site: TmpSite) -> None:
    """`jekyll new` makes a 404.html with `permalink: /404.html`; blogs keep an archive.md and tags.md."""
    site.write("content/404.html", "---\npermalink: /404.html\nlayout: default\n---\n"
                                   '<div class="container"><h1>404</h1><p>Lost in the woods.</p></div>\n')
    site.write("content/archive.md", "---\ntitle: Everything\n---\n{% for post in site.posts %}* {{ post.title }}\n"
                                     "{% endfor %}\n")
    site.write("content/tags.md", "---\ntitle: Topics\n---\nMy topics.\n")
    site.post("one.md", title="First words", tags="[art]")
    result = site.build()
    assert not result.problems.errors
    assert "Lost in the woods." in site.read("404.html")
    assert "<li>First words</li>" in site.read("archive/index.html")
    assert "My topics." in site.read("tags/index.html")
    assert "tags/art/index.html" in site.files()  # artsite's own term pages stay
    replaced = {p.file for p in result.problems.warnings if "replaces artsite's own" in p.message}
    assert replaced == {"content/404.html", "content/archive.md", "content/tags.md"}
