"""Eleventy: `.eleventy.js`/`eleventy.config.*` read as text (it cannot be run), the input folder,
`_data/`, `_includes/`, directory data files and passthrough copies.

What is declarative in the JavaScript config is understood: `dir` settings, `pathPrefix`,
`markdownTemplateEngine`, string `addPassthroughCopy` calls. Custom shortcodes, filters,
collections, transforms and plugins are listed in the report with their line. A page's old
address is its `permalink` (rendered like Eleventy renders it, through the same Liquid/Nunjucks
templating artsite uses for bodies) or the default `/<folder>/<file name>/`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.content.jsdata import read_literal
from generator.migrate.common import (
    IMAGE_SUFFIXES,
    MARKDOWN_SUFFIXES,
    Report,
    copy,
    keep_addresses,
    read_front_matter,
    walk,
    write_site_yaml,
)
from generator.shortcodes.builtins import BUILTINS

CONFIG_NAMES = (".eleventy.js", "eleventy.config.js", "eleventy.config.cjs", "eleventy.config.mjs", ".eleventy.cjs",
                "eleventy.config.ts")
POST_FOLDERS = {"posts", "blog", "articles", "notes", "writing", "til", "post"}
TEMPLATE_SUFFIXES = (".njk", ".liquid", ".11ty.js", ".11ty.cjs", ".hbs", ".mustache", ".ejs", ".haml", ".pug",
                     ".webc", ".jsx", ".tsx", ".mdx")
KNOWN_PLUGINS = {"pluginRss": "artsite writes Atom and JSON feeds itself",
                 "syntaxHighlight": "fenced code and {% highlight %} are highlighted by artsite",
                 "eleventyImage": "Markdown images and {% image %} go through artsite's image pipeline",
                 "EleventyHtmlBasePlugin": "artsite adds the base path to links itself",
                 "eleventyNavigation": "the menu is set in site.yaml `menu:`"}
_CALL = re.compile(r"\.(addShortcode|addPairedShortcode|addAsyncShortcode|addPairedAsyncShortcode|"
                   r"addNunjucksShortcode|addPairedNunjucksShortcode|addLiquidShortcode|addPairedLiquidShortcode|"
                   r"addNunjucksAsyncShortcode|addFilter|addNunjucksFilter|addLiquidFilter|addAsyncFilter|"
                   r"addCollection|addTransform|addPlugin|addGlobalData|addExtension|setLibrary|amendLibrary)"
                   r"\(\s*(?:[\"'`]([^\"'`]+)[\"'`]|(\w+))?")


def read_config(src: Path, report: Report) -> dict[str, Any]:
    found: dict[str, Any] = {"input": ".", "includes": "_includes", "data": "_data", "layouts": None,
                             "engine": "liquid", "path_prefix": "", "passthrough": []}
    path = next((src / n for n in CONFIG_NAMES if (src / n).is_file()), None)
    package = src / "package.json"
    if package.is_file():
        try:
            scripts = " ".join(str(v) for v in (json.loads(package.read_text(encoding="utf-8")).get("scripts") or {}).values())
        except (ValueError, AttributeError):
            scripts = ""
        match = re.search(r"--input[= ]([\w./-]+)", scripts)
        if match:
            found["input"] = match.group(1)
    if path is None:
        return found
    text = path.read_text(encoding="utf-8", errors="replace")
    name = path.name
    for key in ("input", "includes", "data", "layouts", "output"):
        match = re.search(rf"\b{key}\s*:\s*[\"'`]([^\"'`]+)[\"'`]", text)
        if match:
            found[key] = match.group(1)
    engine = re.search(r"markdownTemplateEngine\s*:\s*(false|[\"'](\w+)[\"'])", text)
    if engine:
        found["engine"] = "none" if engine.group(1) == "false" else {"njk": "nunjucks"}.get(engine.group(2), "liquid")
    prefix = re.search(r"pathPrefix\s*:\s*[\"'`]([^\"'`]*)[\"'`]", text)
    if prefix:
        found["path_prefix"] = prefix.group(1)
    for match in re.finditer(r"addPassthroughCopy\(\s*(?:[\"'`]([^\"'`]+)[\"'`]|\{\s*[\"'`]?([^\"'`:]+)[\"'`]?\s*:\s*[\"'`]([^\"'`]*)[\"'`])",
                             text):
        found["passthrough"].append((match.group(1) or match.group(2), match.group(3)))
    for number, line in enumerate(text.splitlines(), 1):
        for match in _CALL.finditer(line):
            method, label = match.group(1), match.group(2) or match.group(3) or "?"
            _note_call(report, name, number, method, label)
    return found


def _note_call(report: Report, file: str, line: int, method: str, label: str) -> None:
    if "Shortcode" in method:
        if label in BUILTINS:
            report.add(file, line, f"shortcode '{label}' is JavaScript; artsite's built-in '{label}' is used instead",
                       "check its output on a page that uses it")
        else:
            report.add(file, line, f"shortcode '{label}' is JavaScript and cannot run",
                       f"write shortcodes/{label}.html (a Jinja template) or a plugin shortcode; until then "
                       + ("its inner content is shown" if "Paired" in method else "it renders nothing"))
    elif "Filter" in method:
        report.add(file, line, f"filter '{label}' is JavaScript and cannot run",
                   "pages using it show the value unfiltered; a plugin can add it (docs/plugins.md)")
    elif method == "addPlugin":
        hint = KNOWN_PLUGINS.get(label)
        report.add(file, line, f"plugin {label} is not run", hint or "look for the equivalent in docs/migrating-from-eleventy.md")
    elif method == "addCollection":
        report.add(file, line, f"custom collection '{label}' is not built",
                   "artsite lists posts by date and by tag; a tag may stand in for it")
    else:
        report.add(file, line, f"{method}({label}) is not run", "see docs/migrating-from-eleventy.md")


def _data_value(path: Path) -> Any:
    """A data file's value: JSON, or a JavaScript file that only exports a literal; None otherwise."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except ValueError:
            return None
    literal, value = read_literal(text)
    return value if literal else None


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _dir_data(folder: Path, input_root: Path) -> dict[str, Any]:
    """Directory data (`posts/posts.json`, `posts.11tydata.json`) cascading from the input root."""
    merged: dict[str, Any] = {}
    chain = []
    current = folder
    while True:
        chain.append(current)
        if current == input_root or input_root not in current.parents:
            break
        current = current.parent
    for here in reversed(chain):
        for name in (f"{here.name}.json", *(f"{here.name}.11tydata.{ext}" for ext in ("json", "js", "cjs", "mjs"))):
            path = here / name
            if path.is_file():
                data = _data_value(path)
                if isinstance(data, dict):
                    tags = [*_as_list(merged.get("tags")), *_as_list(data.get("tags"))]
                    merged.update(data)
                    if tags:
                        merged["tags"] = tags
    return merged


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


def run(src: Path, dest: Path, report: Report) -> None:
    config = read_config(src, report)
    input_root = (src / config["input"]).resolve()
    content = dest / "content"
    includes = (input_root / config["includes"]).resolve()
    data_dir = (input_root / config["data"]).resolve()
    layouts = input_root / config["layouts"] if config.get("layouts") else None
    output = src / (config.get("output") or "_site")
    posts_dirs: set[str] = set()
    pages: dict[str, tuple[Path, dict[str, Any]]] = {}
    metadata: dict[str, Any] = {}
    skip = {"_site", output.name}
    # Eleventy's starter keeps includes and data beside the input folder (`../_includes`, `../_data`)
    beside = [folder.resolve() for folder in (includes, data_dir)
              if folder.is_dir() and not _under(folder.resolve(), input_root)]
    for path in walk(input_root, skip=skip) + [path for folder in beside for path in walk(folder)]:
        rel = path.relative_to(input_root if _under(path, input_root) else src.resolve()).as_posix()
        if _under(path, includes):
            copy(path, dest / "includes" / path.relative_to(includes).as_posix())
            continue
        if layouts is not None and _under(path, layouts):
            continue
        if _under(path, data_dir):
            data_rel = path.relative_to(data_dir).as_posix()
            if path.suffix in (".json", ".yaml", ".yml"):
                copy(path, dest / "data" / data_rel)
            elif path.suffix in (".js", ".cjs", ".mjs") and (value := _data_value(path)) is not None:
                _write_json(dest / "data" / (data_rel.rsplit(".", 1)[0] + ".json"), value)
                report.count("JavaScript data files read as JSON")
            else:
                report.add(rel, 1, "JavaScript data file is not run", "write its values as JSON or YAML in data/")
                continue
            if path.stem in ("metadata", "site") and path.suffix != ".yaml" and path.suffix != ".yml":
                value = _data_value(path)
                if isinstance(value, dict):
                    metadata = {**value, **metadata}
            continue
        if path.name in ("package.json", "package-lock.json", "README.md", "LICENSE.md", "netlify.toml") or \
                path.name in CONFIG_NAMES:
            continue
        lower = path.name.lower()
        if lower.endswith((".11tydata.js", ".11tydata.cjs", ".11tydata.mjs")):
            json_rel = rel.rsplit(".", 1)[0] + ".json"
            if (value := _data_value(path)) is not None and not (input_root / json_rel).exists():
                _write_json(content / json_rel, value)
                report.count("JavaScript data files read as JSON")
            else:
                report.add(rel, 1, "JavaScript directory data is not run (it is more than a plain object)",
                           f"write its values as {path.name.split('.', 1)[0]}.11tydata.json next to it")
            continue
        if lower.endswith(TEMPLATE_SUFFIXES):
            report.add(rel, 1, "template page (not Markdown) is not converted",
                       "artsite makes home, archive, tag pages and feeds itself; copy any text into a Markdown page")
            continue
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            copy(path, content / rel)
            data, _ = read_front_matter(path.read_text(encoding="utf-8", errors="replace"))
            merged = {**_dir_data(path.parent, input_root), **data}
            tags = [str(t).lower() for t in _as_list(merged.get("tags"))]
            top = rel.split("/", 1)[0] if "/" in rel else ""
            if top and ("post" in tags or "posts" in tags or top.lower() in POST_FOLDERS):
                posts_dirs.add(top)
            pages[rel] = (path, merged)
            report.count("Markdown files")
            continue
        if path.suffix.lower() == ".html":
            with path.open("rb") as handle:
                if handle.read(3) == b"---":
                    report.add(rel, 1, "HTML template page is not converted", "copy its text into a Markdown page")
                    continue
        if _passed_through(path, src, config["passthrough"]) or path.suffix.lower() in IMAGE_SUFFIXES or \
                path.suffix.lower() in (".css", ".js", ".pdf", ".txt", ".ico", ".woff", ".woff2", ".json", ".xml"):
            copy(path, content / rel)
            report.count("static files")
    _copy_outside_passthrough(src, input_root, config["passthrough"], content, report)
    settings: dict[str, Any] = {"title": str(metadata.get("title") or "My site")}
    if metadata.get("description"):
        settings["description"] = str(metadata["description"])
    url = str(metadata.get("url") or "")
    if url.startswith(("http://", "https://")):
        prefix = config["path_prefix"].strip("/")
        settings["base_url"] = url.rstrip("/") + "/" + (prefix + "/" if prefix and not url.rstrip("/").endswith(prefix) else "")
    author = metadata.get("author")
    if isinstance(author, dict) and author.get("name"):
        settings["author"] = {k: str(author[k]) for k in ("name", "url", "email") if author.get(k)}
    elif isinstance(author, str):
        settings["author"] = {"name": author}
    if metadata.get("language"):
        settings["language"] = str(metadata["language"])
    settings["posts_dirs"] = sorted(posts_dirs) or ["posts"]
    settings["markdown_templates"] = config["engine"]
    write_site_yaml(dest, settings, "Eleventy")
    old = {}
    for rel, (_path, data) in pages.items():
        url = _old_url(rel, data, config["engine"])
        if url:
            old[rel] = url
    keep_addresses(dest, old, report, {rel: f"{config['input'].strip('./') + '/' if config['input'] not in ('.', './') else ''}{rel}"
                                        for rel in old})


def _under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _passed_through(path: Path, src: Path, rules: list[tuple[str, str | None]]) -> bool:
    rel = path.relative_to(src).as_posix()
    return any(rel == r.strip("./") or rel.startswith(r.strip("./").rstrip("/") + "/") for r, _ in rules if r)


def _copy_outside_passthrough(src: Path, input_root: Path, rules: list[tuple[str, str | None]], content: Path,
                              report: Report) -> None:
    """`addPassthroughCopy("img")` with an input folder of `src`: a folder outside the input, published
    at its own path (or where the object form maps it)."""
    from generator.migrate.common import walk as walk_files

    for rule, target in rules:
        folder = src / rule.strip("./")
        if "*" in rule or not folder.exists() or _under(folder, input_root):
            continue
        files = [folder] if folder.is_file() else walk_files(folder)
        for path in files:
            inner = path.relative_to(folder).as_posix() if folder.is_dir() else path.name
            base = (target or rule).strip("/")
            copy(path, content / base / inner if base else content / inner)
            report.count("static files")


def _old_url(rel: str, data: dict[str, Any], engine: str) -> str | None:
    """Eleventy's address for a Markdown file: its permalink, rendered, else the default."""
    permalink = data.get("permalink")
    stem = rel.rsplit(".", 1)[0]
    name = stem.rsplit("/", 1)[-1]
    folder = stem.rsplit("/", 1)[0] if "/" in stem else ""
    if permalink is False:
        return None
    if isinstance(permalink, str) and permalink.strip():
        if "{{" in permalink or "{%" in permalink:
            permalink = _render_permalink(permalink, rel, data, engine)
            if permalink is None:
                return None
        url = "/" + permalink.strip().lstrip("/")
        return url[: -len("index.html")] if url.endswith("/index.html") else url
    if name == "index" or (folder and folder.rsplit("/", 1)[-1] == name):
        return "/" + (folder + "/" if folder else "")
    return "/" + (folder + "/" if folder else "") + name + "/"


def _render_permalink(template: str, rel: str, data: dict[str, Any], engine: str) -> str | None:
    """A permalink like `/blog/{{ title | slugify }}/` or `{{ page.fileSlug }}`, rendered by the
    sandboxed templating artsite uses for bodies."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from generator.content.dates import parse_date
    from generator.shortcodes import liquid
    from generator.shortcodes.filters import filters

    stem = rel.rsplit(".", 1)[0]
    name = stem.rsplit("/", 1)[-1]
    file_slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", name)
    if file_slug == "index" and "/" in stem:
        file_slug = stem.rsplit("/", 2)[-2]
    date = None
    if data.get("date") is not None:
        import datetime as dt

        try:
            date = parse_date(data["date"], dt.timezone.utc)
        except ValueError:
            date = None
    if date is None:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", name)
        if match:
            import datetime as dt

            date = dt.datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)), tzinfo=dt.timezone.utc)
    page = {"fileSlug": file_slug, "filePathStem": "/" + stem, "date": date, "inputPath": "./" + rel}
    env = ImmutableSandboxedEnvironment(undefined=jinja2.ChainableUndefined)
    env.filters.update(filters(lambda p: p, lambda t: t, engine != "nunjucks"))
    try:
        source = liquid.translate(template, liquid=engine != "nunjucks", is_shortcode=lambda n: False,
                                  warn=lambda m, line: None).source
        return env.from_string(source).render({**data, "page": page})
    except Exception:
        return None
