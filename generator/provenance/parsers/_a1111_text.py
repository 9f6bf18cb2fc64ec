"""A1111 "infotext": the plain-text generation record most Stable Diffusion tools write.

The shape is prompt lines, an optional "Negative prompt:" block, then one settings line of
`Key: value` pairs. It is loose: values that contain commas are JSON-quoted by A1111 itself, but
other tools (Civitai) append raw JSON lists, and forks add keys freely. So the settings line is
tokenised by hand (quoted strings and bracketed JSON are kept whole) rather than with A1111's own
regular expression, which cuts `Civitai resources: [{...}]` apart. This module only turns text
into a structure; deciding which tool wrote it is left to the parsers that import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.provenance.bag import MetadataBag
from generator.provenance.base import BrokenFormat
from generator.provenance.result import LoraRef
from generator.provenance.safejson import load_json, looks_like_json_object

MAX_SETTINGS = 300  # pairs read from one settings line; real files have a few dozen
MAX_LORA_TAGS = 200
_SCAN_LINES = 40  # how far up from the end the settings line may sit
MAX_SETTINGS_CHARS = 256 * 1024
MAX_BRACKET_CHARS = 64 * 1024  # a Civitai resource list of 100 LoRAs is ~20 KB

_KEY_RE = re.compile(r"\s*([A-Za-z0-9_][\w \-/().+]{0,80}?):\s*")
_NEXT_KEY_RE = re.compile(r",\s*[A-Za-z0-9_][\w \-/().+]{0,80}?:\s")
_PAIR_RE = re.compile(r"(?:^|,\s*)[A-Za-z][\w \-/]{0,60}:\s")
_LORA_TAG_RE = re.compile(r"<(lora|lyco):([^>\n]{1,400})>", re.IGNORECASE)
_QUOTED_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_STRUCTURE_RE = re.compile(r'["\[\]{}]')
_SIZE_RE = re.compile(r"^\s*(\d{1,6})\s*[xX×]\s*(\d{1,6})\s*$")
_NEGATIVE_RE = re.compile(r"^[ \t]*Negative prompt:", re.MULTILINE)


@dataclass
class InfoText:
    """One parsed infotext. `settings` keeps every key as written, values unquoted."""

    prompt: str
    negative_prompt: str | None
    settings: dict[str, str] = field(default_factory=dict)
    trailing: str | None = None

    def get(self, *names: str) -> str | None:
        """A setting by any of its spellings, case-insensitively ("CFG scale" / "CFG Scale")."""
        wanted = {n.lower() for n in names}
        for key, value in self.settings.items():
            if key.lower() in wanted:
                return value
        return None


def is_settings_line(line: str) -> bool:
    """A1111's own rule, loosened: starts with "Steps: " or holds several `Key: value` pairs."""
    stripped = line.strip()
    if stripped.startswith("Steps: "):
        return True
    return len(_PAIR_RE.findall(stripped[:2000])) >= 3


def parse_infotext(text: str) -> InfoText | None:
    """Split infotext into prompt, negative prompt and settings; None when it is not infotext.

    JSON documents are refused up front: SwarmUI, Fooocus and NovelAI also use "parameters" or
    UserComment, and a JSON object must never be read as a prompt.
    """
    if not text or looks_like_json_object(text):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    found = _settings_line_span(text)
    if found is None:
        return None
    start, stop = found
    prompt, negative = _split_prompts(text[:start])
    trailing = text[stop + 1:].strip() or None  # text a tool appended after the settings line
    return InfoText(prompt=prompt, negative_prompt=negative, settings=parse_settings(text[start:stop]),
                    trailing=trailing)


def _settings_line_span(text: str) -> tuple[int, int] | None:
    """(start, end) of the last settings line among the last few lines, walking back by rfind
    so that a text of millions of lines costs no more than a short one."""
    stop = len(text)
    for _ in range(_SCAN_LINES * 4):
        if stop <= 0:
            return None
        start = text.rfind("\n", 0, stop) + 1
        line = text[start:stop]
        if line.strip() and is_settings_line(line):
            return start, stop
        stop = start - 1
    return None


def _split_prompts(head: str) -> tuple[str, str | None]:
    match = _NEGATIVE_RE.search(head)
    if match is None:
        return head.strip(), None
    negative = head[match.end():].strip()
    return head[: match.start()].strip(), negative or None


def parse_settings(line: str) -> dict[str, str]:
    """`Key: value, Key: "quoted, value", Key: [json]` into an ordered dict (first key wins)."""
    scanner = _Scanner(line[:MAX_SETTINGS_CHARS])
    settings: dict[str, str] = {}
    for _ in range(MAX_SETTINGS):
        key = scanner.next_key()
        if key is None:
            break
        value = scanner.value()
        if key and key not in settings:
            settings[key] = value
    return settings


class _Scanner:
    """Walks a settings line once. A quote or bracket that never closes is remembered, so a
    hostile line full of them costs one failed scan, not one per value."""

    def __init__(self, line: str) -> None:
        self.line, self.pos = line, 0
        self.quotes_ok = self.brackets_ok = True

    def next_key(self) -> str | None:
        line = self.line
        while self.pos < len(line):
            while self.pos < len(line) and line[self.pos] in ", \t":
                self.pos += 1
            match = _KEY_RE.match(line, self.pos)
            if match is not None:
                self.pos = match.end()
                return match.group(1).strip()
            nxt = line.find(",", self.pos)  # junk without a key: skip to the next comma
            if nxt < 0:
                break
            self.pos = nxt + 1
        self.pos = len(line)
        return None

    def value(self) -> str:
        line, pos = self.line, self.pos
        head = line[pos:pos + 1]
        if head == '"' and self.quotes_ok:
            match = _QUOTED_RE.match(line, pos)
            rest = line[match.end():].lstrip(" \t")[:1] if match else ""
            if match and rest in ("", ","):  # A1111 quotes whole values only (its re_param_code)
                self.pos = match.end()
                return _unquote(match.group())
            if match is None:
                self.quotes_ok = False
        if head in ("[", "{") and self.brackets_ok:
            stop = self._bracket_end(pos)
            if stop is not None and (stop == len(line) or line[stop] == ","):
                self.pos = stop
                return line[pos:stop]
            self.brackets_ok = stop is not None
        nxt = _NEXT_KEY_RE.search(line, pos)
        self.pos = nxt.start() if nxt else len(line)
        return line[pos:self.pos].strip()

    def _bracket_end(self, pos: int) -> int | None:
        """Index just past the bracket closing the one at `pos`, skipping JSON strings."""
        line, depth, i = self.line, 0, pos
        limit = min(len(line), pos + MAX_BRACKET_CHARS)
        while True:
            match = _STRUCTURE_RE.search(line, i, limit)
            if match is None:
                return None
            char = match.group()
            if char == '"':
                quoted = _QUOTED_RE.match(line, match.start(), limit)
                if quoted is None:
                    return None
                i = quoted.end()
                continue
            depth += 1 if char in "[{" else -1
            if depth == 0:
                return match.end()
            if depth > 64:
                return None
            i = match.end()


def _unquote(quoted: str) -> str:
    try:
        value = load_json(quoted)
    except BrokenFormat:
        return quoted[1:-1]
    return value if isinstance(value, str) else quoted[1:-1]


# --- values -----------------------------------------------------------------------------------

def to_int(value: object) -> int | None:
    """An int from an int, a float with no fraction, or a decimal string; else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    if re.fullmatch(r"-?\d{1,40}", text):
        return int(text)
    if re.fullmatch(r"-?\d{1,40}\.0*", text):
        return int(text.split(".")[0])
    return None


def to_float(value: object) -> float | None:
    """A finite float from a number or numeric string; else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).strip()[:64])
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def parse_size(value: str | None) -> tuple[int | None, int | None]:
    """"832x1216" into (832, 1216)."""
    match = _SIZE_RE.match(value or "")
    if not match:
        return None, None
    return int(match.group(1)), int(match.group(2))


def parse_name_map(value: str | None) -> dict[str, str]:
    """"a: 1234, b: 5678" (Lora hashes, Lora weights, TI hashes) into {"a": "1234", ...}."""
    found: dict[str, str] = {}
    for part in (value or "").split(",")[:MAX_LORA_TAGS]:
        name, sep, item = part.rpartition(":")
        if sep and name.strip():
            found.setdefault(name.strip(), item.strip())
    return found


def lora_tags(prompt: str | None) -> list[LoraRef]:
    """LoRAs named by `<lora:name:weight>` / `<lyco:name:weight>` tags, names exactly as written."""
    loras: list[LoraRef] = []
    seen: set[str] = set()
    for match in _LORA_TAG_RE.finditer(prompt or ""):
        parts = match.group(2).split(":")
        name = parts[0].strip()
        weight = None
        for part in parts[1:]:
            weight = to_float(part.split("=")[-1])
            if weight is not None:
                break
        if name and name not in seen:
            seen.add(name)
            loras.append(LoraRef(name=name, weight=1.0 if len(parts) == 1 else weight))
        if len(loras) >= MAX_LORA_TAGS:
            break
    return loras


# --- where infotext lives -----------------------------------------------------------------------

def infotext_sources(bag: MetadataBag) -> list[tuple[str, str]]:
    """Every place a tool may have put infotext, most specific first, as (where, text)."""
    found: list[tuple[str, str]] = []
    for where, text in (
        ("png:parameters", bag.text.get("parameters")),
        ("exif:UserComment", bag.exif.get("UserComment")),
        ("xmp:exif:UserComment", bag.xmp_fields.get("exif:UserComment")),
        ("stealth", bag.stealth),
        # Less usual homes, used by savers and scripts that copy the infotext elsewhere; a text
        # there only counts when it has an infotext settings line.
        ("png:Parameters", bag.text.get("Parameters")),
        ("png:Comment", bag.text.get("Comment")),
        ("png:Description", bag.text.get("Description")),
        ("exif:ImageDescription", bag.exif.get("ImageDescription")),
        ("exif:XPComment", bag.exif.get("XPComment")),
        ("xmp:dc:description", bag.xmp_fields.get("dc:description")),
        ("comment", bag.comment),
    ):
        if text and text.strip():
            found.append((where, text.strip("\x00")))
    return found
