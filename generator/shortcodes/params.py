"""Reading a shortcode's parameters the way Hugo, Liquid and Nunjucks write them.

Hugo: `youtube w7Ft2ymGmfc`, `figure src="x.jpg" caption="y"`, backtick raw strings.
Liquid/Nunjucks: `"cat.jpg", "A cat"` (commas optional), `include note.html title="x"`,
`youtube id: "x"`. One tokenizer serves both; it never raises: text it cannot read is kept as
a plain word, so a typo costs a wrong value, not a build.
"""

from __future__ import annotations

import re
from typing import Any

from generator.shortcodes.call import Bare

_TOKEN = re.compile(r"""
    \s*(?:,\s*)?
    (?:(?P<key>[A-Za-z_][\w-]*)\s*(?P<sep>=|:(?!//))\s*)?
    (?:
        "(?P<dq>(?:[^"\\]|\\.)*)"
      | '(?P<sq>(?:[^'\\]|\\.)*)'
      | `(?P<bt>[^`]*)`
      | (?P<word>[^\s,"'`]+)
    )
""", re.VERBOSE | re.DOTALL)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\[\d+\])?")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse(text: str, *, bare_words: bool) -> tuple[list[Any], dict[str, Any]]:
    """Positional and named parameters. With `bare_words`, an unquoted name is a `Bare` (Liquid
    and Nunjucks read it as a variable); otherwise it is text, as Hugo reads it."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        value: Any
        if match.group("dq") is not None:
            value = _unescape(match.group("dq"))
        elif match.group("sq") is not None:
            value = _unescape(match.group("sq"))
        elif match.group("bt") is not None:
            value = match.group("bt")
        else:
            word = match.group("word")
            if word in ("true", "false"):
                value = word == "true"
            elif _NUMBER.fullmatch(word) and not match.group("key") and bare_words:
                value = float(word) if "." in word else int(word)
            elif bare_words and _NAME.fullmatch(word) and word not in ("nil", "null", "none"):
                value = Bare(word)
            else:
                value = word
        key = match.group("key")
        if key is not None:
            kwargs[key] = value
        else:
            args.append(value)
    rest = text[pos:].strip(" ,")
    if rest:
        args.append(rest)
    return args, kwargs
