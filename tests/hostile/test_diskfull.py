"""A full disk: the build stops with a clear error and the previous site stays byte-identical.

Where this runs as root, the output goes on a real 2 MB tmpfs that the build fills (once with a
static file, once with image variants); elsewhere the same scenarios are simulated by making the
writer's file operations raise ENOSPC. Every other write error the writer can meet is simulated
in-process too, including the ones after the swap, where "the previous site was kept" must be true.
"""

from __future__ import annotations

import errno
import io
import os
import random
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from generator.pipeline import writer as writer_module
from generator.pipeline.cache import BuildCache
from generator.pipeline.site import BuildOptions, build
from generator.problems import BuildFailed
from tests.kit.hostile import Site, leftovers, new_site, run_build
from tests.kit.images import png_bytes
from tests.kit.sites import tree_hashes

DISK_BYTES = 2 * 1024 * 1024


def mount_tmpfs(folder: Path) -> bool:
    folder.mkdir(parents=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(folder)],
                          capture_output=True, timeout=20)
    return done.returncode == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[tuple[Path, bool]]:
    """A 2 MB folder: a real tmpfs when mounting works here, else a plain folder (writes then simulated)."""
    folder = tmp_path / "disk"
    real = mount_tmpfs(folder)
    try:
        yield folder, real
    finally:
        if real:
            subprocess.run(["umount", str(folder)], capture_output=True, timeout=20)
            if os.path.ismount(folder):
                subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=20)


def noise_png(size: int) -> bytes:
    """Incompressible pixels, so every variant of it is big."""
    rng = random.Random(7)
    image = Image.frombytes("RGB", (size, size), rng.randbytes(size * size * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def base_site(tmp_path: Path, blob: bool = True) -> Site:
    site = new_site(tmp_path / "site")
    config = site.root / "site.yaml"
    config.write_text(config.read_text().replace("display_widths: [64]", "display_widths: [800]"), encoding="utf-8")
    if blob:
        site.write("content/blob.bin", os.urandom(500 * 1024))
    for i in range(4):
        site.post(f"p{i}.md", f"title: Post {i}\ndate: 2025-01-0{i + 1}")
    return site


def simulate_full_disk(monkeypatch: pytest.MonkeyPatch, after_bytes: int) -> None:
    """Every write into a staging folder fails with ENOSPC once `after_bytes` were written there."""
    written = [0]

    def check(path: Path, size: int) -> None:
        if writer_module.STAGING_PREFIX in str(path):
            written[0] += size
            if written[0] > after_bytes:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    original_bytes, original_text = Path.write_bytes, Path.write_text
    original_copy = writer_module.shutil.copyfile

    def write_bytes(self: Path, data: bytes) -> int:
        check(self, len(data))
        return original_bytes(self, data)

    def write_text(self: Path, data: str, *args, **kwargs) -> int:
        check(self, len(data.encode("utf-8", "surrogatepass")))
        return original_text(self, data, *args, **kwargs)

    def copyfile(source, target, *args, **kwargs):
        check(Path(target), os.path.getsize(source))
        return original_copy(source, target, *args, **kwargs)

    def link(source, target, *args, **kwargs):
        if writer_module.STAGING_PREFIX in str(target):  # as across file systems: copy instead
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(target))
        return original_link(source, target, *args, **kwargs)

    original_link = os.link
    monkeypatch.setattr(os, "link", link)
    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    monkeypatch.setattr(Path, "write_text", write_text)
    monkeypatch.setattr(writer_module.shutil, "copyfile", copyfile)


def assert_kept(site: Site, good: dict[str, str], message: str) -> None:
    assert "could not write the site" in message and "previous site was kept" in message, message
    assert tree_hashes(site.out) == good
    assert leftovers(site.out) == [], "the failed build left its staging folder on the full disk"


def first_build(site: Site, output: Path) -> dict[str, str]:
    site.out = output
    build(BuildOptions(source=site.root, output=output, use_cache=False))
    return tree_hashes(output)


def build_with_overflow(site: Site, real: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    """Build once more; return what the artist is told."""
    if real:
        run = run_build(site.root, output=site.out, timeout=60)
        run.assert_clean_exit()
        assert run.rc == 1, f"the build did not fail on a full disk:\n{run.output}"
        return run.stderr
    simulate_full_disk(monkeypatch, DISK_BYTES - 700 * 1024)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(source=site.root, output=site.out, use_cache=False))
    return "\n".join(str(p) for p in info.value.problems.errors)


def test_full_disk_while_copying_files_keeps_the_previous_site(tmp_path: Path, disk, monkeypatch) -> None:
    folder, real = disk
    site = base_site(tmp_path)
    good = first_build(site, folder / "_site")
    site.write("content/blob2.bin", os.urandom(1200 * 1024))
    told = build_with_overflow(site, real, monkeypatch)
    assert_kept(site, good, told)
    monkeypatch.undo()
    (site.root / "content/blob2.bin").unlink()
    build(BuildOptions(source=site.root, output=site.out, use_cache=False))  # space was given back
    assert leftovers(site.out) == []


def test_full_disk_while_placing_images_keeps_the_previous_site(tmp_path: Path, disk, monkeypatch) -> None:
    """Image variants are written by the pipeline, not the writer: ENOSPC there must fail the build too."""
    folder, real = disk
    site = base_site(tmp_path, blob=False)
    config = site.root / "site.yaml"  # one large WebP and one JPEG of noise: more than the 2 MB disk
    config.write_text(config.read_text().replace("display_widths: [800]", "display_widths: [1600]"), encoding="utf-8")
    good = first_build(site, folder / "_site")
    site.write("content/galleries/g/noise.png", noise_png(1600))  # its variants, not the file, fill the disk
    site.write("content/galleries/g/noise.png.md", "---\nalt: noise\n---\n")
    told = build_with_overflow(site, real, monkeypatch)
    assert_kept(site, good, told)


@pytest.mark.parametrize("where", ["write_text", "write_bytes", "copy_file"])
def test_write_error_in_the_writer_is_reported_and_the_site_kept(tmp_path: Path, where: str, monkeypatch) -> None:
    site = base_site(tmp_path)
    site.write("content/galleries/g/w.png", png_bytes())
    good = first_build(site, tmp_path / "out" / "_site")
    calls = [0]
    original = getattr(writer_module.OutputWriter, where)

    def failing(self, *args, **kwargs):
        calls[0] += 1
        if calls[0] == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "some/file")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(writer_module.OutputWriter, where, failing)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(source=site.root, output=site.out, use_cache=False))
    assert calls[0] >= 2
    assert_kept(site, good, "\n".join(p.message for p in info.value.problems.errors))


def test_write_error_on_the_marker_at_commit_keeps_the_site(tmp_path: Path, monkeypatch) -> None:
    site = base_site(tmp_path)
    good = first_build(site, tmp_path / "out" / "_site")
    original = Path.write_text

    def write_text(self: Path, *args, **kwargs):
        if self.name == writer_module.MARKER:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(source=site.root, output=site.out, use_cache=False))
    assert_kept(site, good, "\n".join(p.message for p in info.value.problems.errors))


def test_cache_write_error_after_the_swap_tells_the_truth(tmp_path: Path, monkeypatch) -> None:
    """The cache is saved after the new site is in place: failing then must not claim the old site was kept."""
    site = base_site(tmp_path)
    good = first_build(site, tmp_path / "out" / "_site")
    site.post("new.md", "title: New\ndate: 2025-03-01")

    def save(self: BuildCache) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.folder / uuid.uuid4().hex))

    monkeypatch.setattr(BuildCache, "save", save)
    try:
        result = build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    except BuildFailed as failed:
        told = "\n".join(p.message for p in failed.problems.errors)
        if "previous site was kept" in told:
            assert tree_hashes(site.out) == good, "the error says the previous site was kept, but it was replaced"
        return
    assert (site.out / "posts/new/index.html").is_file()
    assert any("cache" in p.message for p in result.problems.warnings), "a cache write error went unreported"


def test_write_error_placing_image_variants_fails_the_build(tmp_path: Path, monkeypatch) -> None:
    """ENOSPC while the image pipeline places variants must not become a warning and a half-published site."""
    from generator.images import pipeline

    site = base_site(tmp_path, blob=False)
    site.write("content/galleries/g/w.png", png_bytes())
    good = first_build(site, tmp_path / "out" / "_site")
    site.write("content/galleries/g/w2.png", png_bytes(colour=(1, 2, 3)))

    def full(cache_path: Path, target: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(pipeline, "_link_or_copy", full)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(source=site.root, output=site.out, use_cache=False))
    assert_kept(site, good, "\n".join(p.message for p in info.value.problems.errors))


# --- the image cache, feeds and the search index -------------------------------------------------


def fail_writes_under(monkeypatch: pytest.MonkeyPatch, folder: Path, after: int = 0) -> None:
    """Every Path.write_bytes below `folder` fails with ENOSPC after `after` successful ones, in
    this process and in the image workers forked from it (each counts for itself)."""
    seen = [0]
    original = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if str(self).startswith(str(folder)):
            seen[0] += 1
            if seen[0] > after:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def image_urls(html: str) -> list[str]:
    import re

    return sorted(set(re.findall(r'(?:src|srcset)="(/[^" ]+\.(?:webp|avif|jpg|png))', html)))


def test_full_disk_while_encoding_images_fails_and_the_next_build_repairs_itself(tmp_path: Path,
                                                                              monkeypatch) -> None:
    """The workers write derivatives into the image cache; ENOSPC there used to be a warning, an
    exit 0 and pages with empty image boxes, which the no-change path then replayed."""
    site = base_site(tmp_path, blob=False)
    site.out = tmp_path / "out" / "_site"
    site.write("content/galleries/g/index.md", "---\ntitle: G\n---\n")
    build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    good = tree_hashes(site.out)
    site.write("content/galleries/g/noise.png", noise_png(900))
    site.write("content/galleries/g/noise.png.md", "---\nalt: noise\n---\n")
    objects = site.root / ".artsite-cache" / "images" / "objects"
    fail_writes_under(monkeypatch, objects, after=1)  # one derivative fits, the next does not (in the worker)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    told = "\n".join(str(p) for p in info.value.problems.errors)
    assert_kept(site, good, told)
    assert "No space left on device" in told, told
    leftover = [p for p in objects.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    assert leftover == [], "a half-written derivative stayed in the cache"
    monkeypatch.undo()  # space was given back: the very same build, with the cache, must repair
    second = build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    assert not [p for p in second.problems.items if "noise" in (p.file or "")], second.problems.items
    page = (site.out / "galleries/g/noise/index.html").read_text(encoding="utf-8")
    urls = image_urls(page)
    assert any("noise-" in url for url in urls), page
    for url in urls:
        assert (site.out / url.lstrip("/")).is_file(), f"{url} is on the page but not in the site"
    repaired = tree_hashes(site.out)
    third = build(BuildOptions(source=site.root, output=site.out, use_cache=True))  # the no-change path
    assert third.problems.items == [] and tree_hashes(site.out) == repaired


def test_full_disk_while_saving_the_probe_index_keeps_the_site(tmp_path: Path, monkeypatch) -> None:
    """The image cache's index is written before the swap: failing there must not half-publish."""
    from generator.images import cache as image_cache

    site = base_site(tmp_path, blob=False)
    site.write("content/galleries/g/w.png", png_bytes())
    site.out = tmp_path / "out" / "_site"
    build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    good = tree_hashes(site.out)
    site.write("content/galleries/g/w2.png", png_bytes(colour=(1, 2, 3)))
    original = Path.write_text

    def write_text(self: Path, *args, **kwargs):
        if self.name.startswith("." + image_cache._INDEX_NAME):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    assert_kept(site, good, "\n".join(str(p) for p in info.value.problems.errors))
    monkeypatch.undo()
    build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    assert (site.out / "galleries/g/w2/index.html").is_file()


@pytest.mark.parametrize("victim", ["feed.xml", "feed.json", "sitemap.xml", "pagefind/"])
def test_full_disk_on_feeds_and_the_search_index_keeps_the_site(tmp_path: Path, victim: str, monkeypatch) -> None:
    site = base_site(tmp_path)
    good = first_build(site, tmp_path / "out" / "_site")
    assert any(rel.startswith(victim) for rel in good) or victim == "pagefind/", sorted(good)
    site.post("new.md", "title: New\ndate: 2025-03-01")
    hit = [0]
    originals = {name: getattr(writer_module.OutputWriter, name) for name in ("write_text", "write_bytes")}

    def failing(name: str):
        def write(self, rel, *args, **kwargs):
            if str(rel).startswith(victim):
                hit[0] += 1
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.staging / rel))
            return originals[name](self, rel, *args, **kwargs)
        return write

    for name in originals:
        monkeypatch.setattr(writer_module.OutputWriter, name, failing(name))
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    assert hit[0] >= 1, f"nothing wrote {victim}"
    assert_kept(site, good, "\n".join(p.message for p in info.value.problems.errors))
    monkeypatch.undo()
    build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    assert (site.out / "posts/new/index.html").is_file()
    assert any(rel.startswith(victim) for rel in tree_hashes(site.out)) or (site.out / "pagefind").is_dir()


def test_full_disk_while_pagefind_indexes_keeps_the_site(tmp_path: Path, monkeypatch) -> None:
    """Pagefind reads a scratch tree of links in the temp folder: a full temp disk fails the build."""
    site = base_site(tmp_path)
    good = first_build(site, tmp_path / "out" / "_site")
    site.post("new.md", "title: New\ndate: 2025-03-01")
    # the plugin's scratch tree comes from writer.export()
    from generator.pipeline import writer as writer_module

    original_link, original_copy = os.link, writer_module.shutil.copyfile

    def link(source, target, *args, **kwargs):
        if "artsite-pagefind-" in str(target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return original_link(source, target, *args, **kwargs)

    def copyfile(source, target, *args, **kwargs):
        if "artsite-pagefind-" in str(target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return original_copy(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    monkeypatch.setattr(writer_module.shutil, "copyfile", copyfile)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(source=site.root, output=site.out, use_cache=True))
    told = "\n".join(p.message for p in info.value.problems.errors)
    assert "No space left on device" in told and "previous site was kept" in told, told
    assert tree_hashes(site.out) == good
    assert leftovers(site.out) == []
