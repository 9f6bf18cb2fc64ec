"""Files that are not rendered: theme assets, content files copied as they are, and images.

Images are never copied raw by default: an AI artist's files can carry GPS and camera data. Those
referenced from Markdown go through the responsive pipeline; other image files under `content/`
are published with location and camera data removed (generation data kept), unless the artist
asked for exact originals.
"""

from __future__ import annotations

import html
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from generator.content.warnings import starts_blurred, warning_in
from generator.pipeline.writer import OutputError, OutputWriter
from generator.render.themes import theme_dir

if TYPE_CHECKING:
    from generator.content.loader import SourceFile
    from generator.content.model import Page
    from generator.pipeline.site import BuildResult, Site

POST_IMAGE_SIZES = "(min-width: 46rem) 44rem, 100vw"


def copy_static(site: Site, writer: OutputWriter) -> None:
    """Theme assets and content files, each taken unchanged from the previous build while its
    size, mtime and the settings that shape it stay the same (a loose image is cleaned on copy,
    which is worth doing once). How each file is published is its kind (see publish_file)."""
    from generator.content.loader import loose_kind
    from generator.pipeline.cache import digest

    theme_root = theme_dir(site.config["theme"], site.root)
    theme_static = theme_root / "static"
    files: list[tuple[Path, str, str, str]] = []  # (source, output path, owner, kind)
    if theme_static.is_dir():
        files += [(path, "theme/" + rel, "theme", loose_kind(rel)) for path, rel in theme_files(site, theme_static,
                                                                                               theme_root)]
    private = private_files(site)
    sidecars = generation_sidecars(site, private)
    drafts_only = named_only_by_drafts(site)
    for source in site.tree.files:
        if drafts_only(source):
            continue  # a draft's image carries its prompt; it is published with the draft
        if source.rel in sidecars:
            site.problems.warning(f"not published: it sits beside {sidecars[source.rel]}, whose prompt is hidden, "
                                  "and image generators write the prompt into such files", source.path)
        elif source.kind in ("static", "video", "camera", "document"):
            files.append((source.path, source.rel, source.rel, source.kind))
        elif source.kind == "image" and site.config.get("show_prompt", True) is not False:
            # Cleaned copies keep generation data, so with prompts hidden site-wide they are not
            # published at all; Markdown images still get metadata-free responsive versions.
            files.append((source.path, source.rel, source.rel, "private" if private(source) else "image"))
    files += [(work.source, work.rel, work.rel, "video") for work in site.works if work.video is not None]
    todo: list[tuple[Path, str, str, str, str]] = []
    taken: dict[str, tuple[Path, str, str, str, str]] = {}
    for path, rel, owner, kind in files:
        try:
            stat = path.stat()
        except OSError:
            stat = None
        key = digest(site.internal.render_key, rel, kind, stat and stat.st_size, stat and stat.st_mtime_ns,
                     site.config["images"]["originals"] if kind != "static" or cleaned_by_suffix(path) else "",
                     PRIVACY_VERSION)
        if stat is not None and site.cache.page_signature(writer.output, rel) == key:
            try:
                writer.reuse(rel, owner)
            except OutputError as exc:  # a hostile file name: this file is refused, the rest go on
                site.problems.error(str(exc), path)
                continue
            taken[rel] = (path, rel, owner, kind, key)
            site.internal.signatures[rel] = key
        else:
            todo.append((path, rel, owner, kind, key))
    for rel in writer.settle_reused():  # deleted from the previous output by hand: copy it again
        del site.internal.signatures[rel]
        todo.append(taken[rel])
    for path, rel, owner, kind, key in todo:
        try:
            written = publish_file(site, writer, path, rel, owner, kind)
        except OutputError as exc:  # a hostile file name: this file is refused, the rest go on
            site.problems.error(str(exc), path)
            continue
        if written:
            site.internal.signatures[rel] = key


# Part of every copied file's cache key: bump when what a kind of file is published as changes,
# so files copied by an older artsite (with metadata it now removes) are copied again.
PRIVACY_VERSION = "3"


def publish_file(site: Site, writer: OutputWriter, path: Path, rel: str, owner: str, kind: str) -> bool:
    """Write one non-rendered file: images cleaned (or stripped of everything where the prompt is
    hidden), videos and sound remuxed, SVGs cleaned, camera files and documents refused unless exact files
    were asked for."""
    if kind in ("image", "private"):
        return copy_image(site, writer, path, rel, owner, private=kind == "private")
    if is_video_file(path):
        return copy_video(site, writer, path, rel)
    if is_svg_file(path) and site.config["images"]["originals"] != "exact":
        return copy_svg(site, writer, path, rel, owner)
    if is_audio_file(path) and site.config["images"]["originals"] != "exact":
        return copy_audio(site, writer, path, rel, owner)
    if kind == "document" and site.config["images"]["originals"] != "exact":
        site.problems.warning(f"not published: artsite cannot remove author, device and location data from "
                              f"{path.suffix.lower()} files (document info, tags, docProps); export a copy "
                              "without them, or set `images: {originals: exact}` in site.yaml to publish such "
                              "files exactly as they are", path)
        return False
    if kind == "camera" and site.config["images"]["originals"] != "exact":
        site.problems.warning(f"not published: artsite cannot remove location and camera data from "
                              f"{path.suffix.lower()} files; convert it to JPEG, PNG or WebP, or set "
                              "`images: {originals: exact}` in site.yaml to publish such files exactly as "
                              "they are", path)
        return False
    writer.copy_file(path, rel, owner)
    return True


def private_files(site: Site) -> Callable[[SourceFile], bool]:
    """Which loose images sit with a page whose prompt is hidden (`show_prompt: false`): those in
    its bundle folder, and those its text names. They are published with no metadata at all.
    Decided from the pages as read, not as rendered, so a warm build decides the same."""
    from generator.content.pages import is_bundle

    folders: set[str] = set()
    hidden: list[Page] = []
    for page in site.posts + site.plain_pages:
        if site.setting("show_prompt", page=page) is not False:
            continue
        if is_bundle(page.rel, page.kind):
            folders.add(page.rel.rsplit("/", 1)[0] + "/")
        hidden.append(page)
    text = _page_text(hidden)

    def private(source: SourceFile) -> bool:
        if any(source.rel.startswith(folder) for folder in folders):
            return True
        return _named(source.rel.rsplit("/", 1)[-1], text)

    return private


def _named(name: str, text: str) -> bool:
    return bool(text) and (name in text or quote(name) in text)


def _page_text(pages: list[Page]) -> str:
    """The Markdown and front matter values of pages: where they name the files they show."""
    return "\n".join(page.body + "\n" + "\n".join(str(v) for v in page.data.values() if isinstance(v, str))
                     for page in pages)


def named_only_by_drafts(site: Site) -> Callable[[SourceFile], bool]:
    """Files that a draft held back names and no built page does (`wip.png` beside a draft
    `wip.md` in a flat posts folder): unlike a bundle's, their folder does not say whose they are."""
    drafts = _page_text(site.held_back)
    if not drafts:
        return lambda source: False
    built = _page_text(site.posts + site.plain_pages)

    def held(source: SourceFile) -> bool:
        if source.kind in ("post", "page", "section", "resource", "data", "template"):
            return False
        name = source.rel.rsplit("/", 1)[-1]
        return _named(name, drafts) and not _named(name, built)

    return held


SIDECAR_SUFFIXES = (".txt", ".json", ".yaml", ".yml")  # A1111's save_txt, SwarmUI's .swarm.json, ...


def generation_sidecars(site: Site, private: Callable[[SourceFile], bool]) -> dict[str, str]:
    """Text files named after a private image beside it (`fox.txt`, `fox.png.json`,
    `fox.swarm.json` beside `fox.png`), mapped to that image's name: generators write the
    prompt into them, so where the prompt is hidden they are not published."""
    images: dict[tuple[str, str], str] = {}  # (folder, first part of the name) -> image name
    hidden_everywhere = site.config.get("show_prompt", True) is False
    for source in site.tree.files:
        if source.kind == "image" and (hidden_everywhere or private(source)):
            folder, _, name = source.rel.rpartition("/")
            images[(folder, name.split(".", 1)[0].lower())] = name
    if not images:
        return {}
    found = {}
    for source in site.tree.files:
        folder, _, name = source.rel.rpartition("/")
        image = images.get((folder, name.split(".", 1)[0].lower()))
        if source.kind == "static" and image and name.lower().endswith(SIDECAR_SUFFIXES):
            found[source.rel] = image
    return found


def is_video_file(path: Path) -> bool:
    from generator.content.loader import VIDEO_SUFFIXES

    return path.suffix.lower() in VIDEO_SUFFIXES


def is_svg_file(path: Path) -> bool:
    return path.suffix.lower() in (".svg", ".svgz")


def is_audio_file(path: Path) -> bool:
    from generator.images.audio import AUDIO_SUFFIXES

    return path.suffix.lower() in AUDIO_SUFFIXES


def cleaned_by_suffix(path: Path) -> bool:
    """A "static" file that is still cleaned on copy, so that `originals` shapes what is published."""
    return is_svg_file(path) or is_audio_file(path)


def copy_audio(site: Site, writer: OutputWriter, path: Path, rel: str, owner: str) -> bool:
    """A sound file, published as a remux without tags (images/audio.py): ID3, MP4 and Vorbis
    tags name the artist and, in a phone's voice memo, where it was recorded and on what."""
    from generator.images.audio import cached_audio
    from generator.images.video import VideoError, file_hash

    try:
        clean = cached_audio(site.images.cache.root, path, file_hash(path))
    except (VideoError, OSError) as exc:
        site.problems.warning(f"not published: {exc}; set `images: {{originals: exact}}` in site.yaml to "
                              "publish sound files exactly as they are", path)
        return False
    writer.copy_file(clean, rel, owner)
    return True


def copy_svg(site: Site, writer: OutputWriter, path: Path, rel: str, owner: str) -> bool:
    """An SVG (beside a post, under static/ or in a theme), published without what its editor
    wrote about the author and their files (images/svgclean.py). One that cannot be parsed, or
    that would run code when opened (a downloaded SVG can), is refused with a warning: scripts
    on the site's own origin could read or rewrite its pages. `originals: exact` publishes both."""
    import gzip
    import zlib

    from generator.images.svgclean import MAX_SVG, SvgRefused, clean_svg
    from generator.readfile import read_regular

    exact = "set `images: {originals: exact}` in site.yaml to publish SVGs exactly as they are"
    try:
        data = read_regular(path)
    except OSError as exc:
        site.problems.warning(f"cannot read SVG: {exc.strerror or exc}", path)
        return False
    compressed = data[:2] == b"\x1f\x8b"
    try:
        if compressed:  # .svgz; bounded so that a small bomb cannot fill memory
            data = zlib.decompressobj(wbits=31).decompress(data, MAX_SVG + 1)
        cleaned, scripts = clean_svg(data)
    except (SvgRefused, zlib.error) as exc:
        site.problems.warning(f"not published: cannot remove editor metadata from this SVG ({exc}); {exact}", path)
        return False
    if scripts:
        site.problems.warning(f"not published: this SVG would run code on the site when opened "
                              f"({', '.join(scripts)}); remove it, or {exact}", path)
        return False
    writer.write_bytes(rel, gzip.compress(cleaned, mtime=0) if compressed else cleaned, owner)
    return True


def copy_video(site: Site, writer: OutputWriter, path: Path, rel: str) -> bool:
    """A video under content/ (a gallery work or beside a post), published as a remux with no
    tags and no tracks but video and sound: phones keep location and device names in both."""
    from generator.images.video import VideoError, cached_copy, file_hash

    if site.config["images"]["originals"] == "exact":
        writer.copy_file(path, rel, rel)
        return True
    try:
        clean = cached_copy(site.images.cache.root, path, file_hash(path))
    except (VideoError, OSError) as exc:
        site.problems.warning(f"not published: {exc}", path)
        return False
    writer.copy_file(clean, rel, rel)
    return True


def theme_files(site: Site, static: Path, root: Path) -> list[tuple[Path, str]]:
    """The theme's static files, (path, relative name), in name order. A symlink is followed only
    while it stays inside the theme: a theme someone shared could otherwise publish any file the
    builder can read (~/.ssh, the build cache with its drafts). Pipes and devices are skipped, as
    in content/, since reading one would hang the build."""
    from generator.content.loader import inside
    from generator.readfile import NOT_REGULAR

    found: list[tuple[Path, str]] = []
    stack = [(static, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink() and not inside(path, root):
                site.problems.warning("symlink points outside the theme folder; not published", path)
                continue
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                if not entry.is_symlink():  # a linked folder inside the theme is published where it lives
                    stack.append((path, f"{prefix}{entry.name}/"))
            elif is_file:
                found.append((path, prefix + entry.name))
            else:
                site.problems.warning(NOT_REGULAR, path)
    return sorted(found, key=lambda item: item[1])


def copy_image(site: Site, writer: OutputWriter, path: Path, rel: str, owner: str, private: bool = False) -> bool:
    """An image file outside galleries, published as itself: exact bytes when the artist asked for
    exact originals, otherwise cleaned of location and camera data; where the prompt is hidden,
    with no metadata at all, whatever `originals` says (a hidden prompt beats every keep option)."""
    from generator.images.privacy import CannotClean, clean_original
    from generator.images.strip import strip_all
    from generator.provenance.reader import sniff_container
    from generator.readfile import read_regular

    try:
        data = read_regular(path)
    except OSError as exc:
        site.problems.warning(f"cannot read image: {exc.strerror or exc}", path)
        return False
    if private or site.config["images"]["originals"] != "exact":
        fmt = image_format(data, sniff_container(data).upper())
        try:
            data = strip_all(data, fmt) if private else clean_original(data, fmt)
        except CannotClean as exc:
            site.problems.warning(f"not published: cannot remove location, camera and generation data from "
                                  f"this image ({exc})", path)
            return False
    writer.write_bytes(rel, data, owner)
    return True


def image_format(data: bytes, sniffed: str) -> str:
    """The provenance reader's container name, plus BMP, which it does not name."""
    return "BMP" if data[:2] == b"BM" and sniffed == "UNKNOWN" else sniffed


def markdown_image(site: Site, page: Page, image: dict[str, str], first: bool) -> str:
    """Responsive markup for `![alt](src)` in a post; plain `<img>` for remote or missing files."""
    from generator.images import picture_html

    src, alt = image.get("src", ""), image.get("alt", "")
    if not alt.strip():
        site.problems.warning(f"image {src} has no alt text", page.source)
    if not src or "://" in src or src.startswith(("//", "data:")):
        return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}" loading="lazy" decoding="async">'
    if _is_svg_src(src):  # it scales itself and is published cleaned beside the page (copy_svg)
        if content_file(site, page, src) is None:
            site.problems.warning(f"image not found: {src}", page.source)
        return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}" loading="lazy" decoding="async">'
    responsive = content_image(site, page, src)
    if responsive is None:
        site.problems.warning(f"image not found: {src}", page.source)
        return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'

    warning = warning_in(page.data)
    if warning is not None:
        responsive.warning = warning
        responsive.blurred = starts_blurred(site.config["content_warnings"], warning)
    markup = picture_html(responsive, alt, POST_IMAGE_SIZES, lazy=not first, css_class="post-image",
                          base_path=site.config.base_path)
    work = site.work_for(responsive.source)
    if work is not None and work.page is not None:  # a gallery work shown in a post: link it, badge it
        from generator.pipeline.environment import site_environment  # Jinja costs an import

        href = html.escape(site.config.base_path + work.page.url.lstrip("/"))
        badge = site_environment(site).get_template("partials/badge-compact.html").render(work=work)
        markup = f'<a class="post-work-link" href="{href}">{markup}</a>{badge}'
    if first and page.kind == "post":
        list_thumbnail(site, page, src, alt, warning is not None)
    if image.get("title"):
        title = html.escape(image["title"])
        if image.get("block"):  # alone in its paragraph: a figure, which then replaces the paragraph
            markup = f"<figure>{markup}<figcaption>{title}</figcaption></figure>"
        else:  # inside running text, where <figure> is invalid: the same caption, as phrasing content
            markup = f'<span class="inline-figure">{markup}<span class="inline-caption">{title}</span></span>'
    return markup


def _is_svg_src(src: str) -> bool:
    return unquote(src.split("#", 1)[0].split("?", 1)[0]).lower().endswith((".svg", ".svgz"))


def list_thumbnail(site: Site, page: Page, src: str, alt: str, warned: bool) -> None:
    """A post's first image, at thumbnail size, for the lists that show the post (the home page).
    A warned post gets none: a list would show the picture without its warning. Nor does an image
    without alt text (already reported on the post): the list would repeat the problem."""
    if warned or not alt.strip():
        return
    thumb = content_image(site, page, src, kind="thumb")
    if thumb is not None and not thumb.error and thumb.fallback:
        page.context["list_thumb"] = {"image": thumb, "alt": alt}


def list_thumbnail_deps(site: Site) -> None:
    """List pages re-render when a listed post's thumbnail changes (its file, size or alt), which
    the post's list key, made before images are planned, cannot know."""
    for page in site.pages:
        paginator = page.context.get("paginator") if page.context else None
        if not paginator:
            continue
        for item in paginator["items"]:
            thumb = item.context.get("list_thumb") if item.context else None
            if thumb:
                first = thumb["image"].fallback[0]
                page.deps.append(f"thumb:{item.url}|{first.url}|{first.width}x{first.height}|{thumb['alt']}")


def content_file(site: Site, page: Page, src: str) -> tuple[Path, str] | None:
    """The file a page's relative (or content-root) address names, and its path under the site;
    None when it names nothing inside the site. markdown-it percent-encodes the address (`My
    Art.png` arrives as `My%20Art.png`)."""
    path_part = unquote(src.split("#", 1)[0].split("?", 1)[0])
    target = posixpath.normpath(path_part.lstrip("/") if path_part.startswith("/") else
                                posixpath.join(posixpath.dirname(page.rel), path_part))
    path = site.config.content_dir / target
    if not target.startswith("../") and not path.is_file() and path_part.startswith("/"):
        path = site.root / site.config["static_dir"] / target  # Hugo's static/: served at the site root
    if target.startswith("../") or not path.is_file():
        return None
    return path, target


def content_image(site: Site, page: Page, src: str, kind: str = "display") -> Any:
    """A responsive image for a content file named relative to the page (or from the content root)."""
    found = content_file(site, page, src)
    if found is None:
        return None
    path, target = found
    url_dir = "/" + (posixpath.dirname(target) + "/" if "/" in target else "")
    work = site.work_for(path)
    private = site.setting("show_prompt", page=page, work=work) is False
    return site.images.request(path, url_dir, kind, originals="none", private_text=private)


def social_image(site: Site, page: Page) -> None:
    """`image:` (or `cover:`) in a post's front matter becomes its Open Graph / Twitter card image."""
    value = page.data.get("image") or page.data.get("cover")
    if not isinstance(value, str) or not value.strip() or warning_in(page.data) is not None:
        return  # a warned post shares no card image: a chat would unfurl it unasked
    if "://" in value:
        if value.strip().lower().startswith(("http://", "https://")):
            page.extra["og_image"] = value.strip()
        else:  # javascript://%0a... would reach share cards and JSON-LD as a link
            key = "image" if page.data.get("image") else "cover"
            site.problems.error(f"{key}: '{value}' is not an http or https address", page.source,
                                site.reader.line_of(page.source, key))
        return
    responsive = content_image(site, page, value.strip())
    if responsive is None or getattr(responsive, "error", None) or not responsive.fallback:
        site.problems.warning(f"image: '{value}' not found", page.source)
        return
    page.extra["og_image"] = site.config.base_url + responsive.fallback[-1].url.lstrip("/")
    page.extra["og_image_width"], page.extra["og_image_height"] = responsive.fallback[-1].width, \
        responsive.fallback[-1].height


def run_images(site: Site, writer: OutputWriter, result: BuildResult) -> None:
    if not site.images_started:
        return  # nothing asked for an image, so there is nothing to encode
    writer.ready()  # the pipeline places files in the staging folder itself
    stats: Any = site.images.run(writer.staging, progress=site.options.progress)
    writer.keep(site.images.placed)
    result.images_processed = stats.processed
    result.images_reused = stats.reused
