"""The lock: exact versions with hashes, no download address, within pyproject.toml's
ranges; `make html` and `make test` install from it, and a weekly check tries the newest."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import REPO

LOCK = REPO / "requirements" / "lock.txt"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
WORKFLOWS = REPO / ".github" / "workflows"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


ADDRESSES = ["://", "--find-links", "--index-url", "--extra-index-url", "--trusted-host", "file:"]


def logical_lines(text: str) -> list[str]:
    """The lock's requirement lines, with continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    lines = (line.strip() for line in joined.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def address_problems(text: str) -> list[str]:
    """Download addresses and options that point pip anywhere, each as found."""
    found = [address for address in ADDRESSES if address in text]
    found += re.findall(r"(?m)^\s*-[fie]\b.*$", text)  # short forms; an editable path
    return found


def locked(text: str) -> dict[str, tuple[Version, list[str]]]:
    """Each locked package: its exact version and its hashes."""
    packages: dict[str, tuple[Version, list[str]]] = {}
    for line in logical_lines(text):
        head, *hashes = re.split(r"\s+--hash=", line)
        requirement = Requirement(head)
        name = canonicalize_name(requirement.name)
        assert name not in packages, f"{name} is locked twice: one version for every Python"
        exact = [s.version for s in requirement.specifier if s.operator == "=="]
        packages[name] = (
            Version(exact[0]) if len(requirement.specifier) == len(exact) == 1 else None,
            [f"--hash={h}" for h in hashes],
        )
    return packages


def line_problems(text: str) -> list[str]:
    """Packages not locked to one exact version with sha256 hashes."""
    return [
        name
        for name, (version, hashes) in locked(text).items()
        if version is None or not hashes or not all(HASH.fullmatch(h) for h in hashes)
    ]


def ranges() -> list[Requirement]:
    """What pyproject.toml asks for: the site, every extra (dev, test, bench), its build."""
    project = PYPROJECT["project"]
    wanted = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    for extra in project["optional-dependencies"].values():
        wanted += extra
    return [Requirement(text) for text in wanted]


@pytest.fixture(scope="module")
def lock_text() -> str:
    return LOCK.read_text(encoding="utf-8")


def test_the_lock_names_no_download_address(lock_text):
    assert address_problems(lock_text) == []


def test_every_package_is_locked_to_an_exact_version_with_hashes(lock_text):
    assert len(locked(lock_text)) > 20
    assert line_problems(lock_text) == []


ZEROS = "--hash=sha256:" + "0" * 64


@pytest.mark.parametrize(
    "text",
    [
        f"--find-links ./wheels\nablog==0.11.13 {ZEROS}\n",
        f"-i https://mirror.example/simple\nablog==0.11.13 {ZEROS}\n",
        f"ablog @ file:///wheels/ablog.whl {ZEROS}\n",
        f"-e .\nablog==0.11.13 {ZEROS}\n",
    ],
    ids=["find-links", "index", "direct-reference", "editable"],
)
def test_the_address_check_can_fail(text):
    assert address_problems(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "ablog==0.11.13\n",
        f"ablog>=0.11.13 {ZEROS}\n",
        f"ablog>=0.11,==0.11.13 {ZEROS}\n",
        f"ablog==0.11.13 --hash=md5:{'0' * 32}\n",
    ],
    ids=["no-hash", "range", "range-and-pin", "md5"],
)
def test_the_exact_version_check_can_fail(text):
    assert line_problems(text) == ["ablog"]


def test_the_lock_holds_every_range_of_pyproject_at_a_version_it_allows(lock_text):
    packages = locked(lock_text)
    for requirement in ranges():
        name = canonicalize_name(requirement.name)
        assert name in packages, f"{name} is missing from the lock: run `make lock`"
        version = packages[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}=={version} is outside {requirement.specifier}: run `make lock`"
        )


def test_pyproject_keeps_ranges_and_the_lock_tool_stays_out(lock_text):
    for requirement in ranges():
        assert all(s.operator != "==" for s in requirement.specifier), requirement
    assert "uv" not in locked(lock_text)
    assert "uv" not in {canonicalize_name(r.name) for r in ranges()}


# The Makefile, run for real in a scratch folder with a stand-in Python that records what
# it is asked to run: which install each state of the venv leads to, with no network.

STAND_IN = """#!/bin/sh
echo "$*" >> "$CALLS"
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; fi
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", "requirements/lock.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
    python = tmp_path / "python-stand-in"
    python.write_text(STAND_IN)
    python.chmod(0o755)
    return tmp_path


def make(project: Path, *arguments: str) -> list[str]:
    """Run make; the commands the stand-in Python was given, one line each."""
    calls = project / "calls.log"
    calls.write_text("")
    env = {k: v for k, v in os.environ.items() if k not in {"NEWEST", "MAKEFLAGS", "MAKELEVEL"}}
    result = subprocess.run(
        ["make", "--no-print-directory", f"PYTHON={project / 'python-stand-in'}", *arguments],
        cwd=project,
        env=env | {"CALLS": str(calls)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return calls.read_text().splitlines()


LOCKED_INSTALL = [
    "-m pip install --quiet --require-hashes -r requirements/lock.txt",
    "-m pip install --quiet --no-deps --no-build-isolation -e .",
]


def test_a_fresh_venv_installs_from_the_lock_with_hashes_only(project):
    assert make(project, "venv") == ["-m venv .venv", *LOCKED_INSTALL]


def test_the_venv_is_refreshed_when_the_lock_changes_and_only_then(project):
    make(project, "venv")
    assert make(project, "venv") == []
    lock = project / "requirements" / "lock.txt"
    later = (project / ".venv" / ".installed").stat().st_mtime + 10
    os.utime(lock, (later, later))
    assert make(project, "venv") == LOCKED_INSTALL


def test_newest_installs_the_newest_the_ranges_allow_then_the_lock_remakes_the_venv(project):
    make(project, "venv")
    newest = make(project, "venv", "NEWEST=1")
    assert newest == [
        "-m pip install --quiet --upgrade --upgrade-strategy eager -e .[dev,test,bench]"
    ]
    (project / ".venv" / "left-by-newest").touch()
    assert make(project, "venv") == ["-m venv .venv", *LOCKED_INSTALL]
    assert not (project / ".venv" / "left-by-newest").exists()


def workflow(name: str) -> dict:
    loaded = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    loaded["on"] = loaded.pop(True)  # YAML 1.1 reads the key `on` as true
    return loaded


def test_publishing_builds_from_the_lock():
    pages = workflow("pages.yml")
    steps = pages["jobs"]["build"]["steps"]
    build = [step for step in steps if step.get("run") == "make html"]
    assert len(build) == 1
    assert "NEWEST" not in build[0].get("env", {})
    assert "NEWEST" not in pages.get("env", {})


def test_a_weekly_check_tries_the_newest_versions_and_deploys_nothing():
    newest = workflow("newest.yml")
    (schedule,) = newest["on"]["schedule"]
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    assert newest["permissions"] == {}
    (job,) = newest["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [step for step in job["steps"] if step.get("run") == "bash .ci/run"]
    assert len(runs) == 1 and runs[0]["env"] == {"NEWEST": "1"}
    assert not any("pages" in step.get("uses", "") for step in job["steps"])
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_says_how_to_refresh_the_lock():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make lock" in readme
    assert "requirements/lock.txt" in readme
