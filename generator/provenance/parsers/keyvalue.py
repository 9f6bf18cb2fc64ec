"""The fallback reader for settings written one per line: `Prompt: ...` / `Seed: 42` / `Steps: 30`.

Scripts, bots and small apps that do not copy A1111's one-line settings often write a plain list
of `Key: value` (or `key = value`) lines into a text chunk, UserComment or description. The keys
are the usual ones under their usual spellings, so `_settings` reads them like a JSON record.
A line that does not start with a known key continues the value above it (prompts span lines);
a single line of settings separated by "; " is read the same way.

It runs just before the A1111 parser because A1111 would otherwise take the `Steps: 30` line for
its settings line and the `Prompt:` label for part of the prompt. It only claims text whose very
first line is a known key and that has no A1111 settings line (several pairs on one line), so
real infotext never reaches it.
"""

from __future__ import annotations

import re
from typing import ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers._settings import CANONICAL, Settings, norm_key, read_mapping
from generator.provenance.parsers.generic import software, text_sources
from generator.provenance.result import Provenance

_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 _\-/()]{0,40}?)\s*[:=]\s?(.*)$")
_PAIRS = re.compile(r"(?:^|,\s*)[A-Za-z][\w \-/]{0,60}:\s")
MAX_LINES = 400
MIN_KEYS = 3


def read_lines(text: str) -> Settings | None:
    """Settings from `Key: value` lines, or None when the text is not such a list."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:MAX_LINES]
    if len(lines) == 1 and len(_PAIRS.findall(lines[0][:2000])) >= 3:
        return None  # one A1111 settings line (an infotext with no prompt): never cut it into pairs
    if len(lines) == 1 and "; " in lines[0]:
        lines = lines[0].rstrip("; ").split("; ")[:MAX_LINES]  # the same list on one line, "; " between settings
    elif len(lines) == 1 and "," in lines[0]:
        lines = _comma_list(lines[0])
    pairs: dict[str, str] = {}
    current: str | None = None
    for index, line in enumerate(lines):
        if len(_PAIRS.findall(line[:2000])) >= 3:
            return None  # an A1111 settings line: infotext, not a key/value list
        match = _LINE.match(line)
        known = match is not None and norm_key(match.group(1)) in CANONICAL
        if index == 0 and not known:
            return None
        if match is not None and (known or not _continues(current)):
            # A key nobody listed ("ML Compute Unit: cpuAndNeuralEngine", Mochi Diffusion 5) after a
            # setting is a setting of its own; only a prompt runs on over lines that look like keys.
            current = match.group(1).strip()
            pairs.setdefault(current, match.group(2).strip())
        elif current is not None:
            pairs[current] = f"{pairs[current]}\n{line}".strip("\n")
    if sum(norm_key(k) in CANONICAL for k in pairs) < MIN_KEYS:
        return None
    found = read_mapping(pairs)
    return found if found.is_generation() else None


_COMMA_KEY = re.compile(r",\s*([A-Za-z][A-Za-z0-9 _\-]{0,30}):")


def _comma_list(line: str) -> list[str]:
    """`c:a cabin, snow, uc:people, seed:42, Steps:30`: settings between commas, as Mochi Diffusion
    writes its TIFF ImageDescription. The prompts hold commas too, so inside a prompt the line is cut
    only before a comma followed by a known key and a colon; after a setting, before any key."""
    pieces, start = [], 0
    current = line.split(":", 1)[0]
    for match in _COMMA_KEY.finditer(line[:20_000]):
        if norm_key(match.group(1)) in CANONICAL or not _continues(current):
            pieces.append(line[start:match.start()])
            start, current = match.start() + 1, match.group(1)
            if len(pieces) >= MAX_LINES:
                break
    pieces.append(line[start:])
    return [piece.strip() for piece in pieces]


def _continues(key: str | None) -> bool:
    """Whether a line with no known key may continue this key's value: prompts span lines."""
    return key is not None and CANONICAL.get(norm_key(key)) in ("prompt", "negative_prompt")


class KeyValueParser:
    """One `Key: value` setting per line, from any free text in the file."""

    name: ClassVar[str] = "keyvalue"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        # The richest list wins: an app may write the same settings in several places, one of them
        # naming itself (Mochi Diffusion 5: IPTC caption with "Generator", ImageDescription without).
        best: tuple[tuple[int, bool], Settings, str] | None = None
        for where, text in text_sources(bag):
            if text[:1] in ("{", "[") or ":" not in text[:60] and "=" not in text[:60]:
                continue
            found = read_lines(text)
            if found is None:
                continue
            rank = (found.weight() + (found.sampler is None and found.scheduler is not None),
                    found.generator is not None)  # Mochi's "Scheduler" is the sampler there is
            if best is None or rank > best[0]:
                best = (rank, found, where)
        if best is None:
            return False
        _, found, where = best
        found.fill(result)
        result.format = "keyvalue"
        result.generator = found.generator or software(bag)
        result.extras.setdefault("Record", where)
        return True


PARSER = KeyValueParser()
