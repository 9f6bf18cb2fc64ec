"""Finding a theme's folder, kept apart from Jinja so that callers which only need the path
(the no-change fingerprint, static copying) do not import the template engine."""

from __future__ import annotations

from pathlib import Path


def theme_dir(name: str, site_root: Path) -> Path:
    """A theme is a folder in the site (`themes/NAME`) or one installed with artsite."""
    local = site_root / "themes" / name
    if (local / "templates").is_dir():
        return local
    import generator.themes as packaged

    return Path(packaged.__path__[0]) / name
