"""The spare staging folder: the site a swap moved out is updated into the next build's output.

Its files share inodes with the live site, so these tests check that a build never edits one in
place, that a sequence of incremental builds always ends exactly where a build from scratch
would, and that a failed build leaves the live site byte-identical even after it wrote into the
spare.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.pipeline.site import BuildOptions, build
from generator.pipeline.writer import STAGING_PREFIX, spare_folder
from tests.kit.sites import TmpSite, new_site, touch_later, tree_hashes


def from_scratch(site: TmpSite, folder: Path) -> dict[str, str]:
    build(BuildOptions(source=site.root, output=folder, use_cache=False))
    return tree_hashes(folder)


def builds_match_clean_ones(site: TmpSite, tmp_path: Path, steps: list) -> Iterator[dict[str, str]]:
    """After each step (with fresh mtimes), the incremental build equals a build from scratch;
    yields each clean build's files for more checks."""
    for number, step in enumerate(steps):
        step()
        for path in (site.root / "content").rglob("*"):
            if path.is_file():
                touch_later(path, 10 + number)
        site.build()
        expected = from_scratch(site, tmp_path / f"scratch-{number}")
        assert tree_hashes(site.out) == expected, f"after step {number} the output differs from a clean build"
        yield expected


def spare_of(site: TmpSite) -> Path:
    found = spare_folder(site.root / ".artsite-cache", site.out)
    assert found is not None, "the cache folder is on the output's file system here"
    return found


def test_the_spare_lives_in_the_cache_folder_and_only_there(site: TmpSite) -> None:
    site.post("one.md", title="One")
    site.build()
    site.build(use_cache=True)
    site.post("one.md", title="One, edited")
    touch_later(site.root / "content/posts/one.md", 5)
    site.build()
    spare = spare_of(site)
    cache = site.root / ".artsite-cache"
    assert [p.name for p in cache.iterdir() if p.is_dir() and p.name.startswith(STAGING_PREFIX)] == [spare.name]
    assert (spare / "posts/one/index.html").is_file(), "the previous site should be kept as the spare"
    assert "One, edited" not in (spare / "posts/one/index.html").read_text()
    assert not [p for p in site.root.iterdir() if p.name.startswith((".artsite-build-", ".artsite-old-"))], "nothing beside _site"


def test_a_chain_of_edits_always_ends_where_a_build_from_scratch_does(site: TmpSite, tmp_path: Path) -> None:
    steps = [
        lambda: site.post("a.md", title="A", date="2025-01-01", tags="[red]"),
        lambda: site.post("b.md", title="B", date="2025-01-02", tags="[red, blue]"),
        lambda: site.write("content/notes.txt", "plain file\n"),
        lambda: site.post("a.md", title="A retitled", date="2025-01-01", tags="[green]"),
        lambda: (site.root / "content/posts/b.md").unlink(),  # its page and its tag page go away
        lambda: site.write("content/notes.txt", "plain file, changed\n"),
        lambda: site.write("content/about.md", "---\ntitle: About\n---\nAbout.\n"),
        lambda: (site.root / "content/notes.txt").unlink(),
        # a file where a folder used to be: /about/ becomes a plain file's folder name
        lambda: ((site.root / "content/about.md").unlink(), site.write("content/about", "now a file\n")),
    ]
    list(builds_match_clean_ones(site, tmp_path, steps))


def test_a_failed_build_after_writing_into_the_spare_leaves_the_live_site_untouched(site: TmpSite) -> None:
    for name in ("a", "b", "c"):
        site.post(f"{name}.md", title=name.upper(), tags="[t]")
    site.build()
    site.post("a.md", title="A2", tags="[t]")
    touch_later(site.root / "content/posts/a.md", 5)
    site.build()  # now the spare holds the first site, sharing most files with the live one
    live = tree_hashes(site.out)
    inodes = {p: p.stat().st_ino for p in site.out.rglob("*.html")}
    site.post("b.md", title="B2", tags="[t]")  # renders b, its tag page and the home page...
    site.write("content/posts/broken.md", "---\ntitle: [unclosed\n---\n")  # ...and then fails
    touch_later(site.root / "content/posts/b.md", 9)
    site.fail()
    assert tree_hashes(site.out) == live, "a failed build changed the live site"
    assert {p: p.stat().st_ino for p in site.out.rglob("*.html")} == inodes
    (site.root / "content/posts/broken.md").unlink()
    site.build()
    assert "B2" in site.read("posts/b/index.html")


def test_a_hand_made_symlink_in_the_site_never_leads_a_later_build_outside(site: TmpSite, tmp_path: Path) -> None:
    """Someone links a folder of _site elsewhere; two builds later that tree is the spare."""
    site.post("a.md", title="A")
    site.build()
    outside = tmp_path / "outside"
    outside.mkdir()
    (site.out / "posts" / "a").rename(site.out / "posts" / "a-moved")
    (site.out / "posts" / "a").symlink_to(outside, target_is_directory=True)
    for round_ in range(3):
        site.post("a.md", title=f"A {round_}")
        touch_later(site.root / "content/posts/a.md", 5 + round_)
        site.build()
    assert list(outside.iterdir()) == [], "a build wrote through a symlink into another folder"
    assert "A 2" in site.read("posts/a/index.html")


def test_without_the_cache_every_build_stages_afresh_and_leaves_nothing(tmp_path: Path) -> None:
    site = new_site(tmp_path / "nocache")
    site.post("a.md", title="A")
    site.build(use_cache=False)
    site.build(use_cache=False)
    assert not (site.root / ".artsite-cache").exists()
    assert not [p for p in site.root.iterdir() if p.name.startswith((".artsite-build-", ".artsite-old-"))]


def test_a_page_deleted_by_hand_from_the_site_is_rendered_again(site: TmpSite) -> None:
    site.post("a.md", title="A")
    site.post("b.md", title="B")
    site.build()
    (site.out / "posts/a/index.html").unlink()
    site.post("b.md", title="B edited")  # not a no-change build: the fast path would keep the old site
    touch_later(site.root / "content/posts/b.md", 5)
    result = site.build()
    assert "posts/a/index.html" in result.written
    assert site.html("posts/a/index.html").h1 == ["A"]


def test_a_preview_output_inside_the_cache_folder_keeps_its_spare(site: TmpSite) -> None:
    """`serve` builds into .artsite-cache/serve; clearing stale staging folders beside it must not
    delete its spare, or every rebuild would stage the whole site again."""
    preview = site.root / ".artsite-cache" / "serve"
    site.post("a.md", title="A")
    for round_ in range(3):
        site.post("a.md", title=f"A {round_}")
        touch_later(site.root / "content/posts/a.md", 5 + round_)
        site.build(output=preview)
    spare = spare_folder(site.root / ".artsite-cache", preview)
    assert spare is not None and (spare / "posts/a/index.html").is_file()
    assert "A 1" in (spare / "posts/a/index.html").read_text()


def test_a_chain_of_gallery_edits_always_ends_where_a_build_from_scratch_does(tmp_path: Path) -> None:
    """Images are placed in the staging folder by the image pipeline, and clean originals are
    rewritten there by the consent plugin: the spare must still match a build from scratch."""
    from tests.kit.images import png

    site = new_site(tmp_path / "gallery-site")
    site.config("images:\n  originals: clean\n", plugins="[provenance, openness, consent]")
    gallery = "content/galleries/g"
    site.write(f"{gallery}/index.md", "---\ntitle: Gallery\n---\n")
    site.post("note.md", title="A dated post")  # an empty feed would carry the build's own time

    def work(name: str, seed: int, colour: tuple[int, int, int]) -> None:
        path = site.root / gallery / f"{name}.png"
        path.write_bytes(png({"parameters": f"a {name}\nSteps: 20, Seed: {seed}, Model: sdxl"}, colour=colour))
        site.write(f"{gallery}/{name}.png.md", f"---\nalt: {name}\n---\n")

    steps = [
        lambda: work("fox", 1, (200, 90, 20)),
        lambda: work("owl", 2, (20, 90, 200)),
        lambda: work("fox", 3, (10, 200, 20)),  # same name, new pixels and a new seed
        lambda: site.write(f"{gallery}/owl.png.md", "---\nalt: a barn owl\ntitle: Barn owl\n---\n"),
        lambda: ((site.root / gallery / "owl.png").unlink(), (site.root / gallery / "owl.png.md").unlink()),
    ]
    for expected in builds_match_clean_ones(site, tmp_path, steps):
        assert any(name.endswith(".webp") for name in expected) and any(
            name.endswith(".png") and "/g/" in name for name in expected), sorted(expected)


def test_recovery_leaves_another_outputs_staging_folder_alone(tmp_path: Path) -> None:
    """`_site-dev` starts with `_site`: clearing `_site`'s stale folders must not touch its."""
    from generator.pipeline.writer import OLD_PREFIX, recover

    (tmp_path / "_site").mkdir()
    others = [tmp_path / f"{STAGING_PREFIX}_site-dev-1a2b3c4d", tmp_path / f"{OLD_PREFIX}_site-dev-5e6f7a8b"]
    stale = tmp_path / f"{STAGING_PREFIX}_site-9f9f9f9f"
    for folder in (*others, stale):
        folder.mkdir()
    recover(tmp_path / "_site")
    assert all(folder.is_dir() for folder in others) and not stale.exists()
