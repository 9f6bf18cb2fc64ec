"""The package has no import cycles, and the build core's modules import on their own.

A cycle hidden in function bodies still makes the order modules may be imported in matter, and
makes a module impossible to read without the ones it loops through. The graph check reads every
`import` in the package (function bodies included, `if TYPE_CHECKING:` blocks left out, since they
never run) and fails on any strongly connected group of modules. Importing a submodule always
runs its parent package first, so edges to a module's own ancestors are not cycles.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "generator"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that `name` imports at run time, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(parent) + (f".{base}" if base else "")
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in MODULES and m != name and not name.startswith(m + ".")}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def test_the_checker_finds_a_cycle_hidden_in_a_function_body(tmp_path: Path) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from generator.problems import Problems\n"
                      "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import generator.config\n")
    assert _imports("generator.x", source) == {"generator.problems"}


def test_the_package_has_no_import_cycle() -> None:
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    assert graph["generator.pipeline.site"], "the import reader found nothing: it is broken"
    assert _cycles(graph) == []


CORE = sorted(name for name in MODULES
              if name.startswith(("generator.pipeline", "generator.plugins", "generator.outputs")))


@pytest.mark.parametrize("module", CORE)
def test_each_core_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True,
                          cwd=PACKAGE.parent, timeout=60)
    assert done.returncode == 0, done.stderr


# Modules a one-post edit of a text-only blog has no use for. Each was once imported on that
# path: Pillow through the images package (50 ms), jsonschema for settings that had passed
# before (65 ms), urllib.request through xml.sax.saxutils (7 ms), uuid (3 ms).
NOT_FOR_A_TEXT_EDIT = ("PIL", "jsonschema", "urllib.request", "xml.sax", "uuid", "av", "c2pa", "importlib.metadata",
                       "generator.provenance.extractors.c2pa", "markdown_it", "mdit_py_plugins")


def test_a_one_post_edit_of_a_blog_without_images_loads_no_image_or_schema_code(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    post = site / "content/posts/a.md"
    post.write_text("---\ntitle: A\ndate: 2025-01-01\ntags: [x]\n---\nBody with `code`.\n", encoding="utf-8")
    probe = ("import sys\nfrom generator.cli import main\ncode = main(['build', '--source', sys.argv[1]])\n"
             f"print(sorted(m for m in sys.modules if any(m == n or m.startswith(n + '.') for n in {NOT_FOR_A_TEXT_EDIT!r})))\n"
             "sys.exit(code)\n")
    first = subprocess.run([sys.executable, "-c", probe, str(site)], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    post.write_text(post.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    edit = subprocess.run([sys.executable, "-c", probe, str(site)], capture_output=True, text=True, timeout=120)
    assert edit.returncode == 0, edit.stderr
    assert (site / "_site/posts/a/index.html").read_text(encoding="utf-8").count("Edited.") == 1
    assert edit.stdout.strip().splitlines()[-1] == "[]"


def test_editing_the_prose_of_a_post_with_code_does_not_lex_its_code_again(tmp_path: Path) -> None:
    """Highlighted blocks are kept in the build cache by (language, code): a cold one-post edit
    then loads no lexer (compiling a lexer's rules was a sixth of such an edit)."""
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    post = site / "content/posts/a.md"
    head = "---\ntitle: A\ndate: 2025-01-01\n---\n"
    code = "```python\nprint('hello')\n```\n"
    post.write_text(head + "Intro.\n\n" + code, encoding="utf-8")
    probe = ("import sys\nfrom generator.cli import main\ncode = main(['build', '--source', sys.argv[1]])\n"
             "print('lexer' if 'pygments.lexers.python' in sys.modules else 'none')\nsys.exit(code)\n")
    runs = []
    for text in (head + "Intro.\n\n" + code, head + "Intro, edited.\n\n" + code,
                 head + "Intro, edited.\n\n" + code.replace("hello", "changed")):
        post.write_text(text, encoding="utf-8")
        done = subprocess.run([sys.executable, "-c", probe, str(site)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        runs.append((done.stdout.split()[-1], (site / "_site/posts/a/index.html").read_text(encoding="utf-8")))
    assert [seen for seen, _ in runs] == ["lexer", "none", "lexer"]
    assert "Intro, edited." in runs[1][1] and runs[1][1].count('class="highlight"') == 1
    assert "hello" in runs[1][1] and "changed" in runs[2][1] and "hello" not in runs[2][1]
