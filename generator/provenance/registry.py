"""The ordered registry of extractors and parsers.

Readers are discovered, not listed: every module in `extractors/` that exposes `EXTRACTOR` and
every module in `parsers/` that exposes `PARSER` takes part, sorted by its `order`. So supporting a
new container or a new tool is one new file, and nothing else in the tree changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

from generator.provenance import extractors, parsers
from generator.provenance.base import Extractor, Parser


def _discover(package: ModuleType, attribute: str) -> list:
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        reader = getattr(module, attribute, None)
        if reader is not None:
            found.append(reader)
    return sorted(found, key=lambda r: (r.order, r.name))


@lru_cache(maxsize=1)
def all_extractors() -> tuple[Extractor, ...]:
    """Every container extractor, in the order they run."""
    return tuple(_discover(extractors, "EXTRACTOR"))


@lru_cache(maxsize=1)
def all_parsers() -> tuple[Parser, ...]:
    """Every format parser, in the order they are tried."""
    return tuple(_discover(parsers, "PARSER"))
