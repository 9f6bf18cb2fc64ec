"""`artsite import eleventy|hugo|jekyll SRC [DEST]`: a new artsite site made from another blog.

The source repository is only read; everything is written to DEST (a new folder, by default
`<SRC>-artsite` beside it). The report lists what could not carry over, each with its file, line
and what to do.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from generator.commands.base import Command
from generator.termsafe import safe_text

SOURCES = ("eleventy", "hugo", "jekyll")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("generator", choices=SOURCES, help="what the blog is built with")
    parser.add_argument("source", type=Path, metavar="SRC", help="the blog's repository folder (never changed)")
    parser.add_argument("dest", type=Path, metavar="DEST", nargs="?",
                        help="folder for the new site (new or empty; default: SRC-artsite beside SRC)")


def run(args: argparse.Namespace) -> int:
    from generator.migrate.common import ImportError_, Report, check_folders

    source: Path = args.source
    dest: Path = args.dest or source.resolve().parent / f"{source.resolve().name}-artsite"
    try:
        check_folders(source, dest)
    except ImportError_ as exc:
        print(f"artsite: {safe_text(exc)}")
        return 1
    dest.mkdir(parents=True, exist_ok=True)
    report = Report()
    importlib.import_module(f"generator.migrate.{args.generator}").run(source.resolve(), dest.resolve(), report)
    print(f"Imported {source} into {dest}/ ({args.generator})\n")
    print(safe_text(report.render(), multiline=True))  # notes quote the blog's file names and text
    print(f"\nNext:\n  cd {dest}\n  artsite build     # then compare addresses with the old site\n"
          f"See docs/migrating-from-{args.generator}.md.")
    return 0


COMMAND = Command(
    name="import",
    help="make a new site from an Eleventy, Hugo or Jekyll blog",
    description="Copy an Eleventy, Hugo or Jekyll blog into a new artsite site: posts, pages, images and\n"
                "static files; site.yaml from its config; every old address kept. SRC is never changed.\n\n"
                "  artsite import jekyll ~/code/myblog ~/code/myblog-artsite",
    add_arguments=add_arguments,
    run=run,
    order=15,
)
