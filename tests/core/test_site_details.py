"""Smaller promises of the core: located setting checks, gallery tags, social images, noindex."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.problems import BuildFailed
from tests.kit.files import SITE_YAML, build_site, write_site
from tests.kit.images import png


def failing(root: Path) -> list:
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    return failed.value.problems.errors


def test_unknown_time_zone_is_an_error_at_its_line(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "timezone: Mars/Olympus_Mons\n"})
    [problem] = [p for p in failing(tmp_path) if "timezone" in p.message]
    assert (problem.file, problem.line) == ("site.yaml", len(SITE_YAML.splitlines()) + 1)  # the line added
    assert "Mars/Olympus_Mons" in problem.message


def test_bad_permalink_pattern_is_blamed_on_site_yaml(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "permalinks:\n  tag: /tags/{year}/{slug}/\n",
                          "content/posts/a.md": "---\ntitle: A\ndate: 2025-01-01\ntags: [x]\n---\nA\n"})
    errors = failing(tmp_path)
    assert [(p.file, p.line) for p in errors if "permalinks.tag" in p.message] == [("site.yaml", len(SITE_YAML.splitlines()) + 2)]
    assert not [p for p in errors if p.file == "content/posts/a.md"]


def test_gallery_tags_are_browsable(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML,
                          "content/galleries/birds/index.md": "---\ntitle: Birds\ntags: [wildlife]\n---\n",
                          "content/galleries/birds/heron.png": png()})
    _, out = build_site(tmp_path)
    assert 'href="/galleries/birds/"' in (out / "tags" / "wildlife" / "index.html").read_text()


def test_images_list_entry_without_a_file_is_a_warning(tmp_path: Path) -> None:
    index = "---\ntitle: Birds\nimages:\n  - file: heron.png\n  - file: egret.png\n---\n"
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/galleries/birds/index.md": index,
                          "content/galleries/birds/heron.png": png()})
    result, _ = build_site(tmp_path)
    assert any(p.file == "content/galleries/birds/index.md" and "egret.png" in p.message
               for p in result.problems.warnings)


def test_work_pages_and_posts_with_an_image_get_a_social_card_image(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML,
                          "content/galleries/birds/index.md": "---\ntitle: Birds\n---\n",
                          "content/galleries/birds/heron.png": png(size=(300, 200)),
                          "content/posts/p/index.md": "---\ntitle: P\ndate: 2025-01-01\nimage: card.png\n---\nText\n",
                          "content/posts/p/card.png": png(size=(240, 120))})
    _, out = build_site(tmp_path)
    work = (out / "galleries" / "birds" / "heron" / "index.html").read_text()
    assert '<meta property="og:image" content="https://example.test/galleries/birds/heron-300.jpg">' in work
    assert '<meta name="twitter:card" content="summary_large_image">' in work
    post = (out / "posts" / "p" / "index.html").read_text()
    assert '<meta property="og:image" content="https://example.test/posts/p/card-240.jpg">' in post
    assert (out / "posts" / "p" / "card-240.jpg").is_file()


def test_noindex_pages_ask_robots_not_to_index_them(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/secret.md": "---\ntitle: S\nnoindex: true\n---\nS\n",
                          "content/open.md": "---\ntitle: O\n---\nO\n"})
    _, out = build_site(tmp_path)
    assert '<meta name="robots" content="noindex">' in (out / "secret" / "index.html").read_text()
    assert '<meta name="robots" content="noindex">' not in (out / "open" / "index.html").read_text()
    assert "/secret/" not in (out / "sitemap.xml").read_text()


def test_a_newer_post_updates_the_footer_year_on_every_page(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, "content/about.md": "---\ntitle: About\n---\nA\n",
                          "content/posts/a.md": "---\ntitle: A\ndate: 2024-03-01\n---\nA\n"})
    _, out = build_site(tmp_path)
    assert "&copy; 2024" in (out / "404.html").read_text()
    write_site(tmp_path, {"content/posts/b.md": "---\ntitle: B\ndate: 2025-03-01\n---\nB\n"})
    build_site(tmp_path)
    assert "&copy; 2025" in (out / "404.html").read_text()  # a page that depends on no post


def test_gallery_text_and_captions_are_rendered_like_posts_under_a_subpath(tmp_path) -> None:
    """Links in a gallery's text and a work's caption get the base path and follow .md sources;
    an image in the gallery text becomes real markup, never a raw placeholder."""
    from tests.kit.images import png
    from tests.kit.sites import new_site

    site = new_site(tmp_path / "sub")
    site.config(base_url="https://example.test/blog/")
    site.post("p.md", title="P")
    site.write("content/galleries/g/index.md",
               "---\ntitle: G\n---\nSee [the post](../../posts/p.md), [about](/about/) and ![a fox](fox.png)\n")
    (site.root / "content/galleries/g/fox.png").write_bytes(png())
    site.write("content/galleries/g/fox.png.md", "---\nalt: A fox\n---\nFrom [the post](/posts/p/).\n")
    site.write("content/about.md", "---\ntitle: About\n---\nAbout.\n")
    site.build()
    gallery = site.read("galleries/g/index.html")
    work = site.read("galleries/g/fox/index.html")
    assert "<artsite-image" not in gallery and "<picture" in gallery
    assert 'href="/blog/posts/p/"' in gallery and 'href="/blog/about/"' in gallery
    assert 'href="/blog/posts/p/"' in work


def test_images_with_spaces_or_a_query_in_their_address_are_found(tmp_path) -> None:
    from tests.kit.images import png
    from tests.kit.sites import new_site

    site = new_site(tmp_path / "spaces")
    (site.root / "content/img").mkdir(parents=True)
    (site.root / "content/img/My Art 01.png").write_bytes(png())
    (site.root / "content/img/x.png").write_bytes(png())
    site.post("p.md", title="P", body="![one](<../img/My Art 01.png>)\n\n![two](/img/x.png?v=2)\n")
    result = site.build()
    assert not [p.message for p in result.problems.warnings if "not found" in p.message]
    assert site.read("posts/p/index.html").count("<picture") == 2


@pytest.mark.parametrize("plugins", ["[]", "[consent]"])
def test_a_site_without_a_licence_prints_none_of_it_in_the_footer(tmp_path: Path, plugins: str) -> None:
    """An imported blog has no `license:`; its footer must not read "None" or start with a dot."""
    from tests.kit.sites import new_site

    site = new_site(tmp_path / "site")
    site.config(plugins=plugins)
    site.post("one.md", title="One")
    site.build()
    footer = site.read("index.html").split("<footer", 1)[1]
    assert "None" not in footer
    assert "· ·" not in footer and "&#32;      ·" not in footer.replace("\n", "")
