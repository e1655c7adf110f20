"""The package reads as the pipeline: stages import only the stages before them and the
shared types, nothing in a stage imports the speed machinery, and no import runs in a circle."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "src" / "gapreport"
STAGES = ["load", "language", "check", "model", "outlook", "chart", "render", "site"]
SHARED = {"gapreport", "errors", "timing", "interrupts", "progress", "options", "analysis", "seam"}
MACHINERY = {"runner", "watch", "pipeline", "cli", "summary", "tables", "starter", "__main__"}


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    """Every gapreport module and the gapreport modules it imports."""
    modules = {_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gapreport"):
                for alias in node.names:
                    whole = f"{node.module}.{alias.name}"
                    found.add(whole if whole in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("gapreport")}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _part(module: str) -> str:
    """The stage, shared module or machinery a module belongs to."""
    return module.split(".")[1] if "." in module else module


def test_stages_import_only_stages_before_them_and_shared_types():
    wrong = []
    for module, imports in _graph().items():
        part = _part(module)
        for imported in imports:
            other = _part(imported)
            if part in STAGES:
                if other in MACHINERY:
                    wrong.append(f"{module} imports the machinery: {imported}")
                elif other in STAGES and STAGES.index(other) > STAGES.index(part):
                    wrong.append(f"{module} imports a later stage: {imported}")
                elif other not in STAGES and other not in SHARED:
                    wrong.append(f"{module} imports {imported}, neither stage nor shared")
            elif part in SHARED and other in MACHINERY:
                wrong.append(f"shared {module} imports the machinery: {imported}")
    assert wrong == []


def test_no_import_runs_in_a_circle():
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the way, 2: done
    circles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                circles.append(path[path.index(imported) :] + [imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_the_checks_see_a_backward_import(tmp_path, monkeypatch):
    """The rule above is not blind: a load module that imported the renderer is caught."""
    graph = _graph()
    graph["gapreport.load.schema"].add("gapreport.render.page")
    monkeypatch.setattr(__import__(__name__), "_graph", lambda: graph)
    try:
        test_stages_import_only_stages_before_them_and_shared_types()
    except AssertionError as caught:
        assert "gapreport.load.schema imports a later stage: gapreport.render.page" in str(caught)
    else:
        raise AssertionError("a backward import went unseen")


def test_the_file_list_reads_as_the_pipeline():
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted([*STAGES, "runner", "watch"])
    assert all(
        (PACKAGE / stage / "__init__.py").read_text(encoding="utf-8").strip() for stage in STAGES
    )  # each says what it is


def test_no_source_file_is_ignored_by_git():
    """A source file git ignores is missing from every clean clone (a `site/` rule once hid
    src/gapreport/site/__init__.py, and CI failed where this checkout passed)."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    folders = [PACKAGE, ROOT / "templates", ROOT / "data"]
    sources = [str(p.relative_to(ROOT)) for f in folders for p in f.rglob("*") if p.is_file()]
    sources = [s for s in sources if "__pycache__" not in s]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *sources], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert ignored == []
