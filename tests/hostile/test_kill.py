"""No loss: a build killed with SIGKILL at any point leaves the previous site byte-identical.

Two ways to choose the moment. The real CLI is killed (its whole process group, workers included)
at points observed from outside: after a delay, when its staging folder appears, when half the
pages are staged, when images land. And a launcher that patches one operation inside the child
kills it at exact points: mid-staging, right after the atomic swap (and between the two renames of
the fallback swap), while the old site is
deleted, and half-way through writing the cache. After every kill the old site must be whole, and
the next build must succeed and clean up what the dead one left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline.site import BuildOptions, build
from tests.kit.hostile import REPO, Site, leftovers, new_site, run_killed_at
from tests.kit.images import png_bytes
from tests.kit.sites import tree_hashes

POSTS = 150  # over the parallel-Markdown threshold, so worker processes are killed too


def make_site(root: Path, posts: int) -> Site:
    site = new_site(root)
    site.write("content/galleries/g/index.md", "---\ntitle: Gallery\n---\n")
    for i in range(3):
        site.write(f"content/galleries/g/w{i}.png", png_bytes(text={"parameters": f"work {i}\nSteps: 3, Seed: {i}"},
                                                              size=(96, 64), colour=(i * 40, 90, 200)))
        site.write(f"content/galleries/g/w{i}.png.md", f"---\nalt: work {i}\n---\n")
    for i in range(posts):
        site.post(f"p{i:03d}.md", f"title: Post {i}\ndate: 2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}\ntags: [t{i % 9}]",
                  body=f"Post {i} says hello.\n\n" + "Some *emphasis* and a [link](/about/). " * 20 + "\n")
    return site


def build_in_process(site: Site, cache: bool = False) -> None:
    build(BuildOptions(source=site.root, output=site.out, use_cache=cache))


def change(site: Site) -> None:
    """The next build would differ from the good one: a new post, an edited one, a new work."""
    site.post("new-1.md", "title: Brand new\ndate: 2025-06-01")
    site.post("p000.md", "title: Post 0 edited\ndate: 2024-01-01")
    site.write("content/galleries/g/w9.png", png_bytes(text={"parameters": "new work\nSteps: 3"}, size=(64, 96)))


def is_new_site(site: Site) -> bool:
    return (site.out / ".artsite-output").is_file() and (site.out / "posts/new-1/index.html").is_file() and \
        (site.out / "galleries/g/w9/index.html").is_file()


def staged(site: Site, known: set[str]) -> list[Path]:
    return [p for p in site.root.iterdir() if p.name.startswith(".artsite-build-") and p.name not in known]


def kill_cli_when(site: Site, ready: Callable[[list[Path]], bool], limit: float = 60.0) -> bool:
    """Start `artsite build`, SIGKILL its process group once `ready(new staging folders)`; True if it was killed."""
    known = {p.name for p in site.root.iterdir()}
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--no-cache", "--source", str(site.root),
                             "--output", str(site.out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, cwd=str(site.root), start_new_session=True)
    deadline = time.monotonic() + limit
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if ready(staged(site, known)):
                break
            time.sleep(0.002)
        finished = proc.poll() is not None
        if not finished:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        return not finished
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def html_count(folders: list[Path]) -> int:
    return sum(1 for folder in folders for _ in folder.rglob("*.html"))


def started_after(seconds: float) -> Callable[[list[Path]], bool]:
    began = time.monotonic()
    return lambda _folders: time.monotonic() - began >= seconds


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, dict[str, str]]:
    site = make_site(tmp_path_factory.mktemp("kill") / "site", POSTS)
    build_in_process(site)
    good = tree_hashes(site.out)
    change(site)
    return site, good


TRIGGERS: dict[str, Callable[[], Callable[[list[Path]], bool]]] = {
    "after 0.3 s": lambda: started_after(0.3),
    "staging folder appears": lambda: lambda folders: bool(folders),
    "first pages staged": lambda: lambda folders: html_count(folders) >= 5,
    "half the pages staged": lambda: lambda folders: html_count(folders) >= POSTS // 2,
    "images land": lambda: lambda folders: any(True for f in folders for _ in f.rglob("*.webp")),
}


def test_sigkill_at_observed_points_keeps_the_previous_site(big_site) -> None:
    site, good = big_site
    killed = []
    for name, trigger in TRIGGERS.items():
        if kill_cli_when(site, trigger()):
            killed.append(name)
            assert site.out.is_dir(), f"killed at '{name}': the site folder is gone"
            assert tree_hashes(site.out) == good, f"killed at '{name}': the previous site changed"
        else:  # the build won the race and finished: then the new site must be whole
            assert is_new_site(site), f"'{name}': the build finished but the site is incomplete"
            good = tree_hashes(site.out)
    assert len(killed) >= 3, f"only {killed} interrupted a running build; the site is too small to test kills"
    build_in_process(site)
    assert is_new_site(site)
    assert leftovers(site.out) == []


@pytest.fixture
def small_site(tmp_path: Path) -> tuple[Site, dict[str, str]]:
    site = make_site(tmp_path / "site", 6)
    build_in_process(site, cache=True)
    good = tree_hashes(site.out)
    change(site)
    return site, good


def test_kill_while_staging_pages_keeps_the_previous_site(small_site) -> None:
    site, good = small_site
    assert run_killed_at("write", 4, site.root, site.out) == -signal.SIGKILL
    assert tree_hashes(site.out) == good
    build_in_process(site, cache=True)
    assert is_new_site(site) and leftovers(site.out) == []


def test_kill_right_after_the_atomic_swap_leaves_the_new_site_in_place(small_site) -> None:
    """The swap is one exchange of two paths: a kill at any moment leaves a whole site in place."""
    site, _good = small_site
    assert run_killed_at("swap", 1, site.root, site.out) == -signal.SIGKILL
    assert site.out.is_dir(), f"no site at all after the kill; left beside it: {leftovers(site.out)}"
    assert is_new_site(site)
    build_in_process(site, cache=True)
    assert is_new_site(site) and leftovers(site.out) == []


def test_next_build_recovers_after_a_kill_between_the_fallback_renames(small_site) -> None:
    """Where no atomic exchange exists, the two renames leave a gap that the next build closes."""
    site, good = small_site
    assert run_killed_at("swap-fallback", 1, site.root, site.out) == -signal.SIGKILL
    assert not site.out.exists(), "the kill point is between the renames: the old site is moved aside"
    [old] = [site.out.parent / name for name in leftovers(site.out) if name.startswith(".artsite-old-")]
    assert tree_hashes(old) == good, "the old site moved aside must be whole"
    build_in_process(site, cache=True)
    assert is_new_site(site) and leftovers(site.out) == []


def test_kill_while_deleting_the_old_site_leaves_the_new_one_whole(small_site) -> None:
    """Without the cache folder there is no spare: the old site is deleted after the swap."""
    site, _good = small_site
    assert run_killed_at("cleanup", 1, site.root, site.out, "--no-cache") == -signal.SIGKILL
    assert is_new_site(site)
    new = tree_hashes(site.out)
    assert leftovers(site.out), "the half-deleted old site should still be beside the new one"
    build_in_process(site, cache=True)
    assert leftovers(site.out) == []
    assert tree_hashes(site.out) == new


def fresh_build_hashes(site: Site, folder: Path) -> dict[str, str]:
    """What a build from scratch (no cache, no spare) writes for the site as it is now."""
    build(BuildOptions(source=site.root, output=folder, use_cache=False))
    return tree_hashes(folder)


@pytest.mark.parametrize(("point", "nth"), [("write", 2), ("relink", 3), ("sweep", 1)])
def test_kill_while_reusing_the_spare_keeps_the_site_and_the_next_build_is_exact(
        small_site, tmp_path: Path, point: str, nth: int) -> None:
    """The previous site is kept as a spare staging folder that the next build updates in place.
    A kill mid-update must leave the live site as it was, and the build after it must put the
    muddled spare right: its output is exactly what a build from scratch writes."""
    site, _good = small_site
    build_in_process(site, cache=True)  # the swap keeps the site before this one as the spare
    good = tree_hashes(site.out)
    site.post("p001.md", "title: Post 1 edited\ndate: 2024-02-02\ntags: [fresh]")
    (site.root / "content/posts/p002.md").unlink()  # its page must disappear
    assert run_killed_at(point, nth, site.root, site.out) == -signal.SIGKILL
    assert tree_hashes(site.out) == good, f"killed at {point}: the live site changed"
    build_in_process(site, cache=True)
    assert tree_hashes(site.out) == fresh_build_hashes(site, tmp_path / "fresh")
    assert not (site.out / "posts/p002/index.html").exists()
    assert leftovers(site.out) == []


def test_kill_while_writing_the_cache_leaves_site_and_cache_usable(small_site) -> None:
    site, _good = small_site
    assert run_killed_at("cache", 1, site.root, site.out) == -signal.SIGKILL
    assert is_new_site(site)
    site.post("new-2.md", "title: Another\ndate: 2025-06-02")
    build_in_process(site, cache=True)  # a damaged cache may only cost time
    assert (site.out / "posts/new-2/index.html").is_file() and is_new_site(site)
    assert leftovers(site.out) == []
