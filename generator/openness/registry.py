"""The model fact table, loaded once and indexed for per-image lookups.

Resolution runs for every image of a site, so all matching is done against dictionaries built once per
process: by id, by checkpoint file name and alias (normalised keys, see names.py), by A1111 hash (10-hex
short hash, 8-hex legacy hash, full SHA-256), by NovelAI source string and by Civitai id. A key that
two entries claim is dropped rather than resolved to either: a wrong label is worse than "? Unrated".
Artists may add their own fine-tunes (site.yaml `models:`); those are validated and reported as problem
strings, never raised, because a typo in site.yaml must not stop a build.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import names
from .validate import normalise_entry, validate_entry

DATA_FILE = Path(__file__).with_name("models.yaml")

MAX_USER_ENTRIES = 500
_COMPONENT = re.compile(r"^(ae|vae|clip_[lg]|t5xxl.*|umt5.*|text_encoder.*)$")


class RegistryError(ValueError):
    """The packaged fact table is malformed: a bug in artsite's data, not in the user's site."""


def _is_component(text: str) -> bool:
    """Shared parts (VAE, text encoders) name no model: "ae.safetensors" ships with several FLUX models."""
    if "text_encoders/" in text:
        return True
    return bool(_COMPONENT.match(names.strip_extension(names.basename(text)).lower()))


def _alias_texts(entry: Mapping[str, Any]) -> list[str]:
    texts = [entry["id"]]
    texts += [part for part in str(entry.get("canonical_name") or "").split(" / ")]
    texts += [a for a in entry.get("aliases") or [] if "not assessed" not in a]
    return [names.strip_comment(t) for t in texts if isinstance(t, str)]


def _alias_keys(text: str) -> list[str]:
    # Free-text aliases ("Juggernaut XL v8/v9/X") are not paths: only path-like ones get a basename key.
    keys = names.name_keys(text) if " " not in text else [names.compact(text)]
    return [k for k in keys if len(k) >= 3]


@dataclass
class _Index:
    """Key -> model id maps for one layer (built-in data, or one site's own entries)."""

    files: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, tuple[str, str]] = field(default_factory=dict)
    novelai: dict[str, str] = field(default_factory=dict)
    civitai: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, entries: Iterable[Mapping[str, Any]]) -> _Index:
        claims: dict[str, dict[str, set[str]]] = {k: {} for k in ("files", "aliases", "novelai", "civitai")}
        hash_claims: dict[str, set[tuple[str, str]]] = {}
        for entry in entries:
            ident = entry["id"]
            for text in entry.get("checkpoint_files") or []:
                stripped = names.strip_comment(text)
                if stripped and not _is_component(stripped):
                    for key in names.name_keys(stripped):
                        claims["files"].setdefault(key, set()).add(ident)
            for text in _alias_texts(entry):
                for key in _alias_keys(text):
                    claims["aliases"].setdefault(key, set()).add(ident)
            for text in entry.get("novelai_sources") or []:
                claims["novelai"].setdefault(names.compact(text), set()).add(ident)
            for text in entry.get("civitai_versions") or []:
                claims["civitai"].setdefault(text.strip().lower(), set()).add(ident)
            for item in entry.get("a1111_hashes") or []:
                for kind, label in (("sha256", "sha256"), ("shorthash", "short hash"), ("legacy_hash", "legacy hash")):
                    value = names.normalise_hash(str(item.get(kind) or ""))
                    if value:
                        hash_claims.setdefault(value, set()).add((ident, label))
                sha = names.normalise_hash(str(item.get("sha256") or ""))
                if sha:
                    hash_claims.setdefault(sha[:10], set()).add((ident, "short hash"))
        index = cls()
        for kind, table in claims.items():
            target = getattr(index, kind)
            for key, ids in table.items():
                if len(ids) == 1:
                    target[key] = next(iter(ids))
                else:
                    index.ambiguous.add(f"{kind}:{key}")
        for key, found in hash_claims.items():
            if len({ident for ident, _ in found}) == 1:
                index.hashes[key] = sorted(found)[0]
            else:
                index.ambiguous.add(f"hash:{key}")
        return index


class Registry:
    """Entries by id plus lookup indexes; user layers are consulted before the built-in data."""

    def __init__(self, entries: list[dict[str, Any]], layers: tuple[_Index, ...], user_ids: frozenset[str]):
        self.entries = {e["id"]: e for e in entries}
        self.layers = layers
        self.user_ids = user_ids
        # Memo for resolve/grade results: a site repeats the same few models across many images.
        self.memo: dict[tuple[Any, ...], Any] = {}

    def remember(self, key: tuple[Any, ...], value: Any) -> Any:
        if len(self.memo) > 4096:
            self.memo.clear()
        self.memo[key] = value
        return value

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, model_id: str | None) -> dict[str, Any] | None:
        return self.entries.get(model_id) if model_id else None

    def _first(self, kind: str, keys: Iterable[str]) -> str | None:
        for layer in self.layers:
            table = getattr(layer, kind)
            for key in keys:
                if key in table:
                    return table[key]
        return None

    def by_hash(self, value: str | None) -> tuple[str, str] | None:
        """(model id, "sha256" / "short hash" / "legacy hash") for a hash string of any known length."""
        value = names.normalise_hash(value)
        if not value:
            return None
        for layer in self.layers:
            if value in layer.hashes:
                return layer.hashes[value]
        return None

    def by_file(self, keys: Iterable[str]) -> str | None:
        return self._first("files", list(keys))

    def by_alias(self, keys: Iterable[str]) -> str | None:
        return self._first("aliases", list(keys))

    def by_novelai(self, source: str) -> str | None:
        return self._first("novelai", [names.compact(source)])

    def by_civitai(self, model: str, version: str) -> str | None:
        keys = [f"{model}@{version}".lower()] if version else []
        return self._first("civitai", keys + [model.lower()])

    def with_extra(self, extra: Any) -> tuple[Registry, list[str]]:
        """This registry plus a site's own entries, and the problems found in them (cached per content)."""
        if not extra:
            return self, []
        try:
            cache_key = json.dumps(extra, sort_keys=True, default=str)
        except (TypeError, ValueError):
            return self, ["site models: could not be read as data"]
        return _with_extra_cached(self, cache_key, extra)


_EXTRA_CACHE: dict[tuple[int, str], tuple[Registry, list[str]]] = {}


def _with_extra_cached(base: Registry, cache_key: str, extra: Any) -> tuple[Registry, list[str]]:
    slot = (id(base), cache_key)
    if slot not in _EXTRA_CACHE:
        if len(_EXTRA_CACHE) > 32:
            _EXTRA_CACHE.clear()
        _EXTRA_CACHE[slot] = _merge(base, extra)
    registry, problems = _EXTRA_CACHE[slot]
    return registry, list(problems)


def _merge(base: Registry, extra: Any) -> tuple[Registry, list[str]]:
    if not isinstance(extra, list):
        return base, ["site models: must be a list of model entries"]
    problems: list[str] = []
    if len(extra) > MAX_USER_ENTRIES:
        problems.append(f"site models: only the first {MAX_USER_ENTRIES} entries are used")
    candidates = [normalise_entry(e) if isinstance(e, Mapping) else e for e in extra[:MAX_USER_ENTRIES]]
    user_ids = {e.get("id") for e in candidates if isinstance(e, Mapping) and isinstance(e.get("id"), str)}
    known = set(base.entries) | user_ids
    accepted: list[dict[str, Any]] = []
    for entry in candidates:
        found = validate_entry(entry, known, strict=False)
        if not found and entry["id"] in base.entries:
            found = [f"model {entry['id']!r}: id is already used by artsite's registry; choose another id"]
        if not found and entry["id"] in {a["id"] for a in accepted}:
            found = [f"model {entry['id']!r}: id appears twice"]
        problems.extend(found)
        if not found:
            accepted.append(dict(entry))
    accepted_ids = {e["id"] for e in accepted}
    for entry in list(accepted):  # a base that was itself rejected leaves its fine-tune without a cap
        base_id = entry.get("base_model_id")
        if base_id and base_id not in base.entries and base_id not in accepted_ids:
            problems.append(f"model {entry['id']!r}: base_model_id {base_id!r} was rejected, so this entry is too")
            accepted.remove(entry)
    if not accepted:
        return base, problems
    layers = (_Index.build(accepted), *base.layers)
    merged = Registry([*base.entries.values(), *accepted], layers, base.user_ids | {e["id"] for e in accepted})
    return merged, problems


def _yaml_loader() -> type:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compiled_path(source: Path) -> Path:
    return source.with_suffix(".json")


def read_data(source: Path) -> Any:
    """The YAML's content, from its compiled JSON twin when that was made from these exact bytes.

    YAML is the readable, reviewable source; parsing 2,800 lines of it costs a build a third of a
    second, while the JSON twin (written by scripts/compile_registry.py, checked by a test) loads in
    milliseconds. A stale or missing twin is simply ignored.
    """
    raw = source.read_bytes()
    twin = compiled_path(source)
    if twin.is_file():
        try:
            compiled = json.loads(twin.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            compiled = None
        if isinstance(compiled, dict) and compiled.get("source_sha256") == hashlib.sha256(raw).hexdigest():
            return compiled["data"]
    return yaml.load(raw, Loader=_yaml_loader())  # noqa: S506 - a safe loader, chosen above


def compile_registry(source: Path = DATA_FILE) -> str:
    """The JSON twin of a registry YAML file (see read_data)."""
    raw = source.read_bytes()
    data = yaml.load(raw, Loader=_yaml_loader())  # noqa: S506 - a safe loader, chosen above
    return json.dumps({"source_sha256": hashlib.sha256(raw).hexdigest(), "data": data}, ensure_ascii=False,
                      default=str, separators=(",", ":")) + "\n"


@lru_cache(maxsize=4)
def load_registry(path: str | None = None) -> Registry:
    """The packaged registry (or another file, for tests), parsed and validated once per process."""
    source = Path(path) if path else DATA_FILE
    data = read_data(source)
    models = data.get("models") if isinstance(data, Mapping) else None
    if not isinstance(models, list):
        raise RegistryError(f"{source}: no 'models' list")
    entries = [normalise_entry(m) if isinstance(m, Mapping) else m for m in models]
    known = {e.get("id") for e in entries if isinstance(e, Mapping)}
    problems = [p for e in entries for p in validate_entry(e, known)]
    if len(known) != len(entries):
        problems.append("duplicate or missing ids")
    if problems:
        raise RegistryError(f"{source}: " + "; ".join(problems[:20]))
    return Registry(entries, (_Index.build(entries),), frozenset())
