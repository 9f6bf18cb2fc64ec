"""`artsite serve`: preview the site locally, rebuilt on every save, with the browser reloading itself."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from generator.commands._report import paint, print_problems, print_timings
from generator.commands.base import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR",
                        help="the site folder, holding site.yaml and content/ (default: here)")
    parser.add_argument("--port", "-p", type=int, default=8000, metavar="N", help="port to listen on (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this computer only)")
    parser.add_argument("--drafts", action="store_true", help="include posts marked draft: true (marked as drafts)")
    parser.add_argument("--output", type=Path, metavar="DIR",
                        help="where to build the preview (default: .artsite-cache/serve, never _site/)")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    verbosity.add_argument("--verbose", "-v", action="store_true",
                           help="also print stage timings and every request")


def summary(result: object) -> str:
    """The same one line `artsite build` prints, so both commands read alike."""
    r = result
    pages = r.pages_rendered + r.pages_reused  # type: ignore[attr-defined]
    return (f"artsite: built {pages} pages ({r.pages_rendered} rendered, {r.pages_reused} unchanged), "  # type: ignore[attr-defined]
            f"{r.works} works, images {r.images_processed} processed / {r.images_reused} reused, "  # type: ignore[attr-defined]
            f"{len(r.problems.warnings)} warning(s) in {r.seconds:.2f} s")  # type: ignore[attr-defined]


def reporter(quiet: bool, verbose: bool):  # returns the DevServer callback
    from generator.serve.server import Outcome

    def report(outcome: Outcome) -> None:
        if not outcome.ok:
            print_problems(outcome.problems, quiet=False)
            count = len(outcome.problems.errors) or len(outcome.problems.warnings)
            print(paint(f"artsite: build failed with {count} problem(s); still serving the last good site",
                        "error", sys.stderr), file=sys.stderr, flush=True)
            return
        print_problems(outcome.problems, quiet=quiet)
        if verbose and outcome.result is not None:
            print_timings(outcome.result.timings)  # type: ignore[attr-defined]
        if not quiet:
            print(summary(outcome.result), flush=True)

    return report


def run(args: argparse.Namespace) -> int:
    from generator.serve.server import DevServer, PortInUse, ServeOptions

    options = ServeOptions(source=args.source, host=args.host, port=args.port, drafts=args.drafts,
                           output=args.output)
    server = DevServer(options, reporter(args.quiet, args.verbose))
    try:
        server.bind()
    except PortInUse as exc:
        print(paint(f"artsite: {exc}", "error", sys.stderr), file=sys.stderr)
        return 1
    stop = threading.Event()
    try:
        if args.verbose:
            server._httpd.RequestHandlerClass.log_requests = True  # type: ignore[union-attr]
        server.start()
        print(f"Serving {server.output} at {server.url}" + (" (drafts included)" if args.drafts else ""), flush=True)
        print("Watching for changes; press Ctrl-C to stop.", flush=True)
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        print("\nartsite: stopping the preview server", flush=True)
    finally:
        server.stop()
    return 0


COMMAND = Command(
    name="serve",
    help="preview the site with live reload",
    description=(
        "Build the site and serve it on this computer, rebuilding on every save; the browser\n"
        "reloads by itself. A broken build shows its problems over the last good page.\n\n"
        "  artsite serve\n"
        "  artsite serve --port 8080 --drafts"
    ),
    add_arguments=add_arguments,
    run=run,
    order=30,
)
