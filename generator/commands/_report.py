"""Printing build results: problems grouped at the end, a one-line summary, colour on terminals only.

Every problem is printed through `termsafe.safe_text`: its message may quote a file's text.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from generator.problems import Problems
from generator.termsafe import safe_text

COLOURS = {"error": "\033[31m", "warning": "\033[33m", "ok": "\033[32m", "reset": "\033[0m"}


def use_colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def paint(text: str, colour: str, stream: TextIO) -> str:
    return f"{COLOURS[colour]}{text}{COLOURS['reset']}" if use_colour(stream) else text


def print_problems(problems: Problems, stream: TextIO | None = None, quiet: bool = False) -> None:
    stream = stream or sys.stderr  # looked up at call time: tests and embedders swap sys.stderr
    for problem in problems.sorted():
        if quiet and problem.severity != "error":
            continue
        label = paint(problem.severity, problem.severity, stream)
        # File names and messages carry text from files (a prompt, a model name): escaped here, once.
        print(f"{safe_text(problem.location())}: {label}: {safe_text(problem.message)}", file=stream)


def print_timings(timings: list[tuple[str, float]], stream: TextIO | None = None) -> None:
    """`--verbose`: each step's time and its share of the whole, so the step to look at first
    is the one with the largest share, whatever the machine's speed."""
    stream = stream or sys.stderr
    total = sum(seconds for _name, seconds in timings) or 1.0
    for name, seconds in timings:
        print(f"  {name:28s} {seconds * 1000:8.1f} ms {seconds / total:6.1%}", file=stream)
