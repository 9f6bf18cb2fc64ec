"""Small temporary sites for tests: write files, build, read what was published."""

from __future__ import annotations

import json
from pathlib import Path

from generator.pipeline.site import BuildOptions, BuildResult, build
from tests.kit.config import site_yaml
from tests.kit.images import jpeg, png

__all__ = ["SITE_YAML", "a1111_parameters", "build_site", "jpeg", "png", "published_files", "read_json",
           "write_site"]


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def build_site(root: Path, **options: object) -> tuple[BuildResult, Path]:
    output = Path(str(options.pop("output", root / "_site")))
    result = build(BuildOptions(source=root, output=output, **options))  # type: ignore[arg-type]
    return result, output


def a1111_parameters(prompt: str, negative: str = "", model: str = "sd_xl_base_1.0",
                     model_hash: str = "31e35c80fc", seed: int = 42, steps: int = 30) -> str:
    """A1111's `parameters` text, as its webui writes it."""
    lines = [prompt]
    if negative:
        lines.append(f"Negative prompt: {negative}")
    lines.append(f"Steps: {steps}, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: {seed}, "
                 f"Size: 1024x1024, Model hash: {model_hash}, Model: {model}, Version: v1.10.1")
    return "\n".join(lines)


def published_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def read_json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


SITE_YAML = site_yaml("Test site", author="Tester", short=True)  # artsite's defaults otherwise: plugins and images on
