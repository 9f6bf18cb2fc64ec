"""Broken internal links and missing anchors, read from the built HTML.

Checking the output (not the Markdown) catches every link a visitor can click: theme menus,
list pages, srcset candidates and links written as raw HTML. A link counts as internal when it is
relative, site-absolute, or starts with the site's own base_url.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from generator.check.model import CheckContext, Finding, find_line

KIND_LINK = "broken-link"
KIND_ANCHOR = "missing-anchor"
ORIGIN = "http://artsite.check.invalid"
EXTERNAL_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "ftp:", "irc:", "geo:", "blob:")


def page_url(base_path: str, rel: str) -> str:
    """The URL path of an output file: `posts/a/index.html` -> `/posts/a/`."""
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base_path + rel


def internal_path(url: str, here: str, base_url: str) -> tuple[str, str] | None:
    """(URL path, fragment) of a site-internal link, or None when it leaves the site."""
    if url.lower().startswith(EXTERNAL_SCHEMES):
        return None
    if url.startswith(base_url):
        url = urlsplit(base_url).path + url[len(base_url):]
    joined = urlsplit(urljoin(ORIGIN + here, url))
    if f"{joined.scheme}://{joined.netloc}" != ORIGIN:
        return None
    return joined.path or "/", unquote(joined.fragment)


def target_file(ctx: CheckContext, path: str) -> str | None:
    """The output-relative file a URL path serves, or None when there is none."""
    base_path = ctx.site.config.base_path
    if not (path + "/").startswith(base_path):
        return None
    rel = posixpath.normpath(unquote(path[len(base_path):]) or ".")
    if rel.startswith(".."):
        return None
    rel = "" if rel == "." else rel
    if path.endswith("/"):
        rel = f"{rel}/index.html" if rel else "index.html"
    candidate = ctx.output / rel
    if candidate.is_file():
        return rel
    if candidate.is_dir() and (candidate / "index.html").is_file():
        return f"{rel}/index.html".lstrip("/")
    return None


def find(ctx: CheckContext) -> list[Finding]:
    base_path = ctx.site.config.base_path
    base_url = ctx.site.config.base_url
    found: list[Finding] = []
    for rel, scan in ctx.scans.items():
        here = page_url(base_path, rel)
        for ref in scan.refs:
            parsed = internal_path(ref.url, here, base_url)
            if parsed is None:
                continue
            path, fragment = parsed
            target = target_file(ctx, path)
            if target is None:
                found.append(_finding(ctx, rel, ref.url, ref.line, KIND_LINK, f"{ref.url} (no {path} in the site)"))
            elif fragment and target.endswith(".html") and fragment not in ctx.scans.get(target, scan).ids:
                found.append(_finding(ctx, rel, ref.url, ref.line, KIND_ANCHOR,
                                      f"{ref.url}: no id=\"{fragment}\" on {page_url(base_path, target)}"))
    return _prefer_sources(ctx, found)


def _finding(ctx: CheckContext, rel: str, url: str, html_line: int, kind: str, message: str) -> Finding:
    """At the source line when the link is in the page's own text; else site.yaml's menu or the template."""
    page = ctx.sources.get(rel)
    if page is not None and page.source is not None:
        tail = url.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1] or url
        line = find_line(page.source, url) or (find_line(page.source, tail) if len(tail) > 2 else None)
        if line is not None:
            return Finding(ctx.rel(page.source), line, kind, message)
    config = ctx.site.config.path
    if any(str(item.get("url")) == url for item in ctx.site.config["menu"] if isinstance(item, dict)):
        return Finding(ctx.rel(config) if config else "site.yaml", find_line(config, url) or 1, kind,
                       message + " (menu in site.yaml)")
    return Finding(f"{ctx.output_label}/{rel}", html_line, kind, message)


def _prefer_sources(ctx: CheckContext, found: list[Finding]) -> list[Finding]:
    """A broken link in a post's excerpt also shows on list pages; name it once, at the post."""
    prefix = ctx.output_label + "/"
    from_sources = {(f.kind, f.message) for f in found if not f.file.startswith(prefix)}
    kept: list[Finding] = []
    seen: dict[tuple[str, str], int] = {}
    for f in sorted(set(found)):
        if f.file.startswith(prefix) and (f.kind, f.message) in from_sources:
            continue
        if f.file.startswith(prefix):  # a template link: name it once, on the first page it breaks
            key = (f.kind, f.message)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                continue
        kept.append(f)
    return [Finding(f.file, f.line, f.kind, f"{f.message} (in the theme; on {seen[(f.kind, f.message)]} pages)")
            if f.file.startswith(prefix) and seen.get((f.kind, f.message), 0) > 1 else f for f in kept]
