"""The command line: init, build and its options, --version, --help, and no tracebacks."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

import generator
from generator.cli import main
from tests.kit.sites import REPO, TmpSite, parse_html


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse exits for --help, --version and usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--version")
    assert code == 0
    assert (out + err).strip() == f"artsite {generator.__version__}"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for word in ("init", "build", "--version", "--debug", "artsite init my-site"):
        assert word in out


def test_build_help_lists_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "build", "--help")
    assert code == 0
    for option in ("--source", "--output", "--base-url", "--drafts", "--strict"):
        assert option in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "bulid")
    assert code == 2 and "invalid choice" in err and "Traceback" not in err


def test_init_scaffolds_a_site_that_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my-site"
    code, out, _ = run(capsys, "init", str(target))
    assert code == 0 and str(target) in out
    config = (target / "site.yaml").read_text(encoding="utf-8")
    assert sum(line.lstrip().startswith("#") for line in config.splitlines()) >= 3  # commented
    posts = list((target / "content/posts").glob("**/*.md"))
    assert len(posts) == 1
    assert (target / "content/about.md").is_file()
    code, _, err = run(capsys, "build", "--source", str(target), "--output", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out/about/index.html").is_file()
    assert "warning" not in err  # a fresh site builds cleanly
    built = [p for p in (tmp_path / "out/posts").rglob("index.html")]
    assert len(built) == 1
    [stamp] = parse_html(built[0].read_text(encoding="utf-8")).times[:1]
    assert dt.datetime.fromisoformat(stamp).date() <= dt.date.today()


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "site"
    assert run(capsys, "init", str(target))[0] == 0
    (target / "site.yaml").write_text("title: Mine\n", encoding="utf-8")
    post = next((target / "content/posts").glob("*.md"))
    post_before = post.read_bytes()
    code, out, err = run(capsys, "init", str(target))
    assert code != 0 and "overwrite" in (out + err)
    assert (target / "site.yaml").read_text(encoding="utf-8") == "title: Mine\n"
    assert post.read_bytes() == post_before


def test_init_into_an_existing_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert run(capsys, "init", str(tmp_path / "empty"))[0] == 0
    assert (tmp_path / "empty/site.yaml").is_file()


def test_build_options(site: TmpSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site.post("shown.md", title="Shown")
    site.post("hidden.md", title="Hidden", draft="true")
    out = tmp_path / "elsewhere"
    code, _, err = run(capsys, "build", "--source", str(site.root), "--output", str(out),
                       "--base-url", "https://me.example.test/sub/")
    assert code == 0, err
    page = parse_html((out / "posts/shown/index.html").read_text(encoding="utf-8"))
    assert page.links["canonical"] == ["https://me.example.test/sub/posts/shown/"]
    assert ("link", "href", "/sub/theme/css/site.css") in page.attrs
    assert not (out / "posts/hidden").exists()
    assert not site.out.exists()
    code, _, err = run(capsys, "build", "--source", str(site.root), "--output", str(out), "--drafts")
    assert code == 0, err
    assert (out / "posts/hidden/index.html").is_file()


def test_build_from_the_current_folder(site: TmpSite, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    site.post("here.md")
    monkeypatch.chdir(site.root)
    code, _, err = run(capsys, "build")
    assert code == 0, err
    assert (site.root / "_site/posts/here/index.html").is_file()


def test_strict_turns_warnings_into_a_failure(site: TmpSite, capsys: pytest.CaptureFixture[str]) -> None:
    site.post("untitled.md", title=None)
    assert run(capsys, "build", "--source", str(site.root))[0] == 0
    code, _, err = run(capsys, "build", "--source", str(site.root), "--strict")
    assert code != 0
    assert "content/posts/untitled.md" in err and "Traceback" not in err


def test_build_errors_are_listed_without_traceback(site: TmpSite, capsys: pytest.CaptureFixture[str]) -> None:
    site.post("one.md", date="'soon'")
    site.post("two.md", permalink="../../x")
    site.write("content/posts/three.md", "---\ndate: 2025-01-01\ntitle: a: b\n---\nx\n")
    code, out, err = run(capsys, "build", "--source", str(site.root))
    assert code != 0
    for name in ("content/posts/one.md:3", "content/posts/two.md", "content/posts/three.md:3:9"):
        assert name in err, err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("output", [".", "..", "content"])
def test_build_refuses_an_output_holding_the_source(site: TmpSite, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch, output: str) -> None:
    site.post("one.md")
    before = sorted(p.relative_to(site.root.parent) for p in site.root.parent.rglob("*"))
    monkeypatch.chdir(site.root)
    code, out, err = run(capsys, "build", "--output", output)
    assert code != 0 and "output" in err and "Traceback" not in out + err
    assert sorted(p.relative_to(site.root.parent) for p in site.root.parent.rglob("*")) == before


def test_missing_source_folder_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "build", "--source", str(tmp_path / "nowhere"), "--output", str(tmp_path / "o"))
    assert code != 0 and "Traceback" not in out + err
    assert "content" in err or "nowhere" in err


def test_unexpected_errors_hide_the_traceback_unless_debug(site: TmpSite, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline.site as site_module

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the kiln overheated")

    monkeypatch.setattr(site_module, "build", explode)
    code, out, err = run(capsys, "build", "--source", str(site.root))
    assert code == 1 and "the kiln overheated" in err and "--debug" in err
    assert "Traceback" not in out + err
    with pytest.raises(RuntimeError, match="kiln"):
        main(["--debug", "build", "--source", str(site.root)])
    with pytest.raises(RuntimeError, match="kiln"):
        main(["build", "--debug", "--source", str(site.root)])


def _console(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = REPO / ".venv" / "bin" / "artsite"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "generator"]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=env)


def test_console_script_reports_a_failed_build(site: TmpSite) -> None:
    site.post("bad.md", date="'whenever'")
    failed = _console("build", cwd=site.root)
    assert failed.returncode != 0
    assert "content/posts/bad.md:3" in failed.stderr
    assert "Traceback" not in failed.stdout + failed.stderr


def test_python_dash_m_generator_version(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"artsite {generator.__version__}"


def test_a_base_url_on_the_command_line_is_checked_like_the_setting(site: TmpSite,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    site.post("a.md", title="A")
    code, _, err = run(capsys, "build", "--source", str(site.root), "--base-url", "foo.example")
    assert code == 1 and "base_url" in err and "foo.example" in err
    assert "Traceback" not in err and "IndexError" not in err


def test_starting_the_command_line_imports_nothing_heavy() -> None:
    """`artsite provenance` over a folder is timed against sd-parsers as a whole process, so
    building the command line (which imports every command module) must not pull in YAML, the
    site pipeline, Pillow or c2pa-python; each command imports what it needs when it runs."""
    import subprocess
    import sys

    code = ("import sys; from generator.cli import build_parser, discover_commands; build_parser(discover_commands()); "
            "heavy = [m for m in ('yaml', 'PIL', 'c2pa', 'jinja2', 'generator.pipeline.site', 'markdown_it') "
            "if m in sys.modules]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
