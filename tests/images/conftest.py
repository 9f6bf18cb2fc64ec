from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.images import ImagePipeline, ImageSettings


class Built:
    """A pipeline bound to a tmp cache/output, recording every problem it reports."""

    def __init__(self, tmp: Path, settings: ImageSettings) -> None:
        self.cache = tmp / "cache"
        self.out = tmp / "out"
        self.problems: list[tuple[str, str]] = []
        self.pipeline = ImagePipeline(
            settings, self.cache, lambda path, msg: self.problems.append((path, msg))
        )

    def file(self, url: str) -> Path:
        return self.out / url.lstrip("/")


@pytest.fixture
def make_pipeline(tmp_path: Path) -> Callable[..., Built]:
    def make(**overrides: object) -> Built:
        overrides.setdefault("workers", 1)
        return Built(tmp_path, ImageSettings(**overrides))  # type: ignore[arg-type]

    return make


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    return folder
