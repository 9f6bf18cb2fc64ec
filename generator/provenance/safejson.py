"""JSON from image metadata, parsed with bounds.

Metadata JSON is written by strangers: it may be megabytes long or nested thousands deep. The
standard parser is fast and safe against code execution, but deep nesting exhausts the recursion
limit and huge documents waste time, so every parser goes through `load_json`, which turns both
into `BrokenFormat` (a warning on the file) instead of an exception that escapes.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from generator.provenance.bag import MAX_JSON_DEPTH, MAX_TEXT_BYTES
from generator.provenance.base import BrokenFormat

# The closing quote is optional: an unclosed string then runs to the end once, instead of every
# later quote starting a new scan to the end (quadratic time on hostile text).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def text_depth(text: str) -> int:
    """Bracket depth of JSON text, strings ignored: the regexes run in C, so this costs far less
    than walking the parsed document, and a too-deep document is refused before it is parsed."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


def load_json(text: str | bytes, *, max_bytes: int = MAX_TEXT_BYTES, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON or raise BrokenFormat; never RecursionError, never unbounded work."""
    if len(text) > max_bytes:
        raise BrokenFormat(f"JSON of {len(text)} bytes is larger than the {max_bytes}-byte limit")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if text_depth(text) > max_depth:
        raise BrokenFormat(f"JSON is nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise BrokenFormat("JSON is nested too deeply") from exc
    except ValueError as exc:
        raise BrokenFormat(f"invalid JSON: {exc}"[:200]) from exc


MAX_DOCUMENTS = 16


def load_json_documents(text: str, *, max_bytes: int = MAX_TEXT_BYTES) -> list[Any]:
    """One or more JSON documents written one after another, or BrokenFormat.

    ComfyUI's WebP savers (WAS Image Save and its many copies) write every `extra_pnginfo` entry
    into one EXIF field as `json.dumps(a) + json.dumps(b)`, sometimes with a newline between: no
    single JSON parser accepts that, but each part is a valid document. The bounds are those of
    `load_json`, on the whole text."""
    try:
        return [load_json(text, max_bytes=max_bytes)]
    except BrokenFormat as exc:
        if "Extra data" not in str(exc):
            raise
    decoder, documents, at = json.JSONDecoder(), [], 0
    while at < len(text) and len(documents) < MAX_DOCUMENTS:
        try:
            document, at = decoder.raw_decode(text, at)
        except RecursionError as exc:
            raise BrokenFormat("JSON is nested too deeply") from exc
        except ValueError as exc:
            raise BrokenFormat(f"invalid JSON: {exc}"[:200]) from exc
        documents.append(document)
        while at < len(text) and text[at] in " \t\r\n\x00":
            at += 1
    return documents


def looks_like_json_object(text: str | None) -> bool:
    """Cheap pre-check so parsers don't pay for a parse that cannot match."""
    return bool(text) and text.lstrip()[:1] == "{"
