"""Hugo: `hugo.toml`/`config.*` (or `config/_default/`), `content/` with bundles, `static/`.

Keys are read case-insensitively, as Hugo reads them. A page's old address follows Hugo's rules:
`url` in front matter, else the section's `permalinks` pattern (`:year`, `:month`, `:day`,
`:slug`, `:title`, `:filename`, `:section`, …), else its path, lowercased, with `slug` replacing the
last part; `uglyURLs` gives `.html` addresses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.content.hugo_rules import lower_keys as _lower
from generator.content.hugo_rules import old_url, read_config, section_permalinks
from generator.migrate.common import (
    MARKDOWN_SUFFIXES,
    Report,
    copy,
    keep_addresses,
    read_front_matter,
    walk,
    write_site_yaml,
)

BUILT_IN = {"figure", "youtube", "vimeo", "gist", "tweet", "x", "instagram", "highlight", "ref", "relref", "param",
            "details", "comment", "notice", "raw", "rawhtml"}


def run(src: Path, dest: Path, report: Report) -> None:
    config, config_name = read_config(src, report)
    content_src = src / str(config.get("contentdir") or "content")
    static_src = src / str(config.get("staticdir") or "static")
    permalinks = section_permalinks(config)
    ugly = bool(config.get("uglyurls"))
    content = dest / "content"
    old: dict[str, str] = {}
    source_of: dict[str, str] = {}
    dated: dict[str, int] = {}
    if content_src.is_dir():
        for path in walk(content_src):
            rel = path.relative_to(content_src).as_posix()
            copy(path, content / rel)
            if path.suffix.lower() not in MARKDOWN_SUFFIXES:
                report.count("images and other files")
                continue
            data, _ = read_front_matter(path.read_text(encoding="utf-8", errors="replace"))
            normalize_front_matter(content / rel, data)
            if "/" in rel and not rel.endswith("_index.md") and _lower(data).get("date"):
                dated[rel.split("/", 1)[0]] = dated.get(rel.split("/", 1)[0], 0) + 1
            if not rel.rsplit("/", 1)[-1].startswith("_index") and _lower(data).get("headless") is not True:
                url = old_url(rel, data, permalinks, ugly)
                if url:
                    old[rel], source_of[rel] = url, f"{content_src.name}/{rel}"
            report.count("Markdown files")
    if static_src.is_dir():
        for path in walk(static_src):
            copy(path, content / path.relative_to(static_src).as_posix())
            report.count("static files")
    if (src / "data").is_dir():
        for path in walk(src / "data"):
            copy(path, dest / "data" / path.relative_to(src / "data").as_posix())
    _report_templates(src, config, report)
    params = config.get("params") if isinstance(config.get("params"), dict) else {}
    main = params.get("mainsections")
    posts_dirs = [str(s) for s in main] if isinstance(main, list) and main else \
        sorted(dated, key=lambda s: -dated[s]) or ["posts"]
    settings: dict[str, Any] = {"title": str(config.get("title") or "My site")}
    if params.get("description"):
        settings["description"] = str(params["description"])
    author = config.get("author") or params.get("author")
    if isinstance(author, str):
        settings["author"] = {"name": author}
    elif isinstance(author, dict) and author.get("name"):
        settings["author"] = {"name": str(author["name"])}
    base = str(config.get("baseurl") or "")
    if base.startswith(("http://", "https://")):
        settings["base_url"] = base if base.endswith("/") else base + "/"
    language = config.get("languagecode") or config.get("defaultcontentlanguage")
    if language:
        settings["language"] = str(language)
    if config.get("timezone"):
        settings["timezone"] = str(config["timezone"])
    settings["posts_dirs"] = posts_dirs
    first = permalinks.get(posts_dirs[0]) if posts_dirs else None
    settings["permalinks"] = {"post": _artsite_pattern(first) if first else "/{section}/{slug}/",
                              "page": "/{path}/{slug}/", "tag": "/tags/{slug}/"}
    taxonomies = config.get("taxonomies")
    if isinstance(taxonomies, dict) and taxonomies:
        settings["taxonomies"] = [str(v) for v in taxonomies.values()]
    settings["markdown_templates"] = "hugo"
    write_site_yaml(dest, settings, "Hugo")
    if config.get("languages") and len(config["languages"]) > 1:
        report.add(config_name, None, "a multilingual site: only the default language's layout is understood",
                   "import each language's content folder separately, or keep one language")
    keep_addresses(dest, old, report, source_of)


def normalize_front_matter(path: Path, data: dict[str, Any]) -> None:
    """In the copy, TOML front matter becomes YAML and keys are lowercased (Hugo reads `Title` as
    `title`); `lastmod` becomes `updated`. A file whose YAML needs none of this keeps its bytes."""
    text = path.read_text(encoding="utf-8", errors="replace")
    toml = text.lstrip("\ufeff").startswith("+++")
    if not toml and all(str(k) == str(k).lower() for k in data) and "lastmod" not in data:
        return
    if not data and not toml:
        return
    _, body = read_front_matter(text)
    fixed = _lower(data)
    if "lastmod" in fixed and "updated" not in fixed:
        fixed["updated"] = fixed.pop("lastmod")
    head = yaml.safe_dump(fixed, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    path.write_text("---\n" + head + "---" + (body if body.startswith("\n") else "\n" + body), encoding="utf-8")


def _artsite_pattern(pattern: str) -> str:
    out = pattern
    for hugo_token, ours in ((":year", "{year}"), (":month", "{month}"), (":day", "{day}"), (":section", "{section}"),
                             (":slugorfilename", "{slug}"), (":slugorcontentbasename", "{slug}"), (":slug", "{slug}"),
                             (":title", "{title_slug}"), (":filename", "{slug}"), (":contentbasename", "{slug}")):
        out = out.replace(hugo_token, ours)
    out = out if out.startswith("/") else "/" + out
    return out if ":" not in out else "/{section}/{slug}/"


def _report_templates(src: Path, config: dict[str, Any], report: Report) -> None:
    for folder in [src / "layouts", *(p / "layouts" for p in (src / "themes").glob("*") if p.is_dir())]:
        shortcodes = folder / "shortcodes"
        if shortcodes.is_dir():
            for path in sorted(shortcodes.glob("*.*")):
                name = path.name.split(".", 1)[0]
                where = path.relative_to(src).as_posix()
                if name in BUILT_IN:
                    report.add(where, 1, f"custom shortcode '{name}' (a Go template) is replaced by artsite's built-in one",
                               f"check pages using '{name}'; to keep your version, rewrite it as shortcodes/{name}.html")
                else:
                    report.add(where, 1, f"custom shortcode '{name}' is a Go template and cannot run",
                               f"rewrite it as shortcodes/{name}.html (Jinja; see docs/migrating-from-hugo.md); "
                               "until then its inner content is shown")
    if config.get("theme"):
        report.add("hugo config", None, f"theme '{config['theme']}' is not carried over",
                   "the default theme is used; see docs/theming.md")
    if (src / "assets").is_dir():
        report.add("assets/", None, "Hugo Pipes assets (Sass, JS bundles) are not processed",
                   "put built CSS/JS in content/ or a theme's static folder")
