"""What the build keeps on `Site` for itself, apart from what plugins may use.

`Site` is the object plugins are handed (docs/plugins.md). The build also needs a few things of
its own while it runs: what each output was made from, what each page's render read, the key
every output shares, and the hook a stage calls before it forks workers. They live here, in one
record on `site.internal`, so that a plugin author reading `Site` sees only the plugin API, and
tests/plugins/test_api.py can check that no built-in plugin reaches for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.readlog import Read


@dataclass
class BuildRecord:
    signatures: dict[str, str] = field(default_factory=dict)  # output path -> what it was made from
    reads: dict[str, frozenset[Read]] = field(default_factory=dict)  # page output path -> what rendering it read
    render_key: str = ""  # what every page and output depends on: settings, plugins, templates' site data
    before_fork: Callable[[], None] = lambda: None  # called by a stage just before it forks workers
