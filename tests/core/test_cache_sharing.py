"""Page reads are saved shared: equal reads and equal sets of reads are one object each, so the
cache pickles each once (a one-post edit loads and saves the reads of every page)."""

from __future__ import annotations

import pickle

from generator.pipeline.cache import BuildCache
from tests.kit.sites import TmpSite


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


def test_two_outputs_share_their_reads_and_a_rebuild_still_reuses_every_page(site: TmpSite) -> None:
    for name in "abc":
        site.post(f"{name}.md", title=name.upper(), tags="[x]")
    site.build()
    site.build(output=site.root / "other")
    cache = BuildCache(site.root / ".artsite-cache")
    first, second = (cache.data["reads"][str(p)] for p in (site.out, site.root / "other"))
    rel = "posts/a/index.html"
    assert first[rel] == second[rel] and first[rel] is second[rel]
    again = site.build()
    assert again.pages_rendered == 0
