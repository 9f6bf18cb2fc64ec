"""`render_partial(name, **values)`: a partial template rendered once per build for the same values.

A list page shows each post's summary, and a blog of a thousand posts has hundreds of list pages
(the home page and every tag, ten to a page): with `{% include %}`, each summary was rendered
again on every list that shows it, about four times a post. `render_partial` renders the partial
with only `site`, the template globals and the values passed, so its HTML can only depend on
those, and keeps it for the rest of the build. What the render read (generator.render.reads) is
kept with it and added to the read log of every page that shows it, so a page that shows a post's
summary still re-renders when that post changes. `generator.render.dependencies` follows
`render_partial("...")` as it follows `{% include "..." %}`.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup

from generator import readlog
from generator.readlog import Read, recording

Memo = dict[tuple[Any, ...], tuple[Markup, frozenset[Read]]]


def _identity(value: Any) -> Any:
    """How a value passed to a partial enters the memo key: plain values as themselves, anything
    else (a page, a work) as that very object, which lives as long as the build."""
    if value is None or isinstance(value, jinja2.Undefined):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return ("object", id(value))


@jinja2.pass_context
def render_partial(context: jinja2.runtime.Context, name: str, **values: Any) -> Markup:
    site = context.get("site")
    memo: Memo | None = getattr(site, "partials", None)
    key = (name, *sorted((k, _identity(v)) for k, v in values.items()))
    made = memo.get(key) if memo is not None else None
    if made is None:
        template = context.environment.get_template(name)
        with recording(None) as log:
            html = template.render(site=site, **values)
        made = (Markup(html), frozenset(log.reads))
        if memo is not None:
            memo[key] = made
    outer = readlog.active
    if outer is not None:
        outer.reads.update(made[1])
    return made[0]
