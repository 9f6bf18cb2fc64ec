"""A short, fixed-budget atheris run of the provenance fuzz harness: it must find nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HARNESS = REPO / "fuzz" / "fuzz_provenance.py"

pytest.importorskip("atheris")


def test_fuzz_harness_short_run(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(HARNESS), "-atheris_runs=1500", "-max_len=4096", "-timeout=5", "-seed=1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done" in proc.stderr or "DONE" in proc.stderr
    assert not list(tmp_path.glob("crash-*"))
