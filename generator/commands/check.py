"""`artsite check`: broken links, missing alt text and provenance, prompts to review, before publishing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands._report import paint
from generator.commands.base import Command
from generator.termsafe import safe_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site folder (default: here)")
    parser.add_argument("--drafts", action="store_true", help="check drafts too")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when anything is found (prompts to review do not count)")


def run(args: argparse.Namespace) -> int:
    from generator.check.runner import run_checks

    report = run_checks(args.source, drafts=args.drafts)
    for finding in report.findings:
        print(safe_text(finding))  # findings quote prompts and model names from files
    if report.build_failed:
        print(paint(f"artsite check: the site does not build ({len(report.findings)} error(s)); fix those first",
                    "error", sys.stderr), file=sys.stderr)
        return 1
    count, reviews = len(report.problems), len(report.reviews)
    colour = "ok" if not count else "warning"
    print(paint(f"artsite check: {count} finding(s), {reviews} published prompt(s) to review", colour, sys.stderr),
          file=sys.stderr)
    return 1 if args.strict and count else 0


COMMAND = Command(
    name="check",
    help="look for broken links, missing alt text and provenance",
    description=(
        "Build the site into a temporary folder and report, one per line (path:line: kind: message):\n"
        "broken internal links and anchors, images without alt text, works with no provenance or an\n"
        "unrated model, prompts that will be published, oversized source images and front-matter typos.\n\n"
        "  artsite check\n"
        "  artsite check --strict      # exit status 1 when anything is found (for CI)"
    ),
    add_arguments=add_arguments,
    run=run,
    order=25,
)
