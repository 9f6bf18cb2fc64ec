"""Running every check against one site: build it into a temporary folder, then read the built
site and the collected `Site` the build hands back (works, their plugin data, every warning).

The temporary build runs without the build cache, so checking never changes what the next
`artsite build` reuses, and findings name output files as they will be named in the real output.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import alt_text, links, oversized, prompts, provenance, typos, unrated
from generator.check.html import scan_output
from generator.check.model import CheckContext, Finding
from generator.problems import BuildFailed, Problems

CHECKS: list[Callable[[CheckContext], list[Finding]]] = [
    links.find, alt_text.find, provenance.find, unrated.find, prompts.find, oversized.find, typos.find,
]


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    build_failed: bool = False

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.review]

    @property
    def reviews(self) -> list[Finding]:
        return [f for f in self.findings if f.review]


def output_label(source: Path) -> str:
    """The output folder's name as site.yaml sets it ("_site" by default), for naming findings."""
    from generator.config import load_config

    return str(load_config(source.resolve(), Problems())["output"]).rstrip("/")


def run_checks(source: Path, drafts: bool = False) -> Report:
    from generator.pipeline.site import BuildOptions, build

    label = output_label(source)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="artsite-check-") as tmp:
        output = Path(tmp) / "site"
        try:
            result = build(BuildOptions(source=source, output=output, drafts=drafts, use_cache=False))
        except BuildFailed as failed:
            report.build_failed = True
            report.findings = [Finding(p.file or "artsite", p.line or 1, "build-error", p.message)
                               for p in failed.problems.errors]
            return report
        site = result.site
        ctx = CheckContext(site=site, root=source.resolve(), output=output, output_label=label,
                           problems=result.problems, scans=scan_output(output),
                           sources={p.output_path: p for p in site.pages if p.output_path})
        for check in CHECKS:
            report.findings.extend(check(ctx))
    report.findings.sort(key=lambda f: (f.review, f.file, f.line, f.kind, f.message))
    return report
