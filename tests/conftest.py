"""Shared fixtures: sphinx.testing roots under tests/roots/, and a real HTML parser."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).parent / "tools"


def require(available: bool, message: str) -> None:
    """A missing system tool skips a test locally, but fails it in CI, where .ci/run installs it."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def node_tool(package: str) -> Path:
    """An npm package from tests/tools, which `make test` installs."""
    path = TOOLS / "node_modules" / package
    require(
        shutil.which("node") is not None and path.exists(),
        f"needs Node.js and {package} from tests/tools: run `make test`, which installs them "
        "with npm (Debian: apt-get install nodejs npm)",
    )
    return path


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def plain_warnings(app) -> str:
    """The warning stream without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def copy_root(tmp_path: Path) -> Callable[..., Path]:
    """A writable copy of a test root, with files added or replaced, for bad-input cases."""

    def make(name: str, files: dict[str, str] | None = None) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / f"test-{name}", target)
        for relative, text in (files or {}).items():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_text(text, encoding="utf-8")
        return target

    return make
