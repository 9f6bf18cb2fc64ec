"""Reading `content/`: posts, pages and the files that are copied as they are.

Only this module walks the content folder, so the rules of what is what live in one place:
- Markdown is any of `.md`, `.markdown`, `.mdown`, `.mkd`, `.mkdn`, `.mdwn` (Jekyll's and Hugo's
  extensions); an `.html`/`.htm` file that starts with front matter (`---`) is a page or post
  written in HTML (Jekyll imports from WordPress are). Files under `content/<posts dir>/` or a
  Jekyll `_posts/` folder (anywhere) are posts; `_drafts/` holds Jekyll drafts. A folder holding
  `index.md` or `<folder>.md` is a post bundle whose images sit beside it, and, as in a Hugo leaf
  bundle, the other Markdown files beside a post's `index.md` are its resources, not pages;
- `_index.md` is a Hugo section's list page (kind `section`);
- Eleventy data files (`posts/posts.json`, `*.11tydata.json`, `<page>.json` beside `<page>.md`)
  are kind `data`: read as folder defaults, never published;
- template sources artsite does not run (`.njk`, `.liquid`, `.11ty.js`, `.hbs`, ...) are kind
  `template`: never published (a source file on the site would show readers raw template code);
- `content/galleries/` belongs to the gallery loader;
- any other Markdown is a page; every other file is copied (images through the privacy filter).
Files reached through symlinks that point outside `content/` are refused, so a hostile site
cannot make the build read or publish arbitrary files.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problems
from generator.readfile import NOT_REGULAR

GALLERIES_DIR = "galleries"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn")
HTML_SUFFIXES = (".html", ".htm")
TEMPLATE_SUFFIXES = (".njk", ".liquid", ".11ty.js", ".11ty.cjs", ".11ty.mjs", ".hbs", ".handlebars", ".mustache",
                     ".ejs", ".haml", ".pug", ".jade", ".webc", ".11ty.jsx", ".11ty.tsx", ".mdx", ".ace", ".amber")
DATA_SUFFIXES = (".11tydata.json", ".11tydata.js", ".11tydata.cjs", ".11tydata.mjs")
SASS_SUFFIXES = {".scss", ".sass"}  # sources, never what a browser reads
# The pages artsite makes itself: a template with these names at the content root is the old
# generator's version of them (index.html listing posts, feed.xml, ...); a 404.html of text is a page, which replaces artsite's own
GENERATED_STEMS = {"index", "feed", "atom", "rss", "sitemap", "archive", "archives", "tags", "categories",
                   "search", "blog", "robots"}
_LISTING = re.compile(r"\{%-?\s*(?:for|paginate)\s+\w+\s+in\s+(?:site\.|paginator\.|collections\.|pagination\.)|"
                      r"^pagination\s*:", re.MULTILINE)
_DATED_NAME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}-")
JEKYLL_POSTS = "_posts"
JEKYLL_DRAFTS = "_drafts"
DESCENDED_UNDERSCORE = {JEKYLL_POSTS, JEKYLL_DRAFTS}  # other `_` folders (_layouts, _includes, _data) are skipped
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".tif", ".tiff"}
VIDEO_SUFFIXES = {".mp4", ".m4v", ".webm", ".mov"}  # published as remuxed copies (images/video.py)
# Loose files (beside posts, under content/, static/ or a theme's static/) that are cleaned on
# copy as images: the gallery formats plus JPEG's other names and BMP (images/privacy.py).
LOOSE_IMAGE_SUFFIXES = IMAGE_SUFFIXES | {".jfif", ".jpe", ".jif", ".bmp", ".dib"}
# Files that carry location and camera data artsite cannot remove: phone photos (HEIC/HEIF), raw
# camera files, layered editor files, JPEG XL/2000, other video containers. Never published unless
# the artist asks for exact files (`images: {originals: exact}`). Videos artsite plays are not here:
# they are remuxed without their metadata.
CAMERA_SUFFIXES = {
    ".heic", ".heif", ".hif", ".avci", ".avcs", ".heics", ".jxl", ".jp2", ".j2k", ".jpf", ".jpx", ".jpm",
    ".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".orf", ".rw2", ".raf", ".pef",
    ".srw", ".x3f", ".3fr", ".erf", ".kdc", ".dcr", ".mrw", ".rwl", ".iiq", ".raw", ".gpr",
    ".psd", ".psb", ".xcf", ".kra", ".ora", ".clip", ".procreate", ".afphoto", ".exr", ".insp", ".insv",
    ".avi", ".mkv", ".3gp", ".3g2", ".mts", ".m2ts", ".wmv", ".flv", ".lrv", ".thm",
    # editors' sidecars beside a photo: XMP from Lightroom/darktable, Apple's edits, DxO, RawTherapee
    ".xmp", ".aae", ".dop", ".pp3", ".cos", ".on1",
}
# Documents and sound files whose metadata artsite does not clean (PDF document info and XMP, ID3 and
# MP4/Vorbis tags with a phone's location and device, office files' docProps author): refused
# unless exact files are asked for, as camera files are (pipeline/static.py).
DOCUMENT_SUFFIXES = {
    ".pdf", ".ai", ".eps", ".ps", ".epub", ".djvu",
    ".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp", ".odg", ".ott",
    ".doc", ".xls", ".ppt", ".rtf", ".pages", ".numbers", ".key",
    # sound artsite cannot remux; .mp3 .m4a .flac .ogg .oga .opus .wav are copied without tags (images/audio.py)
    ".m4b", ".aac", ".aif", ".aiff", ".aifc",
    ".wma", ".caf", ".amr", ".ape", ".wv", ".mka", ".dsf",
}
SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class SourceFile:
    path: Path
    rel: str  # content-relative, posix
    kind: str  # "post", "page", "section", "resource", "data", "template", "static", "image"


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

    def withhold_drafts(self) -> None:
        """Drop every file of a Jekyll `_drafts/` folder but its posts (which the build holds back
        itself): the images there belong to drafts and carry their prompts."""
        self.files = [f for f in self.files if f.kind in ("post", "page") or
                      JEKYLL_DRAFTS not in f.rel.split("/")[:-1]]


def inside(path: Path, root: Path) -> bool:
    """True when `path`, with symlinks resolved, stays within `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def source_stem(name: str) -> str:
    """`2014-02-03-hello.markdown` -> `2014-02-03-hello`."""
    return name.rsplit(".", 1)[0] if "." in name else name


def in_posts(rel: str, posts_dirs: set[str]) -> bool:
    parts = rel.split("/")
    return (parts[0] in posts_dirs and len(parts) > 1) or JEKYLL_POSTS in parts[:-1] or JEKYLL_DRAFTS in parts[:-1]


def classify(rel: str, posts_dirs: set[str], path: Path | None = None) -> str:
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    suffix = os.path.splitext(lower)[1]
    if is_markdown(lower):
        if source_stem(name) == "_index" or (rel == name and source_stem(lower) == "index"):
            return "section"  # content/index.md is Jekyll's and Eleventy's home page text: artsite makes the home
        if JEKYLL_POSTS in rel.split("/")[:-1] and not _DATED_NAME.match(name):
            return "fragment"  # Jekyll reads only dated files in _posts as posts; others are include_relative snippets
        return "post" if in_posts(rel, posts_dirs) else "page"
    if lower.endswith(DATA_SUFFIXES):
        return "data"
    if lower.endswith(TEMPLATE_SUFFIXES) or suffix in SASS_SUFFIXES:
        return "template"
    if suffix in VIDEO_SUFFIXES:
        return "video"
    if suffix in LOOSE_IMAGE_SUFFIXES:
        return "image"
    if suffix in CAMERA_SUFFIXES:
        return "camera"
    if suffix in DOCUMENT_SUFFIXES:
        return "document"
    head = _front_matter_head(path) if path is not None else None
    if head is None:
        return "static"
    # Jekyll and Eleventy process every file that starts with front matter: feed.xml, a .scss with
    # `---` lines, a blog/index.html looping over site.posts. Published as they are, they would
    # show readers template code; an HTML file of plain text is a page.
    if suffix in HTML_SUFFIXES and not _LISTING.search(head):
        posts = in_posts(rel, posts_dirs)
        if posts or not (source_stem(lower) in GENERATED_STEMS and "/" not in rel):
            return "post" if posts else "page"
    return "template"


def _front_matter_head(path: Path) -> str | None:
    """The first 64 KB of a text file that opens with `---`, or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(6)  # most static files stop here: a font, a stylesheet, a PDF
            head = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
            if not head.startswith(b"---"):
                return None
            head += handle.read(65536)
    except OSError:
        return None
    return head.decode("utf-8", "replace")


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
    names = {entry.name for entry in entries}
    folder_name = rel_dir.rsplit("/", 1)[-1]
    # A post folder with an index.md is a leaf bundle (Hugo's rule; pages keep their siblings, as
    # Eleventy publishes them); a posts folder itself (posts/index.md) is not.
    bundle = "/" in rel_dir and in_posts(rel_dir + "/x", posts_dirs) and \
        any(source_stem(n) == "index" and is_markdown(n) for n in names)
    stems_with_pages = {source_stem(n) for n in names if is_markdown(n)}
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if (not entry.name.startswith((".", "_")) or entry.name in DESCENDED_UNDERSCORE) and \
                    _allowed(entry, root, problems):
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
        kind = classify(rel, posts_dirs, here / name)
        stem = source_stem(name)
        if kind in ("post", "page") and bundle and stem not in ("index", folder_name):
            kind = "resource"  # a Hugo leaf bundle's other Markdown files belong to its index.md
        elif kind == "static" and name.endswith(".json") and (stem == folder_name or stem in stems_with_pages):
            kind = "data"  # Eleventy: posts/posts.json (the folder's data), x.json beside x.md
        tree.files.append(SourceFile(here / name, rel, kind))
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


def scan_static(static_dir: Path, taken: set[str], problems: Problems) -> list[SourceFile]:
    """Hugo's `static/` folder (beside `content/`): every file published at the site root as it is
    (images through the privacy filter), and site-root paths like `/images/x.png` resolve there.
    A file `content/` also has is the content's; the static copy is named in a warning."""
    if not static_dir.is_dir():
        return []
    holder = ContentTree()
    _scan_folder(static_dir, "", static_dir.resolve(), set(), problems, holder)
    found = []
    for source in holder.files:
        kind = loose_kind(source.rel)
        if source.rel in taken:
            problems.warning(f"not published: content/{source.rel} is published at the same address", source.path)
            continue
        found.append(SourceFile(source.path, source.rel, kind))
    return found


def loose_kind(name: str) -> str:
    """How a file that is not content is published: "image" (cleaned), "camera" or "document"
    (refused unless exact files are asked for) or "static" (copied; videos are remuxed and SVGs
    cleaned by suffix)."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in LOOSE_IMAGE_SUFFIXES:
        return "image"
    if suffix in DOCUMENT_SUFFIXES:
        return "document"
    return "camera" if suffix in CAMERA_SUFFIXES else "static"


def _allowed(entry: os.DirEntry[str], root: Path, problems: Problems) -> bool:
    if entry.is_symlink() and not inside(Path(entry.path), root):
        problems.error("symlink points outside the content folder; refusing to read it", Path(entry.path))
        return False
    return True


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
