"""Hugo's own rules, read and never run: its config files and the addresses it gives pages.

Two callers need them: `artsite import hugo`, which pins every old address, and a build of a Hugo
blog copied in as it is (`generator.content.native`), which gives its posts the same addresses.
So they live here, below both, and both compute an address the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Protocol

import yaml


class Notes(Protocol):
    """Where a config that cannot be read is reported (the importer's report, or nowhere)."""

    def add(self, file: str, line: int | None, what: str, todo: str) -> None: ...


CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml",
                "config.json")


def lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): lower_keys(v) for k, v in value.items()}
    return value


def _load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        import tomllib

        data = tomllib.loads(text)
    elif path.suffix == ".json":
        data = json.loads(text)
    else:
        data = yaml.safe_load(text) or {}
    return data if isinstance(data, dict) else {}


def read_config(src: Path, report: Notes) -> tuple[dict[str, Any], str]:
    for name in CONFIG_NAMES:
        if (src / name).is_file():
            try:
                return lower_keys(_load(src / name)), name
            except Exception as exc:
                report.add(name, None, f"not readable: {exc}", "fix it, or fill in site.yaml by hand")
                return {}, name
    folder = src / "config" / "_default"
    merged: dict[str, Any] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".toml", ".yaml", ".yml", ".json"):
                continue
            try:
                data = lower_keys(_load(path))
            except Exception as exc:
                report.add(path.relative_to(src).as_posix(), None, f"not readable: {exc}", "fix it")
                continue
            if path.stem in ("hugo", "config"):
                merged.update(data)
            else:
                merged[path.stem.lower()] = data
        return merged, "config/_default/"
    return merged, ""


def section_permalinks(config: dict[str, Any]) -> dict[str, str]:
    """`[permalinks]` by section, from a lower-cased Hugo config."""
    raw_links = config.get("permalinks") if isinstance(config.get("permalinks"), dict) else {}
    if isinstance(raw_links.get("page"), dict):  # Hugo 0.112+: permalinks.page.<section>
        raw_links = {**raw_links, **raw_links["page"]}
    return {str(k): str(v) for k, v in raw_links.items() if isinstance(v, str)}


def urlize(text: str) -> str:
    """Hugo's urlize, closely enough: lowercase, spaces to hyphens, URL-unsafe marks dropped."""
    text = re.sub(r"\s+", "-", text.strip().lower())
    return re.sub(r"[^\w./_-]", "", text)


def old_url(rel: str, data: dict[str, Any], permalinks: dict[str, str], ugly: bool) -> str | None:
    """Where Hugo published the page at content-relative `rel`."""
    data = lower_keys(data)
    if data.get("url"):
        return "/" + str(data["url"]).lstrip("/")
    parts = rel.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    if stem == "_index":
        return "/" + "/".join(urlize(p) for p in parts[:-1]) + ("/" if len(parts) > 1 else "")
    bundle = stem == "index"
    filename = parts[-2] if bundle and len(parts) > 1 else stem
    folders = parts[:-2] if bundle else parts[:-1]
    section = folders[0] if folders else ""
    pattern = permalinks.get(section)
    slug = str(data.get("slug") or "")
    if pattern:
        date = _date(data.get("date"))
        title = urlize(str(data.get("title") or filename))
        values = {"year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}",
                  "monthname": date.strftime("%B").lower(), "weekday": str(date.isoweekday() % 7),
                  "yearday": str(date.timetuple().tm_yday), "section": section, "sections": "/".join(folders),
                  "title": title, "slug": urlize(slug) if slug else title, "filename": urlize(filename),
                  "slugorfilename": urlize(slug or filename), "contentbasename": urlize(filename),
                  "slugorcontentbasename": urlize(slug or filename)}
        url = re.sub(r":([a-z]+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
        return re.sub(r"/+", "/", "/" + url)
    last = urlize(slug) if slug else urlize(filename)
    path = "/".join([*(urlize(f) for f in folders), last])
    return f"/{path}.html" if ugly else f"/{path}/"


def _date(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    try:
        return dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime(1970, 1, 1)
