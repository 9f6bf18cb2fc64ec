"""What every importer shares: safe copying, front matter edits in the copy, the old addresses,
and the report of what did not carry over.

The source repository is only ever read. Every write goes under the destination, which must be
a new or empty folder outside the source.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
SKIP_DIRS = {".git", "node_modules", ".github", ".vscode", ".idea", "vendor", ".bundle", ".sass-cache",
             ".jekyll-cache", "_site", "public", "resources", ".cache", "dist", ".netlify"}


class ImportError_(Exception):
    """A problem that stops an import before anything is written (bad folders)."""


@dataclass
class Note:
    file: str
    line: int | None
    what: str
    todo: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.what}\n    → {self.todo}"


@dataclass
class Report:
    """What could not carry over, each with where it is and what to do about it."""

    notes: list[Note] = field(default_factory=list)
    copied: dict[str, int] = field(default_factory=dict)

    def add(self, file: str, line: int | None, what: str, todo: str) -> None:
        self.notes.append(Note(file, line, what, todo))

    def count(self, kind: str, n: int = 1) -> None:
        self.copied[kind] = self.copied.get(kind, 0) + n

    def render(self) -> str:
        done = ", ".join(f"{n} {kind}" for kind, n in sorted(self.copied.items())) or "nothing"
        lines = [f"Copied: {done}."]
        if self.notes:
            lines.append(f"\n{len(self.notes)} thing(s) did not carry over unchanged:\n")
            lines += [str(note) for note in self.notes]
        else:
            lines.append("Everything carried over.")
        return "\n".join(lines)


def check_folders(src: Path, dest: Path) -> None:
    src, dest = src.resolve(), dest.resolve()
    if not src.is_dir():
        raise ImportError_(f"{src} is not a folder")
    if dest == src or src in dest.parents or dest in src.parents:
        raise ImportError_(f"{dest} must be outside the source folder {src} (the source is never changed)")
    if dest.exists() and any(dest.iterdir()):
        raise ImportError_(f"{dest} is not empty; choose a new folder")


def copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)  # contents only: the source's times and modes are not touched


def walk(root: Path, skip: set[str] | None = None) -> list[Path]:
    """Every file under root, skipping tool folders and dot-folders, sorted for stable output."""
    skipped = SKIP_DIRS | (skip or set())
    found: list[Path] = []

    def visit(folder: Path) -> None:
        for entry in sorted(folder.iterdir()):
            if entry.is_symlink():
                continue
            if entry.is_dir():
                if entry.name not in skipped and not entry.name.startswith("."):
                    visit(entry)
            elif entry.is_file():
                found.append(entry)

    visit(root)
    return found


def line_of(path: Path, pattern: str) -> int | None:
    """The first line of a file matching a regular expression, for the report."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if re.search(pattern, line):
                return number
    except OSError:
        return None
    return None


def read_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) for YAML `---`, TOML `+++` or JSON `{` front matter; {} when unreadable."""
    text = text.lstrip("\ufeff")
    try:
        if text.startswith("---"):
            end = re.search(r"^(---|\.\.\.)\s*$", text[3:], re.MULTILINE)
            if end:
                data = yaml.safe_load(text[3:3 + end.start()]) or {}
                return (data if isinstance(data, dict) else {}), text[3 + end.end():]
        elif text.startswith("+++"):
            end = re.search(r"^\+\+\+\s*$", text[3:], re.MULTILINE)
            if end:
                import tomllib

                return tomllib.loads(text[3:3 + end.start()]), text[3 + end.end():]
    except Exception:  # an unreadable header is reported by the build that follows, with its line
        return {}, text
    return {}, text


def set_front_matter(path: Path, key: str, value: Any) -> None:
    """Set one key in a copied file's front matter, keeping the rest of the file as written."""
    text = path.read_text(encoding="utf-8")
    encoded = json.dumps(value, ensure_ascii=False)
    if text.startswith("+++"):
        pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
        head_end = text.find("\n+++", 3)
        line = f"{key} = {encoded}"
    elif text.startswith("---"):
        pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
        head_end = text.find("\n---", 3)
        line = f"{key}: {encoded}"
    else:
        path.write_text(f"---\n{key}: {encoded}\n---\n" + text, encoding="utf-8")
        return
    head = text[:head_end] if head_end > 0 else text
    if pattern.search(head):
        head = pattern.sub(lambda _: line, head, count=1)
        path.write_text(head + text[len(head) if head_end <= 0 else head_end:], encoding="utf-8")
        return
    first_break = text.index("\n") + 1 if "\n" in text else len(text)
    path.write_text(text[:first_break] + line + "\n" + text[first_break:], encoding="utf-8")


def write_site_yaml(dest: Path, settings: dict[str, Any], source_name: str) -> None:
    header = (f"# Made by `artsite import` from a {source_name} site. See docs/configuration.md for every\n"
              f"# setting and docs/migrating-from-{source_name.lower()}.md for what changed.\n")
    body = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    (dest / "site.yaml").write_text(header + body, encoding="utf-8")
    if not (dest / ".gitignore").exists():
        (dest / ".gitignore").write_text("_site/\n.artsite-cache/\n", encoding="utf-8")


def keep_addresses(dest: Path, old: dict[str, str], report: Report, source_of: dict[str, str]) -> None:
    """Give every copied page the address it had: read the new site as artsite will build it,
    and where a page's address differs from its old one, pin the old one with `permalink:`."""
    from generator.content.permalinks import PermalinkError, safe_site_path
    from generator.pipeline.site import BuildOptions, prepare, read_content
    from generator.problems import Problems

    problems = Problems(root=dest)
    site = prepare(BuildOptions(source=dest, use_cache=False, drafts=True), problems)
    read_content(site)
    now = {page.rel: page.url for page in site.posts + site.plain_pages}
    content = site.config.content_dir
    for rel, old_url in sorted(old.items()):
        current = now.get(rel)
        if current is None or current == old_url:
            continue
        try:
            wanted = safe_site_path(old_url)
        except PermalinkError:
            report.add(source_of.get(rel, rel), None, f"old address {old_url!r} cannot be published as is",
                       f"set `permalink:` in content/{rel} and add the old address to `redirect_from:`")
            continue
        set_front_matter(content / rel, "permalink", wanted)
        report.count("addresses pinned with permalink:")


def copy_static(files: list[Path], src_root: Path, dest_content: Path, report: Report,
                into: str = "") -> None:
    for path in files:
        rel = path.relative_to(src_root).as_posix()
        copy(path, dest_content / into / rel if into else dest_content / rel)
        report.count("images" if path.suffix.lower() in IMAGE_SUFFIXES else "static files")
