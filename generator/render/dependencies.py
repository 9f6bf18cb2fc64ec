"""Which template files a page depends on, so a template edit re-renders only its users.

A template names the templates it extends, includes and imports in its tags (and the partials
it renders with `render_partial("...")`); following those
names from a page's template gives the set of files its HTML came from. The tags are read with
a regular expression rather than Jinja's parser, which is far slower and would cost every clean
build a full parse of each template. A dynamic reference (a name computed at render time)
cannot be followed, so such a template conservatively depends on every template.
"""

from __future__ import annotations

import hashlib
import re

import jinja2

_REFERENCE = re.compile(r"\{%-?\s*(?:extends|include|import|from)\s+(\S+)|render_partial\(\s*([^,)\s]+)")
_LITERAL = re.compile(r"""^(["'])(.+?)\1$""")


def references(source: str) -> list[str | None]:
    """Names a template refers to; None for a reference that is not a string literal."""
    found: list[str | None] = []
    for match in _REFERENCE.finditer(source):
        literal = _LITERAL.match(match.group(1) or match.group(2))
        found.append(literal.group(2) if literal else None)
    return found


class TemplateDependencies:
    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._closure: dict[str, frozenset[str]] = {}
        self._files: dict[str, tuple[str, str]] = {}  # name -> (path, source)
        self._fingerprint: dict[str, str] = {}

    def _load(self, name: str) -> tuple[str, str] | None:
        if name not in self._files:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                return None
            self._files[name] = (filename or name, source)
        return self._files[name]

    def closure(self, name: str) -> frozenset[str]:
        """Every template name reachable from `name` (itself included)."""
        if name in self._closure:
            return self._closure[name]
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            loaded = self._load(current)
            if loaded is None:
                continue
            seen.add(current)
            referenced = references(loaded[1])
            if any(ref is None for ref in referenced):
                seen.update(self.env.list_templates())
            todo.extend(ref for ref in referenced if ref is not None)
        self._closure[name] = frozenset(seen)
        return self._closure[name]

    def fingerprint(self, name: str) -> str:
        """A hash of the content of every file `name` depends on."""
        if name not in self._fingerprint:
            digest = hashlib.blake2b(digest_size=16)
            for dep in sorted(self.closure(name)):
                loaded = self._load(dep)
                if loaded is not None:
                    digest.update(dep.encode() + b"\0" + loaded[1].encode("utf-8", "surrogatepass") + b"\0")
            self._fingerprint[name] = digest.hexdigest()
        return self._fingerprint[name]
