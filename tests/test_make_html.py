"""`make html` itself, run on copies of the site at fixed clocks.

A failed build leaves no trace: the next build gives what a clean build gives, byte for
byte, and fails again, with the same messages, while a page still has a problem. A bad
clock input stops it in one line before Sphinx starts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from deadlines.core.clock import ClockError, parse_epoch
from tests.conftest import copy_site, differing, files

# The project's own environment, which `make test` set up: the copies' Makefile uses it
# as it is (-o: its install stamp counts as up to date), so no test installs anything.
VENV = Path(sys.prefix)
WHILE_RFI_OPEN = "2018-11-06T12:00Z"
WHILE_RFP_OPEN = "2018-11-20T12:00Z"  # the RFI closed on the 13th, the RFP opened on the 19th
# Variables of the calling shell that would change what make builds.
NOT_PASSED = {"NOW", "NEWEST", "SOURCE_DATE_EPOCH", "SITE_URL", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}


@dataclass(frozen=True)
class Typo:
    page: str
    right: str
    wrong: str

    def make(self, source: Path) -> None:
        self._replace(source, self.right, self.wrong)

    def fix(self, source: Path) -> None:
        self._replace(source, self.wrong, self.right)

    def _replace(self, source: Path, old: str, new: str) -> None:
        path = source / self.page
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


IN_POST = Typo(
    "posts/2018/10/pypi-security-and-accessibility-q1-2019.rst",
    ":call-date:`2019-q1-pypi-rfi:rfi-opens`",
    ":call-dat:`2019-q1-pypi-rfi:rfi-opens`",
)
IN_RFI = Typo(
    "rfi/2019-q1-pypi-rfi.md",
    "{call-date}`2019-q1-pypi-rfi:work-starts`",
    "{call-dte}`2019-q1-pypi-rfi:work-starts`",
)


def make(source: Path, *arguments: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """`make ARGUMENTS` in a copy of the site, with the project's environment."""
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED} | environ
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", "-o", f"{VENV}/.installed", *arguments],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,  # livehtml would otherwise serve for ever
    )


def html(source: Path, now: str) -> subprocess.CompletedProcess[str]:
    return make(source, "html", f"NOW={now}")


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    """What a build reported wrong, one line each."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)
    return [line for line in plain.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)]


def contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in files(folder)}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sources built once, from nothing, while the RFP is open."""
    source = copy_site(tmp_path_factory.mktemp("clean"))
    result = html(source, WHILE_RFP_OPEN)
    assert result.returncode == 0, result.stderr
    return source / "_build" / "html"


@dataclass
class LaterClock:
    """A good build while the RFI is open; a week later, a typo (the build fails); the
    typo fixed, at that same later clock."""

    first: subprocess.CompletedProcess[str]
    failed: subprocess.CompletedProcess[str]
    fixed: subprocess.CompletedProcess[str]
    before: dict[str, dict[str, bytes]]
    after_failure: dict[str, dict[str, bytes]]
    site: Path


@pytest.fixture(scope="module")
def later_clock(tmp_path_factory: pytest.TempPathFactory) -> LaterClock:
    source = copy_site(tmp_path_factory.mktemp("later-clock"))
    build = source / "_build"
    first = html(source, WHILE_RFI_OPEN)
    before = {"html": contents(build / "html"), "doctrees": contents(build / "doctrees")}
    IN_POST.make(source)
    failed = html(source, WHILE_RFP_OPEN)
    after_failure = {"html": contents(build / "html"), "doctrees": contents(build / "doctrees")}
    IN_POST.fix(source)
    fixed = html(source, WHILE_RFP_OPEN)
    return LaterClock(first, failed, fixed, before, after_failure, build / "html")


def test_the_builds_around_the_failure_succeed(later_clock):
    assert later_clock.first.returncode == 0, later_clock.first.stderr
    assert later_clock.fixed.returncode == 0, later_clock.fixed.stderr


def test_a_typo_fails_the_build_which_changes_nothing_in_the_build_folder(later_clock):
    assert later_clock.failed.returncode != 0
    assert any("call-dat" in line for line in problems(later_clock.failed))
    assert later_clock.after_failure == later_clock.before
    assert sorted(path.name for path in later_clock.site.parent.iterdir()) == ["doctrees", "html"]


def test_after_a_failed_build_at_a_later_clock_the_site_is_a_clean_build(later_clock, clean):
    assert files(later_clock.site) == files(clean)
    assert differing(clean, later_clock.site) == []


def test_the_comparison_sees_a_page_from_the_earlier_clock(later_clock, clean, tmp_path):
    """The check above can fail: the site as built a week earlier differs on the RFI page."""
    earlier = tmp_path / "earlier"
    for name, data in later_clock.before["html"].items():
        (earlier / name).parent.mkdir(parents=True, exist_ok=True)
        (earlier / name).write_bytes(data)
    assert "rfi/2019-q1-pypi-rfi.html" in differing(clean, earlier)


@dataclass
class RunAgain:
    """Two typos; the build run again unchanged; one typo fixed; the other fixed."""

    both: subprocess.CompletedProcess[str]
    both_again: subprocess.CompletedProcess[str]
    one_left: subprocess.CompletedProcess[str]
    none_left: subprocess.CompletedProcess[str]
    site: Path


@pytest.fixture(scope="module")
def run_again(tmp_path_factory: pytest.TempPathFactory) -> RunAgain:
    source = copy_site(tmp_path_factory.mktemp("run-again"))
    assert html(source, WHILE_RFP_OPEN).returncode == 0
    IN_POST.make(source)
    IN_RFI.make(source)
    both = html(source, WHILE_RFP_OPEN)
    both_again = html(source, WHILE_RFP_OPEN)
    IN_POST.fix(source)
    one_left = html(source, WHILE_RFP_OPEN)
    IN_RFI.fix(source)
    none_left = html(source, WHILE_RFP_OPEN)
    return RunAgain(both, both_again, one_left, none_left, source / "_build" / "html")


def test_a_failed_build_run_again_fails_again_with_the_same_messages(run_again):
    assert run_again.both.returncode != 0
    assert any("call-dat" in line for line in problems(run_again.both))
    assert any("call-dte" in line for line in problems(run_again.both))
    assert run_again.both_again.returncode != 0
    # -j reads pages in parallel: the same messages, in either order.
    assert sorted(problems(run_again.both_again)) == sorted(problems(run_again.both))


def test_the_build_fails_while_any_page_still_has_a_problem(run_again):
    assert run_again.one_left.returncode != 0
    left = [line for line in problems(run_again.both) if "call-dte" in line]
    assert sorted(problems(run_again.one_left)) == sorted(left)


def test_once_every_problem_is_fixed_the_site_is_a_clean_build(run_again, clean):
    assert run_again.none_left.returncode == 0, run_again.none_left.stderr
    assert files(run_again.site) == files(clean)
    assert differing(clean, run_again.site) == []


EXTRA_POST = """.. post:: 2018-10-20
   :tags: pypi, a-tag-of-its-own
   :category: A category of its own

A post that goes
================

It is published once, then its source is deleted.
"""


def test_a_deleted_page_leaves_the_site(clean, tmp_path):
    source = copy_site(tmp_path)
    extra = source / "posts" / "2018" / "10" / "a-post-that-goes.rst"
    extra.write_text(EXTRA_POST, encoding="utf-8")
    assert html(source, WHILE_RFP_OPEN).returncode == 0
    site = source / "_build" / "html"
    assert (site / "posts/2018/10/a-post-that-goes.html").is_file()
    extra.unlink()
    again = html(source, WHILE_RFP_OPEN)
    assert again.returncode == 0, again.stderr
    assert not (site / "posts/2018/10/a-post-that-goes.html").exists()
    assert files(site) == files(clean)
    assert differing(clean, site) == []


# Clock inputs: each bad value stops `make html` with one line, before Sphinx starts.

BAD_CLOCKS = [
    pytest.param({"NOW": "garbage"}, "NOW='garbage' is not an instant", id="now-words"),
    pytest.param({"NOW": "2018-11-06T12:00:00.5Z"}, "fraction of a second", id="now-fraction"),
    pytest.param({"NOW": "1969-12-31T12:00Z"}, "out of range", id="now-before-1970"),
    pytest.param({"NOW": "9999-12-31T23:00-05:00"}, "out of range", id="now-past-9999"),
    pytest.param({"NOW": "2018-11-06T12:00"}, "no time zone", id="now-no-zone"),
    pytest.param(
        {"SOURCE_DATE_EPOCH": "yesterday"},
        "SOURCE_DATE_EPOCH='yesterday' is not a whole number",
        id="epoch-words",
    ),
    pytest.param({"SOURCE_DATE_EPOCH": "1.5"}, "not a whole number", id="epoch-fraction"),
    pytest.param({"SOURCE_DATE_EPOCH": "-1"}, "out of range", id="epoch-negative"),
    pytest.param({"SOURCE_DATE_EPOCH": "100000000000000000000"}, "out of range", id="epoch-huge"),
    pytest.param(
        {"SOURCE_DATE_EPOCH": "nan", "NOW": WHILE_RFI_OPEN},
        "SOURCE_DATE_EPOCH='nan'",
        id="epoch-checked-even-with-now",
    ),
]


@pytest.fixture(scope="module")
def untouched_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site(tmp_path_factory.mktemp("bad-clock"))


@pytest.mark.parametrize(("inputs", "message"), BAD_CLOCKS)
def test_a_bad_clock_input_stops_make_html_in_one_line(untouched_copy, inputs, message):
    now = inputs.get("NOW")
    arguments = ["html", f"NOW={now}"] if now else ["html"]
    environ = {key: value for key, value in inputs.items() if key != "NOW"}
    result = make(untouched_copy, *arguments, **environ)
    assert result.returncode != 0
    # make adds its own closing line, "make: *** [Makefile:NN: html] Error 2".
    said = [line for line in result.stderr.splitlines() if not line.startswith("make: ***")]
    assert len(said) == 1, result.stderr
    assert said[0].startswith("error: ")
    assert message in said[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert not (untouched_copy / "_build").exists()  # Sphinx never started


@pytest.mark.parametrize("target", ["livehtml", "linkcheck"])
def test_every_target_that_runs_sphinx_checks_the_clock_first(untouched_copy, target):
    result = make(untouched_copy, target, SOURCE_DATE_EPOCH="yesterday")
    assert result.returncode != 0
    said = [line for line in result.stderr.splitlines() if not line.startswith("make: ***")]
    assert said == [f"error: {message_for('yesterday')}"]
    assert not (untouched_copy / "_build").exists()


def message_for(epoch: str) -> str:
    try:
        parse_epoch(epoch)
    except ClockError as error:
        return str(error)
    raise AssertionError(f"{epoch} is a good epoch")


def test_a_good_clock_input_builds(untouched_copy, tmp_path):
    """The check above can fail: the same copy builds when the clock is good."""
    source = copy_site(tmp_path)
    result = make(source, "html", SOURCE_DATE_EPOCH="1541505600")
    assert result.returncode == 0, result.stderr
    assert (source / "_build" / "html" / "index.html").is_file()
