"""Problems are located (file:line:col), all reported together, and fail the build at the end."""

from __future__ import annotations

from tests.kit.sites import TmpSite, problems_text

# Line 3, column 9 is the second ':' of `title: a: b`, where YAML finds the mistake.
BROKEN_YAML = "---\ndate: 2025-01-01\ntitle: a: b\n---\nBody\n"


def test_yaml_error_in_front_matter_is_located(site: TmpSite) -> None:
    site.write("content/posts/broken.md", BROKEN_YAML)
    problems = site.fail()
    [error] = [p for p in problems.errors if p.file == "content/posts/broken.md"]
    assert (error.line, error.column) == (3, 9)
    assert "mapping values" in error.message
    assert str(error).startswith("content/posts/broken.md:3:9: error: ")


def test_yaml_error_in_site_yaml_is_located(site: TmpSite) -> None:
    site.post("fine.md")
    (site.root / "site.yaml").write_text("title: ok\ndescription: a: b\n", encoding="utf-8")
    problems = site.fail()
    [error] = problems.errors
    assert (error.file, error.line, error.column) == ("site.yaml", 2, 15)  # `description: a: b`, second colon


def test_impossible_calendar_date_is_an_error_naming_the_file(site: TmpSite) -> None:
    """YAML turns 2025-13-45 into a date itself, and that must not crash the build."""
    site.post("good.md")
    site.post("month13.md", date="2025-13-45")
    site.post("feb30.md", date="2025-02-30")
    problems = site.fail()
    located = {(p.file, p.line) for p in problems.errors}
    assert {("content/posts/month13.md", 3), ("content/posts/feb30.md", 3)} <= located, problems_text(problems)


def test_missing_title_is_a_warning_with_a_fallback(site: TmpSite) -> None:
    site.post("my-first-print.md", title=None)
    result = site.build()
    warnings = [p for p in result.problems.warnings if p.file == "content/posts/my-first-print.md"]
    assert warnings and "title" in warnings[0].message
    [h1] = site.html("posts/my-first-print/index.html").h1
    assert h1.lower() == "my first print"


def test_every_broken_file_is_reported_at_once(site: TmpSite) -> None:
    site.post("ok.md")
    site.post("bad-date.md", date="'someday'")
    site.write("content/posts/bad-yaml.md", BROKEN_YAML)
    site.write("content/posts/scripted.md", "---js\n{ title: 'x' }\n---\nBody\n")
    site.write("content/bad-page.md", "---\ntitle: [unclosed\n---\nBody\n")
    problems = site.fail()
    named = {p.file for p in problems.errors}
    assert {"content/posts/bad-date.md", "content/posts/bad-yaml.md", "content/posts/scripted.md",
            "content/bad-page.md"} <= named, problems_text(problems)
    assert not site.out.exists()


def test_config_and_content_problems_are_reported_together(site: TmpSite) -> None:
    site.config("posts_per_page_typo: 3\n")
    (site.root / "site.yaml").write_text(
        (site.root / "site.yaml").read_text().replace("posts_per_page: 10", "posts_per_page: lots"))
    site.post("bad-date.md", date="'someday'")
    problems = site.fail()
    named = {p.file for p in problems.errors}
    assert {"site.yaml", "content/posts/bad-date.md"} <= named, problems_text(problems)


def test_warnings_fail_the_build_with_strict(site: TmpSite) -> None:
    site.post("untitled.md", title=None)
    site.build()
    before = (site.out / "posts/untitled/index.html").read_bytes()
    site.post("untitled.md", title=None, body="Edited.\n")
    problems = site.fail(strict=True)
    assert any(p.file == "content/posts/untitled.md" for p in problems.items)
    assert (site.out / "posts/untitled/index.html").read_bytes() == before


def test_bad_front_matter_types_are_errors(site: TmpSite) -> None:
    site.post("t.md", draft="'maybe'", tags="{a: 1}", permalink="42")
    problems = site.fail()
    messages = " | ".join(p.message for p in problems.errors if p.file == "content/posts/t.md")
    assert "draft" in messages and "tags" in messages and "permalink" in messages, messages


def test_unclosed_front_matter_is_an_error(site: TmpSite) -> None:
    site.write("content/posts/open.md", "---\ntitle: Never closed\ndate: 2025-01-01\nBody\n")
    problems = site.fail()
    assert any(p.file == "content/posts/open.md" for p in problems.errors), problems_text(problems)


def test_non_utf8_file_is_an_error_naming_it(site: TmpSite) -> None:
    (site.root / "content/posts/latin1.md").write_bytes("---\ntitle: Café\n---\nx\n".encode("latin-1"))
    problems = site.fail()
    assert any(p.file == "content/posts/latin1.md" for p in problems.errors)
