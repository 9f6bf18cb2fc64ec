"""Reading built HTML for the checks: ids, links and images, each with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

LINK_ATTRS = {("a", "href"), ("area", "href"), ("img", "src"), ("source", "src"), ("link", "href"),
              ("script", "src"), ("video", "src"), ("audio", "src"), ("video", "poster")}
SRCSET_TAGS = {"img", "source"}
CHECKED_LINK_RELS = {"stylesheet", "icon", "alternate", "preload", "prev", "next", "apple-touch-icon", "manifest"}


@dataclass(frozen=True)
class Ref:
    tag: str
    url: str
    line: int


@dataclass(frozen=True)
class Img:
    src: str
    alt: str | None
    decorative: bool
    line: int


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    images: list[Img] = field(default_factory=list)


def srcset_urls(value: str) -> list[str]:
    """`a.webp 400w, b.webp 800w` -> the URLs (candidates are comma-separated, URL first)."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if values.get("id"):
            self.scan.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.scan.ids.add(values["name"])
        for name, value in values.items():
            if (tag, name) in LINK_ATTRS and value.strip():
                if tag == "link" and not (set(values.get("rel", "").lower().split()) & CHECKED_LINK_RELS):
                    continue
                self.scan.refs.append(Ref(tag, value.strip(), line))
            if name == "srcset" and tag in SRCSET_TAGS:
                self.scan.refs.extend(Ref(tag, url, line) for url in srcset_urls(value))
        if tag == "img":
            decorative = values.get("role") == "presentation" or values.get("aria-hidden") == "true"
            alt = dict(attrs).get("alt")
            self.scan.images.append(Img(values.get("src", ""), alt, decorative, line))

    handle_startendtag = handle_starttag


def scan_html(path: Path) -> PageScan:
    parser = _Parser()
    try:
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser.close()
    except (OSError, AssertionError):
        pass
    return parser.scan


def scan_output(output: Path) -> dict[str, PageScan]:
    return {p.relative_to(output).as_posix(): scan_html(p) for p in sorted(output.rglob("*.html")) if p.is_file()}
