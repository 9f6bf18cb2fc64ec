"""One hostile image cannot stall a build: decode cost is bounded before decoding, and every image
job runs under a time and memory budget.

The files are small and valid (or valid enough for Pillow) and cost far more to decode than their
size suggests: a progressive JPEG whose last scan is repeated thousands of times (libjpeg-turbo's
LJT-01-003), a 389 KB PNG of 100 million RGBA pixels, a GIF of 5,000 one-pixel frames. Each site
is built by `artsite build` in a subprocess with a 10 s timeout; the hostile image becomes a
warning naming it, the other images and pages are built.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
import zlib
from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from generator.images.decodecost import MAX_JPEG_SCANS, gif_frames, jpeg_scans
from tests.kit.hostile import REPO, new_site
from tests.kit.images import chunk, png_bytes

TIMEOUT = 10.0
PEAK_LIMIT_KB = 1024 * 1024


def split_scans(data: bytes) -> tuple[list[tuple[int, int]], int]:
    """(start, end) of every SOS segment with its entropy-coded data, and where EOI starts; written
    from the JPEG syntax (ITU T.81 B.1), independently of generator.images.decodecost."""
    pos, scans = 2, []
    while True:
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        if marker == 0xD9:
            return scans, pos
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        end = pos + 2 + length
        if marker == 0xDA:
            while not (data[end] == 0xFF and data[end + 1] not in (0x00, *range(0xD0, 0xD8))):
                end += 1
            scans.append((pos, end))
        pos = end


def progressive_jpeg(size: int, colour: tuple[int, int, int] = (100, 150, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(buffer, "JPEG", progressive=True, quality=90)
    return buffer.getvalue()


def repeated_scan_jpeg(size: int, repeats: int) -> bytes:
    """libjpeg's progressive script with its last scan (an AC refinement of a flat image, a few
    bytes of EOB run) repeated: legal, and each copy costs a pass over every block."""
    data = progressive_jpeg(size)
    scans, eoi = split_scans(data)
    start, end = scans[-1]
    return data[:end] + data[start:end] * repeats + data[eoi:]


@cache
def rgba_bomb_png(side: int = 10_000) -> bytes:
    """100 million fully transparent RGBA pixels: 389 KB on disk, 400 MB decoded."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (1 + side * 4)
    body = b"".join(squeeze.compress(row) for _ in range(side)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def many_frame_gif(frames: int) -> bytes:
    """A GIF89a of `frames` 1x1 frames, laid out as Pillow's GIF writer lays out each frame."""
    frame = (b"\x21\xf9\x04\x04\x01\x00\x00\x00"  # graphic control: 10 ms
             b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00"  # image descriptor, no local table
             b"\x02\x02\x44\x01\x00")  # LZW min code size 2, one sub-block, terminator
    header = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    return header + loop + frame * frames + b"\x3b"


def apng(frames: int, side: int) -> bytes:
    """An animated PNG of flat frames in changing colours, chunk by chunk as the APNG spec lays it
    out (acTL, then fcTL + IDAT for the first frame and fcTL + fdAT for each other one)."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0))
    parts = [b"\x89PNG\r\n\x1a\n", header, chunk(b"acTL", struct.pack(">II", frames, 0))]
    sequence = 0
    for index in range(frames):
        control = struct.pack(">IIIIIHHBB", sequence, side, side, 0, 0, 4, 100, 0, 0)
        parts.append(chunk(b"fcTL", control))
        sequence += 1
        row = b"\x00" + bytes((index * 5 % 256, 100, 200, 255)) * side
        pixels = zlib.compress(row * side, 6)
        if index == 0:
            parts.append(chunk(b"IDAT", pixels))
        else:
            parts.append(chunk(b"fdAT", struct.pack(">I", sequence) + pixels))
            sequence += 1
    return b"".join(parts) + chunk(b"IEND", b"")


def hostile_site(root: Path, images: dict[str, bytes], image_settings: str = ""):
    """A gallery holding one good image and the hostile ones; `image_settings` go under `images:`."""
    site = new_site(root)
    config = site.root / "site.yaml"
    config.write_text(config.read_text().replace("  display_widths: [64]\n", "  display_widths: [64]\n"
                                                 + image_settings), encoding="utf-8")
    site.write("content/galleries/g/index.md", "---\ntitle: Gallery\n---\n")
    site.write("content/galleries/g/zz-ok.png", png_bytes(size=(48, 48)))
    site.write("content/galleries/g/zz-ok.png.md", "---\nalt: fine\n---\n")
    for name, data in images.items():
        site.write(f"content/galleries/g/{name}", data)
        site.write(f"content/galleries/g/{name}.md", "---\nalt: hostile file\n---\n")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    return site


def warnings_for(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if f"content/galleries/g/{name}:" in line]


def assert_built_without(site, run, name: str, words: str, limit: float = TIMEOUT) -> None:
    run.assert_clean_exit()
    assert run.seconds < limit, f"{name}: the build took {run.seconds:.1f} s"
    assert run.peak_kb < PEAK_LIMIT_KB, f"{name}: peak memory {run.peak_kb // 1024} MiB"
    assert run.rc == 0, run.output
    lines = warnings_for(run.stderr, name)
    assert any(words in line for line in lines), f"no warning about {name}:\n{run.stderr}"
    assert (site.out / "galleries/g/zz-ok/index.html").is_file()
    assert list((site.out / "galleries/g").glob("zz-ok-*.webp")), "the good image was not converted"
    assert (site.out / "posts/ok/index.html").is_file()


def test_the_scan_counter_reads_real_progressive_files() -> None:
    plain = progressive_jpeg(64)
    assert jpeg_scans(plain) == len(split_scans(plain)[0]) == 10  # libjpeg's default script
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(buffer, "JPEG")
    assert jpeg_scans(buffer.getvalue()) == 1
    hostile = repeated_scan_jpeg(64, 5000)
    assert jpeg_scans(hostile) == MAX_JPEG_SCANS + 1  # it stops counting past the limit


def test_repeated_scan_jpeg_is_refused_before_decoding(tmp_path: Path) -> None:
    hostile = repeated_scan_jpeg(4000, 6000)
    assert len(hostile) < 300_000  # the size of the review's 16-second file
    site = hostile_site(tmp_path / "site", {"scans.jpg": hostile})
    run = site.run(timeout=TIMEOUT + 20)
    assert_built_without(site, run, "scans.jpg", "scans")
    assert not list((site.out / "galleries/g").glob("scans-*.webp"))


def test_png_that_decodes_to_gigabytes_is_refused_by_its_memory_need(tmp_path: Path) -> None:
    site = hostile_site(tmp_path / "site", {"bomb.png": rgba_bomb_png()})
    run = site.run(timeout=TIMEOUT + 20)
    assert_built_without(site, run, "bomb.png", "images.memory_limit")
    assert run.peak_kb < 300 * 1024, f"the bomb was decoded: peak {run.peak_kb // 1024} MiB"


def test_gif_with_thousands_of_frames_is_counted_with_a_cap_and_not_reencoded(tmp_path: Path) -> None:
    data = many_frame_gif(5000)
    with Image.open(io.BytesIO(data)) as im:  # Pillow agrees on the frame count
        assert im.n_frames == 5000
    assert gif_frames(data, 1000) == 1001 and gif_frames(many_frame_gif(3)) == 3
    site = hostile_site(tmp_path / "site", {"frames.gif": data})
    run = site.run(timeout=TIMEOUT + 20)
    run.assert_clean_exit()
    assert run.rc == 0 and run.seconds < TIMEOUT, run.output
    page = (site.out / "galleries/g/frames/index.html").read_text(encoding="utf-8")
    assert "frames-1-anim.gif" in page  # the stripped original plays instead
    assert not list((site.out / "galleries/g").glob("frames-*.webp")), "5,000 frames were re-encoded"


def test_a_job_over_its_time_budget_is_stopped_and_the_build_goes_on(tmp_path: Path) -> None:
    """85 repeats of the last scan pass the header checks (under 100 scans) and, decoded at full
    size, take about two CPU seconds."""
    slow = repeated_scan_jpeg(4000, 85)
    assert MAX_JPEG_SCANS // 2 < jpeg_scans(slow) <= MAX_JPEG_SCANS
    site = hostile_site(tmp_path / "site", {"slow.jpg": slow}, "  time_limit: 1\n")
    config = site.root / "site.yaml"
    config.write_text(config.read_text().replace("display_widths: [64]", "display_widths: [4000]"), encoding="utf-8")
    started = time.monotonic()
    run = site.run(timeout=TIMEOUT + 20)
    # The job runs until its CPU second is spent or its wall-clock deadline (8 s) passes; on two
    # cores shared by many processes a CPU second can take most of that, so the build gets more.
    assert_built_without(site, run, "slow.jpg", "longer than 1 s", limit=2 * TIMEOUT)
    assert time.monotonic() - started < 2 * TIMEOUT + 5
    assert not list((site.out / "galleries/g").glob("slow-*.webp"))


def test_a_job_over_its_memory_budget_fails_alone(tmp_path: Path) -> None:
    """40 frames of 1000x1000: each frame passes the header check, all of them held as RGBA for
    re-encoding (160 MB) do not fit a 128 MB budget."""
    site = hostile_site(tmp_path / "site", {"heavy.png": apng(40, 1000)}, "  memory_limit: 128\n")
    run = site.run(timeout=TIMEOUT + 30)
    run.assert_clean_exit()
    assert run.rc == 0, run.output
    lines = warnings_for(run.stderr, "heavy.png")
    assert any("memory" in line or "crashed" in line for line in lines), run.stderr
    assert list((site.out / "galleries/g").glob("zz-ok-*.webp"))
    assert (site.out / "galleries/g/heavy/index.html").is_file()


@pytest.mark.parametrize("name", ["scans.jpg", "bomb.png", "frames.gif"])
def test_provenance_on_hostile_files_returns_quickly(tmp_path: Path, name: str) -> None:
    data = {"scans.jpg": lambda: repeated_scan_jpeg(4000, 6000), "bomb.png": rgba_bomb_png,
            "frames.gif": lambda: many_frame_gif(5000)}[name]()
    path = tmp_path / name
    path.write_bytes(data)
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "generator", "provenance", str(path)], capture_output=True,
                          text=True, timeout=TIMEOUT + 20, cwd=REPO)
    assert time.monotonic() - began < TIMEOUT
    assert "Traceback" not in done.stderr, done.stderr
    assert name in done.stdout + done.stderr


def test_the_worker_pool_stops_overrunning_and_dying_jobs_and_finishes_the_rest(monkeypatch) -> None:
    """The supervisor itself, with jobs that misbehave the ways a decoder can: spin on the CPU,
    block without using any, or kill their process. Each fails alone; the others all finish."""
    import os

    from generator.images import budget as budget_module
    from generator.images.jobs import Job, JobResult

    def behave(job: Job) -> JobResult:
        if job.source == "spin":
            while True:
                pass
        if job.source == "block":
            time.sleep(60)
        if job.source == "die":  # as a native library's abort() would, minus the core-dump noise
            os._exit(134)
        return JobResult(job.sha, 1)

    monkeypatch.setattr(budget_module, "run_job", behave)  # forked workers inherit it
    names = ["ok1", "spin", "ok2", "block", "die", "ok3", "ok4"]
    jobs = [Job(name, name, "PNG", 80, False, 1000) for name in names]
    began = time.monotonic()
    results = budget_module.run_jobs(jobs, 2, budget_module.Budget(seconds=1, memory_mb=256, wall=3))
    assert time.monotonic() - began < 9
    by_name = {r.sha: r for r in results}
    assert sorted(by_name) == sorted(names)
    assert all(by_name[n].error is None and by_name[n].written == 1 for n in ("ok1", "ok2", "ok3", "ok4"))
    assert "longer than 1 s" in (by_name["spin"].error or "")
    assert "longer than 1 s" in (by_name["block"].error or "")
    assert "crashed" in (by_name["die"].error or "")


@pytest.mark.parametrize("rgb", [False, True], ids=["alpha", "rgb"])
def test_stealth_text_in_a_tall_image_is_still_found(rgb: bool) -> None:
    """The stealth reader now looks at the first column before building whole-image bit planes;
    an image taller than the signature must still give up its text from either plane."""
    from generator.provenance.reader import extract
    from tests.provenance.test_extractors_stealth import stealth_png

    signature = "stealth_rgbinfo" if rgb else "stealth_pnginfo"
    bag = extract("tall.png", stealth_png(signature, b"a tall secret", size=(40, 300), rgb=rgb))
    assert bag.stealth == "a tall secret"


def test_stealth_reading_of_a_transparent_bomb_stays_small(tmp_path: Path) -> None:
    """40 MP of RGBA (the stealth reader's own pixel limit) in 155 KB: reading provenance must not
    build gigabyte bit planes when the first column holds no signature."""
    path = tmp_path / "b40.png"
    path.write_bytes(rgba_bomb_png(6300))
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True, timeout=30); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "generator", "provenance", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    peak_mb = int(done.stdout.split()[-1]) // 1024
    assert peak_mb < 400, f"provenance peaked at {peak_mb} MB"


def test_serve_starts_and_serves_beside_hostile_images(tmp_path: Path) -> None:
    """`serve` builds through the same pipeline: the preview is up within the bound, hostile images
    are warnings in its problems, and the good pages are served."""
    import urllib.request

    from generator.serve import DevServer, ServeOptions

    site = hostile_site(tmp_path / "site", {"scans.jpg": repeated_scan_jpeg(4000, 6000), "bomb.png": rgba_bomb_png()})
    began = time.monotonic()
    dev = DevServer(ServeOptions(source=site.root, port=0, debounce=0.05))
    outcome = dev.start()
    try:
        assert time.monotonic() - began < TIMEOUT
        assert outcome.ok, outcome.problems.items
        warned = {Path(p.file or "").name for p in outcome.problems.warnings}
        assert {"scans.jpg", "bomb.png"} <= warned, warned
        with urllib.request.urlopen(dev.url + "galleries/g/zz-ok/", timeout=5) as response:
            assert response.status == 200
    finally:
        dev.stop()


def test_a_worker_may_spend_more_cpu_over_many_jobs_than_one_job_may(monkeypatch) -> None:
    """The budget is per job. A worker serves job after job, so its own CPU time passes any one
    job's budget long before a gallery is done: five jobs of 0.4 s through one worker under a
    1 s budget all finish (a hard limit fixed at the first job's budget killed the worker at 2 s,
    and two images of every 200-image gallery came out as "took longer than 10 s")."""
    from generator.images import budget as budget_module
    from generator.images.jobs import Job, JobResult

    def burn(job: Job) -> JobResult:
        until = time.process_time() + 0.4
        while time.process_time() < until:
            pass
        return JobResult(job.sha, 1)

    monkeypatch.setattr(budget_module, "run_job", burn)  # forked workers inherit it
    jobs = [Job(f"job{i}", f"job{i}", "PNG", 80, False, 1000) for i in range(6)]
    results = budget_module.run_jobs(jobs, 1, budget_module.Budget(seconds=1, memory_mb=256, wall=30))
    assert sorted(r.sha for r in results) == sorted(j.sha for j in jobs)
    assert [r.error for r in results] == [None] * len(jobs)
