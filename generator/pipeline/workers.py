"""How the build spreads work over processes: how many, and whether they can be forked.

Forked workers inherit the collected site without pickling it, which is what makes handing them
pages cheap; where only spawning exists (Windows), the build keeps the work in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any


def worker_count() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_context() -> Any:
    return multiprocessing.get_context("fork")
