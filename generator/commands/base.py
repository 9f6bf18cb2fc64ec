"""The shape of one CLI subcommand.

Each module in `generator.commands` exposes `COMMAND = Command(...)`. Keeping the argument
definitions beside the code that uses them keeps `cli.py` free of per-command knowledge, so a new
command is one new file.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    description: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    order: int = 100
