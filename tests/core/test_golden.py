"""The demo site at the repo root, built and compared with the checked-in tests/golden/demo/.

Any change to what the demo site publishes shows up here. After an intended change, regenerate the
golden tree with `.venv/bin/python scripts/regen_golden.py` and review `git diff tests/golden`.
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path
from types import ModuleType

from tests.kit.sites import REPO

REGEN = "run `.venv/bin/python scripts/regen_golden.py` if this change is intended, then review `git diff tests/golden`"


def regen_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regen_golden", REPO / "scripts" / "regen_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def describe(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    report = []
    for rel in sorted(set(expected) & set(actual)):
        if expected[rel] != actual[rel]:
            diff = difflib.unified_diff(expected[rel].splitlines(), actual[rel].splitlines(),
                                        f"golden/{rel}", f"built/{rel}", lineterm="", n=1)
            report.append("\n".join(list(diff)[:30]))
    return report


def test_demo_site_matches_the_golden_tree(tmp_path: Path) -> None:
    regen = regen_module()
    expected_texts, expected_binaries = regen.golden()
    assert expected_texts, f"tests/golden/demo/ is missing: {REGEN}"
    regen.build_demo(tmp_path / "demo")
    texts, binaries = regen.snapshot(tmp_path / "demo")

    expected_paths = set(expected_texts) | set(expected_binaries)
    paths = set(texts) | set(binaries)
    problems = [f"only in the golden tree: {rel}" for rel in sorted(expected_paths - paths)]
    problems += [f"new in the build: {rel}" for rel in sorted(paths - expected_paths)]
    problems += describe(expected_texts, texts)
    problems += [f"{rel}: golden {expected_binaries[rel]}, built {binaries[rel]}"
                 for rel in sorted(set(expected_binaries) & set(binaries)) if expected_binaries[rel] != binaries[rel]]
    assert not problems, f"the demo site differs from tests/golden/demo/ ({REGEN}):\n" + "\n".join(problems[:40])


def test_theme_files_are_published_byte_for_byte(tmp_path: Path) -> None:
    """The golden tree leaves out /theme/: those files must simply be the theme's static files."""
    regen = regen_module()
    regen.build_demo(tmp_path / "demo")
    static = regen.REPO / "themes" / "default" / "static"
    sources = {p.relative_to(static).as_posix(): p.read_bytes() for p in static.rglob("*") if p.is_file()}
    published = tmp_path / "demo" / regen.THEME_COPY
    copies = {p.relative_to(published).as_posix(): p.read_bytes() for p in published.rglob("*") if p.is_file()}
    assert sources and copies == sources


def test_demo_site_builds_twice_identically(tmp_path: Path) -> None:
    """Nothing time- or order-dependent: two builds of the demo site are the same site."""
    regen = regen_module()
    regen.build_demo(tmp_path / "one")
    regen.build_demo(tmp_path / "two")
    one, two = regen.snapshot(tmp_path / "one"), regen.snapshot(tmp_path / "two")
    assert set(one[0]) == set(two[0]) and set(one[1]) == set(two[1])
    assert not describe(one[0], two[0]), describe(one[0], two[0])
