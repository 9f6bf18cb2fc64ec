#!/usr/bin/env python3
"""Regenerate the golden copy of the demo site: `.venv/bin/python scripts/regen_golden.py`.

tests/core/test_golden.py builds the repository's own demo site (site.yaml + content/ at the repo
root) exactly as `build_demo` below does and compares the result with tests/golden/demo/. After an
intended change to the theme, the core or the demo content, run this script and review the diff
(`git diff tests/golden`) before committing it: the diff is the visible effect of the change.

Text outputs (HTML, XML, JSON, TXT, CSS, JS, ...) are stored verbatim in tests/golden/demo/. Binary
outputs are not stored (encoders differ between machines and the repo would grow with every image):
tests/golden/demo-binaries.json records each one's path with, for images, the pixel size, and for
other files a hash of the bytes, which are copied unchanged from content/.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "demo"
BINARIES = REPO / "tests" / "golden" / "demo-binaries.json"
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".css", ".js", ".mjs", ".svg", ".webmanifest",
                 ".md", ".csv", ".ics", ".xsl"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif", ".tif", ".tiff"}
EXCLUDED = {".artsite-output"}  # the build's own marker file, not part of the site
THEME_COPY = "theme/"  # byte copies of themes/default/static/: compared with the theme, not stored twice
SEARCH_BUNDLE = "pagefind/"  # Pagefind's own output, whose bytes follow its version (tests/plugins/test_search.py)

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def build_demo(output: Path) -> Any:
    """The one way the golden site is built: the demo at the repo root, no build cache, into `output`."""
    from generator.pipeline.site import BuildOptions, build

    return build(BuildOptions(source=REPO, output=output, use_cache=False))


def is_text(path: Path) -> bool:
    """Known text types, and suffix-less files that are UTF-8 (_headers, CNAME, _redirects)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return True
    if suffix or path.stat().st_size > 1_000_000:
        return False
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\0" not in data


def binary_entry(path: Path) -> dict[str, Any]:
    """What is compared for a binary file: an image's size, or the bytes' hash for anything else."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        from PIL import Image

        with Image.open(path) as img:
            return {"width": img.width, "height": img.height}
    return {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def site_files(folder: Path) -> list[str]:
    return sorted(rel for rel in (p.relative_to(folder).as_posix() for p in folder.rglob("*")
                                  if p.is_file() and p.name not in EXCLUDED)
                  if not rel.startswith((THEME_COPY, SEARCH_BUNDLE)))


def snapshot(folder: Path) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """(text files -> their text, binary files -> binary_entry) of a built site."""
    texts: dict[str, str] = {}
    binaries: dict[str, dict[str, Any]] = {}
    for rel in site_files(folder):
        if is_text(folder / rel):
            texts[rel] = (folder / rel).read_bytes().decode("utf-8")
        else:
            binaries[rel] = binary_entry(folder / rel)
    return texts, binaries


def golden() -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The checked-in snapshot, in the same shape as `snapshot`."""
    texts = {rel: (GOLDEN / rel).read_bytes().decode("utf-8") for rel in site_files(GOLDEN)} if GOLDEN.is_dir() else {}
    binaries = json.loads(BINARIES.read_text(encoding="utf-8")) if BINARIES.is_file() else {}
    return texts, binaries


def main() -> int:
    from generator.problems import BuildFailed

    with tempfile.TemporaryDirectory(prefix="artsite-golden-") as tmp:
        out = Path(tmp) / "demo"
        try:
            build_demo(out)
        except BuildFailed as failed:
            for problem in failed.problems.sorted():
                print(problem, file=sys.stderr)
            print("regen_golden: the demo site does not build; the golden tree was not changed", file=sys.stderr)
            return 1
        texts, binaries = snapshot(out)
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        for rel, text in texts.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
        BINARIES.write_text(json.dumps(binaries, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"regen_golden: wrote {len(texts)} text files to {GOLDEN.relative_to(REPO)}/ and "
          f"{len(binaries)} binary entries to {BINARIES.relative_to(REPO)}; review with `git diff tests/golden`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
