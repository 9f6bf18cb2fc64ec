#!/usr/bin/env python3
"""Build benchmark: `artsite build` against Pelican, Hugo and Eleventy on the same synthetic posts.

Usage (from the repo root):
    .venv/bin/python benchmarks/build.py --posts 1000 --posts 5000 --runs 3
    .venv/bin/python benchmarks/build.py --posts 1000 --install-peers      # install missing peers first
    .venv/bin/python benchmarks/build.py --posts 1000 --peers none --profile

Times, as wall clock of the whole command (interpreter start included, as a user sees it): an
artsite clean build (output and .artsite-cache removed), a no-change rebuild, a rebuild after
one post was edited, and each peer's clean build. Reports the median of --runs. Peers are
installed only with --install-peers, into benchmarks/work/build/ (gitignored), and any peer that
cannot be installed or run is skipped with the reason. `--profile` profiles one clean artsite
build in-process with Markdown forced onto one process, so the worker time shows in the profile.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
WORK = ROOT / "work" / "build"  # work/ is shared with other benchmarks: keep ours in a subfolder
PEERS = ROOT / "peers"
sys.path.insert(0, str(ROOT))

import _synth  # noqa: E402

INSTALL_TIMEOUT = 600
BUILD_TIMEOUT = 900


class BenchError(Exception):
    pass


@dataclass
class Peer:
    name: str
    output: str  # output folder inside the peer's site
    clean: tuple[str, ...]  # what a clean build removes first (output and caches)
    command: Callable[[], list[str]]
    find: Callable[[], str | None]  # None when runnable, else why not
    install: Callable[[], str | None]
    version: Callable[[], str]
    posts_dir: str


@dataclass
class Measure:
    seconds: list[float] = field(default_factory=list)  # wall clock
    cpu: list[float] = field(default_factory=list)  # user + system of the command and its children
    pages: int = 0
    peak_mb: list[float] = field(default_factory=list)  # largest resident set of any process of the build
    stages: list[tuple[float, str]] = field(default_factory=list)  # (wall, --verbose stage lines) per run
    error: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def median_peak(self) -> float | None:
        return statistics.median(self.peak_mb) if self.peak_mb else None

    @property
    def pages_per_second(self) -> float | None:
        return self.pages / self.median if self.median and self.pages else None

    def median_stages(self) -> str:
        return sorted(self.stages)[len(self.stages) // 2][1] if self.stages else ""


def child_env() -> dict[str, str]:
    """The caller's environment, minus settings a normal install does not have.

    PYTHONDONTWRITEBYTECODE would make every artsite and Pelican run recompile their modules,
    which no user pays after the first run.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str], cwd: Path, timeout: float = BUILD_TIMEOUT) -> tuple[float, float, str, float]:
    """Wall and CPU time of one command, its stderr and its peak memory in MB; a failing command
    raises with its output's tail.

    The command runs under a small launcher whose RUSAGE_CHILDREN maximum resident set is that of
    the largest process the build ran (the build itself, or one of its workers), so the peak of
    this one build is measured, not of every command the benchmark ran before it."""
    launcher = [sys.executable, "-c", MEASURE, *cmd]
    began = time.perf_counter()
    try:
        done = subprocess.run(launcher, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=child_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BenchError(f"{cmd[0]}: {exc}") from exc
    seconds = time.perf_counter() - began
    lines = done.stderr.rstrip("\n").rsplit("\n", 1)
    try:
        cpu_text, peak_text = lines[-1].removeprefix("@measure ").split()
        cpu, peak = float(cpu_text), float(peak_text) / 1024
    except ValueError as exc:
        raise BenchError(f"{cmd[0]}: the launcher did not report ({done.stderr[-300:]})") from exc
    stderr = lines[0] if len(lines) > 1 else ""
    if done.returncode != 0:
        tail = (stderr or done.stdout).strip().splitlines()[-12:]
        raise BenchError(f"{' '.join(cmd[:3])} exited {done.returncode}:\n    " + "\n    ".join(tail))
    return seconds, cpu, stderr, peak


MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"@measure {use.ru_utime + use.ru_stime:.4f} {use.ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0


def remove(site: Path, names: tuple[str, ...]) -> None:
    for name in names:
        path = site / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def artsite_bin() -> list[str]:
    for candidate in (Path(sys.executable).parent / "artsite", REPO / ".venv" / "bin" / "artsite"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("artsite")
    return [found] if found else [sys.executable, "-m", "generator"]


# --- peers -------------------------------------------------------------------------------------

PELICAN_VENV = WORK / "venv-pelican"
ELEVENTY_DIR = WORK / "eleventy"  # node_modules here; the Eleventy sites live below it so imports resolve
ELEVENTY_CLI = ELEVENTY_DIR / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"


def _quiet(cmd: list[str], cwd: Path | None = None, timeout: float = INSTALL_TIMEOUT) -> str | None:
    """None when the command worked, else a one-line reason."""
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{cmd[0]}: {exc}"
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return f"{' '.join(cmd[:3])} failed: {lines[-1] if lines else done.returncode}"
    return None


def _install_pelican() -> str | None:
    if not (PELICAN_VENV / "bin" / "python").exists():
        reason = _quiet([sys.executable, "-m", "venv", str(PELICAN_VENV)])
        if reason:
            return reason
    return _quiet([str(PELICAN_VENV / "bin" / "pip"), "install", "-q", "pelican", "markdown"])


def _install_hugo() -> str | None:
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        return "needs apt-get as root"

    def candidate() -> str:
        done = subprocess.run(["apt-cache", "policy", "hugo"], capture_output=True, text=True)
        line = next((x for x in done.stdout.splitlines() if "Candidate:" in x), "Candidate: (none)")
        return line.split(":", 1)[1].strip()

    if candidate() == "(none)":
        _quiet(["apt-get", "update", "-q"])
        if candidate() == "(none)":
            return "no hugo package in the configured apt sources"
    env_cmd = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", "hugo"]
    return _quiet(env_cmd)


def _install_eleventy() -> str | None:
    if shutil.which("npm") is None:
        return "npm not found"
    ELEVENTY_DIR.mkdir(parents=True, exist_ok=True)
    package = ELEVENTY_DIR / "package.json"
    if not package.exists():
        package.write_text('{"name": "artsite-build-bench-eleventy", "private": true}\n')
    return _quiet(["npm", "i", "--no-audit", "--no-fund", "@11ty/eleventy@3",
                   "@11ty/eleventy-plugin-syntaxhighlight"], cwd=ELEVENTY_DIR)


def _version(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    words = (done.stdout or done.stderr).split()
    return next((w.lstrip("v").split("+")[0] for w in words if w[:1].isdigit() or w[:2] == "v0"), "?")


PEER_LIST = [
    Peer("pelican", "output", ("output", "cache", "__pycache__"),
         lambda: [str(PELICAN_VENV / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output", "-q"],
         lambda: None if (PELICAN_VENV / "bin" / "pelican").exists() else "not installed (use --install-peers)",
         _install_pelican, lambda: _version([str(PELICAN_VENV / "bin" / "pelican"), "--version"]), "content"),
    Peer("hugo", "public", ("public", "resources", ".hugo_build.lock"),
         lambda: [shutil.which("hugo") or "hugo", "--quiet", "-d", "public"],
         lambda: None if shutil.which("hugo") else "not installed (use --install-peers)",
         _install_hugo, lambda: _version(["hugo", "version"]), "content/posts"),
    Peer("eleventy", "_site", ("_site", ".cache"),
         lambda: [shutil.which("node") or "node", str(ELEVENTY_CLI), "--quiet"],
         lambda: None if ELEVENTY_CLI.exists() and shutil.which("node") else "not installed (use --install-peers)",
         _install_eleventy, lambda: _version([shutil.which("node") or "node", str(ELEVENTY_CLI), "--version"]),
         "posts"),
]


def peer_site(peer: Peer, posts: int) -> Path:
    return (ELEVENTY_DIR if peer.name == "eleventy" else WORK / peer.name) / f"site-{posts}"


def ready_peers(names: list[str], install: bool) -> list[Peer]:
    ready = []
    for peer in (p for p in PEER_LIST if p.name in names):
        reason = peer.find()
        if reason and install:
            print(f"installing {peer.name} ...", flush=True)
            began = time.perf_counter()
            reason = peer.install() or peer.find()
            print(f"  {peer.name}: {reason or 'ok'} ({time.perf_counter() - began:.0f} s)")
        if reason:
            print(f"skipping {peer.name}: {reason}")
            continue
        ready.append(peer)
    return ready


# --- the run -----------------------------------------------------------------------------------

Results = dict[int, dict[str, Measure]]  # posts -> "artsite clean" / "hugo clean" ... -> measure


def bench(sizes: list[int], peers: list[Peer], runs: int) -> Results:
    results: Results = {}
    for count in sizes:
        began = time.perf_counter()
        posts = _synth.make_posts(count)
        _synth.write_site("artsite", WORK / f"site-{count}", posts, PEERS)
        for peer in peers:
            _synth.write_site(peer.name, peer_site(peer, count), posts, PEERS)
        words = sum(len(p.body.split()) for p in posts)
        print(f"\n{count} posts ({words:,} words) written in {time.perf_counter() - began:.1f} s; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        results[count] = rounds(count, posts, peers, runs)
        for label, measure in results[count].items():
            report_line(label, measure)
    return results


def rounds(count: int, posts: list[_synth.Post], peers: list[Peer], runs: int) -> dict[str, Measure]:
    """Round-robin: each round times every build once, so background load hits all of them alike."""
    site = WORK / f"site-{count}"
    artsite = [*artsite_bin(), "build", "--verbose"]
    steps: list[tuple[str, Path, list[str], Callable[[int], None], str]] = [
        ("artsite clean", site, artsite, lambda _: remove(site, ("_site", ".artsite-cache")), "_site"),
        ("artsite no-change", site, artsite, lambda _: None, "_site"),
        ("artsite one edit", site, artsite, lambda n: _synth.edit_post(site, "content/posts", posts, n), "_site"),
        # The first edit after a clean build finds no spare folder and stages every file; from the
        # second on, only what changed is written. Both are timed.
        ("artsite next edit", site, artsite, lambda n: _synth.edit_post(site, "content/posts", posts, 100 + n), "_site"),
    ]
    for peer in peers:
        where = peer_site(peer, count)
        steps.append((f"{peer.name} clean", where, peer.command(),
                      lambda _, where=where, peer=peer: remove(where, peer.clean), peer.output))
    measures = {label: Measure() for label, *_ in steps}
    for round_ in range(runs):
        for label, cwd, cmd, before, output in steps:
            measure = measures[label]
            if measure.error:
                continue
            try:
                before(round_)
                wall, cpu, stderr, peak = run(cmd, cwd)
            except BenchError as exc:
                measure.error = str(exc)
                continue
            measure.seconds.append(wall)
            measure.cpu.append(cpu)
            measure.peak_mb.append(peak)
            measure.stages.append((wall, "\n".join(x for x in stderr.splitlines() if x.startswith("  "))))
            measure.pages = count_pages(cwd / output)
    return measures


def report_line(label: str, measure: Measure) -> None:
    if measure.error:
        print(f"  {label:20s} FAILED: {measure.error}", flush=True)
    else:
        samples = ", ".join(f"{s:.2f}" for s in measure.seconds)
        rate = f"  {measure.pages_per_second:,.0f} pages/s" if measure.pages_per_second else ""
        print(f"  {label:20s} median {measure.median:6.2f} s  [{samples}]  cpu {measure.median_cpu:6.2f} s  "
              f"peak {measure.median_peak:6.0f} MB  {measure.pages} html files{rate}", flush=True)


def table(results: Results, versions: dict[str, str]) -> str:
    sizes = sorted(results)
    labels = list(dict.fromkeys(label for row in results.values() for label in row))
    lines = ["| generator | build | " + " | ".join(f"{n} posts" for n in sizes) + " |",
             "|---|---|" + "---:|" * len(sizes)]
    for label in labels:
        name, build = label.split(" ", 1)
        cells = []
        for n in sizes:
            m = results[n].get(label)
            cells.append("failed" if m is None or m.error else
                         f"{m.median:.2f} s (cpu {m.median_cpu:.2f} s, peak {m.median_peak:.0f} MB, "
                         f"{m.pages} pages, {m.pages_per_second or 0:,.0f} pages/s)")
        lines.append(f"| {name} {versions.get(name, '')} | {build} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(results: Results) -> list[str]:
    """The goals of issue 15, each checked only when it was measured."""
    checks = [(1000, "artsite clean", "hugo clean", 1.0, "1000 clean at or below Hugo"),
              (5000, "artsite clean", "hugo clean", 0.8, "5000 clean at most 0.8x Hugo")]
    out = []
    for n, ours, theirs, factor, text in checks:
        a, b = results.get(n, {}).get(ours), results.get(n, {}).get(theirs)
        if a and b and a.median and b.median:
            ok = a.median <= b.median * factor
            out.append(f"{'PASS' if ok else 'FAIL'}  {text}: {a.median:.2f} s vs {b.median:.2f} s "
                       f"(ratio {a.median / b.median:.2f})")
    a, b = results.get(5000, {}).get("artsite clean"), results.get(5000, {}).get("hugo clean")
    if a and b and a.median_peak and b.median_peak:
        out.append(f"{'PASS' if a.median_peak <= b.median_peak / 2 else 'FAIL'}  5000 clean peak memory at most "
                   f"half of Hugo's: {a.median_peak:.0f} MB vs {b.median_peak:.0f} MB")
    for label, limit, text in (("artsite no-change", 0.3, "1000 no-change rebuild under 0.3 s"),
                               ("artsite next edit", 0.6, "1000 cold one-post edit under 0.6 s")):
        measure = results.get(1000, {}).get(label)
        if measure and measure.median:
            out.append(f"{'PASS' if measure.median < limit else 'FAIL'}  {text}: {measure.median:.2f} s")
    return out


PROFILE_CHILD = """
import cProfile, sys, time
from generator.cli import main
profiler = cProfile.Profile(time.process_time)
code = profiler.runcall(main, ["build", "-q"])
profiler.dump_stats(sys.argv[1])
sys.exit(code)
"""


def profile(count: int, top: int = 30) -> None:
    """A clean build in-process (Markdown on one process, so its time is visible), then a no-change
    rebuild in a fresh process (imports included, as a user pays them); top entries of each.

    The profiler counts CPU time, not wall time, so other work on the machine does not skew it.
    """
    import cProfile
    import pstats

    sys.path.insert(0, str(REPO))
    from generator.pipeline import workers
    from generator.pipeline.site import BuildOptions, build

    site = WORK / f"site-{count}"
    if not (site / "site.yaml").exists():
        _synth.write_site("artsite", site, _synth.make_posts(count), PEERS)
    remove(site, ("_site", ".artsite-cache"))
    workers.worker_count = lambda: 1  # type: ignore[assignment]
    clean, warm = WORK / f"profile-clean-{count}.pstats", WORK / f"profile-nochange-{count}.pstats"
    profiler = cProfile.Profile(time.process_time)
    result = profiler.runcall(build, BuildOptions(source=site))
    profiler.dump_stats(clean)
    print(f"\nclean {count}-post build in-process, Markdown on one process, under cProfile (wall ms):")
    for name, seconds in result.timings:
        print(f"  {name:28s} {seconds * 1000:8.1f} ms")
    run([sys.executable, "-c", PROFILE_CHILD, str(warm)], site)
    for label, path in (("clean", clean), ("no-change", warm)):
        for order in ("cumulative", "tottime"):
            print(f"\n=== {label} build, top {top} by {order} ({path.relative_to(REPO)}) ===")
            pstats.Stats(str(path)).strip_dirs().sort_stats(order).print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, action="append", help="site size; repeat for several (default 1000)")
    parser.add_argument("--peers", default="pelican,hugo,eleventy", help="comma list, or 'none'")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--install-peers", action="store_true", help="install missing peers into benchmarks/work")
    parser.add_argument("--profile", action="store_true", help="also cProfile one clean build of the first size")
    parser.add_argument("--serve", type=int, default=0, metavar="EDITS",
                        help="also time EDITS one-post edits in `artsite serve` (benchmarks/serve.py)")
    args = parser.parse_args(argv)
    sizes = args.posts or [1000]
    WORK.mkdir(parents=True, exist_ok=True)
    names = [] if args.peers == "none" else [n.strip() for n in args.peers.split(",") if n.strip()]
    peers = ready_peers(names, args.install_peers)
    versions = {p.name: p.version() for p in peers}
    print(f"{os.cpu_count()} cpus; artsite: {' '.join(artsite_bin())}; peers: "
          + (", ".join(f"{k} {v}" for k, v in versions.items()) or "none"))
    results = bench(sizes, peers, max(1, args.runs))
    print("\n" + table(results, versions) + "\n")
    for line in targets(results):
        print(line)
    for n, row in results.items():
        for build in ("clean", "no-change", "one edit", "next edit"):
            m = row.get(f"artsite {build}")
            if m and m.stages:
                print(f"\nartsite stages, {n} posts, {build} (median run):\n{m.median_stages()}")
    payload = {n: {k: {"seconds": m.seconds, "cpu": m.cpu, "median": m.median, "pages": m.pages,
                       "peak_mb": m.peak_mb, "error": m.error}
                   for k, m in row.items()} for n, row in results.items()}
    (WORK / "results.json").write_text(json.dumps({"versions": versions, "results": payload}, indent=1))
    if args.serve:  # the edit loop an artist lives in: the real server, its reload events
        print(f"\none-post edits in artsite serve, {sizes[0]} posts (target: under 0.2 s):", flush=True)
        subprocess.run([sys.executable, str(ROOT / "serve.py"), "--posts", str(sizes[0]), "--edits", str(args.serve)],
                       cwd=REPO, check=False)
    if args.profile:
        profile(sizes[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
