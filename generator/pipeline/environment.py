"""The Jinja environment of one build: the theme's and the site's templates, with the globals
templates call (`picture`, `markdown`, the URL helpers).

Its own module so that every stage that renders a template (pages, image badges, outputs)
reaches it without importing the page renderer, which keeps generator/pipeline/ free of cycles.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from generator.render import markdown
from generator.render.templates import make_environment, url_helpers
from generator.render.themes import theme_dir

if TYPE_CHECKING:
    from generator.pipeline.site import Site


def environment(site: Site) -> jinja2.Environment:
    theme = theme_dir(site.config["theme"], site.root)
    helpers = url_helpers(site.config.base_url, site.config.base_path)
    env = make_environment(site.root / "templates", theme, site.config.cache_dir if site.options.use_cache else None,
                           helpers)
    env.globals["theme_path"] = str(theme)
    env.globals["picture"] = lambda image, alt, sizes, lazy=True, css_class="", priority=False: picture(
        image, alt, sizes, lazy, css_class, site.config.base_path, priority)
    env.globals["markdown"] = lambda text: Markup(markdown.replace_images(
        site_fragment(site, str(text or "")), _plain_image))
    return env


def site_fragment(site: Site, text: str) -> str:
    from generator.pipeline.markdown_stage import render_fragment  # markdown-it is imported on first use

    return render_fragment(site, text, site.config.content_dir / "index.md")


def _plain_image(image: dict[str, str], _index: int) -> str:
    """An image in Markdown a template renders: a plain <img>, since its page is not known."""
    return f'<img src="{html.escape(image.get("src", ""))}" alt="{html.escape(image.get("alt", ""))}">'


def site_environment(site: Site) -> jinja2.Environment:
    """One environment per build, shared by every stage that renders a template."""
    if site.env is None:
        site.env = environment(site)
    return site.env


def picture(image: Any, alt: str, sizes: str, lazy: bool, css_class: str, base_path: str,
            priority: bool = False) -> Markup:
    """Templates' access to responsive markup; the markup escapes every value itself."""
    from generator.images import picture_html

    if image is None:
        return Markup("")
    return Markup(picture_html(image, alt, sizes, lazy=lazy, css_class=css_class, base_path=base_path,
                               priority=priority))
