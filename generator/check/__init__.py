"""`artsite check`: what an artist should look at before publishing, one finding per line.

One module per kind of finding (links, alt_text, provenance, unrated, prompts, oversized, typos), each a
`find(context) -> list[Finding]`; `runner` builds the context once (the collected site and a fresh
build in a temporary folder) and runs them all.
"""

from __future__ import annotations

from generator.check.model import CheckContext, Finding, find_line, line_of

__all__ = ["CheckContext", "Finding", "find_line", "line_of"]
