"""One regression test per smaller item of the hostile review (issue 12), plus the variants a
hostile reviewer tries next. Each runs the real command (`artsite build|check|provenance|import`
as a subprocess, or the preview server over a socket) and reads what the artist would see.

Items: terminal escapes from file text; a named pipe as a sidecar or given to `provenance`; a
symlink in a theme's static/ leaving the theme; `cache_dir` inside content/; a permalink on a file
artsite writes itself; `author.url` that is not http, https or mailto; serve's long path segments
and Host check; an output folder that cannot be written.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.serve import DevServer, ServeOptions
from tests.kit.hostile import REPO, Site, a1111_quote, new_site, run_build
from tests.kit.images import png_bytes
from tests.kit.sites import tree_hashes

# --- terminal escapes -------------------------------------------------------------------------------

CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;pwned-title\x07\x1b]2;pwned-title2\x1b\\"
LINK = "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"
OVERWRITE = "visible\rhidden\b\b"
C1 = "\x9b2J\x9d0;c1-title\x9c"
BIDI = "\u202egpl.txt\u202c \u2066iso\u2069 \u200fmark\u061c"
INVISIBLE = "zero\u200bwidth\ufeffbom\u2060joiner"
HOSTILE = f"{CLEAR}{TITLE}{LINK}{OVERWRITE}{C1}{BIDI}{INVISIBLE}"
# What must never reach a terminal raw: C0 controls but \t and \n, DEL, C1, bidi and invisible marks.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff\u2028\u2029]")


def assert_terminal_safe(text: str, where: str) -> None:
    found = sorted({f"U+{ord(ch):04X}" for ch in RAW.findall(text)})
    assert not found, f"{where} printed raw control characters {found}:\n{text!r}"


def hostile_png() -> bytes:
    """A1111 parameters (in iTXt: the text is not Latin-1) whose prompt, sampler and model carry
    every kind of terminal control."""
    params = (f"a prompt {HOSTILE}\nNegative prompt: neg {HOSTILE}\n"
              f"Steps: 20, Sampler: {a1111_quote('Euler ' + HOSTILE)}, CFG scale: 7, Seed: 1, Size: 8x8, "
              f"Model hash: abc123, Model: {a1111_quote('model ' + HOSTILE)}")
    return png_bytes(itxt={"parameters": params})


def cli(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=str(cwd or REPO))


def test_provenance_escapes_controls_in_prompt_sampler_and_model(tmp_path: Path) -> None:
    path = tmp_path / "hostile.png"
    path.write_bytes(hostile_png())
    done = cli("provenance", str(path))
    assert done.returncode == 0, done.stderr
    assert_terminal_safe(done.stdout + done.stderr, "artsite provenance")
    out = done.stdout
    for label in ("prompt:", "sampler:", "model:"):
        line = next((ln for ln in out.splitlines() if ln.strip().startswith(label)), "")
        assert "\\x1b" in line, f"{label} lost its (escaped) text: {out}"
    assert "\\u202e" in out and "\\x9b" in out and "\\u200b" in out  # visible, so the artist sees them


def test_provenance_json_escapes_controls_and_keeps_the_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.png"
    path.write_bytes(hostile_png())
    done = cli("provenance", "--json", str(path))
    assert done.returncode == 0, done.stderr
    assert_terminal_safe(done.stdout, "artsite provenance --json")
    data = json.loads(done.stdout.splitlines()[0])
    text = json.dumps(data, ensure_ascii=False)
    for piece in (TITLE, C1, BIDI, INVISIBLE):  # escaped in the output, the same characters once parsed
        assert piece in data["prompt"], f"the JSON lost {piece!r} of the file's own text"
    assert "pwned-title" in text


def hostile_gallery(root: Path) -> Site:
    site = new_site(root)
    site.write("content/galleries/g/index.md", "---\ntitle: Gallery\n---\n")
    site.write("content/galleries/g/w.png", hostile_png())
    site.write("content/galleries/g/w.png.md", "---\nalt: a work\n---\n")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    return site


def test_check_escapes_controls_in_prompts_and_models(tmp_path: Path) -> None:
    site = hostile_gallery(tmp_path / "site")
    done = cli("check", "--source", str(site.root))
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert "w.png" in output, output  # the published prompt is among the findings
    assert_terminal_safe(output, "artsite check")


def test_build_warnings_escape_controls_from_file_names_and_text(tmp_path: Path) -> None:
    site = hostile_gallery(tmp_path / "site")
    evil = f"evil{CLEAR}{TITLE}\r\x9b{BIDI}"
    site.write(f"content/galleries/g/{evil}.png", b"not an image at all\n" * 10)  # a warning names it
    site.post("links.md", "title: Links\ndate: 2025-01-03", body=f"[x](missing-{OVERWRITE}{LINK}.md)\n")
    run = site.run()
    run.assert_clean_exit()
    assert_terminal_safe(run.output, "artsite build")
    assert "evil\\x1b" in run.stderr, run.stderr  # named, escaped


def test_import_report_escapes_controls_in_file_names(tmp_path: Path) -> None:
    """A blog someone else wrote is hostile input too: its file names reach the import report
    (here a Hugo shortcode template, which the report names as one that cannot run)."""
    blog = tmp_path / "blog"
    (blog / "content" / "posts").mkdir(parents=True)
    (blog / "layouts" / "shortcodes").mkdir(parents=True)
    (blog / "config.toml").write_text('title = "Blog"\nbaseURL = "https://example.test/"\n', encoding="utf-8")
    (blog / "content" / "posts" / "ok.md").write_text("---\ntitle: Ok\ndate: 2024-01-01\n---\nHi\n", encoding="utf-8")
    name = f"odd{CLEAR}{TITLE}\x9b\u202e"
    (blog / "layouts" / "shortcodes" / f"{name}.html").write_text("{{ .Inner }}", encoding="utf-8")
    done = cli("import", "hugo", str(blog), str(tmp_path / "new"))
    assert "Traceback" not in done.stderr, done.stderr
    assert "odd\\x1b" in done.stdout, done.stdout  # the note is there, its name escaped
    assert_terminal_safe(done.stdout + done.stderr, "artsite import")


# --- named pipes ----------------------------------------------------------------------------------


def test_named_pipe_as_sidecar_or_post_is_skipped_by_name(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    site.write("content/galleries/g/index.md", "---\ntitle: Gallery\n---\n")
    site.write("content/galleries/g/w.png", png_bytes())
    os.mkfifo(site.root / "content/galleries/g/w.png.md")
    site.write("content/galleries/g/v.png", png_bytes(colour=(1, 2, 3)))
    (site.root / "content/pipes").mkdir()
    os.mkfifo(site.root / "content/pipes/p.fifo")
    (site.root / "content/galleries/g/v.png.md").symlink_to("../../pipes/p.fifo")  # a link to a pipe, inside
    os.mkfifo(site.root / "content/posts/pipe.md")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    run = site.run(timeout=20)
    run.assert_clean_exit()
    assert run.rc == 0, run.output
    for rel in ("content/galleries/g/w.png.md", "content/galleries/g/v.png.md", "content/posts/pipe.md"):
        assert rel in run.stderr, f"{rel} not named:\n{run.stderr}"
    assert (site.out / "posts/ok/index.html").is_file()


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "linked-fifo"])
def test_provenance_on_a_pipe_or_device_returns_at_once(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "x.png"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    else:
        os.mkfifo(tmp_path / "p")
        target.symlink_to(tmp_path / "p")
    done = cli("provenance", str(target), timeout=15)
    output = done.stdout + done.stderr
    assert "not a regular file" in output, output
    assert "Traceback" not in output


# --- theme symlinks ---------------------------------------------------------------------------------


def theme_site(tmp_path: Path) -> tuple[Site, Path]:
    site = new_site(tmp_path / "site", "theme: mine\n")
    default = REPO / "themes" / "default"
    mine = site.root / "themes" / "mine"
    import shutil

    shutil.copytree(default, mine)
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.txt").write_text("THEME-SECRET-1\n")
    (outside / "dir" / "key").write_text("THEME-SECRET-2\n")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    return site, outside


def test_theme_symlinks_out_of_the_theme_are_not_published(tmp_path: Path) -> None:
    site, outside = theme_site(tmp_path)
    static = site.root / "themes/mine/static"
    (static / "leak.txt").symlink_to(outside / "secret.txt")
    (static / "leakdir").symlink_to(outside / "dir")
    (static / "ssh").symlink_to(Path.home())
    (static / "relative.txt").symlink_to(os.path.relpath(outside / "secret.txt", static))
    real = next(p for p in sorted(static.rglob("*")) if p.is_file() and not p.is_symlink())
    (static / "inside.css").symlink_to(real)
    run = site.run()
    run.assert_clean_exit()
    assert run.rc == 0, run.output
    for path in site.out.rglob("*"):
        if path.is_file():
            assert b"THEME-SECRET" not in path.read_bytes(), f"{path} came from outside the theme"
    for name in ("leak.txt", "leakdir", "ssh", "relative.txt"):
        assert not (site.out / "theme" / name).exists()
        assert f"themes/mine/static/{name}" in run.stderr, f"{name} not reported:\n{run.stderr}"
    assert (site.out / "theme/inside.css").is_file()  # a link that stays inside the theme is fine


# --- cache_dir, permalinks, author.url --------------------------------------------------------------


def config_errors(run, key: str) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("site.yaml:") and key in line]


@pytest.mark.parametrize("cache_dir", ["content/.cache", "content", "./content/../content/x", "{root}/content/c",
                                       "_site/cache", "."])
def test_cache_dir_that_would_be_published_is_an_error(tmp_path: Path, cache_dir: str) -> None:
    site = new_site(tmp_path / "site")
    site.post("draft.md", "title: Secret draft\ndate: 2025-01-01\ndraft: true", body="DRAFT-BODY-SECRET\n")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    with (site.root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"cache_dir: {json.dumps(cache_dir.format(root=site.root))}\n")
    run = site.run()
    run.assert_clean_exit()
    assert run.rc == 1, run.output
    assert config_errors(run, "cache_dir"), run.stderr
    assert re.search(r"site\.yaml:\d+", "\n".join(config_errors(run, "cache_dir")))
    if site.out.exists():
        for path in site.out.rglob("*"):
            assert not path.name.endswith(".pickle")
            assert not (path.is_file() and b"DRAFT-BODY-SECRET" in path.read_bytes())


@pytest.mark.parametrize("permalink", ["/_headers", "/.artsite-output", "/robots.txt", "/feed.xml",
                                       "/_headers/", "/sitemap.xml", "/.well-known/tdmrep.json"])
def test_permalink_on_a_file_artsite_writes_is_an_error_at_its_line(tmp_path: Path, permalink: str) -> None:
    site = new_site(tmp_path / "site")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    site.post("evil.md", f"title: Evil\ndate: 2025-01-01\npermalink: {permalink}")
    run = site.run()
    run.assert_clean_exit()
    assert run.rc == 1, f"{permalink} was accepted:\n{run.output}"
    assert any(line.startswith("content/posts/evil.md:4:") and "permalink" in line
               for line in run.stderr.splitlines()), run.stderr


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "java\tscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>x</script>",
                                 "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/"])
def test_author_url_must_be_http_https_or_mailto(tmp_path: Path, url: str) -> None:
    site = new_site(tmp_path / "site")
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    (site.root / "site.yaml").write_text(text.replace("  name: Test Author\n",
                                                      f"  name: Test Author\n  url: {json.dumps(url)}\n"),
                                         encoding="utf-8")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    run = site.run()
    run.assert_clean_exit()
    assert run.rc == 1, f"{url!r} was accepted"
    assert config_errors(run, "author.url"), run.stderr


@pytest.mark.parametrize("url", ["https://artist.example/", "HTTP://artist.example/", "mailto:me@artist.example"])
def test_ordinary_author_urls_are_links(tmp_path: Path, url: str) -> None:
    site = new_site(tmp_path / "site")
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    (site.root / "site.yaml").write_text(text.replace("  name: Test Author\n", f"  name: Test Author\n  url: {url}\n"),
                                         encoding="utf-8")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    run = site.run()
    assert run.rc == 0, run.output
    assert f'href="{url}"' in site.read("posts/ok/index.html")


# --- serve ------------------------------------------------------------------------------------------


@pytest.fixture
def preview(tmp_path: Path):
    site = new_site(tmp_path / "site")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    dev = DevServer(ServeOptions(source=site.root, port=0, debounce=0.05))
    outcome = dev.start()
    assert outcome.ok, outcome.problems.items
    yield dev
    dev.stop()


def ask(server: DevServer, target: str, host: str | None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


@pytest.mark.parametrize("segment", ["a" * 256, "%C3%A9" * 128, "a" * 4000, "%41" * 300])
def test_serve_answers_an_overlong_name_with_404_and_keeps_serving(preview: DevServer, segment: str,
                                                                   capfd: pytest.CaptureFixture[str]) -> None:
    host = f"127.0.0.1:{preview.port}"
    status, _ = ask(preview, f"/posts/{segment}/index.html", host)
    assert status == 404
    assert ask(preview, "/posts/ok/", host)[0] == 200
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(("host", "expected"), [
    ("evil.example:{port}", 421),
    ("evil.example", 421),
    ("localhost.evil.example:{port}", 421),
    ("127.0.0.1.nip.io:{port}", 421),
    ("127.0.0.1:{other}", 421),
    (None, 400),
    ("", 400),
    ("localhost:{port}", 200),
    ("LOCALHOST:{port}", 200),
    ("localhost.:{port}", 200),
    ("127.0.0.1:{port}", 200),
    ("[::1]:{port}", 200),
])
def test_serve_answers_only_its_own_host(preview: DevServer, host: str | None, expected: int) -> None:
    """DNS rebinding: a page on evil.example points its name at 127.0.0.1 and reads the preview."""
    if host is not None:
        host = host.format(port=preview.port, other=preview.port + 1 if preview.port < 65535 else 1)
    status, body = ask(preview, "/posts/ok/", host)
    assert status == expected, (host, status, body[:200])
    if expected != 200:
        assert b"Fine" not in body


# --- a read-only output -----------------------------------------------------------------------------


def test_read_only_output_gives_a_clear_message_and_keeps_the_site(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    holder = tmp_path / "ro"
    holder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(holder)],
                                 capture_output=True, timeout=20).returncode == 0
        if not mounted:
            pytest.skip("running as root where tmpfs cannot be mounted: permissions cannot make a folder read-only")
    site.out = holder / "_site"
    try:
        first = run_build(site.root, output=site.out)
        assert first.rc == 0, first.output
        good = tree_hashes(site.out)
        site.post("new.md", "title: New\ndate: 2025-02-02")
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(holder)], check=True, timeout=20)
        else:
            holder.chmod(0o555)
        run = run_build(site.root, output=site.out)
        run.assert_clean_exit()  # no traceback, no "run again with --debug"
        assert run.rc == 1
        assert str(site.out) in run.stderr and "previous site was kept" in run.stderr, run.stderr
        assert re.search(r"[Rr]ead-only file system|[Pp]ermission denied", run.stderr), run.stderr
        assert tree_hashes(site.out) == good
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(holder)], capture_output=True, timeout=20)
        else:
            holder.chmod(0o755)

