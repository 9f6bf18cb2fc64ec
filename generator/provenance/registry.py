"""The ordered registry of extractors and parsers.

Extractors are discovered: every module in `extractors/` that exposes `EXTRACTOR` takes part,
sorted by its `order`. Parsers are discovered the same way (a new tool is one new file), but the
order they are tried in is one explicit list, `PARSERS`, because it matters: formats overlap
(SwarmUI and Fooocus also write an A1111-style `parameters` text), so the most specific parser
must come first, and that is easier to review in one place than as numbers in eleven files.
A parser missing from the list still runs, after the listed ones, and a test fails until it is
listed.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

from generator.provenance import extractors, parsers
from generator.provenance.base import Extractor, Parser

# The order parsers are tried in: generation formats, most specific first (first match wins),
# then the annotation parsers, which always run after the generation parser.
PARSERS: tuple[str, ...] = (
    "novelai", "invokeai", "nmkd", "swarmui", "fooocus", "easydiffusion", "comfyui", "drawthings", "midjourney",
    "keyvalue",  # `Key: value` lines of apps that are not A1111 (Mochi Diffusion, ...): before A1111's infotext
    "a1111",
    "generic",  # JSON records with the usual keys in any text field: when no named format matched
    "c2pa", "iptc_xmp",
    "wrappers",  # an app's own record beside an engine's (Stability Matrix, Tensor.Art, saver nodes)
    "resources",  # last: every record gets its model and LoRAs as resources
)


def _discover(package: ModuleType, attribute: str) -> dict[str, object]:
    """Module name -> the reader it exposes, for every public module of the package."""
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        reader = getattr(module, attribute, None)
        if reader is not None:
            found[info.name] = reader
    return found


@lru_cache(maxsize=1)
def all_extractors() -> tuple[Extractor, ...]:
    """Every container extractor, in the order they run."""
    found = _discover(extractors, "EXTRACTOR").values()
    return tuple(sorted(found, key=lambda r: (r.order, r.name)))  # type: ignore[attr-defined]


def unlisted_parsers() -> list[str]:
    """Parser modules that are not in `PARSERS` (they run last, in name order)."""
    return sorted(set(_discover(parsers, "PARSER")) - set(PARSERS))


@lru_cache(maxsize=1)
def all_parsers() -> tuple[Parser, ...]:
    """Every format parser, in the order they are tried: `PARSERS`, then any unlisted one."""
    found = _discover(parsers, "PARSER")
    return tuple(found[name] for name in [*PARSERS, *unlisted_parsers()] if name in found)  # type: ignore[misc]
