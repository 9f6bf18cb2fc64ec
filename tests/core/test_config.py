"""site.yaml: schema validation that reports every problem with its line, and --strict."""

from __future__ import annotations

from pathlib import Path

from generator.config import load_config
from generator.problems import Problems
from tests.kit.sites import TmpSite, problems_text

MANY_MISTAKES = """\
title: Fine
posts_per_page: ten
language: 42
base_url: not-a-url
feeds:
  atom: maybe
menu:
  - title: Home
"""


def test_every_schema_problem_is_reported_with_its_line(site: TmpSite) -> None:
    (site.root / "site.yaml").write_text(MANY_MISTAKES, encoding="utf-8")
    site.post("fine.md")
    problems = site.fail()
    located = {(p.line, p.message.split(":", 1)[0]) for p in problems.errors if p.file == "site.yaml"}
    assert {(2, "posts_per_page"), (3, "language"), (4, "base_url"), (6, "feeds.atom"), (8, "menu.0")} <= located, \
        problems_text(problems)


def test_unknown_key_is_a_warning_and_an_error_with_strict(site: TmpSite) -> None:
    site.config("colour_scheme: teal\n")
    site.post("fine.md")
    result = site.build()
    [warning] = [p for p in result.problems.warnings if "colour_scheme" in p.message]
    assert warning.file == "site.yaml" and warning.line is not None
    problems = site.fail(strict=True)
    assert any("colour_scheme" in p.message for p in problems.errors)


def test_typo_gets_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("titel: My site\n", encoding="utf-8")
    problems = Problems(root=tmp_path)
    load_config(tmp_path, problems)
    [warning] = problems.warnings
    assert "titel" in warning.message and "title" in warning.message.replace("titel", "")
    assert warning.line == 1


def test_defaults_apply_without_site_yaml(tmp_path: Path) -> None:
    problems = Problems(root=tmp_path)
    config = load_config(tmp_path, problems)
    assert not problems.items
    assert config.base_url.endswith("/") and config["posts_per_page"] >= 1


def test_site_settings_reach_the_pages(site: TmpSite) -> None:
    site.config("menu:\n  - title: Studio notes\n    url: /about/\n", base_url="https://art.example.test/")
    (site.root / "site.yaml").write_text(
        (site.root / "site.yaml").read_text().replace("title: Test Site", "title: Ink Studio")
        .replace("language: en", "language: nl-BE"), encoding="utf-8")
    site.write("content/about.md", "---\ntitle: About\n---\nx\n")
    site.post("one.md")
    site.build()
    home = site.html("index.html")
    assert ("html", "lang", "nl-BE") in home.attrs
    assert home.meta["og:site_name"] == ["Ink Studio"]
    assert home.meta["author"] == ["Test Author"]
    assert home.links["canonical"] == ["https://art.example.test/"]
    assert ("a", "href", "/about/") in home.attrs and "Studio notes" in site.read("index.html")


def test_author_may_be_a_plain_string(site: TmpSite) -> None:
    text = (site.root / "site.yaml").read_text().replace("author:\n  name: Test Author\n", "author: Jo Printer\n")
    (site.root / "site.yaml").write_text(text, encoding="utf-8")
    site.post("one.md")
    result = site.build()
    assert not result.problems.items, problems_text(result.problems)
    assert site.html("posts/one/index.html").jsonld[0]["author"]["name"] == "Jo Printer"


def test_permalink_and_output_settings(site: TmpSite) -> None:
    site.config("permalinks:\n  post: /{year}/{slug}/\n  tag: /topics/{slug}/\noutput: public\n")
    site.post("one.md", tags="[ink]")
    from generator.pipeline.site import BuildOptions, build

    build(BuildOptions(source=site.root))
    out = site.root / "public"
    assert (out / "2025/one/index.html").is_file()
    assert (out / "topics/ink/index.html").is_file()
    assert not (site.root / "_site").exists()


def test_feeds_can_be_switched_off(site: TmpSite) -> None:
    site.config("feeds:\n  atom: false\n  json: false\n")
    site.post("one.md")
    site.build()
    assert not (site.out / "feed.xml").exists() and not (site.out / "feed.json").exists()
    assert (site.out / "sitemap.xml").exists()
    home = site.read("index.html")
    assert "feed.xml" not in home and "feed.json" not in home  # no links to feeds that do not exist


def test_unknown_plugin_is_an_error_naming_site_yaml(site: TmpSite) -> None:
    site.config(plugins="[provenance, no-such-plugin]")
    site.post("one.md")
    problems = site.fail()
    assert any(p.file == "site.yaml" and "no-such-plugin" in p.message for p in problems.errors)


def test_unknown_theme_is_one_clear_error(site: TmpSite) -> None:
    site.config("theme: no-such-theme\n")
    site.post("one.md")
    problems = site.fail()
    about_theme = [p for p in problems.errors if "no-such-theme" in p.message]
    assert about_theme and about_theme[0].file == "site.yaml", problems_text(problems)
