"""`/_redirects` for Netlify and Cloudflare Pages: every old address answers with a 301.

The redirect pages (see `build.collect.redirect_pages`) work on any static host, but a real 301
tells search engines the move is permanent and keeps the links' ranking; both hosts read this
file (`/old/ /new/ 301`, one rule a line) and ignore the HTML page behind it. Paths carry the
site's base path, as the hosts serve the output folder at the domain's root. A `_redirects` the
artist wrote in `content/` is theirs: it is copied as it is and this one is not written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

PATH = "_redirects"
_SAFE = "/:@!$&'()*+,;=-._~%"


def _address(base_path: str, path: str) -> str:
    """A site path with the base path, percent-encoded: a space would split the rule."""
    return quote(base_path.rstrip("/") + path, safe=_SAFE)


def redirect_rules(site: Site) -> list[str]:
    base = site.config.base_path
    rules = []
    for page in site.pages:
        if page.kind == "redirect" and page.context.get("target") is not None:
            rules.append(f"{_address(base, page.url)} {_address(base, page.context['target'].url)} 301")
    return sorted(set(rules))


def write(site: Site, writer: OutputWriter) -> None:
    rules = redirect_rules(site)
    if not rules:
        return
    if any(source.rel == PATH for source in site.tree.files):
        site.problems.warning("content/_redirects is copied as it is; add the redirects of aliases, redirect_from "
                              "and redirectsFrom to it by hand, or remove it and artsite writes them",
                              site.config.content_dir / PATH)
        return
    text = "# Written by artsite: old addresses of posts and pages (aliases, redirect_from, redirectsFrom).\n"
    writer.write_text(PATH, text + "\n".join(rules) + "\n", PATH)
