"""No escape from the site: hostile names and links can neither read nor write outside it.

Every test builds a site at tmp/site beside tmp/outside, which holds sentinel files marked with a
unique string. After the build, nothing outside the site folder may have changed (every file
hashed before and after), and the marker may appear in no file the build wrote (output or cache):
had the build read a sentinel, its text would be there. Front matter that tries to escape is an
error naming the file; odd file names are either published under safe names or refused by name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.pipeline.site import BuildOptions, BuildResult, build
from generator.problems import BuildFailed, Problems
from tests.kit.hostile import Site, new_site, yaml_str
from tests.kit.images import png_bytes
from tests.kit.sites import tree_hashes

MARKER = "SENTINEL-7f3a9c"


class Arena:
    """A site beside a folder of sentinels, with the before-snapshot of everything outside the site."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.outside = tmp / "outside"
        (self.outside / "dir").mkdir(parents=True)
        (self.outside / "secret.md").write_text(f"---\ntitle: {MARKER} title\n---\n{MARKER} body\n")
        (self.outside / "secret.txt").write_text(f"{MARKER} text\n")
        (self.outside / "secret.png").write_bytes(png_bytes(text={"parameters": f"{MARKER} prompt\nSteps: 3"}))
        (self.outside / "dir" / "inner.md").write_text(f"---\ntitle: {MARKER} inner\n---\n{MARKER}\n")
        (self.outside / "pwned").mkdir()
        self.site: Site = new_site(tmp / "site")
        self.site.write("content/galleries/g/index.md", "---\ntitle: Gallery\n---\n")
        self.site.write("content/galleries/g/ok.png", png_bytes(text={"parameters": "fine\nSteps: 3"}))
        self.site.write("content/galleries/g/ok.png.md", "---\nalt: a fine image\n---\n")
        self.site.post("ok.md", "title: Fine\ndate: 2025-01-02")
        self.before: dict[str, str] = {}

    def snapshot(self) -> dict[str, str]:
        """Everything under tmp except the site folder itself."""
        found = {}
        for entry in sorted(self.tmp.iterdir()):
            if entry.name == "site":
                continue
            if entry.is_dir() and not entry.is_symlink():
                found.update({f"{entry.name}/{k}": v for k, v in tree_hashes(entry).items()})
            else:
                found[entry.name] = "entry"
        return found

    def build(self) -> tuple[BuildResult | None, Problems | None]:
        self.before = self.snapshot()
        try:
            return build(BuildOptions(source=self.site.root, output=self.site.out, use_cache=True)), None
        except BuildFailed as failed:
            return None, failed.problems

    def assert_nothing_escaped(self) -> None:
        assert self.snapshot() == self.before, "files outside the site folder changed"
        assert list((self.outside / "pwned").iterdir()) == []
        for folder, dirs, names in os.walk(self.site.root):
            here = Path(folder)
            if here == self.site.root / "content":
                dirs[:] = []  # the hostile symlinks themselves live here
                continue
            for name in names:
                path = here / name
                if path.is_symlink():
                    continue
                assert MARKER.encode() not in path.read_bytes(), f"{path} holds text read from outside the site"


@pytest.fixture
def arena(tmp_path: Path) -> Arena:
    return Arena(tmp_path)


def error_files(problems: Problems) -> set[str]:
    return {p.file or "" for p in problems.errors}


def names_file(problems: Problems, rel: str) -> bool:
    """An error names `rel` (site-relative, or absolute where the path leads through a symlink)."""
    return any(p.file == rel or (p.file or "").endswith("/site/" + rel) for p in problems.errors)


@pytest.mark.parametrize("permalink", [
    "../../outside/pwned/",
    "/../../outside/pwned/",
    "/posts/../../../outside/pwned/",
    "/posts/./../x/",
    "..\\..\\outside\\pwned\\",
    "/posts/\\..\\..\\pwned/",
    "C:\\Windows\\pwned.html",
    "//evil.example/pwned/",
    "file:///etc/passwd",
    "/pwned/\x00/index.html",
    "/pwned/\n/",
])
def test_escaping_permalink_is_an_error_naming_the_file(arena: Arena, permalink: str) -> None:
    arena.site.post("evil.md", f"title: Evil\ndate: 2025-01-01\npermalink: {yaml_str(permalink)}")
    result, problems = arena.build()
    assert result is None, f"{permalink!r} was accepted"
    assert "content/posts/evil.md" in error_files(problems)
    assert any("permalink" in p.message for p in problems.errors if p.file == "content/posts/evil.md")
    assert not arena.site.out.exists()
    arena.assert_nothing_escaped()


def test_an_expression_artsite_cannot_evaluate_is_never_evaluated(arena: Arena) -> None:
    """Not an error (real Eleventy blogs write permalinks over data artsite lacks), but never run:
    the page is published at its default address, and a warning names the file."""
    arena.site.post("evil.md", "title: Evil\ndate: 2025-01-01\npermalink: \"{{ '../' * 3 }}pwned/\"")
    result, problems = arena.build()
    assert result is not None, problems
    assert any(p.file == "content/posts/evil.md" and "permalink" in p.message for p in result.problems.warnings)
    assert (arena.site.out / "posts" / "evil" / "index.html").is_file()
    arena.assert_nothing_escaped()


@pytest.mark.parametrize("permalink", ["/tmp/outside/pwned.html", "~/pwned/", "/posts/%2e%2e/%2e%2e/pwned/"])
def test_absolute_looking_permalink_is_a_site_path(arena: Arena, permalink: str) -> None:
    permalink = permalink.replace("/tmp/outside", str(arena.outside))
    arena.site.post("evil.md", f"title: Evil\ndate: 2025-01-01\npermalink: {yaml_str(permalink)}")
    result, problems = arena.build()
    if result is None:  # refusing it is fine too, as long as the error names the file
        assert "content/posts/evil.md" in error_files(problems)
    else:
        assert (arena.site.out / permalink.lstrip("/")).resolve().is_relative_to(arena.site.out.resolve())
    arena.assert_nothing_escaped()


def test_site_wide_permalink_pattern_cannot_escape(arena: Arena) -> None:
    arena.site.config("permalinks:\n  post: /../../outside/pwned/{slug}/\n")
    result, problems = arena.build()
    assert result is None
    assert any("permalink" in p.message for p in problems.errors)
    arena.assert_nothing_escaped()


@pytest.mark.parametrize(("key", "value"), [
    ("slug", "../../outside/pwned"),
    ("slug", "/etc/passwd"),
    ("slug", "..\\..\\pwned"),
    ("slug", ".."),
    ("tags", ["../../../outside/pwned", "..", "/etc", "\\..\\x"]),
    ("layout", "../../../outside/secret"),
    ("layout", "..\\..\\outside\\secret.md"),
])
def test_hostile_slugs_tags_and_layouts_stay_inside(arena: Arena, key: str, value: object) -> None:
    text = "[" + ", ".join(yaml_str(v) for v in value) + "]" if isinstance(value, list) else yaml_str(str(value))
    arena.site.post("evil.md", f"title: Evil\ndate: 2025-01-01\n{key}: {text}")
    result, problems = arena.build()
    assert result is not None, problems and [str(p) for p in problems.errors]
    for path in arena.site.out.rglob("*"):
        assert path.resolve().is_relative_to(arena.site.out.resolve())
    arena.assert_nothing_escaped()


@pytest.mark.parametrize("name", ["..evil", "a\\..\\..\\b", "g\\..\\..\\..\\outside", "~", " .. "])
def test_hostile_gallery_folder_names(arena: Arena, name: str) -> None:
    arena.site.write(f"content/galleries/{name}/index.md", "---\ntitle: Odd\n---\n")
    arena.site.write(f"content/galleries/{name}/w.png", png_bytes(text={"parameters": "x\nSteps: 3"}))
    result, problems = arena.build()
    if result is None:
        assert any(name in p.message or (p.file or "").startswith("content/galleries/") for p in problems.errors)
    arena.assert_nothing_escaped()


@pytest.mark.parametrize("name", ["..\\..\\pwned.png", "x\\..\\..\\..\\pwned.png", "..png", "...png", "a\\b.png", " .png"])
def test_hostile_image_file_names(arena: Arena, name: str) -> None:
    arena.site.write(f"content/galleries/g/{name}", png_bytes(text={"parameters": "x\nSteps: 3"}))
    arena.site.write(f"content/posts/{name}", png_bytes(text={"parameters": "y\nSteps: 3"}))
    result, problems = arena.build()
    if result is None:
        assert any(name in (p.file or "") or name in p.message for p in problems.errors), \
            [str(p) for p in problems.items]
    else:
        assert (arena.site.out / "galleries" / "g" / "ok" / "index.html").is_file()
    arena.assert_nothing_escaped()


@pytest.mark.parametrize(("link", "target"), [
    ("content/posts/leak.md", "secret.md"),
    ("content/leak.txt", "secret.txt"),
    ("content/leak.png", "secret.png"),
    ("content/galleries/g/leak.png", "secret.png"),
    ("content/posts/leakdir", "dir"),
    ("content/galleries/leaked", "dir"),
])
def test_symlink_out_of_content_is_refused_by_name(arena: Arena, link: str, target: str) -> None:
    (arena.site.root / link).symlink_to(arena.outside / target)
    result, problems = arena.build()
    assert result is None, "a symlink out of content/ was followed without an error"
    assert names_file(problems, link), [str(p) for p in problems.errors]
    arena.assert_nothing_escaped()


@pytest.mark.parametrize(("link", "target"), [
    ("content/galleries/g/ok.png.md", "secret.md"),  # a work's sidecar
    ("content/galleries/g/index.md", "secret.md"),  # a gallery's own front matter
])
def test_symlinked_gallery_front_matter_out_of_content_is_refused(arena: Arena, link: str, target: str) -> None:
    path = arena.site.root / link
    path.unlink()
    path.symlink_to(arena.outside / target)
    result, problems = arena.build()
    assert result is None, "a symlink out of content/ was read without an error"
    assert names_file(problems, link), [str(p) for p in problems.errors]
    arena.assert_nothing_escaped()


def test_symlink_inside_content_is_fine(arena: Arena) -> None:
    (arena.site.root / "content/posts/alias.md").symlink_to(arena.site.root / "content/posts/ok.md")
    arena.site.write("content/posts/real.md", "---\ntitle: Real\ndate: 2025-01-03\nslug: real\n---\nx\n")
    result, problems = arena.build()
    assert result is not None, problems and [str(p) for p in problems.errors]
    arena.assert_nothing_escaped()


def test_links_and_images_pointing_outside_are_warnings_not_reads(arena: Arena) -> None:
    rel = os.path.relpath(arena.outside, arena.site.root / "content" / "posts")
    body = (f"![x]({rel}/secret.png)\n\n![y](/../../outside/secret.png)\n\n[a]({rel}/secret.md)\n\n"
            f"![z](file://{arena.outside}/secret.png)\n")
    arena.site.post("links.md", "title: Links\ndate: 2025-01-01", body=body)
    result, problems = arena.build()
    assert result is not None, problems and [str(p) for p in problems.errors]
    warned = [p for p in result.problems.warnings if p.file == "content/posts/links.md"]
    assert len(warned) >= 3
    arena.assert_nothing_escaped()


def test_cli_refuses_escape_and_keeps_the_previous_site(arena: Arena) -> None:
    first = arena.site.run()
    first.assert_clean_exit()
    assert first.rc == 0, first.output
    good = tree_hashes(arena.site.out)
    arena.before = arena.snapshot()
    arena.site.post("evil.md", "title: Evil\ndate: 2025-01-01\npermalink: ../../outside/pwned/index.html")
    second = arena.site.run()
    second.assert_clean_exit()
    assert second.rc == 1
    assert "content/posts/evil.md" in second.stderr
    assert tree_hashes(arena.site.out) == good
    arena.assert_nothing_escaped()
