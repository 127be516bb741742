"""sitekit.runner: sphinx-build's build, status and messages, without the slow exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SOURCE_DATE_EPOCH, copy_test_root, differing, files

BROKEN_PAGE = "Broken\n======\n\nA `link`_ to nowhere.\n"
# A Python console block whose doctest flag Sphinx trims, with the module the runner
# makes on first use (sitekit.runner.LAZY_MODULES).
CONSOLE_POST = """.. post:: 2018-10-31

A console
=========

.. code-block:: pycon

   >>> print("hello")  # doctest: +SKIP
   hello
"""


def run(how: list[str], source: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    env = os.environ | {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    command = [sys.executable, *how, "-b", "html", *options, str(source), str(out)]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


SPHINX = ["-m", "sphinx"]
RUNNER = ["-m", "sitekit.runner"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_runner_builds_what_sphinx_build_builds(tmp_path, jobs):
    source = copy_test_root(tmp_path / "src", "test-blog", {"posts/console.rst": CONSOLE_POST})
    options = ("-W", "-q", "-j", jobs)
    plain = run(SPHINX, source, tmp_path / "plain", "-d", str(tmp_path / "d1"), *options)
    ran = run(RUNNER, source, tmp_path / "ran", "-d", str(tmp_path / "d2"), *options)
    assert (ran.returncode, ran.stderr) == (plain.returncode, plain.stderr) == (0, "")
    assert files(tmp_path / "ran") == files(tmp_path / "plain")
    assert differing(tmp_path / "plain", tmp_path / "ran") == []
    console = (tmp_path / "ran" / "posts" / "console.html").read_text(encoding="utf-8")
    assert "hello" in console and "+SKIP" not in console


LAZY_CHECK = """
import sys
from sitekit.runner import import_on_first_use, module_file
import_on_first_use("sphinx.ext.doctest")
import sphinx.transforms.post_transforms.code as code
lazy = code.doctest
print("doctest" in sys.modules, module_file(lazy).endswith("doctest.py"), "doctest" in sys.modules)
print(bool(lazy.blankline_re.search("<BLANKLINE>")), "doctest" in sys.modules)
"""


def test_a_lazy_module_runs_on_first_use_only():
    """Reading the module's file leaves it unrun; reading a name from it runs it."""
    checked = subprocess.run(
        [sys.executable, "-c", LAZY_CHECK], capture_output=True, text=True, check=True
    )
    assert checked.stdout.split() == ["False", "True", "False", "True", "True"]


def test_a_failed_build_ends_with_sphinx_builds_status_and_messages(tmp_path):
    source = copy_test_root(tmp_path / "src", "test-blog", {"broken.rst": BROKEN_PAGE})
    plain = run(SPHINX, source, tmp_path / "plain", "-W", "-d", str(tmp_path / "d1"))
    ran = run(RUNNER, source, tmp_path / "ran", "-W", "-d", str(tmp_path / "d2"))
    assert plain.returncode == ran.returncode != 0
    assert "broken.rst:4" in ran.stderr
    assert ran.stderr.replace(str(tmp_path / "d2"), "") == plain.stderr.replace(
        str(tmp_path / "d1"), ""
    )
    assert ran.stdout.splitlines()[-1] == plain.stdout.splitlines()[-1]  # flushed to the end


def test_bad_arguments_end_as_sphinx_build_ends(tmp_path):
    plain = run(SPHINX, tmp_path / "missing", tmp_path / "out")
    ran = run(RUNNER, tmp_path / "missing", tmp_path / "out")
    assert ran.returncode == plain.returncode != 0
    said = [line for line in plain.stderr.splitlines() if "ApplicationError:" in line]
    assert said and all(line in ran.stderr for line in said)


def test_sphinx_builds_with_the_collector_on_and_its_own_modules_left_alone(monkeypatch):
    """Importing Sphinx makes only objects that live as long as the process; the
    collector rests meanwhile, and leaves them alone once it starts again."""
    import gc

    import sphinx.cmd.build

    from sitekit import gc_freeze, runner

    seen: list[tuple[bool, int]] = []

    def build(arguments: list[str]) -> int:
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return 0

    monkeypatch.setattr(sphinx.cmd.build, "main", build)
    try:
        assert runner._build(["--version"], None) == 0
    finally:
        gc_freeze.unfreeze()
    [(collecting, frozen)] = seen
    assert collecting
    assert frozen > 0
