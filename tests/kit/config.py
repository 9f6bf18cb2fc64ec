"""`site_yaml()`: the one definition of a test site's site.yaml, shaped by what a suite needs.

Suites differ in what they need (plugins off for the core, tiny image sizes for hostile input,
the defaults for plugin tests), so they ask for it here instead of each keeping a copy.
"""

from __future__ import annotations

BASE_URL = "https://example.test/"


def site_yaml(title: str = "Test Site", *, description: str | None = None, author: str = "Test Author",
              language: str | None = None, base_url: str = BASE_URL, timezone: str | None = None,
              per_page: int | None = None, plugins: str | None = None,
              images: tuple[int, int] | None = None, extra: str = "", short: bool = False) -> str:
    """site.yaml text. `images` is (thumbnail width, display width), WebP only, to keep image
    work small; None keeps artsite's image defaults. `plugins` is YAML (`"[]"` for none).
    `short` gives the three-line form (title, base_url, author) whose line count tests rely on
    when they point at a line they append."""
    if short:
        return f"title: {title}\nbase_url: {base_url}\nauthor: {{name: {author}}}\n" + extra
    lines = [f"title: {title}"]
    if description is not None:
        lines.append(f"description: {description}")
    lines += ["author:", f"  name: {author}"]
    if language is not None:
        lines.append(f"language: {language}")
    lines.append(f"base_url: {base_url}")
    if timezone is not None:
        lines.append(f"timezone: {timezone}")
    if per_page is not None:
        lines.append(f"posts_per_page: {per_page}")
    if plugins is not None:
        lines.append(f"plugins: {plugins}")
    if images is not None:
        lines += ["images:", "  formats: [webp]", f"  thumb_widths: [{images[0]}]", f"  display_widths: [{images[1]}]"]
    return "\n".join(lines) + "\n" + extra
