"""A short, fixed-budget atheris run of the image-pipeline fuzz harness: it must find nothing.

The harness (fuzz/fuzz_images.py) probes, cleans, strips, converts and stealth-reads every input,
failing on any exception, on a write failure reported for a bad image, and on any input slower
than its per-input budget; libFuzzer's -timeout stops one that never returns.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HARNESS = REPO / "fuzz" / "fuzz_images.py"

pytest.importorskip("atheris")


def test_image_fuzz_harness_short_run(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(HARNESS), "-atheris_runs=800", "-max_len=4096", "-timeout=20", "-seed=1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done 800" in proc.stderr or "DONE" in proc.stderr, proc.stderr[-2000:]
    assert not list(tmp_path.glob("crash-*")) and not list(tmp_path.glob("timeout-*"))


def test_the_harness_catches_a_slow_input(tmp_path: Path) -> None:
    """The per-input budget is real: an input that passes the header checks but is slow to decode
    (85 repeats of a progressive JPEG's last scan at 4000x4000; above the harness's pixel limit
    it would be refused, so the limit is raised for this run) is reported as a finding."""
    sys.path.insert(0, str(REPO))
    from tests.hostile.test_budgets import repeated_scan_jpeg

    slow = tmp_path / "slow.jpg"
    slow.write_bytes(repeated_scan_jpeg(4000, 85))
    launcher = tmp_path / "launch.py"
    launcher.write_text(  # the harness is a script: load it as a module to lower its limits
        "import sys\n"
        f"sys.argv = [{str(HARNESS)!r}, {str(slow)!r}]\n"
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('fuzz_images', {str(HARNESS)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "module.MAX_PIXELS, module.MEMORY_MB, module.PER_INPUT_SECONDS = 100_000_000, 4096, 0.5\n"
        "module.test_one_input(open(sys.argv[1], 'rb').read())\n",
        encoding="utf-8")
    proc = subprocess.run([sys.executable, str(launcher)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode != 0
    assert "one input took" in proc.stderr, proc.stderr[-2000:]
