from __future__ import annotations

from pathlib import Path

from generator.pipeline.site import BuildOptions, build
from tests.serve.conftest import write_post


def inodes(output: Path) -> dict[str, int]:
    return {p.relative_to(output).as_posix(): p.stat().st_ino for p in output.rglob("*.html")}


def test_one_post_edit_rewrites_only_what_shows_it(site: Path) -> None:
    first = build(BuildOptions(source=site))
    before = inodes(first.output)
    write_post(site, 2, "Post 2", "An edited body only.")
    second = build(BuildOptions(source=site))
    after = inodes(second.output)
    written = set(second.written)
    assert "posts/p2/index.html" in written
    untouched = {"posts/p1/index.html", "posts/p3/index.html", "about/index.html", "tags/t1/index.html",
                 "tags/t3/index.html", "posts/hello-world/index.html", "404.html"}
    assert not untouched & written
    for rel in untouched:
        assert after[rel] == before[rel], rel  # hard-linked from the previous build, not rewritten
    for rel in written:
        assert after[rel] != before[rel], rel
    assert second.pages_reused >= len(untouched)
    assert second.pages_rendered == len(written)
    assert "An edited body only." in (second.output / "posts/p2/index.html").read_text(encoding="utf-8")


def test_no_change_rebuild_renders_nothing(site: Path) -> None:
    build(BuildOptions(source=site))
    again = build(BuildOptions(source=site))
    assert again.written == []
    assert again.pages_rendered == 0 and again.pages_reused > 0
