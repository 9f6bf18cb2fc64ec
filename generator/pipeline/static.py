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
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.content.warnings import starts_blurred, warning_in
from generator.pipeline.writer import OutputError, OutputWriter
from generator.render.themes import theme_dir

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.pipeline.site import BuildResult, Site

POST_IMAGE_SIZES = "(min-width: 46rem) 44rem, 100vw"


def copy_static(site: Site, writer: OutputWriter) -> None:
    """Theme assets and content files, each taken unchanged from the previous build while its
    size, mtime and the settings that shape it stay the same (a loose image is cleaned on copy,
    which is worth doing once)."""
    from generator.pipeline.cache import digest

    theme_root = theme_dir(site.config["theme"], site.root)
    theme_static = theme_root / "static"
    files: list[tuple[Path, str, str, bool]] = []  # (source, output path, owner, is an image)
    if theme_static.is_dir():
        files += [(path, "theme/" + rel, "theme", False) for path, rel in theme_files(site, theme_static, theme_root)]
    for source in site.tree.files:
        if source.kind in ("static", "video"):
            files.append((source.path, source.rel, source.rel, False))
        elif source.kind == "image" and site.config.get("show_prompt", True) is not False:
            # Cleaned copies keep generation data, so with prompts hidden site-wide they are not
            # published at all; Markdown images still get metadata-free responsive versions.
            files.append((source.path, source.rel, source.rel, True))
    files += [(work.source, work.rel, work.rel, False) for work in site.works if work.video is not None]
    todo: list[tuple[Path, str, str, bool, str]] = []
    taken: dict[str, tuple[Path, str, str, bool, str]] = {}
    for path, rel, owner, image in files:
        try:
            stat = path.stat()
        except OSError:
            stat = None
        key = digest(site.render_key, rel, image, stat and stat.st_size, stat and stat.st_mtime_ns,
                     site.config["images"]["originals"] if image else "")
        if stat is not None and site.cache.page_signature(writer.output, rel) == key:
            try:
                writer.reuse(rel, owner)
            except OutputError as exc:  # a hostile file name: this file is refused, the rest go on
                site.problems.error(str(exc), path)
                continue
            taken[rel] = (path, rel, owner, image, key)
            site.signatures[rel] = key
        else:
            todo.append((path, rel, owner, image, key))
    for rel in writer.settle_reused():  # deleted from the previous output by hand: copy it again
        del site.signatures[rel]
        todo.append(taken[rel])
    for path, rel, owner, image, key in todo:
        try:
            if image:
                written = copy_image(site, writer, path, rel)
            elif is_video_file(path):
                written = copy_video(site, writer, path, rel)
            else:
                writer.copy_file(path, rel, owner)
                written = True
        except OutputError as exc:  # a hostile file name: this file is refused, the rest go on
            site.problems.error(str(exc), path)
            continue
        if written:
            site.signatures[rel] = key


def is_video_file(path: Path) -> bool:
    from generator.content.loader import VIDEO_SUFFIXES

    return path.suffix.lower() in VIDEO_SUFFIXES


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


def copy_image(site: Site, writer: OutputWriter, path: Path, rel: str) -> bool:
    """An image file under content/ (outside galleries), published as itself: exact bytes when the
    artist asked for exact originals, otherwise cleaned of location and camera data."""
    from generator.images.privacy import CannotClean, clean_original
    from generator.provenance.reader import sniff_container
    from generator.readfile import read_regular

    try:
        data = read_regular(path)
    except OSError as exc:
        site.problems.warning(f"cannot read image: {exc.strerror or exc}", path)
        return False
    if site.config["images"]["originals"] != "exact":
        try:
            data = clean_original(data, sniff_container(data).upper())
        except CannotClean:
            site.problems.warning("not published: cannot remove location and camera data from this image "
                                  "format", path)
            return False
    writer.write_bytes(rel, data, rel)
    return True


def markdown_image(site: Site, page: Page, image: dict[str, str], first: bool) -> str:
    """Responsive markup for `![alt](src)` in a post; plain `<img>` for remote or missing files."""
    from generator.images import picture_html

    src, alt = image.get("src", ""), image.get("alt", "")
    if not alt.strip():
        site.problems.warning(f"image {src} has no alt text", page.source)
    if not src or "://" in src or src.startswith(("//", "data:")):
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
    if image.get("title"):
        markup = f"<figure>{markup}<figcaption>{html.escape(image['title'])}</figcaption></figure>"
    return markup


def content_image(site: Site, page: Page, src: str) -> Any:
    """A responsive image for a content file named relative to the page (or from the content root).
    markdown-it percent-encodes the address (`My Art.png` arrives as `My%20Art.png`)."""
    path_part = unquote(src.split("#", 1)[0].split("?", 1)[0])
    target = posixpath.normpath(path_part.lstrip("/") if path_part.startswith("/") else
                                posixpath.join(posixpath.dirname(page.rel), path_part))
    path = site.config.content_dir / target
    if not target.startswith("../") and not path.is_file() and path_part.startswith("/"):
        path = site.root / site.config["static_dir"] / target  # Hugo's static/: served at the site root
    if target.startswith("../") or not path.is_file():
        return None
    url_dir = "/" + (posixpath.dirname(target) + "/" if "/" in target else "")
    work = site.work_for(path)
    private = site.setting("show_prompt", page=page, work=work) is False
    return site.images.request(path, url_dir, "display", originals="none", private_text=private)


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


def run_images(site: Site, writer: OutputWriter, result: BuildResult) -> None:
    if not site.images_started:
        return  # nothing asked for an image, so there is nothing to encode
    writer.ready()  # the pipeline places files in the staging folder itself
    stats: Any = site.images.run(writer.staging, progress=site.options.progress)
    writer.keep(site.images.placed)
    result.images_processed = stats.processed
    result.images_reused = stats.reused
