from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.problems import Problem
from generator.serve import DevServer
from generator.serve.inject import overlay
from generator.serve.paths import Forbidden, resolve

SECRET = "TOP-SECRET-OUTSIDE-OUTPUT"


def raw_get(server: DevServer, target: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.putrequest("GET", target, skip_host=False, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


@pytest.mark.parametrize("target", [
    "/../../secret.txt",
    "/%2e%2e/%2e%2e/secret.txt",
    "/..%2f..%2fsecret.txt",
    "/posts/%2E%2E/%2E%2E/%2E%2E/secret.txt",
    "/..\\..\\secret.txt",
    "/%00",
    "http://127.0.0.1/../../secret.txt",
])
def test_traversal_is_refused(server: DevServer, site: Path, target: str) -> None:
    (site.parent / "secret.txt").write_text(SECRET)
    (site / "secret.txt").write_text(SECRET)
    status, body = raw_get(server, target)
    assert status in (403, 404, 421)  # 421: the absolute form names port 80, not this server
    assert SECRET.encode() not in body


def test_symlink_escaping_the_output_is_refused(server: DevServer, site: Path) -> None:
    outside = site.parent / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    os.symlink(outside / "secret.txt", server.output / "leak.txt")
    os.symlink(outside, server.output / "leakdir")
    for target in ("/leak.txt", "/leakdir/secret.txt", "/leakdir/"):
        status, body = raw_get(server, target)
        assert status == 403, target
        assert SECRET.encode() not in body


def test_resolve_refuses_absolute_and_drive_paths(tmp_path: Path) -> None:
    for target in ("etc/passwd", "/C:/Windows/win.ini", "/a/../../b"):
        with pytest.raises(Forbidden):
            resolve(tmp_path, target)
    (tmp_path / "ok.html").write_text("ok")
    assert resolve(tmp_path, "/ok.html").path == (tmp_path / "ok.html").resolve()
    assert resolve(tmp_path, "/%6Fk.html").path == (tmp_path / "ok.html").resolve()
    for sneaky in ("//etc/passwd", "///etc/passwd", "/./ok.html/../../x"):
        try:
            found = resolve(tmp_path, sneaky).path
        except Forbidden:
            continue
        assert found is None or tmp_path.resolve() in found.parents


def test_overlay_escapes_problem_text() -> None:
    html = overlay([Problem("error", "bad <script>alert(1)</script> & more", "content/posts/<x>.md", 3)])
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "content/posts/&lt;x&gt;.md:3" in html


def test_port_in_use_gives_a_clear_message(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    try:
        code = main(["serve", "--source", str(site), "--port", str(port)])
    finally:
        busy.close()
    err = capsys.readouterr().err
    assert code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "Traceback" not in err


def test_build_output_never_contains_the_reload_script(site: Path) -> None:
    assert main(["build", "--source", str(site), "--drafts", "-q"]) == 0
    pages = list((site / "_site").rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "artsite-live-reload" not in text and "__artsite/events" not in text, page


def test_ctrl_c_stops_cleanly(site: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--source", str(site), "--port", "0"],
                               cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 8
        line = ""
        while time.monotonic() < deadline and "Serving" not in line:
            line = process.stdout.readline()  # type: ignore[union-attr]
        assert "Serving" in line and "http://127.0.0.1:" in line
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=8)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_a_folder_redirect_never_leads_to_another_host(tmp_path: Path) -> None:
    """`//posts` names the folder `posts`; its redirect must be `/posts/`, since a browser reads
    `//posts/` as the host `posts`."""
    (tmp_path / "posts" / "a b").mkdir(parents=True)
    for raw, expected in (("/%2F%2Fposts", "/posts/"), ("/posts/a%20b", "/posts/a%20b/")):
        target = resolve(tmp_path, raw)
        assert target.redirect == expected, raw
