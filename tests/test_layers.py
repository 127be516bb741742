"""The layers stay apart: the core imports no Sphinx, and no module imports itself back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("deadlines", "sitekit", "archive")
CORE = REPO / "deadlines" / "core"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path for package in PACKAGES for path in (REPO / package).rglob("*.py")
}


def imported_at_load(path: Path) -> set[str]:
    """The project's modules a module imports as it loads (not inside functions)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports never run
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package
                package = module_name(path if path.name == "__init__.py" else path.parent)
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, node.module] if node.module else parts)
            else:
                base = node.module or ""
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            # `from package import module` loads the module; the package is loading already.
            found |= submodules or {base}
    return {name for name in found if name in MODULES}


def test_importing_the_core_loads_no_sphinx():
    core = sorted(name for name in MODULES if name.startswith("deadlines.core"))
    program = (
        f"import {', '.join(core)}, sys; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda path: path.name)
def test_no_core_module_names_sphinx(path):
    imports = imported_names(path)
    assert not {name for name in imports if name.split(".")[0] in ("sphinx", "docutils")}


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []

    def walk(name: str, trail: list[str]) -> None:
        if name in trail:
            cycles.append([*trail[trail.index(name) :], name])
            return
        for target in sorted(graph.get(name, ())):
            walk(target, [*trail, name])

    for name in sorted(graph):
        walk(name, [])
    return cycles


def test_no_import_cycle():
    graph = {name: imported_at_load(path) - {name} for name, path in MODULES.items()}
    assert graph["deadlines.handlers"] >= {"deadlines.domain", "deadlines.core.snapshot"}
    assert find_cycles(graph) == []


def test_the_walk_sees_a_cycle(tmp_path, monkeypatch):
    """The check can fail: two modules that import each other as they load."""
    for name, other in (("one", "two"), ("two", "one")):
        path = tmp_path / "deadlines" / f"{name}.py"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"from deadlines.{other} import something\n", encoding="utf-8")
        monkeypatch.setitem(MODULES, f"deadlines.{name}", path)
    graph = {name: imported_at_load(MODULES[name]) for name in ("deadlines.one", "deadlines.two")}
    assert graph == {"deadlines.one": {"deadlines.two"}, "deadlines.two": {"deadlines.one"}}
    assert ["deadlines.one", "deadlines.two", "deadlines.one"] in find_cycles(graph)
