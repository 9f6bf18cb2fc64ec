"""Running every check against one site: collect it, build it into a temporary folder, read both.

The site is collected once more outside the build because the build does not hand its `Site` back
(works, their plugin data and the readers' warnings are needed). The temporary build runs
without the build cache, so checking never changes what the next `artsite build` reuses.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import alt_text, links, oversized, prompts, provenance, typos
from generator.check.html import scan_output
from generator.check.model import CheckContext, Finding
from generator.problems import BuildFailed, Problems

CHECKS: list[Callable[[CheckContext], list[Finding]]] = [
    links.find, alt_text.find, provenance.find, prompts.find, oversized.find, typos.find,
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


def collect(source: Path, drafts: bool) -> tuple[object, Problems]:
    from generator.build.site import STAGES, BuildOptions, prepare

    problems = Problems(root=source.resolve())
    site = prepare(BuildOptions(source=source, drafts=drafts), problems)
    for _name, stage in STAGES:
        stage(site)
    return site, problems


def run_checks(source: Path, drafts: bool = False) -> Report:
    from generator.build.site import BuildOptions, build

    site, collected = collect(source, drafts)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="artsite-check-") as tmp:
        output = Path(tmp) / "site"
        try:
            build(BuildOptions(source=source, output=output, drafts=drafts, use_cache=False))
        except BuildFailed as failed:
            report.build_failed = True
            report.findings = [Finding(p.file or "artsite", p.line or 1, "build-error", p.message)
                               for p in failed.problems.errors]
            return report
        ctx = CheckContext(site=site, root=source.resolve(), output=output,  # type: ignore[arg-type]
                           output_label=str(site.config["output"]).rstrip("/"),  # type: ignore[attr-defined]
                           problems=collected, scans=scan_output(output),
                           sources={p.output_path: p for p in site.pages if p.output_path})  # type: ignore[attr-defined]
        for check in CHECKS:
            report.findings.extend(check(ctx))
    report.findings.sort(key=lambda f: (f.review, f.file, f.line, f.kind, f.message))
    return report
