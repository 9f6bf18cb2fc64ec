"""A build with nothing changed stops early; any change to what a build reads makes it build."""

from __future__ import annotations

from pathlib import Path

from tests.kit.files import SITE_YAML, build_site, write_site
from tests.kit.sites import touch_later

POST = "---\ntitle: {title}\ndate: 2025-01-0{n}\ntags: [{tag}]\n---\nBody of {title}.\n"


def make(root: Path) -> Path:
    return write_site(root, {
        "site.yaml": SITE_YAML,
        "content/posts/a.md": POST.format(title="A", n=1, tag="x"),
        "content/posts/b.md": POST.format(title="B", n=2, tag="y") + "\n[broken](missing.md)\n",
    })



def test_no_change_rebuild_stops_early_and_repeats_its_warnings(tmp_path: Path) -> None:
    make(tmp_path)
    first, out = build_site(tmp_path)
    assert first.pages_rendered > 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second, _ = build_site(tmp_path)
    assert second.pages_rendered == 0 and second.pages_reused == first.pages_rendered
    assert second.unchanged
    assert [name for name, _ in second.timings] == ["settings and plugins", "no-change check"]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert [str(p) for p in second.problems.warnings] == [str(p) for p in first.problems.warnings]
    assert any("missing.md" in p.message for p in second.problems.warnings)


def test_every_kind_of_input_change_makes_a_real_build(tmp_path: Path) -> None:
    make(tmp_path)
    build_site(tmp_path)
    changes = [
        lambda: touch_later(tmp_path / "content" / "posts" / "a.md"),
        lambda: (tmp_path / "content" / "posts" / "c.md").write_text(POST.format(title="C", n=3, tag="x")),
        lambda: (tmp_path / "content" / "posts" / "c.md").unlink(),
        lambda: write_site(tmp_path, {"templates/page.html": "{% extends 'theme:page.html' %}"}),
        lambda: (tmp_path / "site.yaml").write_text(SITE_YAML + "posts_per_page: 3\n"),
    ]
    for change in changes:
        change()
        result, _ = build_site(tmp_path)
        assert not result.unchanged, "a change did not make the build run"
        again, _ = build_site(tmp_path)
        assert again.unchanged


def test_other_options_or_output_folders_are_not_confused(tmp_path: Path) -> None:
    make(tmp_path)
    build_site(tmp_path)
    drafts, _ = build_site(tmp_path, drafts=True)
    assert not drafts.unchanged
    elsewhere, out = build_site(tmp_path, output=tmp_path / "other")
    assert not elsewhere.unchanged and (out / "index.html").is_file()
    deleted, _ = build_site(tmp_path, output=tmp_path / "other", use_cache=False)
    assert not deleted.unchanged  # --no-cache never takes the shortcut


def test_adding_a_post_renders_only_what_depends_on_it(tmp_path: Path) -> None:
    make(tmp_path)
    write_site(tmp_path, {"content/about.md": "---\ntitle: About\n---\nSee [A](posts/a.md).\n"})
    build_site(tmp_path)
    write_site(tmp_path, {"content/posts/c.md": POST.format(title="C", n=3, tag="z")})
    result, out = build_site(tmp_path)
    assert "about/index.html" not in result.written  # its Markdown links to nothing that changed
    assert "posts/c/index.html" in result.written
    # ...but a page whose link target moves is rendered again, with the new address.
    write_site(tmp_path, {"content/posts/a.md": POST.format(title="A", n=1, tag="x").replace(
        "title: A", "title: A\nslug: renamed")})
    result, out = build_site(tmp_path)
    assert "about/index.html" in result.written
    assert 'href="/posts/renamed/"' in (out / "about" / "index.html").read_text()
