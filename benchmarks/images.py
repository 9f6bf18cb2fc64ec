#!/usr/bin/env python3
"""Image benchmark: 200 noisy 1024x1024 PNGs, as `artsite build` makes them at its defaults, and as
the peers make a 400px thumbnail and an 800px display size (WebP).

Usage (from the repo root):
    .venv/bin/python benchmarks/images.py             # artsite: `artsite build` of a 200-work gallery
                                                     # at default and at the richest settings, cold then warm
    .venv/bin/python benchmarks/images.py --peers     # also sigal and Eleventy Image when installable
    .venv/bin/python benchmarks/images.py --peers --rounds 3   # round-robin, medians: for a shared machine

Peers are installed on demand into benchmarks/work/ (gitignored): sigal into its own venv, Eleventy Image with
npm. Any peer that cannot be installed or run is reported as skipped; the benchmark itself never fails for it.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent
WORK = ROOT / "work" / "images"  # other benchmarks share work/: keep ours in a subfolder
SOURCES = WORK / "src"
sys.path.insert(0, str(ROOT.parent))

from generator.images import ImagePipeline, ImageSettings  # noqa: E402

INSTALL_TIMEOUT = 300
ELEVENTY_SCRIPT = """
import Image from "@11ty/eleventy-img";
import { readdirSync } from "node:fs";
import { join } from "node:path";
const [src, out] = process.argv.slice(2);
const files = readdirSync(src).filter((f) => f.endsWith(".png"));
await Promise.all(files.map((f) => Image(join(src, f), { widths: [400, 800], formats: ["webp"], outputDir: out })));
"""
SIGAL_CONF = """
img_size = (800, 800)
thumb_size = (400, 400)
thumb_fit = False
img_format = "WEBP"
keep_orig = False
write_html = False
"""


def _make_source(index: int, size: int, path: Path) -> None:
    rng = random.Random(index)
    base = Image.linear_gradient("L").resize((size, size)).rotate(index * 7 % 360)
    noise = Image.frombytes("L", (size, size), rng.randbytes(size * size))
    tint = Image.new("L", (size, size), rng.randrange(256))
    rgb = Image.merge("RGB", (Image.blend(base, noise, 0.12), base, Image.blend(tint, noise, 0.08)))
    rgb.save(path, compress_level=3)


def make_sources(count: int, size: int) -> list[Path]:
    """Noisy gradients: realistic 1-2 MB PNGs (flat images would compress to nothing and flatter everyone)."""
    SOURCES.mkdir(parents=True, exist_ok=True)
    paths = [SOURCES / f"work-{i:03d}.png" for i in range(count)]
    missing = [(i, p) for i, p in enumerate(paths) if not p.exists()]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_make_source, [i for i, _ in missing], [size] * len(missing), [p for _, p in missing]))
    return paths


SITE_YAML = """title: Image benchmark
base_url: https://example.org/
plugins: []
"""
RICHEST = """images:
  formats: [avif, webp]
  avif_min_width: 0
  webp_beside_avif: true
  originals: clean
"""


def gallery_site(paths: list[Path], name: str, extra: str) -> Path:
    """A site whose one gallery holds every source (hard links: no copies of 300 MB)."""
    site = WORK / name
    folder = site / "content" / "galleries" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (site / "site.yaml").write_text(SITE_YAML + extra, "utf-8")
    (folder / "index.md").write_text("---\ntitle: Bench\n---\n", "utf-8")
    for path in paths:
        target = folder / path.name
        if not target.exists():
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
    return site


def artsite_build(site: Path, cold: bool) -> float:
    """`artsite build` as an artist runs it; cold starts without cache or output."""
    if cold:
        shutil.rmtree(site / ".artsite-cache", ignore_errors=True)
        shutil.rmtree(site / "_site", ignore_errors=True)
    return timed([sys.executable, "-m", "generator", "build"], cwd=site)


def output_summary(site: Path) -> str:
    files = [p for p in (site / "_site" / "galleries").rglob("*") if p.suffix in (".avif", ".webp", ".jpg", ".png")]
    by_kind: dict[str, list[int]] = {}
    for file in files:
        by_kind.setdefault(file.suffix, []).append(file.stat().st_size)
    return ", ".join(f"{len(sizes)} {kind[1:]} ({sum(sizes) / 1e6:.1f} MB)" for kind, sizes in sorted(by_kind.items()))


def ours(paths: list[Path], workers: int) -> float:
    settings = ImageSettings(
        thumb_widths=(400,), display_widths=(800,), formats=("webp",), fallback=False, workers=workers
    )
    out = WORK / "ours-out"
    shutil.rmtree(out, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu, started = _children_cpu() + own.ru_utime + own.ru_stime, time.perf_counter()
    pipeline = ImagePipeline(settings, WORK / "ours-cache")
    for path in paths:
        pipeline.request(path, "/gallery/", "thumb")
        pipeline.request(path, "/gallery/", "display")
    stats = pipeline.run(out)
    elapsed = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    CPU_SPENT.append(_children_cpu() + own.ru_utime + own.ru_stime - cpu)
    if stats.failed:
        raise SystemExit(f"our pipeline failed on {stats.failed} images")
    return elapsed


CPU_SPENT: list[float] = []  # CPU seconds (user + system, with every child) of each timed() run


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(cmd: list[str], cwd: Path | None = None) -> float:
    """Wall seconds of one run; its CPU seconds go to CPU_SPENT, since on a shared machine the
    wall time moves with other people's load and the CPU time much less."""
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    CPU_SPENT.append(_children_cpu() - cpu)
    return time.perf_counter() - started


def setup_sigal() -> list[str] | None:
    venv = WORK / "sigal-venv"
    sigal = venv / "bin" / "sigal"
    if not sigal.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=INSTALL_TIMEOUT)
            subprocess.run(
                [str(venv / "bin" / "pip"), "install", "-q", "sigal"], check=True, timeout=INSTALL_TIMEOUT
            )
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"sigal: skipped ({exc})", file=sys.stderr)
            return None
    conf = WORK / "sigal.conf.py"
    conf.write_text(SIGAL_CONF, "utf-8")
    return [str(sigal), "build", "-c", str(conf), "-n", str(os.cpu_count() or 1)]


def run_sigal(cmd: list[str], cold: bool) -> float:
    out = WORK / "sigal-out"
    if cold:
        shutil.rmtree(out, ignore_errors=True)
    return timed([*cmd, str(SOURCES), str(out)])


def setup_eleventy() -> Path | None:
    folder = WORK / "eleventy"
    if not (folder / "node_modules" / "@11ty" / "eleventy-img").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "package.json").exists():
            (folder / "package.json").write_text('{"private": true}\n', "utf-8")
        try:
            subprocess.run(
                ["npm", "i", "--no-audit", "--no-fund", "@11ty/eleventy-img"],
                cwd=folder,
                check=True,
                timeout=INSTALL_TIMEOUT,
                capture_output=True,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"eleventy-img: skipped ({exc})", file=sys.stderr)
            return None
    script = folder / "bench.mjs"
    script.write_text(ELEVENTY_SCRIPT, "utf-8")
    return script


def run_eleventy(script: Path, cold: bool) -> float:
    out = WORK / "eleventy-out"
    if cold:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(script.parent / ".cache", ignore_errors=True)
    return timed(["node", str(script), str(SOURCES), str(out)], cwd=script.parent)


Tool = tuple[str, Callable[[bool], float]]


def measure(name: str, run: Callable[[bool], float]) -> tuple[float, float, float, float] | None:
    """(cold wall, cold CPU, warm wall, warm CPU) of one round, or None when the tool failed."""
    try:
        cold = run(True)
        cold_cpu = CPU_SPENT[-1] if CPU_SPENT else float("nan")
        warm = run(False)
        warm_cpu = CPU_SPENT[-1] if CPU_SPENT else float("nan")
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        print(f"{name}: failed ({exc}) {detail.decode(errors='replace')[-400:]}", file=sys.stderr)
        return None
    return cold, cold_cpu, warm, warm_cpu


def round_robin(tools: list[Tool], rounds: int) -> dict[str, list[tuple[float, float, float, float]]]:
    """Every tool once per round, in turn: a burst of someone else's load then falls on all of
    them, not on whichever happened to run during it, and the medians compare like with like."""
    results: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name, _ in tools}
    for _ in range(rounds):
        for name, run in tools:
            measured = measure(name, run)
            if measured is not None:
                results[name].append(measured)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=0, help="0 = all cores")
    parser.add_argument("--peers", action="store_true", help="also time sigal and Eleventy Image")
    parser.add_argument("--pipeline", action="store_true",
                        help="also time the bare image pipeline making the peers' outputs (400 + 800 px WebP)")
    parser.add_argument("--rounds", type=int, default=1, help="round-robin rounds; medians are reported")
    args = parser.parse_args()

    paths = make_sources(args.count, args.size)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{len(paths)} sources, {megabytes:.0f} MB, {os.cpu_count()} cores; peers make 400 + 800 px WebP")
    shutil.rmtree(WORK / "ours-cache", ignore_errors=True)
    tools: list[Tool] = []
    sites = {}
    for label, extra in (("default", ""), ("richest", RICHEST)):
        site = sites[label] = gallery_site(paths, f"site-{label}", extra)
        tools.append((f"artsite build ({label})", lambda cold, site=site: artsite_build(site, cold)))
    if args.pipeline:
        tools.append(("artsite pipeline (peers' outputs)", lambda cold: ours(paths, args.workers)))
    if args.peers:
        sigal = setup_sigal()
        if sigal:
            tools.append(("sigal", lambda cold: run_sigal(sigal, cold)))
        script = setup_eleventy()
        if script:
            tools.append(("eleventy-img", lambda cold: run_eleventy(script, cold)))
    load_before = os.getloadavg()
    results = round_robin(tools, max(1, args.rounds))
    load_after = os.getloadavg()
    for label, site in sites.items():
        print(f"artsite build ({label}): {output_summary(site)}")
    print(f"\nload average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
          f"medians of {max(1, args.rounds)} round(s); CPU = user + system")
    print(f"{'tool':<34} {'cold (s)':>10} {'cold CPU':>10} {'warm (s)':>10} {'warm CPU':>10}")
    for name, rows in results.items():
        if not rows:
            print(f"{name:<34} {'failed':>10}")
            continue
        cold, cold_cpu, warm, warm_cpu = (statistics.median(column) for column in zip(*rows, strict=True))
        print(f"{name:<34} {cold:>10.2f} {cold_cpu:>10.2f} {warm:>10.3f} {warm_cpu:>10.3f}")


if __name__ == "__main__":
    main()
