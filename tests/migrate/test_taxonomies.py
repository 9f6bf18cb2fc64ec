"""Categories and other taxonomies get pages like tags; tags keep their addresses.

Forms from real posts: Hugo TOML `categories = [ "Interesting", "Chocolate" ]` and `series = []`,
Jekyll `categories: jekyll update` (a space-separated string) and `category: travel`, and Jekyll
category folders (`travel/_posts/...`).
"""

from __future__ import annotations

from tests.kit.sites import TmpSite, problems_text


def test_categories_have_pages_and_an_index_like_tags(site: TmpSite) -> None:
    site.post("a.md", title="A", categories="[Interesting, Chocolate]", tags="[sweet]")
    site.post("b.md", title="B", date="2025-02-01", categories="Chocolate")
    result = site.build()
    files = site.files()
    assert {"categories/interesting/index.html", "categories/chocolate/index.html", "categories/index.html",
            "tags/sweet/index.html"} <= files
    chocolate = site.html("categories/chocolate/index.html")
    assert chocolate.h1 == ["Category Chocolate"]
    assert {"/posts/a/", "/posts/b/"} <= set(chocolate.urls())
    index = site.read("categories/index.html")
    assert 'href="/categories/chocolate/"' in index and "(2)" in index
    post = site.html("posts/a/index.html")
    assert "/categories/interesting/" in post.urls() and post.tag_links() == {"/tags/sweet/"}
    assert not result.problems.warnings, problems_text(result.problems)


def test_jekyll_category_strings_and_folders(site: TmpSite) -> None:
    site.write("content/_posts/2008-12-14-welcome.markdown",
               "---\nlayout: post\ntitle: Welcome\ncategories: jekyll update\n---\nText\n")
    site.write("content/travel/_posts/2014-02-03-lisbon.md", "---\ntitle: Lisbon\ncategory: europe\n---\nText\n")
    site.config('permalinks: {post: "/:categories/:year/:month/:day/:title:output_ext"}\n')
    site.build()
    files = site.files()
    assert "jekyll/update/2008/12/14/welcome.html" in files
    assert "travel/europe/2014/02/03/lisbon.html" in files
    assert {"categories/jekyll/index.html", "categories/update/index.html", "categories/travel/index.html",
            "categories/europe/index.html"} <= files


def test_site_yaml_declares_more_taxonomies_hugo_style(site: TmpSite) -> None:
    site.config("taxonomies: {tag: tags, category: categories, series: series}\n")
    site.post("one.md", title="One", series="[Painting week]")
    site.build()
    assert "series/painting-week/index.html" in site.files() and "series/index.html" in site.files()
    assert site.html("series/painting-week/index.html").h1 == ["Series Painting week"]


def test_a_list_of_taxonomies_without_categories(site: TmpSite) -> None:
    site.config("taxonomies: [tags]\n")
    site.post("one.md", categories="[ignored]")
    site.build()
    assert not any(name.startswith("categories/") for name in site.files())


def test_a_bad_taxonomies_setting_is_an_error_at_its_line(site: TmpSite) -> None:
    site.config("taxonomies: [Tags With Spaces]\n")
    problems = site.fail()
    assert any(p.file == "site.yaml" and "taxonomies" in p.message for p in problems.errors), problems_text(problems)


def test_jekyll_addresses_use_the_sites_zone_and_lower_case_categories(site: TmpSite) -> None:
    """Jekyll reads `2016-05-20 01:00:00 +0200` into the site's zone (UTC here) before making
    the address, and keeps `Web Design` as `web design` there."""
    site.config('permalinks: {post: date}\n')
    site.write("content/_posts/2016-05-20-late.md",
               "---\ntitle: Late\ndate: 2016-05-20 01:00:00 +0200\ncategories: [Web Design]\n---\nText\n")
    site.build()
    assert "web design/2016/05/19/late.html" in site.files()
    assert "categories/web-design/index.html" in site.files()
