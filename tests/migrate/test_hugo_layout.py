"""Hugo's content layout: `_index.md` section pages, leaf bundles and what is not published."""

from __future__ import annotations

from tests.kit.sites import TmpSite, problems_text


def test_index_md_is_the_sections_list_page_not_a_post(site: TmpSite) -> None:
    site.write("content/posts/_index.md", "+++\ntitle = \"Writing\"\n+++\nEssays and *notes*.\n")
    site.post("one.md", title="One")
    site.post("two.md", title="Two", date="2025-03-01")
    site.write("content/_index.md", "---\ntitle: Home\n---\nHome text\n")
    result = site.build()
    section = site.html("posts/index.html")
    assert section.h1 == ["Writing"]
    text = site.read("posts/index.html")
    assert "Essays and <em>notes</em>." in text
    assert text.index("/posts/two/") < text.index("/posts/one/")  # newest first
    assert "Writing" not in site.read("feed.xml")  # not a post
    assert not any(name.startswith("_index") for name in site.files())
    assert not result.problems.errors, problems_text(result.problems)


def test_a_long_section_paginates(site: TmpSite) -> None:
    site.config(per_page=2)
    site.write("content/posts/_index.md", "---\ntitle: All\n---\n")
    for day in range(1, 6):
        site.post(f"p{day}.md", title=f"P{day}", date=f"2025-01-0{day}")
    site.build()
    assert {"posts/index.html", "posts/page/2/index.html", "posts/page/3/index.html"} <= site.files()


def test_leaf_bundle_markdown_resources_are_not_pages(site: TmpSite) -> None:
    site.write("content/posts/trip/index.md", "---\ntitle: Trip\ndate: 2024-05-01\n---\nSee the photos.\n")
    site.write("content/posts/trip/notes.md", "---\ntitle: Notes\ndraft: true\n---\nprivate\n")
    site.write("content/posts/trip/caption.md", "A caption\n")
    site.build()
    files = site.files()
    assert "posts/trip/index.html" in files
    assert not any("notes" in name or "caption" in name for name in files), sorted(files)


def test_url_front_matter_is_the_address(site: TmpSite) -> None:
    site.post("hugo.md", title="Hugo", url="/2016/01/my-post/")
    site.build()
    assert "2016/01/my-post/index.html" in site.files()
