"""`artsite new post "Title"` / `artsite new gallery NAME`: a file with the front matter filled in.

Values go through yaml.safe_dump, so a title with quotes, colons or a leading `-` still makes
valid YAML; the date carries the site's time-zone offset, so it means the moment it was written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from generator.commands.base import Command

KINDS = ("post", "gallery")


def yaml_value(value: Any) -> str:
    """One scalar or flow value as safe YAML text (quoted whenever YAML would misread it)."""
    import yaml  # here, not at the top: every command module is imported to build `artsite --help`

    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n...\n").rstrip("\n")


def front_matter(fields: dict[str, Any], body: str = "") -> str:
    lines = [f"{key}: {yaml_value(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def site_settings(root: Path) -> tuple[dt.tzinfo, Path, str]:
    """(time zone, content folder, first posts folder) from site.yaml, defaults when it is broken."""
    from generator.config import load_config
    from generator.content.dates import zone
    from generator.problems import Problems

    config = load_config(root, Problems(root=root))
    posts_dirs = config.get("posts_dirs") or ["posts"]
    return zone(str(config.get("timezone") or "UTC")), config.content_dir, str(posts_dirs[0])


def scaffold(kind: str, title: str, root: Path, now: dt.datetime | None = None) -> tuple[Path, str]:
    """The path and text of the new file; nothing is written here."""
    from generator.content.slugs import slugify

    tz, content, posts_dir = site_settings(root)
    moment = (now or dt.datetime.now(dt.timezone.utc)).astimezone(tz).replace(microsecond=0)
    slug = slugify(title)
    fields: dict[str, Any] = {"title": title, "date": moment.isoformat(), "draft": True, "tags": []}
    if kind == "post":
        fields["excerpt"] = ""
        return content / posts_dir / f"{slug}.md", front_matter(fields, "\nWrite your post here.\n")
    fields["description"] = ""
    body = ("\nPut images in this folder. Describe each one in a sidecar file named after it\n"
            "(`picture.png.md` with `alt:` and `title:`), or list them under `images:` above.\n")
    return content / "galleries" / slug / "index.md", front_matter(fields, body)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS, help="what to create: a post or a gallery")
    parser.add_argument("title", help='the title, e.g. "Night studies" (the file name is made from it)')
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site folder (default: here)")


def run(args: argparse.Namespace) -> int:
    if not args.title.strip():
        print("artsite: the title is empty; give one, e.g. artsite new post \"Night studies\"", file=sys.stderr)
        return 1
    path, text = scaffold(args.kind, args.title, args.source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        print(f"artsite: {path} already exists; refusing to overwrite it (choose another title)",
              file=sys.stderr)
        return 1
    print(path)
    return 0


COMMAND = Command(
    name="new",
    help="start a new post or gallery",
    description=(
        "Create a draft post or gallery with its front matter filled in, and print its path.\n"
        "It stays a draft (draft: true) until you change that; `artsite serve --drafts` shows it.\n\n"
        '  artsite new post "Night studies"\n'
        "  artsite new gallery \"Harbour prints\""
    ),
    add_arguments=add_arguments,
    run=run,
    order=15,
)
