"""Pages for galleries: the gallery index, one grid page per gallery, one page per work.

Image variants are only *requested* here (the pipeline plans URLs and sizes at once and encodes
later, in parallel), so rendering never waits on an encoder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content.model import Page
from generator.content.permalinks import PermalinkError, safe_site_path
from generator.content.warnings import starts_blurred, warning_in

if TYPE_CHECKING:
    from generator.galleries.model import Gallery, Work
    from generator.pipeline.site import Site

GALLERIES_URL = "/galleries/"


def gallery_pages(site: Site) -> None:
    if not site.galleries:
        return
    index = Page(kind="galleries", title="Galleries", url=GALLERIES_URL, layout="galleries")
    index.context["galleries"] = site.galleries
    made = [index]
    for gallery in site.galleries:
        try:
            url = safe_site_path(f"{GALLERIES_URL}{gallery.slug}/")
        except PermalinkError as exc:
            site.problems.error(str(exc), gallery.folder)
            continue
        gallery.page = Page(kind="gallery", title=gallery.title, url=url, layout="gallery", date=gallery.date,
                            tags=gallery.tags, description=gallery.description, data=gallery.data,
                            source=gallery.folder / "index.md", rel=f"galleries/{gallery.name}/index.md")
        gallery.page.context["gallery"] = gallery
        made.append(gallery.page)
        for work in gallery.works:
            made.append(work_page(site, gallery, work))
        gallery.page.deps = [f"{w.page.url}|{w.title}|{w.source_hash}|{w.page.extra.get('content_warning')}"
                             for w in gallery.works if w.page]
    index.deps = [f"{g.url}|{g.title}|{len(g.works)}|{g.cover.source_hash if g.cover else ''}|"
                  f"{g.cover.page.extra.get('content_warning') if g.cover and g.cover.page else ''}"
                  for g in site.galleries]
    site.pages.extend(made)


def originals_mode(site: Site, work: Work) -> str:
    """How this work's original file is published. YAML reads `originals: no` as false, which
    must mean "none", never "fall back to the site's setting"; anything else unknown is reported
    on the work and publishes nothing, because an original can carry GPS and camera data."""
    from generator.images.settings import ORIGINALS_MODES  # Pillow comes with it: only galleries pay

    value = work.setting("originals")
    if value is None:
        value = site.config["images"]["originals"]
    if value is False:
        value = "none"
    if value not in ORIGINALS_MODES:
        site.problems.warning(f"originals: must be one of {', '.join(ORIGINALS_MODES)}, not {value!r}; "
                              "the original is not published", work.source)
        value = "none"
    if value != "none" and site.setting("show_prompt", work=work) is False:
        site.problems.warning("the original file is not published because show_prompt is false and the "
                              "original carries the prompt", work.source)
        value = "none"
    return str(value)


@dataclass(frozen=True)
class VideoView:
    """What a template needs for <video>: the published copy's address, its type and size."""

    url: str
    mime: str
    width: int
    height: int
    has_audio: bool


def is_video(path: Path) -> bool:
    from generator.content.loader import VIDEO_SUFFIXES

    return path.suffix.lower() in VIDEO_SUFFIXES


def video_poster(site: Site, work: Work) -> Path:
    """The poster frame's PNG, and `work.video` set; a video that cannot be read gets the
    broken-image placeholder and a warning naming it, like a broken image."""
    from generator.images.video import VideoError, cached_poster, probe

    limit = site.config["images"]["max_pixels"]
    try:
        info = probe(work.source, limit)
        poster = cached_poster(site.images.cache.root, work.source, work.source_hash, limit)
    except (VideoError, OSError) as exc:
        site.problems.warning(f"video: {exc}", work.source)
        return work.source  # the image pipeline reports it as unreadable and draws a placeholder
    work.video = VideoView(url="/" + work.rel, mime=info.mime, width=info.width, height=info.height,
                           has_audio=info.has_audio)
    return poster


def work_page(site: Site, gallery: Gallery, work: Work) -> Page:
    url = safe_site_path(f"{gallery.page.url}{work.slug}/")
    page = Page(kind="work", title=work.title, url=url, layout="work", date=work.date, tags=work.tags,
                description=str(work.data.get("description") or work.alt), data=work.data,
                source=work.source, rel=work.rel, source_hash=work.source_hash)
    work.page = page
    url_dir = gallery.page.url
    work.originals = originals_mode(site, work)
    private = site.setting("show_prompt", work=work) is False
    picture_source = work.source
    if is_video(work.source):
        work.originals = "none"  # the video itself is published, cleaned (pipeline/static.py)
        picture_source = video_poster(site, work)
    work.image = site.images.request(picture_source, url_dir, "display", originals=work.originals,
                                     private_text=private)
    work.thumb = site.images.request(picture_source, url_dir, "thumb", originals="none", private_text=private)
    warning = warning_in(work.data) or warning_in(gallery.data)
    if warning is not None:
        blurred = starts_blurred(site.config["content_warnings"], warning)
        for image in (work.image, work.thumb):
            image.warning, image.blurred = warning, blurred
        work.thumb.revealable = False
        page.extra["content_warning"] = warning  # a warned work shares no card image
    elif work.image.fallback and not work.image.error:
        page.extra["og_image"] = site.config.base_url + work.image.fallback[-1].url.lstrip("/")
    page.context["work"] = work
    page.context["gallery"] = gallery
    neighbours = [f"{w.page.url if w.page else w.slug}|{w.title}" for w in (work.prev, work.next) if w]
    gallery_settings = json.dumps({k: v for k, v in gallery.data.items() if k != "images"}, sort_keys=True,
                                  default=str)
    page.deps = [gallery.title, gallery_settings, *neighbours]
    return page
