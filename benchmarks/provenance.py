#!/usr/bin/env python3
"""Time the provenance readers on the shared corpus, side by side with sd-parsers and sd-prompt-reader.

Each reader reads every corpus image in-process, one file at a time, after one warm-up pass, so
the figures compare the readers rather than interpreter start-up. Then the whole process is timed
as a user runs it: `artsite provenance --json` over every file against sd-parsers' own CLI
(`python -m sd_parsers`) over the same files, best of --runs, start-up included. Peers are installed into their
own virtualenv under benchmarks/work/ (only with --install-peers), and timed by a small script run
with that virtualenv's Python.

    python benchmarks/provenance.py                     # artsite alone
    python benchmarks/provenance.py --install-peers     # also sd-parsers and sd-prompt-reader
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WORK = ROOT / "benchmarks" / "work" / "provenance"
SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}

PEER_SCRIPT = r"""
import contextlib, io, json, sys, time, warnings, logging
warnings.simplefilter("ignore"); logging.disable(logging.CRITICAL)
files = sys.argv[2:]
which = sys.argv[1]
if which == "sd-parsers":
    from sd_parsers import ParserManager
    manager = ParserManager()
    def read(path):
        return manager.parse(path)
else:
    from sd_prompt_reader.image_data_reader import ImageDataReader
    def read(path):
        with open(path, "rb") as handle:
            return ImageDataReader(handle)
def timed(path):
    started = time.perf_counter()
    try:
        read(path)
        ok = True
    except Exception:
        ok = False
    return time.perf_counter() - started, ok
with contextlib.redirect_stdout(io.StringIO()):  # some readers print as they go
    for path in files:
        timed(path)
    rows = [(path, *timed(path)) for path in files]
print(json.dumps(rows))
"""


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)


def time_artsite(files: list[Path]) -> list[tuple[str, float, bool]]:
    sys.path.insert(0, str(ROOT))
    from generator.provenance.reader import read_provenance

    for path in files:
        read_provenance(path)
    rows = []
    for path in files:
        started = time.perf_counter()
        result = read_provenance(path)
        rows.append((str(path), time.perf_counter() - started, result.error is None))
    return rows


def peer_python() -> Path:
    return WORK / "venv" / "bin" / "python"


def install_peers() -> None:
    if not peer_python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(WORK / "venv")], check=True)
    subprocess.run([str(peer_python()), "-m", "pip", "install", "-q", "sd-parsers", "sd-prompt-reader", "piexif"], check=False)


def time_peer(name: str, files: list[Path]) -> list[tuple[str, float, bool]] | None:
    if not peer_python().exists():
        return None
    proc = subprocess.run([str(peer_python()), "-c", PEER_SCRIPT, name, *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        print(f"  {name}: failed to run ({proc.stderr.strip().splitlines()[-1:]})")
        return None
    return [tuple(row) for row in json.loads(proc.stdout)]


def run_once(command: list[str]) -> tuple[float, float] | None:
    """Wall and CPU (user + system) seconds of one run of a whole command, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # artsite exits 1 when a file cannot be read
        return None
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compile_bytecode() -> None:
    """Compile artsite's modules once, as installing a wheel does for the peer's site-packages.

    artsite is installed editable from this checkout, so its bytecode lives beside the sources and
    is only written when a run is allowed to write it; with PYTHONDONTWRITEBYTECODE set, every run
    would recompile some sixty modules while the peer loads its compiled ones, and the comparison
    would time the compiler. compileall writes the cache whatever that variable says."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")],
                   stdout=subprocess.DEVNULL, check=False)


def whole_process(files: list[Path], runs: int) -> list[str]:
    """Markdown rows: each reader's command-line tool over all files, runs interleaved (artsite,
    peer, artsite, peer, ...) so a change in the machine's load hits both alike; best and median."""
    names = [str(p) for p in files]
    artsite = Path(sys.executable).with_name("artsite")
    commands = {"artsite provenance --json": [str(artsite), "provenance", "--json", *names]}
    if peer_python().exists():
        commands["python -m sd_parsers"] = [str(peer_python()), "-m", "sd_parsers", *names]
    commands = {name: command for name, command in commands.items() if Path(command[0]).exists()}
    compile_bytecode()
    timings: dict[str, list[tuple[float, float]] | None] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            found = timings[name]
            if found is None:
                continue
            timing = run_once(command)
            if timing is None:
                timings[name] = None
            else:
                found.append(timing)
    rows = []
    for name, found in timings.items():
        if not found:
            rows.append(f"| {name} | {len(files)} | failed | | | |")
            continue
        walls, cpus = sorted(w for w, _ in found), sorted(c for _, c in found)
        rows.append(f"| {name} | {len(files)} | {walls[0]:.3f} | {statistics.median(walls):.3f} | "
                    f"{cpus[0]:.3f} | {statistics.median(cpus):.3f} |")
    return rows


def summary(name: str, rows: list[tuple[str, float, bool]], plain: set[str]) -> str:
    times = [t for _, t, _ in rows]
    plain_times = [t for path, t, _ in rows if path in plain]
    failed = sum(1 for _, _, ok in rows if not ok)
    q = statistics.quantiles(times, n=20)
    return (f"| {name} | {len(rows)} | {1000 * statistics.median(times):.2f} | {1000 * q[18]:.2f} | "
            f"{1000 * statistics.median(plain_times):.2f} | {sum(times):.3f} | {failed} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--install-peers", action="store_true")
    parser.add_argument("--runs", type=int, default=9, help="whole-process runs per tool, interleaved")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}")
        return 1
    files = corpus_files(args.corpus)
    plain = {str(p) for p in files if not p.name.startswith("c2pa_")}
    WORK.mkdir(parents=True, exist_ok=True)
    if args.install_peers:
        install_peers()
    results = {"artsite": time_artsite(files)}
    for peer in ("sd-parsers", "sd-prompt-reader"):
        rows = time_peer(peer, files)
        if rows is not None:
            results[peer] = rows
    print("| reader | files | median ms | p95 ms | median ms (no C2PA) | total s | raised |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, rows in results.items():
        print(summary(name, rows, plain))
    print()
    print(f"| whole process | files | best wall s | median wall s | best CPU s | median CPU s |  (load {os.getloadavg()[0]:.2f})")
    print("|---|---:|---:|---:|---:|---:|")
    for row in whole_process(files, args.runs):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
