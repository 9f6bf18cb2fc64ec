"""Turning one Markdown file into a `Page`: front-matter rules, Eleventy, Hugo and Jekyll included.

Each known key is checked for its type and a problem names the file and the key's line; unknown
keys pass through to templates untouched. Errors (bad dates, unsafe permalinks, unreadable YAML)
drop the page and fail the build at the end; warnings (missing title) fall back and go on.

What the other generators mean is kept: keys are case-insensitive as in Hugo (`Title`, `Date`);
a post without `date` is dated by a `YYYY-MM-DD-` file name (Eleventy, Jekyll); `published:
false` (Jekyll) is a draft; `url:` (Hugo) is the permalink; old addresses (`aliases`,
`redirect_from`, `redirectsFrom`, the rest of a list-valued `permalink`) become redirects;
folder defaults (`site.yaml` `defaults:`, Eleventy data files) sit under the front matter, and
`eleventyComputed` fills title, description and permalink from the page's data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.dates import date_from_file_name, parse_date, zone
from generator.content.defaults import FolderDefaults, merge
from generator.content.filedates import named_date
from generator.content.filedates import resolve as resolve_named_date
from generator.content.frontmatter import FrontMatterError, Parsed, split
from generator.content.loader import JEKYLL_DRAFTS, JEKYLL_POSTS, source_stem
from generator.content.model import Page, Tag
from generator.content.native import HugoAddresses, JekyllAddresses
from generator.content.permalinks import (
    PermalinkError,
    UnsupportedExpression,
    date_values,
    expand,
    render_expression,
    safe_site_path,
)
from generator.content.slugs import DEFAULT_STYLE, SlugStyle, file_slug, slugify
from generator.content.taxonomies import COLLECTION_NAMES, Taxonomy, term_names
from generator.problems import Problems
from generator.yamlsafe import YamlError, load_yaml_with_lines

KNOWN_KEYS = {
    "title", "date", "updated", "tags", "excerpt", "description", "draft", "permalink", "slug", "layout",
    "eleventyExcludeFromCollections", "summary", "image", "cover", "ai_training", "license", "show_prompt",
    "show_workflow", "model", "tool", "ai", "process", "lang", "noindex",
    "categories", "category", "aliases", "redirect_from", "redirectsFrom", "published", "url", "lastmod",
    "eleventyComputed", "templateEngineOverride", "type", "weight", "author", "authors", "series", "toc",
    "keywords", "comments", "headless", "expirydate", "publishdate",
}
TYPO_CANDIDATES = KNOWN_KEYS | {"tag"}
# Hugo reads front-matter keys case-insensitively: `Title`, `Date`, `Tags` mean title, date, tags.
_CANONICAL = {key.lower(): key for key in KNOWN_KEYS}
_MULTI_SLASH = re.compile(r"/{2,}")
COMPUTED_KEYS = ("title", "description", "permalink", "excerpt", "summary", "slug")


def layout_stem(value: Any) -> str:
    """`post.njk`, `layouts/post.njk`, `post.liquid`, `post.html` all mean the theme's `post`."""
    name = str(value).replace("\\", "/").rsplit("/", 1)[-1]
    return name.split(".", 1)[0] or "page"


def tag_list(value: Any, *, split_spaces: bool = False, style: SlugStyle = DEFAULT_STYLE) -> list[str]:
    """Eleventy allows `tags: ai` as well as a list; "post"/"posts" are Eleventy collection names.
    With `split_spaces`, one string is a space-separated list (Jekyll's categories)."""
    try:
        items = term_names(value, split_spaces=split_spaces)
    except ValueError:
        raise ValueError("tags must be a list or a single string") from None
    seen: dict[str, str] = {}
    for item in items:
        name = str(item).strip()
        if name and name.lower() not in COLLECTION_NAMES:
            seen.setdefault(slugify(name, style=style), name)
    return list(seen.values())


def canonical_keys(data: dict[str, Any]) -> dict[str, Any]:
    """`Title:` read as `title:` (Hugo); a key already written in lower case wins."""
    for key in list(data):
        canonical = _CANONICAL.get(key.lower())
        if canonical is not None and canonical != key and canonical not in data:
            data[canonical] = data[key]
    return data


def jekyll_categories(rel: str) -> list[str]:
    """Jekyll: the folders above `_posts/` are the post's categories (`travel/_posts/x.md`)."""
    parts = rel.split("/")[:-1]
    for marker in (JEKYLL_POSTS, JEKYLL_DRAFTS):
        if marker in parts:
            return parts[:parts.index(marker)]
    return []


def is_bundle(rel: str, kind: str) -> bool:
    """content/notes/index.md (and, for posts, content/blog/x/x.md) describe their folder."""
    parts = rel.rsplit("/", 2)
    if len(parts) < 2:
        return False
    stem = source_stem(parts[-1])
    return stem == "index" or (kind == "post" and stem == parts[-2])


@dataclass(frozen=True)
class ParseFailure:
    """Why a file's front matter could not be read; plain data, so it can be cached with the parse."""

    message: str
    line: int | None = None
    column: int | None = None


def parse_source(raw: bytes) -> Parsed | ParseFailure:
    """Split and read a Markdown file's front matter; the result depends on the bytes alone."""
    try:
        return split(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return ParseFailure("file is not UTF-8 text")
    except FrontMatterError as exc:
        return ParseFailure(exc.message, exc.line, exc.column)


class PageReader:
    """Reads pages for one build; holds the settings every page needs."""

    def __init__(self, *, tz: dt.tzinfo, permalinks: dict[str, str], tag_pattern: str, problems: Problems,
                 taxonomies: list[Taxonomy] | None = None, defaults: list[FolderDefaults] | None = None,
                 slug_style: SlugStyle = DEFAULT_STYLE, jekyll: JekyllAddresses | None = None,
                 hugo: HugoAddresses | None = None) -> None:
        self.tz = tz
        self.permalinks = permalinks
        # a Jekyll blog copied in as it was: its `_posts` keep the addresses its _config.yml gave them
        self.jekyll = jekyll
        self.hugo = hugo  # a Hugo blog copied in as it was: its sections keep their [permalinks]
        self.jekyll_tz = tz
        if jekyll is not None and jekyll.timezone:
            self.jekyll_tz = zone(jekyll.timezone)
        self.tag_pattern = tag_pattern
        self.problems = problems
        self.taxonomies = [t for t in (taxonomies or []) if t.plural != "tags"]
        self.defaults = list(defaults or [])
        self.slug_style = slug_style
        self._tags: dict[str, Tag] = {}
        self._terms: dict[tuple[str, str], Tag] = {}

    def read(self, path: Path, rel: str, kind: str, parsed: Parsed | ParseFailure,
             source_hash: str) -> Page | None:
        """A page from already split front matter (see `parse_source`), or None after a problem."""
        if isinstance(parsed, ParseFailure):
            self.problems.error(parsed.message, path, parsed.line, parsed.column)
            return None
        data = canonical_keys(dict(parsed.data))  # the parse may be cached and shared; never change it
        if isinstance(data.get("pagination"), dict) and data["pagination"].get("data"):
            # Eleventy's paginated template (tag pages, a post list, a feed): artsite makes its own
            self.problems.warning("not published: a paginated Eleventy template (pagination:); artsite makes its "
                                  "own tag, archive and home pages", path, self._line(path, "pagination"))
            return None
        inherited: dict[str, Any] = {}
        for defaults in self.defaults:  # broadest first, so the more specific folder wins
            if defaults.covers(rel):
                inherited = merge(inherited, canonical_keys(dict(defaults.values)))
        if inherited:
            data = merge(inherited, data)
        page = Page(kind=kind, title="", url="", source=path, rel=rel, body=parsed.body,
                    body_line=parsed.body_line, data=data, source_hash=source_hash)
        if not self._apply(page, data, path):
            return None
        return page

    def line_of(self, path: Path, key: str) -> int | None:
        """The line of a front-matter key in `path`, for problems found after the page was read."""
        return self._line(path, key)

    def _line(self, path: Path, key: str) -> int | None:
        """The line of a front-matter key, computed (from the file) only when a problem needs it.
        YAML keys are found through the YAML node tree; TOML (`key =`) and JSON (`"key":`) keys,
        and keys written in another case, by their first line."""
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            return None
        if text.startswith("---\n") or text.startswith("---\r\n"):
            block = text.split("\n---", 1)[0]
            try:
                _, lines = load_yaml_with_lines(block[3:])
            except YamlError:
                lines = {}
            if (key,) in lines:
                return lines[(key,)]
        wanted = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*[:=]""", re.IGNORECASE)
        for number, line in enumerate(text.splitlines()[:2000], start=1):
            if wanted.match(line):
                return number
        return None

    def _apply(self, page: Page, data: dict[str, Any], path: Path) -> bool:
        ok = True

        def fail(key: str, message: str) -> None:
            nonlocal ok
            ok = False
            self.problems.error(f"{key}: {message}", path, self._line(path, key))

        stem = source_stem(path.name)
        if is_bundle(page.rel, page.kind):  # a folder with its own index.md is named by the folder
            stem = path.parent.name
        if page.kind == "section" and path.parent.name:
            stem = path.parent.name
        page.slug = slugify(str(data["slug"]), style=self.slug_style) if data.get("slug") else \
            file_slug(stem, self.slug_style)
        # a copied-in Jekyll post's bare dates are in its _config.yml's zone, as Jekyll reads them
        tz = self.jekyll_tz if self._copied_jekyll_post(page) else self.tz
        for key in ("date", "updated", "lastmod"):
            if data.get(key) is not None and not isinstance(data[key], bool):
                named = named_date(data[key])  # Eleventy's `Last Modified`, `git Created`, ...
                try:
                    moment = self._named_date(named, key, path, tz) if named else parse_date(data[key], tz)
                except ValueError as exc:
                    fail(key, str(exc))
                    continue
                if key == "date":
                    page.date = moment
                elif page.updated is None or key == "updated":
                    page.updated = moment
        if page.date is None and data.get("date") is None and page.kind == "post":
            page.date = date_from_file_name(stem, tz)
            if page.date is None:
                page.date = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=self.tz).replace(microsecond=0)
                self.problems.warning("no date: give the post a 'date:' or a YYYY-MM-DD- file name; dated by the "
                                      "file's last change for now", path)
        computed = data.get("eleventyComputed")
        if isinstance(computed, dict):
            self._computed(page, data, computed, path)
        title = data.get("title")
        if title is None or not str(title).strip():
            page.title = page.slug.replace("-", " ").capitalize()
            if page.kind != "section":  # a section's list is its content
                self.problems.warning(f"no title; using '{page.title}'", path)
        else:
            page.title = str(title)
        draft = data.get("draft", False)
        if isinstance(draft, str) and draft.strip().lower() in ("true", "false"):
            draft = draft.strip().lower() == "true"
        if not isinstance(draft, bool):
            fail("draft", "must be true or false")
        page.draft = draft is True or data.get("published") is False or f"{JEKYLL_DRAFTS}/" in f"/{page.rel}"
        page.listed = data.get("eleventyExcludeFromCollections") is not True and page.kind != "section"
        try:
            page.tags = [self.tag(name) for name in tag_list(data.get("tags"), style=self.slug_style)]
        except ValueError as exc:
            fail("tags", str(exc))
        for taxonomy in self.taxonomies:
            ok = self._terms_of(page, data, taxonomy, path) and ok
        page.layout = layout_stem(data.get("layout") or page.kind)
        for key in ("excerpt", "description", "summary"):
            if data.get(key) is not None and not isinstance(data[key], str):
                fail(key, "must be text")
        page.description = str(data.get("description") or data.get("excerpt") or data.get("summary") or "")
        ok = self._permalink(page, data, path) and ok
        ok = self._redirects(page, data, path) and ok
        self._typos(data, path)
        return ok

    def _terms_of(self, page: Page, data: dict[str, Any], taxonomy: Taxonomy, path: Path) -> bool:
        """A taxonomy's terms: its plural key, Jekyll's singular key, and, for categories, the
        folders above a Jekyll `_posts/`."""
        jekyll = taxonomy.plural == "categories"
        names: list[str] = jekyll_categories(page.rel) if jekyll else []  # Jekyll: the folders come first
        for key in (taxonomy.plural, taxonomy.singular):
            if key in data:
                try:
                    names += tag_list(data[key], split_spaces=jekyll, style=self.slug_style)
                except ValueError:
                    self.problems.error(f"{key}: must be a list or a single string", path, self._line(path, key))
                    return False
        seen: dict[str, Tag] = {}
        for name in names:
            term = self.term(taxonomy, name)
            seen.setdefault(term.slug, term)
        if seen:
            page.terms[taxonomy.plural] = list(seen.values())
        return True

    def _computed(self, page: Page, data: dict[str, Any], computed: dict[str, Any], path: Path) -> None:
        """Eleventy's `eleventyComputed` for the common keys: each string is filled from the page's
        data (`{{ title }}`, `{{ page.fileSlug }}`, `{{ page.date | date: "%Y" }}`)."""
        scope = self._scope(page, data)
        for key, template in computed.items():
            if key not in COMPUTED_KEYS or not isinstance(template, str):
                self.problems.warning(f"eleventyComputed.{key}: only text for {', '.join(COMPUTED_KEYS)} is "
                                      "computed; ignored", path, self._line(path, "eleventyComputed"))
                continue
            if key == "permalink":
                data[key] = template  # expanded with the other permalink forms
                continue
            try:
                data[key] = expand_text(template, scope, lambda text: slugify(text, style=self.slug_style))
            except PermalinkError as exc:
                self.problems.warning(f"eleventyComputed.{key}: {exc}; ignored", path,
                                      self._line(path, "eleventyComputed"))

    def _scope(self, page: Page, data: dict[str, Any]) -> dict[str, Any]:
        """What `{{ ... }}` expressions see: the page's data and Eleventy's `page` variables."""
        stem = page.rel.rsplit(".", 1)[0] if "." in page.rel.rsplit("/", 1)[-1] else page.rel
        return {**data, "page": {"fileSlug": page.slug, "date": page.date, "filePathStem": "/" + stem,
                                 "inputPath": "./" + page.rel, "url": page.url}}

    def _permalink(self, page: Page, data: dict[str, Any], path: Path) -> bool:
        link = data.get("permalink")
        if link is None and isinstance(data.get("url"), str) and data["url"].strip():
            link = data["url"]  # Hugo: `url:` is the whole address
        if link is None and self.hugo is not None and page.kind == "post":
            link = self.hugo(page.rel, data)
        if isinstance(link, list) and link and all(isinstance(item, str) for item in link):
            link = link[0]  # Eleventy: the first is the address, the others redirect to it (see _redirects)
        if link is False:
            page.url = ""
            return True
        if isinstance(link, dict):  # Eleventy's {build: ...} form
            link = link.get("build", link.get("default"))
            if link is False:
                page.url = ""
                return True
        pattern = link if isinstance(link, str) else self._pattern(page)
        if page.kind == "section":
            if "/" not in page.rel and not isinstance(link, str):
                page.url = ""  # content/_index.md or index.md: the home page is artsite's own list
                return True
            pattern = link if isinstance(link, str) else "/{path}/"
        if link is not None and not isinstance(link, str):
            self.problems.error("permalink: must be a path or false", path, self._line(path, "permalink"))
            return False
        try:
            page.url = self.address(page, pattern, data)
        except UnsupportedExpression as exc:
            # an Eleventy expression over data artsite does not have: the page is still published
            fallback = self._pattern(page) if page.kind != "section" else "/{path}/"
            try:
                page.url = self.address(page, fallback, data)
            except PermalinkError:
                self.problems.error(f"permalink: {exc}", path, self._line(path, "permalink"))
                return False
            self.problems.warning(f"permalink: {exc}; published at {page.url} instead", path,
                                  self._line(path, "permalink"))
        except PermalinkError as exc:
            self.problems.error(f"permalink: {exc}", path, self._line(path, "permalink"))
            return False
        return True

    def _named_date(self, named: str, key: str, path: Path, tz: dt.tzinfo) -> dt.datetime:
        moment, exact = resolve_named_date(named, path, tz)
        if not exact:
            self.problems.warning(f"{key}: a Git date, but Git has no history for this file; dated by the "
                                  "file's own time", path, self._line(path, key))
        return moment

    def _copied_jekyll_post(self, page: Page) -> bool:
        folders = page.rel.split("/")[:-1]
        return page.kind == "post" and self.jekyll is not None and (JEKYLL_POSTS in folders or JEKYLL_DRAFTS in folders)

    def _pattern(self, page: Page) -> str:
        if self._copied_jekyll_post(page):
            return self.jekyll.pattern  # type: ignore[union-attr]  # _copied_jekyll_post checked it
        return self.permalinks.get(page.kind, "/{slug}/")

    def address(self, page: Page, pattern: str, data: dict[str, Any]) -> str:
        """A permalink pattern filled for `page`; PermalinkError when it cannot be."""
        date = page.date or dt.datetime(1970, 1, 1, tzinfo=self.tz)
        folder = page.rel.rsplit("/", 1)[0] if "/" in page.rel else ""
        jekyll = any(marker in folder.split("/") for marker in (JEKYLL_POSTS, JEKYLL_DRAFTS))
        if jekyll:  # Jekyll dates addresses in the site's zone (Time#localtime with TZ from _config.yml)
            date = date.astimezone(self.jekyll_tz)
        if page.kind != "section" and is_bundle(page.rel, page.kind):
            folder = folder.rsplit("/", 1)[0] if "/" in folder else ""  # {path} of a bundle is its parent
        parts = folder.split("/") if folder else []
        for marker in (JEKYLL_POSTS, JEKYLL_DRAFTS):  # Jekyll's _posts folder is not part of any address
            if marker in parts:
                parts = parts[:parts.index(marker)]
        folder = "/".join(parts)
        categories = page.terms.get("categories", [])
        values = {"slug": page.slug, **date_values(date), "section": folder.split("/", 1)[0], "path": folder,
                  # Jekyll writes categories into addresses lower-cased, not slugified
                  "categories": "/".join(dict.fromkeys(term.name.lower() if jekyll else term.slug
                                                       for term in categories)),
                  "output_ext": ".html",
                  "file_path_stem": "/" + (folder + "/" if folder else "") + page.slug}
        if "title" in pattern:  # {title_slug}, or Eleventy's {{ title | slugify }}
            values["title_slug"] = slugify(page.title, style=self.slug_style)
        for token in ("path", "section", "categories"):  # an empty folder token takes its slash with it
            if not values[token]:
                pattern = pattern.replace("{" + token + "}/", "").replace(":" + token + "/", "")
        scope = self._scope(page, data)
        expanded = expand(pattern, values, scope, lambda text: slugify(text, style=self.slug_style))
        # an empty token leaves `a//b`; a pattern that *starts* with `//` is a host, and stays refused
        return safe_site_path(expanded[:1] + _MULTI_SLASH.sub("/", expanded[1:]))

    def _redirects(self, page: Page, data: dict[str, Any], path: Path) -> bool:
        """Old addresses of this page: Hugo `aliases`, Jekyll `redirect_from`, Eleventy
        `redirectsFrom` and the rest of a list-valued `permalink`. A relative alias is relative to
        the page's folder, as in Hugo."""
        ok = True
        found: list[str] = []
        sources = [(key, data.get(key)) for key in ("aliases", "redirect_from", "redirectsFrom")]
        if isinstance(data.get("permalink"), list):
            sources.append(("permalink", data["permalink"][1:]))
        for key, value in sources:
            if value is None:
                continue
            items = [value] if isinstance(value, str) else value if isinstance(value, list) else None
            if items is None or not all(isinstance(item, str) for item in items):
                self.problems.error(f"{key}: must be an address or a list of addresses", path, self._line(path, key))
                ok = False
                continue
            for item in items:
                item = item.strip()
                if "://" in item:  # an absolute URL on the old host: only its path can answer here
                    item = "/" + item.split("://", 1)[1].partition("/")[2]
                if not item.startswith("/"):
                    parent = page.url.rsplit("/", 2)[0] if page.url.endswith("/") else page.url.rsplit("/", 1)[0]
                    item = f"{parent}/{item}"
                try:
                    target = safe_site_path(item.split("#", 1)[0].split("?", 1)[0])
                except PermalinkError as exc:
                    self.problems.error(f"{key}: {exc}", path, self._line(path, key))
                    ok = False
                    continue
                if target != page.url and target not in found:
                    found.append(target)
        page.redirects = found
        return ok

    def _typos(self, data: dict[str, Any], path: Path) -> None:
        import difflib

        for key in data:
            if key in KNOWN_KEYS or key.lower() in _CANONICAL:
                continue
            close = difflib.get_close_matches(key, TYPO_CANDIDATES, n=1, cutoff=0.8)
            if close and close[0] != key:
                self.problems.warning(f"front matter key '{key}' looks like a typo of '{close[0]}'",
                                      path, self._line(path, key))

    def tag(self, name: str) -> Tag:
        tag = self._tags.get(name)
        if tag is None:
            slug = slugify(name, style=self.slug_style)
            tag = Tag(name=name, slug=slug, url=safe_site_path(expand(self.tag_pattern, {"slug": slug})))
            self._tags[name] = tag
        return tag

    def term(self, taxonomy: Taxonomy, name: str) -> Tag:
        """A term of a taxonomy other than tags (a category, a series)."""
        key = (taxonomy.plural, name)
        term = self._terms.get(key)
        if term is None:
            slug = slugify(name, style=self.slug_style)
            term = Tag(name=name, slug=slug, url=safe_site_path(expand(taxonomy.pattern, {"slug": slug})))
            self._terms[key] = term
        return term


def expand_text(template: str, scope: dict[str, Any], slug: Any) -> str:
    """A computed-data string: each `{{ ... }}` filled from `scope`, the rest kept as written."""
    from generator.content.permalinks import NUNJUCKS

    def fill(match: re.Match[str]) -> str:
        value = render_expression(match.group(1), scope, slug)
        if value is None:
            raise PermalinkError(f"expression '{{{{ {match.group(1)} }}}}' is not supported")
        return value

    return NUNJUCKS.sub(fill, template)
