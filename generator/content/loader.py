"""Reading `content/`: posts, pages and the files that are copied as they are.

Only this module walks the content folder, so the rules of what is what live in one place:
- `content/<posts dir>/**/*.md` are posts (a folder holding `index.md` or `<folder>.md` is a post
  bundle whose images sit beside it);
- `content/galleries/` belongs to the gallery loader;
- any other `.md` is a page; every other file is copied (images through the privacy filter).
Files reached through symlinks that point outside `content/` are refused, so a hostile site
cannot make the build read or publish arbitrary files.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problems

GALLERIES_DIR = "galleries"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".tif", ".tiff"}
SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class SourceFile:
    path: Path
    rel: str  # content-relative, posix
    kind: str  # "post", "page", "static", "image"


@dataclass
class ContentTree:
    files: list[SourceFile] = field(default_factory=list)
    gallery_dirs: list[Path] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind]


def inside(path: Path, root: Path) -> bool:
    """True when `path`, with symlinks resolved, stays within `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def classify(rel: str, posts_dirs: set[str]) -> str:
    top = rel.split("/", 1)[0]
    if rel.endswith(".md"):
        return "post" if top in posts_dirs and "/" in rel else "page"
    return "image" if Path(rel).suffix.lower() in IMAGE_SUFFIXES else "static"


def scan(content_dir: Path, posts_dirs: list[str], problems: Problems) -> ContentTree:
    """Walk the content folder once; hidden files and folders (dot-names) are skipped."""
    tree = ContentTree()
    if not content_dir.is_dir():
        problems.error(f"content folder '{content_dir.name}' not found", content_dir)
        return tree
    root = content_dir.resolve()
    wanted_posts = set(posts_dirs)
    for folder, dirs, names in os.walk(content_dir, followlinks=False):
        here = Path(folder)
        rel_dir = here.relative_to(content_dir).as_posix()
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and _allowed(here / d, root, problems))
        if rel_dir == GALLERIES_DIR:
            tree.gallery_dirs.extend(here / d for d in dirs)
            dirs[:] = []
            continue
        for name in sorted(names):
            if name.startswith(".") or name in SKIP_NAMES:
                continue
            path = here / name
            if not _allowed(path, root, problems):
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            tree.files.append(SourceFile(path, rel, classify(rel, wanted_posts)))
    return tree


def _allowed(path: Path, root: Path, problems: Problems) -> bool:
    if path.is_symlink() and not inside(path, root):
        problems.error("symlink points outside the content folder; refusing to read it", path)
        return False
    return True


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
