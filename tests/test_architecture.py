"""The package's shape: stages import only earlier stages, no import cycles, typed, formatted.

These run the project's own checkers (import-linter, mypy, ruff) so that CI enforces what
docs/architecture.md promises.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "qbr"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(source: str, modules: set[str]) -> set[str]:
    """The qbr modules a module imports when it is imported (not inside functions, not for typing).
    qbr uses absolute imports only."""
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and not _is_type_checking(node):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module in modules:
                    found.add(node.module)
                # `from qbr.data import schema` imports the submodule qbr.data.schema
                found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)

    visit(ast.parse(source).body)
    return found


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle met in a depth-first walk, as the path that closes it."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            walk(start, [start])
    return cycles


def test_only_module_level_non_typing_imports_count() -> None:
    source = "from qbr.b import x\nif TYPE_CHECKING:\n    from qbr.c import y\ndef f():\n    import qbr.d\n"
    assert module_level_imports(source, {"qbr.b", "qbr.c", "qbr.d"}) == {"qbr.b"}
    assert module_level_imports("from qbr.data import schema\n", {"qbr.data", "qbr.data.schema"}) == {
        "qbr.data",
        "qbr.data.schema",
    }


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_no_module_level_import_cycle() -> None:
    files = {_module_name(p): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    # a module's own parent packages are initialised before it whatever it imports: not an edge
    graph = {
        name: {m for m in module_level_imports(source, set(files)) if not (name + ".").startswith(m + ".")}
        for name, source in files.items()
    }
    assert find_cycles(graph) == []


def test_stages_import_only_earlier_stages() -> None:
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_the_top_level_keeps_only_the_shared_kernel() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 12, modules
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert {"data", "metrics", "context", "commentary", "charts", "template", "batch", "watch", "commands"} <= stages


def test_every_module_says_what_it_does() -> None:
    missing = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert missing == []


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    from mypy import api

    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), str(PACKAGE)])
    assert status == 0, out + err


def test_ruff_lint_and_format_are_clean() -> None:
    for args in (
        ["check", "qbr", "tests", "benchmarks", "scripts"],
        ["format", "--check", "qbr", "tests", "benchmarks", "scripts"],
    ):
        done = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
