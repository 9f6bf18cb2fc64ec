"""Start-up work of the provenance reader: what a whole `artsite provenance` process loads.

The speed bar is a whole process against sd-parsers' CLI, so what is imported before and while
reading counts as much as the parsing. These run in fresh interpreters: an import made by another
test in this process would hide a regression.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

from generator.provenance.reader import read_bytes
from tests.provenance.test_extractors_stealth import stealth_png

REPO = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_c2pa_loads_without_importlib_metadata_and_leaves_the_real_one_importable() -> None:
    code = (
        "import sys\n"
        "from generator.provenance.extractors.c2pa import import_c2pa\n"
        "c2pa = import_c2pa()\n"
        "assert 'importlib.metadata' not in sys.modules, 'the stand-in stayed or the real one was loaded'\n"
        "assert hasattr(c2pa, 'Reader') and c2pa.__version__ == 'unknown'\n"
        "import importlib.metadata\n"
        "print(importlib.metadata.version('c2pa-python'))\n"
    )
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()[:1].isdigit()  # the real module answers after the stand-in is gone


def test_c2pa_is_imported_normally_once_importlib_metadata_is_loaded() -> None:
    code = (
        "import importlib.metadata, sys\n"
        "from generator.provenance.extractors.c2pa import import_c2pa\n"
        "real = sys.modules['importlib.metadata']\n"
        "c2pa = import_c2pa()\n"
        "assert sys.modules['importlib.metadata'] is real\n"
        "assert c2pa.__version__ == importlib.metadata.version('c2pa-python')\n"
    )
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr


def test_cli_over_plain_files_loads_no_heavy_module(tmp_path: Path) -> None:
    image = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(image, pnginfo=None)
    jpeg = tmp_path / "plain.jpg"
    Image.new("RGB", (8, 8)).save(jpeg)
    code = (
        "import sys, io, contextlib\n"
        "from generator.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['provenance', '--json', {str(image)!r}, {str(jpeg)!r}])\n"
        "heavy = sorted(m for m in ('c2pa', 'PIL', 'yaml', 'jinja2', 'importlib.metadata', 'defusedxml',\n"
        "                           'xml.etree.ElementTree') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_stealth_needs_only_the_png_plugin(tmp_path: Path) -> None:
    """An RGBA PNG whose first column carries the signature is decoded by the PNG plugin alone."""
    path = tmp_path / "stealth.png"
    path.write_bytes(stealth_png("stealth_pnginfo", b"a fox\nSteps: 20, Seed: 7, Size: 64x64"))
    code = (
        "import sys\n"
        "from generator.provenance.reader import read_provenance\n"
        f"result = read_provenance({str(path)!r})\n"
        "assert result.seed == 7 and result.prompt == 'a fox', result\n"
        "print(','.join(m for m in ('PIL.JpegImagePlugin', 'PIL.BmpImagePlugin', 'PIL.GifImagePlugin') "
        "if m in sys.modules))\n"
    )
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_whole_file_is_read_whatever_its_size(tmp_path: Path) -> None:
    for size in (10, 64 * 1024, 64 * 1024 + 1, 300_000):
        path = tmp_path / f"f{size}.bin"
        body = bytes(range(256)) * (size // 256 + 1)
        path.write_bytes(body[:size])
        assert read_bytes(path) == body[:size]
