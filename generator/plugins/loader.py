"""Finding and switching on plugins named in `site.yaml`.

Third-party plugins are found through the `artsite.plugins` entry-point group. The built-ins
(which artsite registers there too) are known by module path and their names are reserved: a site
that names only built-ins never scans the installed packages' entry points (importing
importlib.metadata and reading every package's metadata was a tenth of a one-post edit), and a
source checkout that was never pip-installed still builds.
"""

from __future__ import annotations

import errno
import importlib
from functools import lru_cache
from typing import Any

from generator.plugins.api import HOOKS, PAGE_HOOKS, Plugin, is_pure

# Write errors that mean the disk (not the plugin) failed: ENOSPC, quota, read-only, I/O, too big.
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG})

GROUP = "artsite.plugins"
BUILTIN = {
    "provenance": "generator.plugins.provenance:ProvenancePlugin",
    "openness": "generator.plugins.openness:OpennessPlugin",
    "consent": "generator.plugins.consent:ConsentPlugin",
    "search": "generator.plugins.search:SearchPlugin",
    "aiuse": "generator.plugins.aiuse:AIUsePlugin",
    "reproduce": "generator.plugins.reproduce:ReproducePlugin",
}


class PluginError(Exception):
    pass


@lru_cache(maxsize=1)
def available() -> dict[str, str]:
    """Plugin name -> "module:Class": the built-ins and every installed entry point (scanning
    installed packages is slow, so it happens once per process, and only for a name that is not
    built in)."""
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group=GROUP)}
    found.update(BUILTIN)  # reserved: another package cannot take a built-in's name
    return found


def load_class(name: str) -> type[Plugin]:
    target = BUILTIN.get(name) or available().get(name)
    if target is None:
        known = ", ".join(sorted(available()))
        raise PluginError(f"unknown plugin '{name}' (installed: {known}); install it or remove it from plugins:")
    module_name, _, attr = target.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise PluginError(f"plugin '{name}' could not be loaded from {target}: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, Plugin)):
        raise PluginError(f"plugin '{name}' ({target}) is not an artsite.plugins.api.Plugin")
    return cls


def config_schema(names: list[str]) -> dict[str, Any]:
    """The site.yaml keys the named plugins own, so validation knows them."""
    schema: dict[str, Any] = {}
    for name in names:
        try:
            schema.update(load_class(name).config_schema)
        except PluginError:
            continue  # reported when the plugins are instantiated
    return schema


class PluginManager:
    """Calls one hook on every plugin in order; a failing plugin fails the build, named."""

    def __init__(self, plugins: list[Plugin]) -> None:
        self.plugins = plugins

    @classmethod
    def from_entries(cls, entries: list[tuple[str, dict[str, Any]]]) -> PluginManager:
        plugins = []
        for name, settings in entries:
            plugin = load_class(name)(settings)
            plugin.name = plugin.name or name
            plugins.append(plugin)
        return cls(plugins)

    def names(self) -> list[str]:
        return [p.name for p in self.plugins]

    def page_hooks_pure(self) -> bool:
        """Whether every page hook any plugin overrides is marked pure (see generator.plugins.api),
        so that artsite may call them anywhere, such as in worker processes."""
        return all(is_pure(getattr(type(plugin), hook)) for plugin in self.plugins for hook in PAGE_HOOKS
                   if getattr(type(plugin), hook) is not getattr(Plugin, hook))

    def call(self, hook: str, *args: Any) -> None:
        assert hook in HOOKS
        for plugin in self.plugins:
            self._run(plugin, hook, *args)

    def filter(self, hook: str, value: Any, *args: Any) -> Any:
        """Hooks that may replace what they were given (on_page_html): None keeps it."""
        for plugin in self.plugins:
            result = self._run(plugin, hook, *args[:1], value, *args[1:])
            if result is not None:
                value = result
        return value

    def _run(self, plugin: Plugin, hook: str, *args: Any) -> Any:
        try:
            return getattr(plugin, hook)(*args)
        except PluginError:
            raise
        except OSError as exc:
            if exc.errno in _DISK_FULL:  # the disk failed, not the plugin: the build says so and keeps the site
                raise
            raise PluginError(f"plugin '{plugin.name}' failed in {hook}: {type(exc).__name__}: {exc}") from exc
        except Exception as exc:
            raise PluginError(f"plugin '{plugin.name}' failed in {hook}: {type(exc).__name__}: {exc}") from exc
