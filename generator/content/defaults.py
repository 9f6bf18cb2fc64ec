"""Front-matter defaults for a folder: `site.yaml` `defaults:` and Eleventy's data files.

Two sources give the same thing, values a page has unless its own front matter says otherwise:
- `site.yaml`: `defaults: [{path: til, values: {permalink: "/til/{slug}/", tags: [til]}}]`
  (Jekyll's shape; Jekyll's own `scope: {path: ...}` is read too). `path: ""` is every file.
- Eleventy's data cascade: directory data files (`posts/posts.json`, `posts/posts.11tydata.json`)
  apply to the folder and everything below it; template data files (`x.json`,
  `x.11tydata.json` beside `x.md`) to that file alone. JavaScript data files are never run: one
  that only exports an object literal is read as data (`generator.content.jsdata`), and a
  warning names each of the others.

Merging follows Eleventy's cascade: the more specific source wins for a single value, lists (the
tags) are joined, mappings merge key by key. Files are read once per build; the result is part
of the page cache key, so editing a data file re-reads the pages it covers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.jsdata import read_literal
from generator.problems import Problems
from generator.yamlsafe import YamlError, load_yaml

MAX_DATA_BYTES = 1024 * 1024
JS_SUFFIXES = (".js", ".cjs", ".mjs")
LIST_KEYS = {"tags", "categories"}


@dataclass(frozen=True)
class FolderDefaults:
    path: str  # content-relative folder ("" is the whole site), or a file's rel for template data
    values: dict[str, Any]
    origin: str  # where they were written, for messages and the cache key
    file_only: bool = False

    def covers(self, rel: str) -> bool:
        if self.file_only:
            return stem_rel(rel) == self.path
        return not self.path or rel.startswith(self.path.rstrip("/") + "/")


def merge(under: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` wins; lists are joined (first-seen order, no repeats) and mappings merge."""
    merged = dict(under)
    for key, value in over.items():
        old = merged.get(key)
        if key in LIST_KEYS and old is not None:  # Eleventy makes `tags: blog` a list before merging
            old = [old] if isinstance(old, str) else old
            value = [value] if isinstance(value, str) else value
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = old + [item for item in value if item not in old]
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge(old, value)
        else:
            merged[key] = value
    return merged


def from_settings(value: Any) -> list[FolderDefaults]:
    """`defaults:` from site.yaml (already checked by the schema), broadest path first."""
    found = []
    for index, entry in enumerate(value if isinstance(value, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        path = str(entry.get("path", scope.get("path", "")) or "").strip("/")
        found.append(FolderDefaults(path, dict(entry["values"]), f"site.yaml defaults[{index}]"))
    return sorted(found, key=lambda d: d.path.count("/") + bool(d.path))


def _read(path: Path, problems: Problems, mapping_only: bool = True) -> Any:
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_DATA_BYTES:
            problems.warning("data file larger than 1 MB; ignored", path)
            return None
        text = raw.decode("utf-8-sig")
        if path.suffix in JS_SUFFIXES:
            literal, data = read_literal(text)
            if not literal:
                problems.warning("JavaScript data file not run (artsite never runs site code, and this one is "
                                 "more than a plain object); write its values as JSON or YAML", path)
                return None
        else:
            data = json.loads(text) if path.suffix == ".json" else load_yaml(text)
    except json.JSONDecodeError as exc:
        problems.error(f"JSON error: {exc.msg}", path, exc.lineno, exc.colno)
        return None
    except YamlError as exc:
        problems.error(exc.message, path, exc.line, exc.column)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(f"cannot read data file: {exc}", path)
        return None
    if mapping_only and not isinstance(data, dict):
        problems.error("data file must hold an object of front-matter keys", path, 1)
        return None
    return data


def eleventy_data(files: Iterable[tuple[Path, str]], problems: Problems) -> list[FolderDefaults]:
    """Eleventy's directory and template data files among (path, content-relative rel) pairs,
    parent folders first so deeper ones win when merged in order."""
    found = []
    for path, rel in files:
        folder, _, name = rel.rpartition("/")
        stem = name.rsplit(".", 1)[0]
        stem = stem[:-len(".11tydata")] if stem.endswith(".11tydata") else stem
        data = _read(path, problems)
        if data is None:
            continue
        folder_name = folder.rsplit("/", 1)[-1]
        if stem == folder_name:
            found.append(FolderDefaults(folder, data, rel))
        else:  # beside x.md: that file's own data (its rel is matched without the suffix)
            found.append(FolderDefaults(f"{folder}/{stem}" if folder else stem, data, rel, file_only=True))
    return sorted(found, key=lambda d: (d.file_only, d.path.count("/") + bool(d.path), d.path))


def global_data(folders: Iterable[Path], problems: Problems) -> dict[str, Any]:
    """`_data/*.json|yaml` (Eleventy, Jekyll): a name per file, for templates as `data.<name>`."""
    found: dict[str, Any] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            if path.suffix in (".json", ".yaml", ".yml", *JS_SUFFIXES):
                data = _read(path, problems, mapping_only=False)
                if data is not None:
                    found.setdefault(path.stem, data)
    return found


def stem_rel(rel: str) -> str:
    """A source's rel without its extension, as template data files name it."""
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{folder}/{stem}" if folder else stem


def prepare(site: Any) -> None:
    """Before pages are read: the folder defaults from Eleventy data files join the reader's (and
    its cache key), `_data/` becomes `site.data`, and each template source artsite will not publish
    is named once."""
    tree, problems = site.tree, site.problems
    found = eleventy_data(((f.path, f.rel) for f in tree.of_kind("data")), problems)
    if found:
        site.reader.defaults = sorted([*site.reader.defaults, *found],
                                      key=lambda d: (d.file_only, d.path.count("/") + bool(d.path)))
    site.reader_key = (*site.reader_key, repr([(d.path, d.origin, d.file_only, d.values) for d in site.reader.defaults]))
    site.data = global_data([site.config.content_dir / "_data", site.root / "_data"], problems)
    for source in tree.of_kind("template"):
        problems.warning("not published: a template source artsite does not run; artsite makes its own home, "
                         "archive, tag and feed pages (rewrite a page of text as Markdown to keep it)", source.path)
