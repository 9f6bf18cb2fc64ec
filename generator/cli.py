"""The `artsite` command line: discovers subcommands and turns failures into readable messages.

No Python traceback reaches the user unless `--debug` is given: an artist should see what is wrong
and where, not the generator's internals.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from generator import __version__, commands
from generator.commands.base import Command
from generator.termsafe import safe_text

DESCRIPTION = """\
artsite turns a folder of Markdown posts and image galleries into a static site,
with provenance badges and model-openness labels for AI-assisted work.

Quick start:
  artsite init my-site        create a new site with an example post
  cd my-site
  artsite serve               preview it at http://127.0.0.1:8000 with live reload
  artsite build               write the finished site to _site/
"""


def discover_commands() -> list[Command]:
    """Every `COMMAND` in the `generator.commands` package, in help order."""
    found = []
    for info in pkgutil.iter_modules(commands.__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "COMMAND", None)
        if isinstance(command, Command):
            found.append(command)
    return sorted(found, key=lambda c: (c.order, c.name))


def build_parser(found: list[Command]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="artsite", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"artsite {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in found:
        child = sub.add_parser(
            command.name, help=command.help, description=command.description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        child.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                           help="show Python tracebacks for unexpected errors")
        command.add_arguments(child)
        child.set_defaults(_run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(discover_commands())
    args = parser.parse_args(argv)
    run = getattr(args, "_run", None)
    if run is None:
        parser.print_help()
        return 2
    try:
        return int(run(args) or 0)
    except KeyboardInterrupt:
        print("artsite: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: readable, not a traceback
        if getattr(args, "debug", False):
            raise
        print(f"artsite: error: {safe_text(exc)}", file=sys.stderr)
        print("artsite: run again with --debug to see the Python traceback", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
