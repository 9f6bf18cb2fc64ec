"""How a grade is printed: unrated and unverified must never share a symbol (issue 16).

An unrated model shows a dash, and a grade resting on an unverified (or only declared) fact carries
an asterisk ("D*"). The data keeps the registry's own notation ("?", "D?") in /provenance.json and
in label texts; only what a visitor reads uses these, on badges, grids and credits ledgers alike.
"""

from __future__ import annotations

from typing import Any

UNRATED_SYMBOL = "–"
UNVERIFIED_MARK = "*"


def symbol(grade: Any) -> str:
    """"C", "D*" or "–" for a grade with `letter` and `unverified`."""
    if grade.letter == "?":
        return UNRATED_SYMBOL
    return grade.letter + (UNVERIFIED_MARK if grade.unverified else "")


def spoken(grade: Any, what: str = "Model openness") -> str:
    """What a screen reader hears instead of the symbol."""
    if grade.letter == "?":
        return f"{what}: not rated."
    return f"{what} grade {grade.letter}{', not fully verified' if grade.unverified else ''}:"
