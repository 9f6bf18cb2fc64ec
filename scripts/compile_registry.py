#!/usr/bin/env python3
"""Write generator/openness/models.json, the fast-loading twin of models.yaml.

Run after every edit of models.yaml; tests/openness/test_compiled_registry.py fails until you do.

    python scripts/compile_registry.py
"""

from __future__ import annotations

from generator.openness.registry import DATA_FILE, compile_registry, compiled_path


def main() -> None:
    compiled_path(DATA_FILE).write_text(compile_registry(DATA_FILE), encoding="utf-8")
    print(f"wrote {compiled_path(DATA_FILE)}")


if __name__ == "__main__":
    main()
