"""Text from files made safe to print on a terminal.

A prompt, a model name, a file name or a front-matter value can hold control characters: ESC
starts sequences that clear the screen, retitle the window or draw a fake OSC 8 link; `\\r` and
`\\b` overwrite what was printed before; a bidi override makes `gpl.txt` read as `txt.lpg`.
Everything artsite prints that came from a file goes through `safe_text` at the one place it is
printed, so no reader or check has to remember. The escapes are visible (`\\x1b`, `\\u202e`), so
the artist sees that something odd is in the file instead of having it act on their terminal.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, the bidi embedding/override/isolate characters and marks (LRM,
# RLM, ALM), and the invisible ones that make two different names look alike (zero-width space,
# word joiner and invisible operators, BOM). ZWNJ and ZWJ stay: Persian, Indic scripts and emoji
# sequences need them, and they change no order and hide no text.
_MARKS = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\u2028\u2029\ufeff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_MARKS}]")
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_MARKS}]")
# What JSON encoders leave as they are but a terminal still acts on: C1 controls and those marks.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_MARKS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: object, multiline: bool = False) -> str:
    """`text` with every control character shown as an escape; `multiline` keeps `\\n` and `\\t`."""
    return (_UNSAFE_MULTILINE if multiline else _UNSAFE).sub(_escape, str(text))


def safe_json(text: str) -> str:
    """JSON text (from json.dumps) with C1 controls and bidi marks written as `\\uXXXX` escapes,
    which every JSON reader turns back into the same characters."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
