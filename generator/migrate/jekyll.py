"""Jekyll: `_config.yml`, `_posts/`, collections, pages, `_includes/`, `_data/`, static files.

A post's old address follows Jekyll's rules (`permalink:` styles `date`, `pretty`, `ordinal`,
`weekdate`, `none` or a pattern; `:categories` from front matter and folders; `:title` from the
file name, case kept); `common.keep_addresses` then pins any the new site would change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from generator.content.native import pretty_slug
from generator.migrate.common import (
    IMAGE_SUFFIXES,
    MARKDOWN_SUFFIXES,
    Report,
    copy,
    keep_addresses,
    line_of,
    read_front_matter,
    set_front_matter,
    walk,
    write_site_yaml,
)

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
    "simple": "/:categories/:title:output_ext",
}
BUILT_IN_PLUGINS = {"jekyll-feed": "artsite writes /feed.xml and /feed.json itself",
                    "jekyll-sitemap": "artsite writes /sitemap.xml itself",
                    "jekyll-seo-tag": "artsite's theme writes title, description and Open Graph tags",
                    "jekyll-redirect-from": "redirect_from is read by artsite",
                    "jekyll-paginate": "artsite paginates the home page (posts_per_page)",
                    "jekyll-paginate-v2": "artsite paginates the home page (posts_per_page)",
                    "jekyll-gist": "{% gist %} is built in (as a link)",
                    "jekyll-twitter-plugin": "{% twitter %} is built in (as a link)",
                    "jekyll-youtube": "{% youtube %} is built in (as a link)"}
NOT_CONTENT = {"README.md", "LICENSE.md", "CHANGELOG.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "Gemfile",
               "Gemfile.lock", "package.json", "package-lock.json", "Rakefile", "CNAME"}
GENERATED = {"index.html", "index.md", "404.html", "404.md", "feed.xml", "atom.xml", "sitemap.xml", "robots.txt",
             "search.json", "tags.html", "categories.html", "archive.html", "tags.md", "archive.md"}


def post_url(pattern: str, rel_in_posts: str, data: dict[str, Any], folder_categories: list[str],
             tz: dt.tzinfo) -> str | None:
    """A Jekyll post's address from its permalink pattern, file name and front matter."""
    name = rel_in_posts.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})-(.+)$", name)
    if not match:
        return None
    date = dt.datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if data.get("date") is not None:
        from generator.content.dates import parse_date

        with contextlib.suppress(ValueError):
            date = parse_date(data["date"], tz)
    if date.tzinfo is not None:
        date = date.astimezone(tz)
    title_part = match.group(4)
    categories = list(folder_categories)
    raw = data.get("categories", data.get("category"))
    if isinstance(raw, str):
        categories += raw.split()
    elif isinstance(raw, list):
        categories += [str(c) for c in raw]
    categories = list(dict.fromkeys(c.lower() for c in categories))
    slug = pretty_slug(str(data["slug"])) if data.get("slug") else pretty_slug(title_part)
    values = {
        "year": f"{date.year:04d}", "month": f"{date.month:02d}", "i_month": str(date.month),
        "day": f"{date.day:02d}", "i_day": str(date.day), "short_year": f"{date.year % 100:02d}",
        "hour": f"{date.hour:02d}", "minute": f"{date.minute:02d}", "second": f"{date.second:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}", "week": f"{date.isocalendar()[1]:02d}",
        "short_day": date.strftime("%a"), "long_day": date.strftime("%A"), "title": slug,
        "slug": pretty_slug(str(data.get("slug") or title_part), cased=False), "name": pretty_slug(name),
        "categories": "/".join(categories), "output_ext": ".html", "collection": "posts",
    }
    return _fill(pattern, values)


def _fill(pattern: str, values: dict[str, str]) -> str:
    url = re.sub(r":([a-z_]+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
    url = re.sub(r"/+", "/", "/" + url)
    return url


def _site_pattern(config: dict[str, Any]) -> str:
    permalink = config.get("permalink") or "date"
    return STYLES.get(str(permalink), str(permalink))


def _artsite_pattern(pattern: str) -> str:
    """The closest artsite pattern for new posts (old posts are pinned to their exact address)."""
    out = pattern.replace("/:categories", "").replace(":output_ext", ".html")
    for jekyll, ours in ((":year", "{year}"), (":month", "{month}"), (":day", "{day}"), (":title", "{slug}"),
                         (":slug", "{slug}"), (":name", "{slug}")):
        out = out.replace(jekyll, ours)
    return out if ":" not in out else "/{year}/{month}/{day}/{slug}.html"


def run(src: Path, dest: Path, report: Report) -> None:
    config_path = src / "_config.yml" if (src / "_config.yml").exists() else src / "_config.yaml"
    config: dict[str, Any] = {}
    if config_path.exists():
        try:
            loaded = yaml.safe_load(config_path.read_text(encoding="utf-8"))
            config = loaded if isinstance(loaded, dict) else {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            report.add("_config.yml", mark.line + 1 if mark else None, f"not readable: {exc}",
                       "fix the YAML, or set title and base_url in site.yaml by hand")
    try:
        tz: dt.tzinfo = ZoneInfo(str(config.get("timezone") or "UTC"))
    except Exception:
        tz = dt.timezone.utc
    pattern = _site_pattern(config)
    collections = _collections(config)
    excluded = [str(e).strip("/") for e in config.get("exclude") or []]
    content = dest / "content"
    old: dict[str, str] = {}
    source_of: dict[str, str] = {}
    for path in walk(src, skip={"_site", ".jekyll-cache", "_sass"}):
        rel = path.relative_to(src).as_posix()
        if any(rel == e or rel.startswith(e + "/") for e in excluded) or path.name in NOT_CONTENT:
            continue
        parts = rel.split("/")
        if parts[0] in ("_config.yml", "_config.yaml"):
            continue
        if parts[0] == "_layouts":
            continue
        if parts[0] == "_includes":
            copy(path, dest / "includes" / "/".join(parts[1:]))
            report.count("includes")
            continue
        if parts[0] == "_data":
            if path.suffix in (".yml", ".yaml", ".json"):
                copy(path, dest / "data" / "/".join(parts[1:]))
                report.count("data files")
            else:
                report.add(rel, None, "data file type not read", "convert it to YAML or JSON in data/")
            continue
        if parts[0] == "_plugins":
            report.add(rel, 1, "Ruby plugin: not run", "find the built-in equivalent (docs/migrating-from-jekyll.md)"
                       " or write a Python plugin / a shortcodes/*.html template")
            continue
        if parts[0] == "_drafts" and path.suffix.lower() in MARKDOWN_SUFFIXES:
            target = content / "posts" / "drafts" / "/".join(parts[1:])
            copy(path, target)
            set_front_matter(target, "draft", True)
            report.count("drafts")
            continue
        if "_posts" in parts and path.suffix.lower() in MARKDOWN_SUFFIXES:
            at = parts.index("_posts")
            inner = "/".join(parts[at + 1:])
            target_rel = "posts/" + "/".join([*parts[:at], inner] if at else [inner])
            copy(path, content / target_rel)
            data, _ = read_front_matter(path.read_text(encoding="utf-8", errors="replace"))
            own = data.get("permalink")
            url = post_url(str(own) if isinstance(own, str) else pattern, inner, data, parts[:at], tz)
            if url is not None and data.get("published") is not False:
                old[target_rel], source_of[target_rel] = url, rel
            if data.get("published") is False:
                set_front_matter(content / target_rel, "draft", True)
            report.count("posts")
            continue
        if parts[0].startswith("_"):
            name = parts[0][1:]
            if name in collections and path.suffix.lower() in MARKDOWN_SUFFIXES:
                target_rel = f"{name}/" + "/".join(parts[1:])
                copy(path, content / target_rel)
                data, _ = read_front_matter(path.read_text(encoding="utf-8", errors="replace"))
                spec = collections[name]
                if spec.get("output"):
                    stem = "/".join(parts[1:]).rsplit(".", 1)[0]
                    coll_pattern = str(data.get("permalink") or spec.get("permalink") or "/:collection/:path:output_ext")
                    coll_pattern = STYLES.get(coll_pattern, coll_pattern)
                    old[target_rel] = _fill(coll_pattern, {"collection": name, "path": stem, "name": stem.rsplit("/", 1)[-1],
                                                           "title": pretty_slug(stem.rsplit("/", 1)[-1]),
                                                           "slug": pretty_slug(stem.rsplit("/", 1)[-1], False),
                                                           "output_ext": ".html"})
                    source_of[target_rel] = rel
                report.count("collection documents")
            elif path.suffix.lower() in IMAGE_SUFFIXES:
                copy(path, content / rel)
                report.count("images")
            continue
        _page_or_static(path, rel, pattern, content, old, source_of, report)
    settings = _settings(config, collections, pattern, config_path, report)
    write_site_yaml(dest, settings, "Jekyll")
    if (src / "_layouts").is_dir():
        report.add("_layouts/", None, "layouts are Liquid templates and are not converted",
                   "the default theme is used; see docs/theming.md to recreate your design in templates/")
    keep_addresses(dest, old, report, source_of)


def _page_or_static(path: Path, rel: str, pattern: str, content: Path, old: dict[str, str],
                    source_of: dict[str, str], report: Report) -> None:
    suffix = path.suffix.lower()
    text_like = suffix in MARKDOWN_SUFFIXES or suffix in (".html", ".htm", ".xml", ".scss", ".sass", ".css", ".json")
    has_front = False
    if text_like:
        with path.open("rb") as handle:
            has_front = handle.read(3) == b"---"
    if suffix in MARKDOWN_SUFFIXES:
        if "/" not in rel and path.name in GENERATED:
            report.add(rel, None, "the home page is artsite's own", "move any text you need into content/about.md")
            return
        copy(path, content / rel)
        data, _ = read_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        stem = rel.rsplit(".", 1)[0]
        own = data.get("permalink")
        if isinstance(own, str) and own:
            url = own if ":" not in own else _fill(own, {"path": stem, "basename": stem.rsplit("/", 1)[-1],
                                                         "output_ext": ".html"})
        elif pattern.endswith("/"):
            url = "/" + (stem[: -len("index")] if stem.endswith("index") else stem + "/")
        else:
            url = "/" + (stem[: -len("index")] if stem.endswith("index") else stem + ".html")
        old[rel], source_of[rel] = re.sub(r"/+", "/", "/" + url), rel
        report.count("pages")
        return
    if has_front:
        if path.name in GENERATED or "/" not in rel and path.name in ("feed.xml", "sitemap.xml"):
            return  # artsite writes its own home, feeds, sitemap and 404
        report.add(rel, 1, "a Liquid template page (front matter in an HTML/XML/Sass file) is not converted",
                   "artsite makes the home, archive, tag pages and feeds itself; copy any text into a Markdown page")
        return
    copy(path, content / rel)
    report.count("images" if suffix in IMAGE_SUFFIXES else "static files")


def _collections(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    raw = config.get("collections") or {}
    if isinstance(raw, list):
        return {str(name): {} for name in raw}
    return {str(name): (spec if isinstance(spec, dict) else {}) for name, spec in raw.items()} if isinstance(raw, dict) else {}


def _settings(config: dict[str, Any], collections: dict[str, dict[str, Any]], pattern: str,
              config_path: Path, report: Report) -> dict[str, Any]:
    settings: dict[str, Any] = {"title": str(config.get("title") or "My site")}
    if config.get("description"):
        settings["description"] = str(config["description"]).strip()
    author = config.get("author")
    if isinstance(author, str):
        settings["author"] = {"name": author}
    elif isinstance(author, dict):
        settings["author"] = {k: str(author[k]) for k in ("name", "url", "email") if author.get(k)}
    url = str(config.get("url") or "").rstrip("/")
    baseurl = str(config.get("baseurl") or "").strip("/")
    if url.startswith(("http://", "https://")):
        settings["base_url"] = url + "/" + (baseurl + "/" if baseurl else "")
    if config.get("lang") or config.get("locale"):
        settings["language"] = str(config.get("lang") or config.get("locale")).replace("_", "-")
    if config.get("timezone"):
        settings["timezone"] = str(config["timezone"])
    settings["posts_dirs"] = ["posts", *[name for name, spec in collections.items() if spec.get("output")]]
    settings["permalinks"] = {"post": _artsite_pattern(pattern), "page": "/{path}/{slug}/", "tag": "/tags/{slug}/"}
    if isinstance(config.get("paginate"), int) and config["paginate"] > 0:
        settings["posts_per_page"] = config["paginate"]
    settings["markdown_templates"] = "liquid"
    defaults = _defaults(config.get("defaults"))
    if defaults:
        settings["defaults"] = defaults
    for key in ("plugins", "gems"):
        for name in config.get(key) or []:
            if str(name) in BUILT_IN_PLUGINS:
                continue
            report.add("_config.yml", line_of(config_path, re.escape(str(name))), f"plugin '{name}' is not carried over",
                       "look for the built-in equivalent in docs/migrating-from-jekyll.md, or write a Python plugin")
    for key in ("theme", "remote_theme"):
        if config.get(key):
            report.add("_config.yml", line_of(config_path, rf"^{key}\s*:"), f"{key} '{config[key]}' is not carried over",
                       "the default theme is used; see docs/theming.md")
    return settings


def _defaults(raw: Any) -> list[dict[str, Any]]:
    """Jekyll's front matter defaults, as site.yaml `defaults:` (path-scoped front matter)."""
    out: list[dict[str, Any]] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("values"), dict):
            continue
        scope = item.get("scope") or {}
        path = str(scope.get("path") or "").strip("/")
        kind = str(scope.get("type") or "")
        if path.startswith("_posts") or (not path and kind == "posts"):
            path = "posts" + path[len("_posts"):]
        elif path.startswith("_"):
            path = path[1:]
        values = {k: v for k, v in item["values"].items() if k != "permalink"}
        if values:
            out.append({"path": path, "values": values})
    return out
