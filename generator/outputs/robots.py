"""`/robots.txt`: search crawlers welcome, the sitemap announced; plugins add their own groups.

The consent plugin adds the AI-crawler rules through `site.robots_rules`, so this file keeps one
job: assembling the groups in a valid order (specific user-agents before the catch-all).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.outputs._feeditems import absolute

if TYPE_CHECKING:
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter


def build_robots(site: Site) -> str:
    groups = [rule.strip() for rule in site.robots_rules if rule.strip()]
    groups.append("User-agent: *\nAllow: /")
    return "\n\n".join(groups) + f"\n\nSitemap: {absolute(site, 'sitemap.xml')}\n"


def write(site: Site, writer: OutputWriter) -> None:
    writer.write_text("robots.txt", build_robots(site), "robots.txt")
