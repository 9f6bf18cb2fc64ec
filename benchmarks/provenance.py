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


def time_process(command: list[str], runs: int) -> float | None:
    """Best wall time of `runs` runs of a whole command (output discarded), or None if it fails."""
    best: float | None = None
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        elapsed = time.perf_counter() - started
        if proc.returncode not in (0, 1):  # artsite exits 1 when a file cannot be read
            return None
        best = elapsed if best is None else min(best, elapsed)
    return best


def whole_process(files: list[Path], runs: int) -> list[str]:
    """Markdown rows: wall time of each reader's command-line tool over all files."""
    names = [str(p) for p in files]
    artsite = Path(sys.executable).with_name("artsite")
    commands = {"artsite provenance --json": [str(artsite), "provenance", "--json", *names]}
    if peer_python().exists():
        commands["python -m sd_parsers"] = [str(peer_python()), "-m", "sd_parsers", *names]
    rows = []
    for name, command in commands.items():
        if not Path(command[0]).exists():
            continue
        wall = time_process(command, runs)
        rows.append(f"| {name} | {len(files)} | {'failed' if wall is None else f'{wall:.3f}'} |")
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
    parser.add_argument("--runs", type=int, default=5, help="whole-process runs per tool (best is kept)")
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
    print("| whole process | files | best wall s |")
    print("|---|---:|---:|")
    for row in whole_process(files, args.runs):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
