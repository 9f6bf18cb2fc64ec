from __future__ import annotations

from pathlib import Path

from generator.serve import DevServer
from tests.serve.conftest import fetch, write_post


def test_serves_built_page_with_reload_script_injected(server: DevServer) -> None:
    status, body = fetch(server.url + "posts/p1/")
    assert status == 200
    assert "Body number 1." in body
    assert 'id="artsite-live-reload"' in body
    assert body.index("artsite-live-reload") < body.rindex("</body>")
    on_disk = (server.output / "posts" / "p1" / "index.html").read_text(encoding="utf-8")
    assert "artsite-live-reload" not in on_disk and "EventSource" not in on_disk


def test_css_is_served_untouched(server: DevServer) -> None:
    status, body = fetch(server.url + "theme/css/site.css")
    assert status == 200
    assert "artsite-live-reload" not in body
    assert body == (server.output / "theme" / "css" / "site.css").read_text(encoding="utf-8")


def test_edit_rebuilds_and_pushes_reload(server: DevServer, site: Path, events) -> None:
    stream = events()
    first = stream.wait_for("hello")
    write_post(site, 2, "Post 2", "A freshly edited body.")
    version = stream.wait_for("reload")
    assert int(version) > int(first)
    status, body = fetch(server.url + "posts/p2/")
    assert status == 200 and "A freshly edited body." in body
    assert f'var seen = "{version}"' in body


def test_broken_front_matter_shows_overlay_then_recovers(server: DevServer, site: Path, events) -> None:
    stream = events()
    stream.wait_for("hello")
    post = site / "content" / "posts" / "p1.md"
    good = post.read_text(encoding="utf-8")
    post.write_text("---\ntitle: [unclosed\ndate: 2025-01-01\n---\nBroken <b>now</b>.\n", encoding="utf-8")
    stream.wait_for("error")
    status, body = fetch(server.url + "posts/p1/")
    assert status == 200
    assert "Body number 1." in body  # the last good version still serves
    assert 'id="artsite-error-overlay"' in body
    assert "content/posts/p1.md" in body
    post.write_text(good.replace("Body number 1.", "Fixed body."), encoding="utf-8")
    stream.wait_for("reload")
    status, body = fetch(server.url + "posts/p1/")
    assert "Fixed body." in body
    assert "artsite-error-overlay" not in body


def test_missing_page_serves_404_page(server: DevServer) -> None:
    status, body = fetch(server.url + "no/such/page/")
    assert status == 404
    expected = (server.output / "404.html").read_text(encoding="utf-8")
    assert expected.split("</body>")[0].strip()[-200:] in body
    assert "artsite-live-reload" in body


def test_folder_without_slash_redirects(server: DevServer) -> None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/posts/p1")
    response = conn.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == "/posts/p1/"
    conn.close()


def test_drafts_served_and_marked_only_with_drafts(site: Path) -> None:
    write_post(site, 4, "Secret draft", "Draft body.", extra="draft: true\n")
    from generator.serve import ServeOptions

    plain = DevServer(ServeOptions(source=site, port=0))
    plain.start()
    try:
        assert fetch(plain.url + "posts/p4/")[0] == 404
    finally:
        plain.stop()
    with_drafts = DevServer(ServeOptions(source=site, port=0, drafts=True))
    with_drafts.start()
    try:
        status, body = fetch(with_drafts.url + "posts/p4/")
        assert status == 200 and "draft-banner" in body
    finally:
        with_drafts.stop()
