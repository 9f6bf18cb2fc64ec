"""Output safety: atomic swaps, refusing dangerous output folders, URL clashes and path escapes."""

from __future__ import annotations

import posixpath
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.permalinks import PermalinkError, safe_site_path
from generator.pipeline.writer import MARKER, OutputError, OutputWriter, recover
from tests.kit.sites import TmpSite, problems_text, tree_hashes


def good_site(site: TmpSite) -> dict[str, str]:
    site.post("one.md", title="One", tags="[a]")
    site.post("two.md", title="Two", date="2025-02-01")
    site.write("content/about.md", "---\ntitle: About\n---\nHi.\n")
    site.build()
    return tree_hashes(site.out)


def no_leftovers(site: TmpSite) -> None:
    siblings = [p.name for p in site.out.parent.iterdir() if p.name.startswith((".artsite-build-", ".artsite-old-"))]
    assert not siblings, f"staging folders left behind: {siblings}"


def test_failed_build_leaves_the_old_output_byte_identical(site: TmpSite) -> None:
    before = good_site(site)
    site.post("three.md", title="Three", date="the thirteenth of never")
    site.post("one.md", title="One, edited", body="Changed.\n")
    site.fail()
    assert tree_hashes(site.out) == before
    no_leftovers(site)


def test_failure_while_rendering_leaves_the_old_output_byte_identical(site: TmpSite) -> None:
    before = good_site(site)
    site.write("templates/page.html", '{% extends "base.html" %}{% block content %}'
                                      '{% include "partials/no-such-file.html" %}{% endblock %}')
    problems = site.fail()
    assert any("no-such-file" in p.message for p in problems.errors), problems_text(problems)
    assert tree_hashes(site.out) == before
    no_leftovers(site)


def test_first_failed_build_creates_no_output(site: TmpSite) -> None:
    site.post("bad.md", date="yesterday")
    site.fail()
    assert not site.out.exists()
    no_leftovers(site)


def test_successful_rebuild_replaces_stale_files(site: TmpSite) -> None:
    good_site(site)
    (site.root / "content/posts/two.md").unlink()
    site.build()
    assert not (site.out / "posts/two").exists()
    assert (site.out / MARKER).is_file()
    no_leftovers(site)


@pytest.mark.parametrize("where", [".", "..", "content", "content/posts/out"])
def test_refuses_output_that_is_or_contains_the_source(site: TmpSite, where: str) -> None:
    site.post("one.md")
    watched = site.root.parent
    before = tree_hashes(watched)
    problems = site.fail(output=site.root / where)
    assert problems.errors and "output" in problems.errors[0].message
    assert tree_hashes(watched) == before


def test_refuses_output_relative_to_the_working_directory(site: TmpSite, monkeypatch: pytest.MonkeyPatch) -> None:
    site.post("one.md")
    monkeypatch.chdir(site.root / "content")
    before = tree_hashes(site.root)
    problems = site.fail(output=Path(".."))
    assert problems.errors
    assert tree_hashes(site.root) == before


def test_refuses_to_replace_a_folder_it_did_not_make(site: TmpSite) -> None:
    site.post("one.md")
    site.out.mkdir()
    (site.out / "thesis.docx").write_bytes(b"years of work")
    problems = site.fail()
    assert any("not made by artsite" in p.message or "refus" in p.message for p in problems.errors)
    assert (site.out / "thesis.docx").read_bytes() == b"years of work"
    assert sorted(p.name for p in site.out.iterdir()) == ["thesis.docx"]


def test_builds_into_an_existing_empty_folder(site: TmpSite) -> None:
    site.post("one.md")
    site.out.mkdir()
    site.build()
    assert (site.out / "posts/one/index.html").is_file()


def test_two_pages_claiming_one_url_is_an_error_naming_both(site: TmpSite) -> None:
    site.post("2024-05-01-clash.md", title="Older")
    site.post("clash.md", title="Newer")
    problems = site.fail()
    errors = [p for p in problems.errors if "/posts/clash/" in p.message]
    assert errors, problems_text(problems)
    text = " ".join(f"{p.file} {p.message}" for p in errors)
    assert "2024-05-01-clash.md" in text and "posts/clash.md" in text


def test_permalink_claiming_a_generated_page_is_an_error(site: TmpSite) -> None:
    site.post("one.md", tags="[ink]")
    site.post("squatter.md", title="Squatter", permalink="/tags/ink/")
    problems = site.fail()
    assert any("squatter.md" in f"{p.file} {p.message}" for p in problems.errors), problems_text(problems)


@pytest.mark.parametrize("permalink", [
    "../../etc/x", "/../x", "/posts/../../x/", "'C:\\\\Windows\\\\x'", "C:/Windows/x/", "'\\\\\\\\server\\\\x'",
    "'/a\\\\..\\\\..\\\\x'", "'..\\\\x'", "https://evil.example/x", "//evil.example/x",
])
def test_permalink_cannot_write_outside_the_output(site: TmpSite, tmp_path: Path, permalink: str) -> None:
    site.post("escape.md", title="Escape", permalink=permalink)
    site.post("fine.md", title="Fine")
    before = {p for p in tmp_path.rglob("*") if "_site" not in p.parts}
    problems = site.fail()
    assert any(p.file == "content/posts/escape.md" and "permalink" in p.message for p in problems.errors), \
        problems_text(problems)
    after = {p for p in tmp_path.rglob("*") if "_site" not in p.parts and ".artsite-cache" not in p.parts}
    assert after <= before, f"written outside the output: {sorted(map(str, after - before))}"
    assert not site.out.exists()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab./\\:~%\x00\n C")), max_size=24))
def test_safe_site_path_never_leaves_the_site(raw: str) -> None:
    """Whatever a permalink says, the result is a clean path under the output folder, or refused."""
    try:
        clean = safe_site_path(raw)
    except PermalinkError:
        return
    assert clean.startswith("/") and not clean.startswith("//")
    assert "\\" not in clean and "\x00" not in clean and "\n" not in clean
    parts = clean.strip("/").split("/")
    assert ".." not in parts and "." not in parts
    base = PurePosixPath("/srv/out")
    joined = PurePosixPath(posixpath.normpath(str(base / clean.lstrip("/"))))
    assert joined == base or base in joined.parents


@pytest.mark.parametrize("rel", ["../x", "a/../../x", "..\\x", "a\\..\\..\\x", "", ".", "a/./b", "x\x00y"])
def test_writer_refuses_unsafe_paths(tmp_path: Path, rel: str) -> None:
    writer = OutputWriter(tmp_path / "out")
    try:
        with pytest.raises(OutputError):
            writer.write_text(rel, "x", "test")
    finally:
        writer.abort()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_writer_refuses_a_second_claim_naming_both(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path / "out")
    writer.write_text("a/index.html", "first", "content/posts/first.md")
    with pytest.raises(OutputError, match=r"first\.md.*second\.md"):
        writer.write_text("/a/index.html", "second", "content/posts/second.md")
    writer.commit()
    assert (tmp_path / "out/a/index.html").read_text() == "first"


def test_a_killed_build_is_recovered(site: TmpSite) -> None:
    before = good_site(site)
    # killed between the two renames of a swap: the old site moved aside, the new one not yet in place
    site.out.rename(site.root / "._site-placeholder")
    (site.root / "._site-placeholder").rename(site.root / ".artsite-old-_site-0000dead")
    (site.root / ".artsite-build-_site-0000beef").mkdir()  # and a half-written staging folder
    recover(site.out)
    assert tree_hashes(site.out) == before
    no_leftovers(site)
