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
from generator.readfile import NOT_REGULAR

GALLERIES_DIR = "galleries"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".tif", ".tiff"}
VIDEO_SUFFIXES = {".mp4", ".m4v", ".webm", ".mov"}  # published as remuxed copies (images/video.py)
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

    def withhold(self, bundles: dict[str, bool]) -> None:
        """Drop the files of unpublished bundles. `bundles` maps a bundle's folder (content-relative)
        to whether its page is published; a file belongs to the nearest bundle folder above it. A
        draft post's images carry its prompts, so they must not sit at guessable URLs while the
        page itself is held back."""
        if not bundles or all(bundles.values()):
            return

        def visible(rel: str) -> bool:
            folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
            while folder:
                if folder in bundles:
                    return bundles[folder]
                folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
            return True

        self.files = [f for f in self.files if f.kind in ("post", "page") or visible(f.rel)]


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
    suffix = os.path.splitext(rel)[1].lower()
    if suffix in VIDEO_SUFFIXES:
        return "video"
    return "image" if suffix in IMAGE_SUFFIXES else "static"


def scan(content_dir: Path, posts_dirs: list[str], problems: Problems) -> ContentTree:
    """Walk the content folder once; hidden files and folders (dot-names) are skipped."""
    tree = ContentTree()
    if not content_dir.is_dir():
        problems.error(f"content folder '{content_dir.name}' not found", content_dir)
        return tree
    _scan_folder(content_dir, "", content_dir.resolve(), set(posts_dirs), problems, tree)
    return tree


def _scan_folder(here: Path, rel_dir: str, root: Path, posts_dirs: set[str], problems: Problems,
                 tree: ContentTree) -> None:
    """One folder, then its subfolders in name order (what os.walk did, but the directory entries
    already say which names are symlinks, which saves a system call per file on every build).
    Symlinked folders are not descended into; a symlink leading outside the content folder is
    refused."""
    try:
        with os.scandir(here) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.name.startswith((".", "_")) and _allowed(entry, root, problems):
                folders.append(entry)
            continue
        name = entry.name
        if rel_dir == GALLERIES_DIR or name.startswith(".") or name in SKIP_NAMES or \
                not _allowed(entry, root, problems):
            continue  # files directly in galleries/ belong to no gallery (the gallery loader's rule)
        if not _regular(entry):  # a named pipe would hang the build, a device never end
            problems.warning(NOT_REGULAR, Path(entry.path))
            continue
        rel = f"{rel_dir}/{name}" if rel_dir else name
        tree.files.append(SourceFile(here / name, rel, classify(rel, posts_dirs)))
    if rel_dir == GALLERIES_DIR:
        tree.gallery_dirs.extend(here / entry.name for entry in folders)
        return
    for entry in folders:
        if not entry.is_symlink():
            _scan_folder(here / entry.name, f"{rel_dir}/{entry.name}" if rel_dir else entry.name, root, posts_dirs,
                         problems, tree)


def _regular(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a symlink to one (its target was checked by `_allowed`)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _allowed(entry: os.DirEntry[str], root: Path, problems: Problems) -> bool:
    if entry.is_symlink() and not inside(Path(entry.path), root):
        problems.error("symlink points outside the content folder; refusing to read it", Path(entry.path))
        return False
    return True


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
