"""`artsite build`: write the finished site, atomically, and say what happened in one line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands._report import paint, print_problems, print_timings
from generator.commands.base import Command
from generator.problems import BuildFailed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site folder, holding site.yaml and content/ (default: here)")
    parser.add_argument("--output", type=Path, metavar="DIR", help="where to write the site (default: _site)")
    parser.add_argument("--base-url", metavar="URL",
                        help="the address the site is served from, e.g. https://you.github.io/blog/")
    parser.add_argument("--drafts", action="store_true", help="include posts marked draft: true")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not update .artsite-cache/")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    verbosity.add_argument("--verbose", "-v", action="store_true", help="also print how long each stage took")


def run(args: argparse.Namespace) -> int:
    from generator.pipeline.site import BuildOptions, build

    options = BuildOptions(source=args.source, output=args.output, base_url=args.base_url, drafts=args.drafts,
                           strict=args.strict, use_cache=not args.no_cache,
                           progress=sys.stderr.isatty() and not args.quiet)
    try:
        result = build(options)
    except BuildFailed as failed:
        print_problems(failed.problems, quiet=False)
        count = len(failed.problems.errors) or len(failed.problems.warnings)
        print(paint(f"artsite: build failed with {count} problem(s); the previous site was left as it was",
                    "error", sys.stderr), file=sys.stderr)
        return 1
    print_problems(result.problems, quiet=args.quiet)
    if args.verbose:
        print_timings(result.timings)
    if not args.quiet:
        pages = result.pages_rendered + result.pages_reused
        print(f"artsite: built {pages} pages ({result.pages_rendered} rendered, {result.pages_reused} unchanged), "
              f"{result.works} works, images {result.images_processed} processed / {result.images_reused} reused, "
              f"{len(result.problems.warnings)} warning(s) in {result.seconds:.2f} s -> {result.output}")
    return 0


COMMAND = Command(
    name="build",
    help="build the site into _site/",
    description=(
        "Build the site in the current folder (or --source DIR) into _site/ (or --output DIR).\n"
        "The new site replaces the old one only if the build succeeds.\n\n"
        "  artsite build\n"
        "  artsite build --base-url https://you.github.io/blog/\n"
        "  artsite build --drafts --strict"
    ),
    add_arguments=add_arguments,
    run=run,
    order=20,
)
