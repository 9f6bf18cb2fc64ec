"""`artsite provenance FILE...`: show what an image says about how it was made.

The readable form mirrors A1111's "PNG Info" so artists recognise it; `--json` prints one object
per line (the contract in the corpus README) so other tools and the corpus scorer can consume it.
One unreadable file never hides the others: it gets its own line with an `error` key.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.commands.base import Command
from generator.termsafe import safe_json, safe_text

if TYPE_CHECKING:
    from generator.provenance.result import Provenance


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="image files to read")
    parser.add_argument("--json", action="store_true", help="print one JSON object per file, per line")
    parser.add_argument("--trust-anchors", type=Path, metavar="PEM",
                        help="root certificates (PEM) whose Content Credentials signers count as trusted")


def summary_lines(result: Provenance) -> list[str]:
    """A person-readable summary; empty values are left out rather than shown as 'None'.

    Every value came from the file, so each is escaped for the terminal (see termsafe): one-line
    fields entirely, the prompts keeping their line breaks."""
    lines = [safe_text(result.file)]
    if result.error:
        return lines + [f"  error: {safe_text(result.error)}"]
    if not result.found:
        lines.append("  no generation metadata found")
    fields = [
        ("format", result.format), ("generator", result.generator),
        ("model", result.model.name if result.model else None),
        ("model hash", result.model.hash if result.model else None),
        ("seed", result.seed), ("steps", result.steps), ("sampler", result.sampler),
        ("scheduler", result.scheduler), ("cfg", result.cfg),
        ("size", f"{result.width}x{result.height}" if result.width and result.height else None),
        ("ai-generated", {True: "yes", False: "no"}.get(result.ai_generated)),
        ("digital source type", result.digital_source_type),
    ]
    lines += [f"  {label}: {safe_text(value)}" for label, value in fields if value not in (None, "")]
    for lora in result.loras:
        weight = "" if lora.weight is None else f" ({lora.weight:g})"
        lines.append(f"  lora: {safe_text(lora.name)}{weight}")
    if result.c2pa:
        state = result.c2pa.validation_state or "not validated"
        lines.append(f"  content credentials: {safe_text(result.c2pa.claim_generator or 'unknown')} "
                     f"({safe_text(state)})")
    if result.prompt:
        lines.append(f"  prompt: {safe_text(result.prompt, multiline=True)}")
    if result.negative_prompt:
        lines.append(f"  negative prompt: {safe_text(result.negative_prompt, multiline=True)}")
    lines += [f"  warning: {safe_text(w)}" for w in result.warnings]
    return lines


def run(args: argparse.Namespace) -> int:
    # Loaded here, not when the module is: every `artsite` command imports each command's module
    # to list it, and `artsite build` of a site without images has no use for the readers.
    from generator.provenance.extractors.c2pa import configure_trust
    from generator.provenance.reader import read_provenance

    if args.trust_anchors is not None:
        configure_trust(args.trust_anchors.read_text(encoding="utf-8"))
    failed = False
    for file in args.files:
        result = read_provenance(file)
        failed = failed or result.error is not None
        if args.json:
            print(safe_json(json.dumps(result.to_json(), ensure_ascii=False)), flush=False)
        else:
            print("\n".join(summary_lines(result)))
    sys.stdout.flush()
    return 1 if failed else 0


COMMAND = Command(
    name="provenance",
    help="show the AI-generation metadata embedded in image files",
    description=(
        "Read the generation metadata that AI tools embed in images (A1111/Forge, ComfyUI, NovelAI,\n"
        "InvokeAI, Fooocus, SwarmUI, Draw Things, Midjourney, Content Credentials, IPTC/XMP).\n\n"
        "  artsite provenance art.png            readable summary\n"
        "  artsite provenance --json *.png       one JSON object per line"
    ),
    add_arguments=add_arguments,
    run=run,
    order=40,
)
