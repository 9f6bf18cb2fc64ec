"""Reading one gallery folder into a `Gallery` of `Work`s.

Per-image settings may sit in a sidecar (`shark.png.md`) or in an `images:` list in `index.md`;
the sidecar wins because it is the more specific of the two. Every problem names the file, and a
broken sidecar costs only that work's extra data, never the gallery.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.content.dates import parse_date
from generator.content.frontmatter import FrontMatterError, split
from generator.content.loader import IMAGE_SUFFIXES, VIDEO_SUFFIXES, content_hash, inside
from generator.content.pages import tag_list
from generator.content.slugs import slugify
from generator.galleries.model import Gallery, Work
from generator.problems import Problems
from generator.readfile import NOT_REGULAR, NotRegularFile, is_regular, read_regular, read_regular_text

WORK_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES  # a video is a work too, shown by its poster frame
SORTS = ("date", "name", "title", "manual")
TEXT_KEYS = ("title", "alt", "caption", "slug", "model", "tool", "ai", "process", "license", "description")


def _front_matter(path: Path, problems: Problems, content_dir: Path) -> tuple[dict[str, Any], str] | None:
    if not inside(path, content_dir):
        problems.error("symlink points outside the content folder; refusing to read it", path)
        return None
    try:
        parsed = split(read_regular_text(path))
    except NotRegularFile:
        problems.warning(NOT_REGULAR, path)
        return None
    except FrontMatterError as exc:
        problems.error(exc.message, path, exc.line, exc.column)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(f"cannot read: {exc}", path)
        return None
    return parsed.data, parsed.body


class GalleryLoader:
    def __init__(self, content_dir: Path, tz: dt.tzinfo, problems: Problems, tag_factory: Any,
                 render_markdown: Any) -> None:
        """`render_markdown(text, source_file)` makes HTML of a gallery's text and works' captions."""
        self.content_dir = content_dir
        self.tz = tz
        self.problems = problems
        self.tag = tag_factory
        self.render = render_markdown

    def load(self, folder: Path) -> Gallery | None:
        index = folder / "index.md"
        data: dict[str, Any] = {}
        body = ""
        if index.exists():
            loaded = _front_matter(index, self.problems, self.content_dir)
            # A broken index.md is already an error; reading on still reports its sidecars' problems.
            data, body = loaded if loaded is not None else ({}, "")
        else:
            self.problems.warning("gallery has no index.md; using the folder name as its title", folder)
        for key in TEXT_KEYS:
            if key in data and data[key] is not None and not isinstance(data[key], (str, int, float)):
                self.problems.error(f"{key}: must be text", index)
                data.pop(key)
        gallery = Gallery(
            name=folder.name, slug=slugify(folder.name), folder=folder,
            title=str(data.get("title") or folder.name.replace("-", " ").title()),
            description=str(data.get("description") or ""), date=self._date(data, index),
            tags=self._tags(data, index), data=data,
        )
        gallery.data.setdefault("body", body)
        gallery.body_html = self.render(body, index) if body.strip() else ""
        entries = self._entries(data, index)
        images = self._images(folder)
        for missing in sorted(set(entries) - {image.name for image in images}):
            self.problems.warning(f"images: '{missing}' is not an image in this gallery folder", index)
        for image in images:
            work = self._work(image, entries.get(image.name, {}), gallery)
            if work is not None:
                gallery.works.append(work)
        self._sort(gallery, entries, index)
        cover = str(data.get("cover") or "")
        gallery.cover = next((w for w in gallery.works if w.source.name == cover), None) or (
            gallery.works[0] if gallery.works else None)
        if cover and gallery.cover is not None and gallery.cover.source.name != cover:
            self.problems.warning(f"cover '{cover}' is not an image in this gallery", index)
        return gallery

    def _images(self, folder: Path) -> list[Path]:
        found = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.suffix.lower() not in WORK_SUFFIXES or path.is_dir():
                continue
            if not is_regular(path):  # a pipe would hang the build; a dangling link has nothing to read
                self.problems.warning(NOT_REGULAR, path)
                continue
            if not inside(path, self.content_dir):
                self.problems.error("symlink points outside the content folder; refusing to read it", path)
                continue
            found.append(path)
        return found

    def _entries(self, data: dict[str, Any], index: Path) -> dict[str, dict[str, Any]]:
        images = data.get("images") or []
        if not isinstance(images, list):
            self.problems.error("images: must be a list of {file: ..., title: ...}", index)
            return {}
        entries = {}
        for item in images:
            if isinstance(item, dict) and isinstance(item.get("file"), str):
                entries[item["file"]] = item
            else:
                self.problems.error("images: each entry needs a 'file' naming an image beside index.md", index)
        return entries

    def _work(self, image: Path, entry: dict[str, Any], gallery: Gallery) -> Work | None:
        data = dict(entry)
        caption_md = ""
        sidecar = image.with_name(image.name + ".md")
        if sidecar.exists():
            loaded = _front_matter(sidecar, self.problems, self.content_dir)
            if loaded is not None:
                data.update(loaded[0])
                caption_md = loaded[1].strip()
        where = sidecar if sidecar.exists() else image
        for key in TEXT_KEYS:
            if key in data and data[key] is not None and not isinstance(data[key], (str, int, float)):
                self.problems.error(f"{key}: must be text", where)
                data.pop(key)
        title = str(data.get("title") or image.stem.replace("-", " ").replace("_", " ").strip().capitalize())
        caption_md = str(data.get("caption") or caption_md)
        alt = str(data.get("alt") or "").strip()
        if not alt:
            alt = title
            self.problems.warning(f"no alt text for {image.name}; using its title (add 'alt:' to "
                                  f"{image.name}.md)", where)
        try:
            if image.suffix.lower() in VIDEO_SUFFIXES:
                from generator.images.video import file_hash

                digest = file_hash(image)  # in chunks: a video can be larger than memory should hold
            else:
                digest = content_hash(read_regular(image))
        except OSError as exc:  # swapped for a pipe, or removed, since the folder was listed
            self.problems.warning(f"cannot read image: {exc.strerror or exc}", image)
            return None
        return Work(source=image, rel=image.relative_to(self.content_dir).as_posix(),
                    slug=slugify(str(data.get("slug") or image.stem)), title=title, alt=alt,
                    caption=self.render(caption_md, where) if caption_md else "", tags=self._tags(data, where),
                    date=self._date(data, where) or gallery.date, data=data, source_hash=digest,
                    gallery=gallery)

    def _date(self, data: dict[str, Any], where: Path) -> dt.datetime | None:
        if data.get("date") is None:
            return None
        try:
            return parse_date(data["date"], self.tz)
        except ValueError as exc:
            self.problems.error(f"date: {exc}", where)
            return None

    def _tags(self, data: dict[str, Any], where: Path) -> list:
        try:
            return [self.tag(name) for name in tag_list(data.get("tags"))]
        except ValueError as exc:
            self.problems.error(f"tags: {exc}", where)
            return []

    def _sort(self, gallery: Gallery, entries: dict[str, dict[str, Any]], index: Path) -> None:
        sort = str(gallery.data.get("sort") or ("manual" if entries else "name"))
        if sort not in SORTS:
            self.problems.error(f"sort: must be one of {', '.join(SORTS)}", index)
            sort = "name"
        reverse = bool(gallery.data.get("reverse", False))
        order = list(entries)
        keys = {
            "name": lambda w: w.source.name.lower(),
            "title": lambda w: w.title.lower(),
            "date": lambda w: (w.date or dt.datetime.min.replace(tzinfo=dt.timezone.utc)),
            "manual": lambda w: (order.index(w.source.name) if w.source.name in order else len(order),
                                 w.source.name.lower()),
        }
        gallery.works.sort(key=keys[sort], reverse=reverse)
        seen: dict[str, Work] = {}
        for work in gallery.works:
            if work.slug in seen:
                work.slug = f"{work.slug}-{work.source_hash[:6]}"
            seen[work.slug] = work
        for before, after in zip(gallery.works, gallery.works[1:], strict=False):
            before.next, after.prev = after, before
