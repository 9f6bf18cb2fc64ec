"""Taxonomies: tags, categories and whatever else a site groups its posts by.

`site.yaml` `taxonomies:` is a list of front-matter keys (`[tags, categories, series]`, the
default being `[tags, categories]`) or Hugo's mapping of singular to plural
(`{tag: tags, category: categories}`). Each taxonomy has pages at `/<plural>/<slug>/` and an
index at `/<plural>/`; tags keep `permalinks.tag` so existing tag addresses do not move.
Jekyll also writes `category:` (one) and `categories: a b` (a space-separated string).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_TAXONOMIES = ["tags", "categories"]
COLLECTION_NAMES = ("post", "posts", "all")  # Eleventy collection names, not real tags


@dataclass(frozen=True)
class Taxonomy:
    plural: str  # the front-matter key and the URL folder: "categories"
    singular: str  # for titles and Jekyll's one-value key: "category"
    pattern: str  # "/categories/{slug}/"

    @property
    def index_url(self) -> str:
        return self.pattern.split("{", 1)[0] or f"/{self.plural}/"

    @property
    def title(self) -> str:
        return self.plural.replace("_", " ").capitalize()


def _singular(plural: str) -> str:
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    return plural[:-1] if plural.endswith("s") and len(plural) > 1 else plural


def from_settings(value: Any, tag_pattern: str) -> list[Taxonomy]:
    """The site's taxonomies, tags always first (galleries and works are tagged too)."""
    if isinstance(value, dict):
        pairs = [(str(plural), str(singular)) for singular, plural in value.items() if plural]
    elif isinstance(value, list):
        pairs = [(str(plural), _singular(str(plural))) for plural in value]
    else:
        pairs = [(plural, _singular(plural)) for plural in DEFAULT_TAXONOMIES]
    made = {"tags": Taxonomy("tags", "tag", tag_pattern)}
    for plural, singular in pairs:
        if plural not in made:
            made[plural] = Taxonomy(plural, singular, f"/{plural}/{{slug}}/")
    return list(made.values())


def term_names(value: Any, *, split_spaces: bool) -> list[str]:
    """A front-matter value as a list of names: a list, one string, or (Jekyll's categories) a
    space-separated string. ValueError for anything else."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split() if split_spaces else [value]
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item is not None and not isinstance(item, (dict, list))]
    if isinstance(value, (int, float)):
        return [str(value)]
    raise ValueError("must be a list or a single string")
