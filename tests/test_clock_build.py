"""sphinx-build run by hand: a bad clock input stops it with the site's one line, not a
Sphinx crash report. (Through make, tests/test_make_html.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, ROOTS


def sphinx_build(out: Path, *options: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "NOW"}}
    folders = ["-d", str(out / "doctrees"), str(ROOTS / "test-calls"), str(out / "html")]
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *options, *folders],
        env=env | environ,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("options", "environ", "said"),
    [
        (["-D", "deadlines_now=garbage"], {}, "error: NOW='garbage' is not an instant"),
        (["-D", "deadlines_now=2018-11-06T12:00:00.5Z"], {}, "fraction of a second"),
        (["-D", "deadlines_now=1969-07-20T20:17Z"], {}, "out of range"),
        # Values Sphinx itself reads without complaint, so the site's check is reached.
        ([], {"SOURCE_DATE_EPOCH": "1.5"}, "error: SOURCE_DATE_EPOCH='1.5' is not a whole"),
        ([], {"SOURCE_DATE_EPOCH": "-1"}, "error: SOURCE_DATE_EPOCH='-1' is out of range"),
        ([], {"SOURCE_DATE_EPOCH": "1_541_505_600"}, "is not a whole number"),
        (
            ["-D", "deadlines_now=2018-11-06T12:00Z"],
            {"SOURCE_DATE_EPOCH": "-1"},
            "SOURCE_DATE_EPOCH='-1'",
        ),
    ],
    ids=[
        "now-words",
        "now-fraction",
        "now-before-1970",
        "epoch-fraction",
        "epoch-negative",
        "epoch-underscores",
        "epoch-beside-good-now",
    ],
)
def test_a_bad_clock_stops_sphinx_build_in_one_line(tmp_path, options, environ, said):
    result = sphinx_build(tmp_path, *options, **environ)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert said in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "html" / "index.html").exists()


def test_a_good_clock_builds(tmp_path):
    """The check above can fail: the same root builds at a good clock, quietly."""
    result = sphinx_build(tmp_path, "-D", "deadlines_now=2018-11-06T12:00Z")
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "html" / "index.html").is_file()


@pytest.mark.parametrize("epoch", ["yesterday", "1e9", "99999999999999999999", " 12 34 "])
def test_the_site_stops_an_epoch_sphinx_would_crash_on(tmp_path, epoch):
    """Sphinx reads SOURCE_DATE_EPOCH as it loads its builders, before any extension runs;
    the site's conf.py checks it first."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    folders = ["-d", str(tmp_path / "d"), str(REPO), str(tmp_path / "html")]
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *folders],
        env=env | {"SOURCE_DATE_EPOCH": epoch},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("error: SOURCE_DATE_EPOCH=")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / "html").exists()
