"""Helpers for the hostile-input suites: payloads, image builders, temp sites, and output checks.

Everything here is written from the outside: images are made with Pillow/piexif (or raw chunks)
the way real tools write them, builds run through `artsite build` (a subprocess, so a hang or a
memory blow-up is caught and measured) or `generator.pipeline.site.build`, and the output is read
back with the standard library's HTML, XML and JSON parsers, never with artsite's own code.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tests.kit.config import BASE_URL, site_yaml
from tests.kit.files import write_site

REPO = Path(__file__).resolve().parents[2]

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
END_SCRIPT = "</script>"
ODD = "\u2028\u202e\x1b\u200b 🎨"  # line separator, right-to-left override, ESC, zero-width space, emoji
PAYLOAD = f"{SCRIPT} {ATTR} {JS_URL} {END_SCRIPT}{ODD}"



def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xmp_packet(description: str, source_type: str, title: str) -> str:
    """An XMP packet like Photoshop/Midjourney write: dc:description, dc:title and the IPTC source type."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f'Iptc4xmpExt:DigitalSourceType="{xml_escape(source_type)}">'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{xml_escape(description)}</rdf:li></rdf:Alt>'
        f'</dc:description><dc:title><rdf:Alt><rdf:li xml:lang="x-default">{xml_escape(title)}</rdf:li>'
        '</rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar for any text: JSON escapes, with non-BMP and line separators kept valid."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\u202e", "\\u202e")


def a1111_quote(text: str) -> str:
    """A1111's own quoting of settings values (modules/infotext_utils.quote)."""
    if "," not in text and "\n" not in text and ":" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


# --- sites ------------------------------------------------------------------------------------


@dataclass
class Site:
    root: Path
    out: Path = field(init=False)

    def __post_init__(self) -> None:
        self.out = self.root / "_site"

    def config(self, extra: str = "", base_url: str = BASE_URL) -> None:
        text = site_yaml("Hostile Test Site", description="A site built from hostile inputs.", language="en",
                         base_url=base_url, timezone="UTC", per_page=10, images=(32, 64)) + textwrap.dedent(extra)
        (self.root / "site.yaml").write_text(text, encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> Path:
        write_site(self.root, {rel: text})
        return self.root / rel

    def post(self, name: str, front: str, body: str = "Body text.\n") -> Path:
        return self.write(f"content/posts/{name}", f"---\n{textwrap.dedent(front).strip()}\n---\n{body}")

    def read(self, rel: str) -> str:
        return (self.out / rel).read_text(encoding="utf-8")

    def html_files(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))

    def run(self, *args: str, timeout: float = 30.0) -> BuildRun:
        return run_build(self.root, *args, output=self.out, timeout=timeout)


def new_site(root: Path, extra_config: str = "") -> Site:
    root.mkdir(parents=True, exist_ok=True)
    site = Site(root)
    site.config(extra_config)
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    return site


# --- running builds ---------------------------------------------------------------------------

# Runs `python -m generator build ...` as a child and reports its exit code, output, wall time and
# peak memory (RUSAGE_CHILDREN of this short-lived wrapper is exactly the build's own peak).
_WRAPPER = textwrap.dedent("""
    import json, resource, subprocess, sys, time
    limit = float(sys.argv[1])
    began = time.monotonic()
    try:
        done = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=limit)
        rc, out, err, hung = done.returncode, done.stdout, done.stderr, False
    except subprocess.TimeoutExpired as exc:
        rc, out, err, hung = None, str(exc.stdout or ""), str(exc.stderr or ""), True
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"rc": rc, "stdout": out, "stderr": err, "hung": hung,
                      "seconds": time.monotonic() - began, "peak_kb": peak}))
""")


@dataclass
class BuildRun:
    rc: int | None
    stdout: str
    stderr: str
    hung: bool
    seconds: float
    peak_kb: int

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def assert_clean_exit(self) -> None:
        """No hang, no traceback, no 'unexpected error' fallback from the CLI's last line of defence."""
        assert not self.hung, f"build hung ({self.seconds:.1f} s)\n{self.output}"
        assert "Traceback" not in self.output, self.output
        assert "run again with --debug" not in self.output, self.output


def run_build(source: Path, *args: str, output: Path | None = None, timeout: float = 30.0) -> BuildRun:
    command = [sys.executable, "-m", "generator", "build", "--source", str(source), "--no-cache", *args]
    if output is not None:
        command += ["--output", str(output)]
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", _WRAPPER, str(timeout), *command], capture_output=True,
                          text=True, timeout=timeout + 20, env=env, cwd=str(source))
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return BuildRun(data["rc"], data["stdout"], data["stderr"], data["hung"], data["seconds"], data["peak_kb"])



# --- reading output ---------------------------------------------------------------------------

URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "data-full", "xlink:href", "background"}


class Scan(HTMLParser):
    """Tags, attributes, scripts and visible text of one page, read with the stdlib parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []  # (attributes, raw text)
        self.text: list[str] = []
        self.title = ""
        self._script: dict[str, str] | None = None
        self._buffer: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag == "script":
            self._script, self._buffer = values, []
        if tag in ("title", "style"):
            self._in.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k.lower(): v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buffer)))
            self._script = None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buffer.append(data)
        elif "title" in self._in:
            self.title += data
        elif "style" not in self._in:
            self.text.append(data)

    def attr(self, tag: str, name: str) -> list[str]:
        return [values[name] for t, values in self.tags if t == tag and name in values]

    def meta(self, key: str) -> list[str]:
        return [v.get("content", "") for t, v in self.tags if t == "meta" and key in (v.get("name"), v.get("property"))]

    def jsonld(self) -> list[Any]:
        return [json.loads(text) for attrs, text in self.scripts if attrs.get("type") == "application/ld+json"]

    @property
    def visible_text(self) -> str:
        return "".join(self.text)


def scan(html: str) -> Scan:
    parsed = Scan()
    parsed.feed(html)
    parsed.close()
    return parsed


def badge_facts(html: str) -> dict[str, str]:
    """The provenance badge's `<dt>label</dt><dd>value</dd>` pairs, unescaped. A label may be wrapped in
    a tooltip span and followed by a glossary link; its first text is the label."""
    pairs = re.findall(r"<dt>(?:<span[^>]*>)?([^<]*).*?</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    return {unescape(k): unescape(re.sub(r"<[^>]+>", "", v)).strip() for k, v in pairs}


def inert_problems(html: str, base_path: str = "/") -> list[str]:
    """Every sign that markup came from data: foreign scripts, event handlers, javascript: URLs."""
    page = scan(html)
    found = []
    for attrs, text in page.scripts:
        if attrs.get("type") == "application/ld+json" and "src" not in attrs:
            if "<" in text or "</script" in text.lower():
                found.append(f"unescaped '<' inside JSON-LD: {text[:200]!r}")
            continue
        if attrs.get("src", "").startswith((base_path + "theme/", base_path + "pagefind/")) and not text.strip():
            continue
        found.append(f"unexpected <script {attrs}>{text[:80]!r}")
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"event handler attribute <{tag} {name}={value!r}>")
            if name in URL_ATTRS or name.endswith("src") or name.endswith("href"):
                squeezed = "".join(ch for ch in value if ch > " ").lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"script URL <{tag} {name}={value!r}>")
        if tag == "img" and attrs.get("src") == "x":
            found.append(f"injected <img {attrs}>")
        if tag in ("iframe", "object", "embed", "base", "form"):
            found.append(f"unexpected <{tag} {attrs}>")
    return found


def assert_inert(html: str, where: str, base_path: str = "/") -> None:
    problems = inert_problems(html, base_path)
    assert not problems, f"{where}: " + "\n".join(problems)


# --- killing a build at a chosen point --------------------------------------------------------

# Runs the CLI in this child after patching one operation to SIGKILL the process itself: a
# deterministic kill point, without any hook in the generator. argv: point, n, cli args...
KILL_LAUNCHER = textwrap.dedent("""
    import os, pathlib, pickle, shutil, signal, sys
    point, nth, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    calls = [0]

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def due():
        calls[0] += 1
        return calls[0] >= nth

    from generator.pipeline import writer
    if point == "write":  # before the nth page or feed is staged
        original_write = writer.OutputWriter.write_text
        def write_text(self, *a, **k):
            if due():
                die()
            return original_write(self, *a, **k)
        writer.OutputWriter.write_text = write_text
    elif point == "swap":  # right after the atomic exchange, before the old site is removed
        original_exchange = writer.exchange
        def exchange(first, second):
            swapped = original_exchange(first, second)
            if swapped and due():
                die()
            return swapped
        writer.exchange = exchange
    elif point == "swap-fallback":  # no atomic exchange: between the two renames of the fallback
        writer.exchange = lambda first, second: False
        original_rename = pathlib.Path.rename
        def rename(self, target):
            if pathlib.Path(target).name == os.path.basename(args[args.index("--output") + 1]) and due():
                die()
            return original_rename(self, target)
        pathlib.Path.rename = rename
    elif point == "cleanup":  # while the old site is being deleted after the swap
        original_rmtree = shutil.rmtree
        def rmtree(path, *a, **k):
            name = os.path.basename(str(path))
            if name.startswith((writer.OLD_PREFIX, writer.STAGING_PREFIX)) and (pathlib.Path(path) / writer.MARKER).exists() and due():
                victims = sorted(pathlib.Path(path).rglob("*.html"))
                for victim in victims[: len(victims) // 2]:
                    victim.unlink()
                die()
            return original_rmtree(path, *a, **k)
        shutil.rmtree = rmtree
    elif point == "relink":  # in a reused staging folder, before the nth unchanged file is linked
        original_link_file = writer._link_file
        def link_file(*a, **k):
            if due():
                die()
            return original_link_file(*a, **k)
        writer._link_file = link_file
    elif point == "sweep":  # in a reused staging folder, half-way through deleting stale files
        original_unlink = os.unlink
        def unlink(path, *a, **k):
            if writer.STAGING_PREFIX in str(path) and due():
                die()
            return original_unlink(path, *a, **k)
        os.unlink = unlink
    elif point == "cache":  # half-way through writing the build cache
        original_dump = pickle.dump
        def dump(obj, handle, *a, **k):
            if str(getattr(handle, "name", "")).endswith(".pickle.tmp") and due():
                data = pickle.dumps(obj, *a, **k)
                handle.write(data[: len(data) // 2])
                handle.flush()
                die()
            return original_dump(obj, handle, *a, **k)
        pickle.dump = dump
    from generator.cli import main
    sys.exit(main(args))
""")


def run_killed_at(point: str, nth: int, source: Path, output: Path, *args: str, timeout: float = 60.0) -> int:
    """Run `artsite build` that SIGKILLs itself at `point`; returns the exit status (-9 when it died there)."""
    command = [sys.executable, "-c", KILL_LAUNCHER, point, str(nth), "build", "--source", str(source),
               "--output", str(output), *args]
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=str(source))
    return done.returncode


def leftovers(output: Path) -> list[str]:
    """Staging and old-site folders a build left beside the output folder."""
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith((".artsite-build-", ".artsite-old-")))
