"""Incremental builds: nothing changed renders nothing; one edit renders only what shows it."""

from __future__ import annotations

import os
import time

from tests.kit.sites import TmpSite, touch_later, tree_hashes


def three_posts(site: TmpSite) -> None:
    site.post("alpha.md", title="Alpha", date="2025-01-01", tags="[red]")
    site.post("beta.md", title="Beta", date="2025-02-01", tags="[green]")
    site.post("gamma.md", title="Gamma", date="2025-03-01", tags="[blue]")
    site.write("content/about.md", "---\ntitle: About\n---\nAbout.\n")


def test_second_build_without_changes_renders_nothing(site: TmpSite) -> None:
    three_posts(site)
    first = site.build()
    assert first.pages_rendered > 0 and first.pages_reused == 0
    before = tree_hashes(site.out)
    second = site.build()
    assert second.pages_rendered == 0
    assert second.pages_reused == first.pages_rendered
    assert second.written == []
    assert tree_hashes(site.out) == before


def test_editing_one_post_renders_it_and_its_lists_only(site: TmpSite) -> None:
    three_posts(site)
    site.build()
    path = site.post("beta.md", title="Beta", date="2025-02-01", tags="[green]",
                     body="A longer, edited body for beta.\n")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))  # a fresh mtime even on coarse file systems
    result = site.build()
    written = set(result.written)
    assert {"posts/beta/index.html", "index.html", "tags/green/index.html"} <= written, written
    assert not {"posts/alpha/index.html", "posts/gamma/index.html", "tags/red/index.html",
                "tags/blue/index.html", "about/index.html", "404.html"} & written, written
    assert "A longer, edited body for beta." in site.read("posts/beta/index.html")
    assert "A longer, edited body" in site.read("index.html")
    assert result.pages_rendered + result.pages_reused == len([f for f in site.files() if f.endswith(".html")])


def test_retitling_a_post_updates_its_neighbours(site: TmpSite) -> None:
    three_posts(site)
    site.build()
    path = site.post("beta.md", title="Beta renamed", date="2025-02-01", tags="[green]")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    result = site.build()
    assert {"posts/alpha/index.html", "posts/gamma/index.html"} <= set(result.written)
    assert "Beta renamed" in site.read("posts/alpha/index.html")


def test_a_template_change_renders_exactly_the_pages_that_use_it(site: TmpSite) -> None:
    three_posts(site)
    first = site.build()
    site.write("templates/post.html", '{% extends "theme:post.html" %}{% block content %}<p id="x">x</p>'
                                      '{{ super() }}{% endblock %}')
    result = site.build()
    assert sorted(result.written) == ["posts/alpha/index.html", "posts/beta/index.html", "posts/gamma/index.html"]
    assert '<p id="x">x</p>' in site.read("posts/alpha/index.html")
    assert result.pages_rendered == 3 and result.pages_rendered + result.pages_reused == first.pages_rendered


def test_a_partial_rendered_with_render_partial_is_a_dependency_of_the_lists_that_show_it(site: TmpSite) -> None:
    """The theme's lists render post summaries with render_partial, once per post: overriding the
    partial re-renders exactly the lists, and a post's summary follows its edits on every list."""
    three_posts(site)
    first = site.build()
    site.write("templates/partials/post-summary.html", '<p class="mine">{{ item.title }}</p>')
    result = site.build()
    assert sorted(result.written) == ["index.html", "tags/blue/index.html", "tags/green/index.html",
                                      "tags/red/index.html"]
    assert result.pages_rendered + result.pages_reused == first.pages_rendered
    assert '<p class="mine">Beta</p>' in site.read("index.html") and '<p class="mine">Beta</p>' in site.read(
        "tags/green/index.html")
    site.post("beta.md", title="Beta again", date="2025-02-01", tags="[green]")
    touch_later(site.root / "content/posts/beta.md")
    again = site.build()
    assert {"index.html", "tags/green/index.html"} <= set(again.written)
    assert "tags/red/index.html" not in again.written
    assert '<p class="mine">Beta again</p>' in site.read("index.html")
    assert '<p class="mine">Beta again</p>' in site.read("tags/green/index.html")


def test_a_summary_shown_on_several_lists_is_rendered_once(site: TmpSite, monkeypatch) -> None:
    import generator.render.partials as partials

    site.post("one.md", title="One", date="2025-01-01", tags="[a, b, c]")
    renders: list[str] = []
    real = partials.recording

    def counting(own):
        renders.append("partial")
        return real(own)

    monkeypatch.setattr(partials, "recording", counting)
    site.build()
    html = [site.read(rel) for rel in ("index.html", "tags/a/index.html", "tags/b/index.html", "tags/c/index.html")]
    assert all('class="post-summary-title"' in text and ">One<" in text for text in html)
    # once under the home page's section heading (h3), once for the three tag pages (h2)
    assert renders == ["partial", "partial"], "the summary was rendered again for each list"


def test_deleting_a_post_removes_it_and_updates_lists(site: TmpSite) -> None:
    three_posts(site)
    site.build()
    (site.root / "content/posts/gamma.md").unlink()
    result = site.build()
    assert not (site.out / "posts/gamma").exists() and not (site.out / "tags/blue").exists()
    assert "Gamma" not in site.read("index.html")
    assert "index.html" in result.written


def test_no_cache_still_builds_the_same_site(site: TmpSite) -> None:
    three_posts(site)
    site.build()
    cached = tree_hashes(site.out)
    result = site.build(use_cache=False)
    assert result.pages_reused == 0
    assert tree_hashes(site.out) == cached


def test_no_cache_does_not_write_the_cache_folder(site: TmpSite) -> None:
    """`--no-cache` promises to ignore and not update .artsite-cache/, images included."""
    from PIL import Image

    site.post("bundle/index.md", body="![A red square](red.png)\n")
    Image.new("RGB", (40, 30), "red").save(site.root / "content/posts/bundle/red.png")
    site.build(use_cache=False)
    assert (site.out / "posts/bundle/index.html").is_file()
    assert not (site.root / ".artsite-cache").exists()


def test_feeds_are_kept_when_no_entry_changed_and_remade_when_one_did(site: TmpSite) -> None:
    site.config("feeds:\n  limit: 2\n")
    site.post("old.md", title="Old", date="2024-01-01", body="Old body.\n")
    site.post("mid.md", title="Mid", date="2025-01-01", body="Mid body.\n")
    site.post("new.md", title="New", date="2025-02-01", body="New body.\n")
    site.build()
    inodes = {name: (site.out / name).stat().st_ino for name in ("feed.xml", "feed.json")}
    path = site.post("old.md", title="Old", date="2024-01-01", body="Old body, edited.\n")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    site.build()
    assert {name: (site.out / name).stat().st_ino for name in inodes} == inodes, "an unchanged feed was rewritten"
    path = site.post("new.md", title="New", date="2025-02-01", body="New body, edited.\n")
    os.utime(path, (stamp + 5, stamp + 5))
    site.build()
    for name in inodes:
        assert (site.out / name).stat().st_ino != inodes[name]
        assert "New body, edited." in site.read(name)


def test_static_files_and_loose_images_are_copied_only_when_they_change(site: TmpSite) -> None:
    """A loose image is cleaned as it is copied, which is worth doing once, not on every build."""
    from tests.kit.images import png

    site.post("a.md", title="A")
    site.write("content/notes.txt", "one\n")
    (site.root / "content/pic.png").write_bytes(png({"parameters": "a fox\nSteps: 20"}))
    site.build()
    inodes = {rel: (site.out / rel).stat().st_ino for rel in ("notes.txt", "pic.png", "theme/css/site.css")}
    site.post("a.md", title="A edited")
    path = site.write("content/notes.txt", "two\n")
    stamp = time.time() + 5
    for changed in (site.root / "content/posts/a.md", path):
        os.utime(changed, (stamp, stamp))
    site.build()
    after = {rel: (site.out / rel).stat().st_ino for rel in inodes}
    assert after["pic.png"] == inodes["pic.png"] and after["theme/css/site.css"] == inodes["theme/css/site.css"]
    assert after["notes.txt"] != inodes["notes.txt"] and site.read("notes.txt") == "two\n"


def test_tag_feeds_unchanged_are_kept_without_making_their_entries(site: TmpSite, monkeypatch) -> None:
    """Making a post's entry absolutizes its whole HTML; with fifty tags that took half a second
    of every one-post edit. Only the feeds of the edited post's tags may make entries again."""
    import generator.outputs.tagfeeds as tagfeeds

    site.post("red.md", title="Red", date="2025-01-01", tags="[red]", body="Red body.\n")
    site.post("green.md", title="Green", date="2025-02-01", tags="[green]", body="Green body.\n")
    site.build()
    inode = (site.out / "tags/green/feed.xml").stat().st_ino
    made: list[str] = []
    real = tagfeeds.post_entry
    monkeypatch.setattr(tagfeeds, "post_entry", lambda s, page: made.append(page.title) or real(s, page))
    path = site.post("red.md", title="Red", date="2025-01-01", tags="[red]", body="Red body, edited.\n")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    site.build()
    assert made == ["Red"], "an unchanged tag feed made its entries again"
    assert (site.out / "tags/green/feed.xml").stat().st_ino == inode
    assert "Red body, edited." in site.read("tags/red/feed.xml")
    assert "Red body, edited." in site.read("tags/red/feed.json")
