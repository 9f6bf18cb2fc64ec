"""`/works/feed.xml` and `/works/feed.json`: the newest works, each with its image and disclosure.

The site feed carries posts only; an artist's followers also want the works themselves, with the
same honest note on how each was made that the work page shows (issue 16).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.outputs import _feedformat
from generator.outputs._feeditems import work_entries

if TYPE_CHECKING:
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

ATOM_PATH = "works/feed.xml"
JSON_PATH = "works/feed.json"


def write(site: Site, writer: OutputWriter) -> None:
    from generator.pipeline.render import write_output

    if not site.works:
        return
    entries = work_entries(site, site.works)
    key = _feedformat.entries_key(entries)
    title = f"{site.config['title']}: works"
    home = "/galleries/"
    if site.config["feeds"]["atom"]:
        write_output(site, writer, ATOM_PATH, "works feed",
                     lambda: _feedformat.atom(site, title, ATOM_PATH, home, entries), key)
    if site.config["feeds"]["json"]:
        write_output(site, writer, JSON_PATH, "works feed",
                     lambda: _feedformat.jsonfeed(site, title, JSON_PATH, home, entries), key)
