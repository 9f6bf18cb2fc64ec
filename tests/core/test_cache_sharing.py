"""Page reads are saved shared: equal reads and equal sets of reads are one object each, so the
cache pickles each once (a one-post edit loads and saves the reads of every page)."""

from __future__ import annotations

import pickle

from generator.pipeline.cache import BuildCache
from tests.kit.sites import TmpSite, touch_later


def test_equal_reads_are_saved_once(tmp_path) -> None:
    cache = BuildCache(tmp_path)
    common = [("site", "", f"setting{i}") for i in range(30)]
    reads = {f"p{i}/index.html": frozenset([*(tuple(list(r)) for r in common), ("page", f"/p{i + 1}/", "title")])
             for i in range(200)}
    same = {f"t{i}/index.html": frozenset(tuple(list(r)) for r in common) for i in range(50)}
    cache.set_page_signatures(tmp_path / "out", {}, {**reads, **same})
    stored = cache.data["reads"][str(tmp_path / "out")]
    assert stored == {**reads, **same}
    assert len({id(group) for rel, group in stored.items() if rel.startswith("t")}) == 1
    ids = {id(read) for group in stored.values() for read in group if read[0] == "site"}
    assert len(ids) == 30
    naive = len(pickle.dumps({**reads, **same}, protocol=pickle.HIGHEST_PROTOCOL))
    assert len(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)) < naive / 3


def test_a_clean_build_saves_each_read_once_and_an_edit_keeps_the_pages_it_reused(site: TmpSite) -> None:
    for name in "abcd":
        site.post(f"{name}.md", title=name.upper(), tags="[x]")
    site.build()
    stored = BuildCache(site.root / ".artsite-cache").data["reads"][str(site.out)]
    reads = [read for group in stored.values() for read in group]
    assert len({id(read) for read in reads}) == len(set(reads)), "an equal read was saved twice"
    site.post("b.md", title="B2", tags="[x]", body="Edited.\n")
    touch_later(site.root / "content/posts/b.md", 5)
    edit = site.build()
    assert 0 < edit.pages_rendered < len(stored)
    after = BuildCache(site.root / ".artsite-cache").data["reads"][str(site.out)]
    assert after["posts/d/index.html"] == stored["posts/d/index.html"]
    assert site.build().pages_rendered == 0


def test_the_cache_keeps_no_parse_a_page_was_made_from_and_new_reader_settings_read_the_files_again(
        site: TmpSite) -> None:
    site.post("a.md", title="Alpha", tags="[x]", body="Alpha body.\n")
    site.post("b.md", title="Beta", tags="[x]", body="Beta body.\n")
    site.build()
    files = BuildCache(site.root / ".artsite-cache").data["files"]
    assert files and all(entry.parsed is None for entry in files.values())
    site.config("permalinks:\n  post: '/writing/{slug}/'\n")
    site.build()
    assert "Alpha body." in site.read("writing/a/index.html") and "Beta body." in site.read("writing/b/index.html")
    assert not (site.out / "posts/a/index.html").exists()


def test_a_one_post_edit_saves_the_other_pages_as_the_bytes_they_were_loaded_from(site: TmpSite, monkeypatch) -> None:
    import generator.pipeline.cache as cache_module

    for name in "abcdef":
        site.post(f"{name}.md", title=name.upper(), tags="[x]", body=f"Body {name}.\n")
    site.build()
    before = BuildCache(site.root / ".artsite-cache").data["read"]
    pickled: list[object] = []
    real = cache_module.pickle.dumps
    monkeypatch.setattr(cache_module.pickle, "dumps",
                        lambda value, *a, **k: pickled.append(value) or real(value, *a, **k))
    site.post("c.md", title="C", tags="[x]", body="Body c, edited.\n")
    touch_later(site.root / "content/posts/c.md")
    site.build()
    monkeypatch.undo()
    read_pages = [value for value in pickled if isinstance(value, cache_module.ReadPage)]
    assert [entry.page.rel for entry in read_pages] == ["posts/c.md"]
    after = BuildCache(site.root / ".artsite-cache").data["read"]
    unchanged = [key for key in after if key[0] != "posts/c.md"]
    assert len(unchanged) == 5 and all(after[key] == before[key] for key in unchanged)
    assert "Body c, edited." in site.read("posts/c/index.html") and site.build().pages_rendered == 0
