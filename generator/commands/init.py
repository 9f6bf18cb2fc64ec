"""`artsite init DIR`: a new site that builds at once and explains itself in its comments."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.commands.base import Command

FILES = {"site.yaml": "site.yaml", "content/posts/hello-world.md": "post.md", "content/about.md": "about.md"}


def scaffold_text(name: str) -> str:
    from importlib import resources  # here: importing every command (for --help) must stay cheap

    return resources.files("generator.scaffold").joinpath(name).read_text(encoding="utf-8")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", type=Path, metavar="DIR", help="folder for the new site (created if missing)")


def run(args: argparse.Namespace) -> int:
    root: Path = args.directory
    existing = [rel for rel in FILES if (root / rel).exists()]
    if existing:
        print(f"artsite: refusing to overwrite {', '.join(str(root / r) for r in existing)}")
        return 1
    today = dt.date.today().isoformat()
    for rel, template in FILES.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(scaffold_text(template).replace("{date}", today), encoding="utf-8")
    if not (root / ".gitignore").exists():
        (root / ".gitignore").write_text("_site/\n.artsite-cache/\n")
    print(f"Created a new site in {root}/\n\n  cd {root}\n  artsite serve     # preview with live reload\n"
          "  artsite build     # write the site to _site/")
    return 0


COMMAND = Command(
    name="init",
    help="create a new site in DIR",
    description="Create a new site: a commented site.yaml, an example post and an About page.\n\n"
                "  artsite init my-site",
    add_arguments=add_arguments,
    run=run,
    order=10,
)
