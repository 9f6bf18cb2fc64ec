"""What a long-running process keeps between builds, and what every build may skip.

`serve` hands the build cache from one build to the next instead of reading it from disk; a
build that fails must not hand on a cache it half updated. And settings that passed the schema
once are not checked by jsonschema again while site.yaml stays the same.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from generator.config import VALID_MEMO
from generator.pipeline.memory import BuildMemory
from tests.kit.sites import TmpSite, touch_later


def test_the_cache_is_handed_on_between_builds_but_never_after_a_failure(site: TmpSite) -> None:
    memory = BuildMemory()
    site.post("a.md", title="A", tags="[x]")
    site.post("b.md", title="B", tags="[x]")
    site.build(memory=memory)
    kept = memory.cache
    assert kept is not None
    site.post("a.md", title="A2", tags="[x]")
    touch_later(site.root / "content/posts/a.md", 5)
    site.build(memory=memory)
    assert memory.cache is kept, "the second build should have used the cache in memory"
    site.post("b.md", title="B2", tags="[x]")
    site.write("content/posts/bad.md", "---\ntitle: [oops\n---\n")
    touch_later(site.root / "content/posts/b.md", 9)
    site.fail(memory=memory)
    assert memory.cache is None, "a failed build handed on the cache it had half updated"
    (site.root / "content/posts/bad.md").unlink()
    site.build(memory=memory)
    assert "B2" in site.read("posts/b/index.html") and "B2" in site.read("index.html")
    assert "A2" in site.read("posts/a/index.html")


def test_settings_that_passed_are_not_checked_again(site: TmpSite, monkeypatch: pytest.MonkeyPatch) -> None:
    site.post("a.md", title="A")
    site.build()
    assert (site.root / ".artsite-cache" / VALID_MEMO).is_file()

    def refuse(*_args, **_kwargs):
        raise AssertionError("jsonschema ran for settings that passed before")

    monkeypatch.setattr(jsonschema, "Draft202012Validator", refuse)
    site.post("a.md", title="A again")
    touch_later(site.root / "content/posts/a.md", 5)
    site.build()


def test_alternating_two_settings_checks_each_only_once(site: TmpSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` and `build` of one site validate different settings; one must not make the other
    load jsonschema again (a tenth of a one-post edit)."""
    site.post("a.md", title="A")
    site.build()
    site.build(base_url="https://other.example.org/")
    runs: list[int] = []
    real = jsonschema.Draft202012Validator
    monkeypatch.setattr(jsonschema, "Draft202012Validator", lambda *a, **k: runs.append(1) or real(*a, **k))
    for stamp, base in ((5, None), (9, "https://other.example.org/"), (13, None)):
        site.post("a.md", title=f"A {stamp}")
        touch_later(site.root / "content/posts/a.md", stamp)
        site.build(**({"base_url": base} if base else {}))
    assert runs == []
    site.config("feeds:\n  limit: 3\n")
    site.build()
    assert runs == [1], "changed settings were not checked"


def test_changed_settings_are_checked_again(site: TmpSite) -> None:
    site.post("a.md", title="A")
    site.build()
    site.config("feeds: nope\n")
    problems = site.fail()
    assert any(p.message.startswith("feeds:") and p.line for p in problems.errors), problems.items


def test_a_build_that_fails_after_the_settings_passed_leaves_no_memo(site: TmpSite) -> None:
    site.post("a.md", title="A")
    site.write("content/posts/bad.md", "---\ntitle: [oops\n---\n")
    site.fail()
    assert not (site.root / ".artsite-cache" / VALID_MEMO).exists()


def test_kept_pages_repeat_their_warnings_and_follow_edits(site: TmpSite) -> None:
    """serve keeps the pages it read; a kept page must still report what reading it found."""
    memory = BuildMemory()
    site.post("typo.md", title="Typo", tagz="[x]")  # 'tagz' looks like a typo of 'tags'
    site.post("b.md", title="B")
    first = site.build(memory=memory)
    assert any("tagz" in p.message for p in first.problems.warnings)
    site.post("b.md", title="B edited")
    touch_later(site.root / "content/posts/b.md", 5)
    second = site.build(memory=memory)
    assert any("tagz" in p.message for p in second.problems.warnings), "a kept page lost its warning"
    assert "B edited" in site.read("posts/b/index.html")
    assert memory.cache is not None
    kept = memory.cache.read_pages()
    assert {key[0] for key in kept} == {"posts/typo.md", "posts/b.md"}


def test_a_kept_page_is_never_changed_by_the_build_that_uses_it(site: TmpSite) -> None:
    memory = BuildMemory()
    site.post("a.md", title="A", date="2025-01-01", tags="[x]")
    site.post("b.md", title="B", date="2025-01-02", tags="[x]")
    site.build(memory=memory)
    assert memory.cache is not None
    kept = {key[0]: entry.page for key, entry in memory.cache.read_pages().items()}
    assert kept["posts/b.md"].deps == [] and kept["posts/b.md"].prev is None, "the build edited a kept page"
    assert kept["posts/a.md"].content == "", "the kept page should hold what was read, not what was rendered"


def test_warm_rebuilds_drop_the_no_change_record(site: TmpSite) -> None:
    """A warm serve skips the no-change check; an old record must not match a later build."""
    from generator.pipeline import fastpath

    memory = BuildMemory()
    site.post("a.md", title="A")
    site.build(memory=memory)
    site.post("a.md", title="A2")
    touch_later(site.root / "content/posts/a.md", 5)
    result = site.build(memory=memory)
    assert fastpath.previous(result.site, site.out.resolve()) is None
    assert "A2" in site.read("posts/a/index.html")


def test_after_a_failed_build_serve_trusts_nothing_it_knew_about_the_spare(site: TmpSite) -> None:
    """A failed build wrote into the spare; what serve remembered about it no longer holds. When
    the edit is undone, the page must come from the live site, not from the failed build."""
    memory = BuildMemory()
    site.post("a.md", title="A", date="2025-01-01", body="Original text.\n")
    site.post("c.md", title="C", date="2025-01-02")  # a's only neighbour: edits to b leave a's page as it is
    site.post("d.md", title="D", date="2025-01-03")
    site.post("b.md", title="B", date="2025-01-04")
    for round_ in range(3):  # until serve knows what the spare holds and shares with the site
        site.post("b.md", title=f"B{round_}", date="2025-01-04")
        touch_later(site.root / "content/posts/b.md", 5 + round_)
        site.build(memory=memory, strict=True)
    good = (site.root / "content/posts/a.md").read_text()
    site.post("a.md", title="A", date="2025-01-01", body="Failed text with a [broken link](missing.md).\n")
    touch_later(site.root / "content/posts/a.md", 20)
    site.fail(memory=memory, strict=True)  # the warning fails it after a's page was written
    (site.root / "content/posts/a.md").write_text(good)
    touch_later(site.root / "content/posts/a.md", 30)
    site.build(memory=memory, strict=True)
    assert "Original text." in site.read("posts/a/index.html")
    assert "Failed text" not in site.read("posts/a/index.html")


def test_a_cold_build_reads_only_the_pages_whose_files_changed(site: TmpSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages as read are kept in the on-disk cache too, so `artsite build` after a one-post
    edit makes one page from its front matter, and the others' warnings are still reported."""
    from generator.content.pages import PageReader

    site.post("typo.md", title="Typo", tagz="[x]")
    for name in ("a", "b", "c"):
        site.post(f"{name}.md", title=name.upper())
    site.build()
    made: list[str] = []
    original = PageReader.read

    def counting(self, path, *args, **kwargs):
        made.append(path.name)
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(PageReader, "read", counting)
    site.post("b.md", title="B edited")
    touch_later(site.root / "content/posts/b.md", 5)
    result = site.build()
    assert made == ["b.md"]
    assert any("tagz" in p.message for p in result.problems.warnings)
    assert "B edited" in site.read("posts/b/index.html")


def test_the_cache_forgets_files_that_are_gone(site: TmpSite) -> None:
    from generator.pipeline.cache import BuildCache

    site.post("a.md", title="A")
    site.post("b.md", title="B")
    site.build()
    (site.root / "content/posts/b.md").unlink()
    site.build()
    kept = BuildCache(site.root / ".artsite-cache").data["files"]
    assert sorted(Path(path).name for path in kept) == ["a.md"]
