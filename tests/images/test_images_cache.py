"""Warm rebuilds encode nothing; stale cache entries go; bad images become warnings, never crashes."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from generator.images import ImagePipeline, ImageSettings, picture_html

from .image_fixtures import fake_huge_png, noisy, private_jpeg


def build(tmp: Path, sources: list[Path], out: str, problems: list | None = None, **settings: object):
    settings.setdefault("formats", ("webp",))
    pipeline = ImagePipeline(
        ImageSettings(workers=1, **settings),  # type: ignore[arg-type]
        tmp / "cache",
        (lambda p, m: problems.append((p, m))) if problems is not None else None,
    )
    images = [pipeline.request(s, "/g/", role) for s in sources for role in ("thumb", "display")]
    return images, pipeline.run(tmp / out)


def cache_files(tmp: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (tmp / "cache" / "objects").rglob("*") if p.is_file()}


def make_sources(src: Path) -> list[Path]:
    noisy((600, 400), seed=1).save(src / "one.png")
    private_jpeg(src / "two.jpg", size=(900, 600))
    noisy((300, 300), seed=3).save(src / "three.webp")
    return sorted(src.iterdir())


def test_second_run_encodes_nothing(tmp_path: Path, src: Path, monkeypatch) -> None:
    sources = make_sources(src)
    first_images, first = build(tmp_path, sources, "out1", originals="clean")
    assert (first.processed, first.reused, first.failed) == (3, 0, 0)
    before = cache_files(tmp_path)
    assert before

    def no_encoding(job):  # any encoder call on a warm run is a failure
        raise AssertionError(f"encoded {job.source} again")

    monkeypatch.setattr("generator.images.pipeline.run_jobs", lambda jobs, *rest, **kw: no_encoding(jobs[0]))
    monkeypatch.setattr("generator.images.pipeline.probe", no_encoding)  # warm: no header reads
    monkeypatch.setattr("generator.images.pipeline.file_sha256", no_encoding)  # and no hashing
    second_images, second = build(tmp_path, sources, "out2", originals="clean")
    assert (second.processed, second.reused, second.failed) == (0, 3, 0)
    assert cache_files(tmp_path) == before  # nothing rewritten
    assert second_images == first_images
    for image in second_images:
        for url in [v.url for vs in image.sources.values() for v in vs] + [image.original_url]:
            assert (tmp_path / "out2" / url.lstrip("/")).read_bytes() == (
                tmp_path / "out1" / url.lstrip("/")
            ).read_bytes()


def test_changed_source_is_reencoded_and_stale_entries_pruned(tmp_path: Path, src: Path) -> None:
    sources = make_sources(src)
    build(tmp_path, sources, "out1")
    old_dirs = {p.parent for p in cache_files(tmp_path)}
    noisy((600, 400), seed=99).save(src / "one.png")  # new bytes, same name
    sources[2].unlink()  # three.webp removed from the site
    _, stats = build(tmp_path, sources[:2], "out2")
    assert (stats.processed, stats.reused) == (1, 1)
    new_dirs = {p.parent for p in cache_files(tmp_path)}
    assert len(new_dirs) == 2 and len(old_dirs - new_dirs) == 2  # old one.png and three.webp gone


def test_setting_change_rebuilds(tmp_path: Path, src: Path) -> None:
    sources = make_sources(src)[:1]
    build(tmp_path, sources, "out1")
    _, stats = build(tmp_path, sources, "out2", quality=60)
    assert stats.processed == 1
    _, stats = build(tmp_path, sources, "out3", quality=60)
    assert (stats.processed, stats.reused) == (0, 1)


def test_bad_images_become_warnings_and_placeholders(tmp_path: Path, src: Path) -> None:
    good = src / "good.png"
    noisy((600, 400)).save(good)
    truncated = src / "truncated.png"
    noisy((600, 400), seed=5).save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:4000])
    text = src / "notes.png"
    text.write_text("this is not a picture\n")
    bomb = fake_huge_png(src / "bomb.png")
    problems: list[tuple[str, str]] = []
    images, stats = build(tmp_path, [good, truncated, text, bomb], "out", problems)
    by_source = {im.source.name: im for im in images}
    assert by_source["good.png"].error is None
    for name in ("truncated.png", "notes.png", "bomb.png"):
        image = by_source[name]
        assert image.error, name
        assert any(path.endswith(name) for path, _ in problems), name
        html = picture_html(image, "A shark", "100vw", lazy=True)
        assert html.startswith('<div class="image-missing" role="img" aria-label="A shark">')
    assert any("too large" in m for p, m in problems if p.endswith("bomb.png"))
    assert stats.failed == 3
    assert (tmp_path / "out" / by_source["good.png"].fallback[0].url.lstrip("/")).is_file()


def test_pixel_limit_comes_from_settings(tmp_path: Path, src: Path) -> None:
    path = src / "big.png"
    Image.new("RGB", (300, 300)).save(path)
    problems: list[tuple[str, str]] = []
    images, stats = build(tmp_path, [path], "out", problems, max_pixels=250 * 250)
    assert all(im.error for im in images) and stats.failed == 1
    assert problems and "too large" in problems[0][1]


def test_probe_errors_are_reported_again_on_a_warm_run(tmp_path: Path, src: Path) -> None:
    text = src / "notes.png"
    text.write_text("nope")
    for out in ("out1", "out2"):
        problems: list[tuple[str, str]] = []
        images, stats = build(tmp_path, [text], out, problems)
        assert images[0].error and stats.failed == 1
        assert len(problems) == 1  # once per file per run, not once per role


def test_missing_file_is_a_warning(tmp_path: Path, src: Path) -> None:
    problems: list[tuple[str, str]] = []
    images, _ = build(tmp_path, [src / "gone.png"], "out", problems)
    assert images[0].error and problems[0][0].endswith("gone.png")


def test_corrupt_cache_index_is_ignored(tmp_path: Path, src: Path) -> None:
    sources = make_sources(src)[:1]
    build(tmp_path, sources, "out1")
    (tmp_path / "cache" / "probe-index.json").write_text("{not json")
    images, stats = build(tmp_path, sources, "out2")
    assert stats.reused == 1 and images[0].error is None
