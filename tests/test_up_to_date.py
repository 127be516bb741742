"""sitekit.up_to_date and the runner: a build with nothing to do is answered before
Sphinx starts, and anything a build depends on changing makes Sphinx run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sitekit import up_to_date
from sitekit.up_to_date import INPUTS, RECORD, STARTED, Target, check, forget, remember, target_of
from tests.conftest import SOURCE_DATE_EPOCH, copy_test_root, files

# -- Which command lines the record answers for -------------------------------------

SIMPLE = ["-W", "-b", "html", "-d", "dt", "src", "out"]


@pytest.mark.parametrize(
    ("argv", "doctrees", "command"),
    [
        (SIMPLE, "dt", ("-W", "-b", "html", "-d", "{doctrees}", "src")),
        (["--fail-on-warning", "src", "out"], "out/.doctrees", ("--fail-on-warning", "src")),
        (
            ["-W", "--doctree-dir=dt", "--jobs=auto", "-D", "a=b", "src", "out"],
            "dt",
            ("-W", "--doctree-dir", "{doctrees}", "--jobs", "auto", "-D", "a=b", "src"),
        ),
        (["-q", "-W", "-j", "2", "src", "out"], "out/.doctrees", ("-W", "-j", "2", "src")),
    ],
    ids=["short", "long-and-default-doctrees", "equals", "quiet-jobs-console-aside"],
)
def test_the_command_lines_it_answers_for(argv, doctrees, command):
    target = target_of(argv)
    assert target == Target(Path("out"), Path(doctrees), command, quiet="-q" in argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["-b", "html", "src", "out"],  # warnings not errors: a skip could hide one
        ["-W", "-a", "src", "out"],
        ["-W", "--write-all", "src", "out"],
        ["-W", "-E", "src", "out"],
        ["-W", "--fresh-env", "src", "out"],
        ["-M", "html", "-W", "src", "out"],
        ["-W", "src", "out", "page.rst"],  # only some pages
        ["-W", "src"],
        ["-W", "-j2", "src", "out"],  # a value glued on: not read, so not vouched for
        ["-W", "--build=html", "src", "out"],  # an abbreviation
        ["-W", "-b"],  # a value missing
        ["-W", "-D=a=b", "src", "out"],
    ],
    ids=[
        "no-W", "write-all", "write-all-long", "fresh-env", "fresh-env-long", "make-mode",
        "filenames", "one-folder", "glued-value", "abbreviated", "missing-value", "short-equals",
    ],
)  # fmt: skip
def test_a_command_line_it_cannot_vouch_for_always_builds(argv):
    assert target_of(argv) is None


def test_the_environment_counts_except_what_the_shell_sets_around_a_command():
    base = {"PATH": "/bin", "SITE_URL": "https://a.example/"}
    digest = up_to_date.environment_digest(base)
    assert up_to_date.environment_digest(base | {"OLDPWD": "/x", "MAKELEVEL": "2"}) == digest
    assert up_to_date.environment_digest(base | {"SITE_URL": "https://b.example/"}) != digest
    assert up_to_date.environment_digest(base | {"SOURCE_DATE_EPOCH": "1"}) != digest
    assert "https://a.example/" not in json.dumps(digest)


# -- A record, made by hand, and each thing that must make it stale -----------------

BUILT = datetime(2018, 11, 6, 12, tzinfo=UTC)
HOLDS_UNTIL = datetime(2018, 11, 7, tzinfo=UTC)
ENVIRON = {"PATH": "/bin"}
OLD = 1_500_000_000_000_000_000  # mtimes of the sources, long before the build started


class Site:
    """A source folder and a finished build of it, with the record the runner leaves."""

    def __init__(self, root: Path, clock_setting: str = "") -> None:
        self.source = root / "src"
        self.page = self.source / "posts" / "page.rst"
        self.read = root / "elsewhere" / "read.txt"  # read by conf.py, outside the sources
        self.missing = root / "elsewhere" / "template.html"  # looked for, not found
        self.target = Target(root / "out", root / "doctrees", ("-W", "src"))
        for path, text in [(self.page, "A page"), (self.source / "conf.py", ""), (self.read, "x")]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        for path in [self.page, self.page.parent, self.source / "conf.py", self.read]:
            os.utime(path, ns=(OLD, OLD))
        os.utime(self.source, ns=(OLD, OLD))
        forget(self.target)
        for output in [self.target.outdir / "page.html", self.target.doctreedir / "page.doctree"]:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text("built")
        inputs = {
            "files": [str(self.page), str(self.source / "conf.py")],
            "folders": [str(self.source), str(self.page.parent)],
            "clock": {
                "setting": clock_setting,
                "built": BUILT.isoformat(),
                "holds_until": HOLDS_UNTIL.isoformat(),
            },
        }
        (self.target.doctreedir / INPUTS).write_text(json.dumps(inputs))

    def remember(self, environ: dict[str, str] = ENVIRON) -> bool:
        return remember(self.target, environ, [str(self.read), str(self.missing)], [])

    def check(self, environ: dict[str, str] = ENVIRON, at: datetime = BUILT) -> up_to_date.Verdict:
        return check(self.target, environ, lambda: at)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.chdir(tmp_path)
    made = Site(tmp_path)
    assert made.remember()
    return made


def test_a_record_left_by_a_build_holds_while_nothing_changes(site):
    assert site.check().up_to_date
    assert site.check(at=HOLDS_UNTIL - timedelta(seconds=1)).up_to_date
    assert sorted(os.listdir(site.target.doctreedir)) == ["page.doctree", RECORD]


def edit(path: Path) -> None:
    path.write_text(path.read_text() + " edited")


def touch(path: Path) -> None:
    os.utime(path, ns=(OLD + 10**9, OLD + 10**9))


CHANGES = {
    "a page edited": lambda site: edit(site.page),
    "a page touched, same bytes": lambda site: touch(site.page),
    "a page removed": lambda site: site.page.unlink(),
    "a page added": lambda site: (site.page.parent / "new.rst").write_text("new"),
    "conf.py edited": lambda site: edit(site.source / "conf.py"),
    "a file conf.py read edited": lambda site: edit(site.read),
    "a file the build looked for appears": lambda site: site.missing.write_text("new"),
    "an output page deleted": lambda site: (site.target.outdir / "page.html").unlink(),
    "an output page edited": lambda site: edit(site.target.outdir / "page.html"),
    "a doctree deleted": lambda site: (site.target.doctreedir / "page.doctree").unlink(),
    "the record unreadable": lambda site: site.target.record.write_text("{"),
    "the record of another version": lambda site: site.target.record.write_text('{"format": 0}'),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_what_the_build_read_or_wrote_makes_it_build(site, change):
    CHANGES[change](site)
    assert not site.check().up_to_date


def test_a_change_to_the_environment_the_folder_or_the_python_makes_it_build(
    site, monkeypatch, tmp_path
):
    assert not site.check(ENVIRON | {"SITE_URL": "https://b.example/"}).up_to_date
    monkeypatch.setattr(sys, "executable", "/another/python")
    assert not site.check().up_to_date
    monkeypatch.undo()
    monkeypatch.chdir(site.source)
    assert not site.check().up_to_date


def test_another_command_line_makes_it_build(site):
    other = Target(site.target.outdir, site.target.doctreedir, ("-W", "-j", "2", "src"))
    assert not check(other, ENVIRON, lambda: BUILT).up_to_date


@pytest.mark.parametrize(
    ("at", "holds"),
    [
        (BUILT, True),
        (BUILT + timedelta(hours=3), True),
        (HOLDS_UNTIL - timedelta(seconds=1), True),
        (HOLDS_UNTIL, False),
        (HOLDS_UNTIL + timedelta(days=30), False),
        (BUILT - timedelta(seconds=1), False),  # the clock went back
    ],
    ids=["same-instant", "later", "last-second", "turn", "much-later", "earlier"],
)
def test_the_wall_clock_holds_until_the_pages_turn(site, at, holds):
    assert site.check(at=at).up_to_date is holds


def test_a_fixed_clock_holds_for_its_instant_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path, clock_setting="2018-11-06T12:00Z")
    assert site.remember()
    assert site.check(at=HOLDS_UNTIL + timedelta(days=30)).up_to_date  # the wall clock is not read
    assert not site.check(ENVIRON | {"SOURCE_DATE_EPOCH": "1"}).up_to_date  # the environment


def test_a_bad_clock_input_makes_it_build_and_say_so_there(site):
    assert not site.check(ENVIRON | {"SOURCE_DATE_EPOCH": "yesterday"}).up_to_date


def test_an_input_changed_while_the_build_ran_leaves_no_record(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path)
    os.utime(site.page)  # now: after the build started
    assert not site.remember()
    assert not site.target.record.exists()
    assert sorted(os.listdir(site.target.doctreedir)) == ["page.doctree"]


def test_a_build_that_did_not_vouch_for_its_inputs_leaves_no_record(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path)
    (site.target.doctreedir / INPUTS).unlink()
    assert not site.remember()
    assert not site.target.record.exists()


@pytest.mark.parametrize(
    "damage",
    [
        {"inputs": ["a", "list"]},
        {"inputs": {"3": [1, 2]}, "outdir": None},
        {"clock": {"setting": "", "built": "yesterday", "holds_until": "soon"}},
        {"clock": {"setting": "", "built": "2018-11-06T12:00:00", "holds_until": "2018-11-07"}},
        {"clock": None},
        {"outdir": {"page.html": "big"}},
    ],
    ids=["inputs-a-list", "outputs-none", "clock-words", "clock-naive", "clock-none", "stamp-word"],
)
def test_a_damaged_record_makes_it_build_without_a_traceback(site, damage):
    record = json.loads(site.target.record.read_text())
    site.target.record.write_text(json.dumps(record | damage))
    assert not site.check().up_to_date


def test_a_doctree_folder_that_cannot_be_written_keeps_no_record(tmp_path):
    (tmp_path / "doctrees").write_text("a file, not a folder")
    target = Target(tmp_path / "out", tmp_path / "doctrees", ("-W", "src"))
    assert forget(target) is False


@pytest.mark.parametrize("inputs", ['{"files": 3}', "[]", '{"files": [], "folders": []}'])
def test_inputs_the_build_wrote_wrong_leave_no_record(tmp_path, monkeypatch, inputs):
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path)
    (site.target.doctreedir / INPUTS).write_text(inputs)
    assert not site.remember()
    assert not site.target.record.exists()


def test_a_build_forgets_the_record_before_it_starts(site):
    forget(site.target)
    assert not site.target.record.exists()
    assert (site.target.doctreedir / STARTED).exists()
    assert not site.check().up_to_date


# -- The runner, on a real build -----------------------------------------------------

RFI_PAGE = (Path(__file__).parent / "roots" / "test-calls" / "rfi.md").read_text(encoding="utf-8")
RFI_PAGE = RFI_PAGE.replace(":next: test-rfp\n", "")  # a call of its own


# pytest names the test's phase in the environment: each build would see another one.
NOT_PASSED = {"SOURCE_DATE_EPOCH", "PYTEST_CURRENT_TEST"}


def run(source: Path, out: Path, *options: str, **environ: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED}
    command = [sys.executable, "-m", "sitekit.runner", *options, "-W", "-b", "html"]
    command += ["-d", str(out / "doctrees"), str(source), str(out / "html")]
    return subprocess.run(
        command, env=env | environ, cwd=source, capture_output=True, text=True, check=False
    )


def written(html: Path) -> dict[str, int]:
    return {name: (html / name).stat().st_mtime_ns for name in files(html)}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    pages = {
        "rfi.md": RFI_PAGE,
        "index.md": "# Index\n\n```{toctree}\nrfi\n```\n",
        "_static/extra.css": "p { color: red }",
    }
    source = copy_test_root(tmp_path / "src", "test-blog", pages)
    with (source / "conf.py").open("a") as conf:
        conf.write('templates_path = ["_templates"]\nhtml_static_path = ["_static"]\n')
    epoch = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    first = run(source, tmp_path / "out", **epoch)
    assert (first.returncode, first.stderr) == (0, "")
    return source, tmp_path / "out"


def test_nothing_changed_is_answered_without_writing_a_file(built):
    source, out = built
    before = written(out / "html")
    again = run(source, out, SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    assert again.returncode == 0
    assert "is up to date: nothing it was built from changed" in again.stdout
    assert again.stdout.count("\n") == 1 and again.stderr == ""
    assert written(out / "html") == before


@pytest.mark.parametrize(
    "change",
    [
        "a post edited",
        "a template added",
        "a static file edited",
        "conf.py edited",
        "a page deleted from the output",
        "another clock",
        "always build",
    ],
)
def test_the_runner_builds_when_anything_changed(built, change):
    source, out = built
    environ = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    options = []
    if change == "a post edited":
        edit(source / "posts" / "good.rst")
    elif change == "a template added":
        (source / "_templates").mkdir()
        (source / "_templates" / "layout.html").write_text(
            '{% extends "!layout.html" %}{% block footer %}Footer here{% endblock %}'
        )
    elif change == "a static file edited":
        edit(source / "_static" / "extra.css")
    elif change == "conf.py edited":
        edit_conf = (source / "conf.py").read_text() + 'html_title = "Another title"\n'
        (source / "conf.py").write_text(edit_conf)
    elif change == "a page deleted from the output":
        (out / "html" / "rfi.html").unlink()
    elif change == "another clock":
        environ["SOURCE_DATE_EPOCH"] = str(SOURCE_DATE_EPOCH + 86400)
    else:
        options = ["--always-build"]
    again = run(source, out, *options, **environ)
    assert (again.returncode, again.stderr) == (0, "")
    assert "is up to date" not in again.stdout
    assert (out / "html" / "rfi.html").is_file()
    if change == "a template added":
        assert "Footer here" in (out / "html" / "rfi.html").read_text()
    if change == "a static file edited":
        assert (out / "html" / "_static" / "extra.css").read_text().endswith("edited")
    assert "is up to date" in run(source, out, **environ).stdout  # and then it holds again


def test_a_failed_build_leaves_no_record_and_the_next_one_fails_again(built):
    source, out = built
    (source / "posts" / "good.rst").write_text(".. post:: 2018-10-30\n\nA `link`_\n")
    epoch = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    failed = run(source, out, **epoch)
    assert failed.returncode != 0
    assert not (out / "doctrees" / RECORD).exists()
    assert run(source, out, **epoch).returncode == failed.returncode


def test_quiet_says_nothing_when_nothing_changed(built):
    source, out = built
    before = written(out / "html")
    again = run(source, out, "-q", SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert written(out / "html") == before


def test_on_the_wall_clock_the_record_holds_until_the_calls_turn(built):
    """Built on the wall clock: the record's answer turns where the snapshot says."""
    source, out = built
    assert run(source, out).returncode == 0  # the wall clock: whatever instant it is now
    record = json.loads((out / "doctrees" / RECORD).read_text())
    built_at = datetime.fromisoformat(record["clock"]["built"])
    until = datetime.fromisoformat(record["clock"]["holds_until"])
    assert (
        built_at
        < until
        <= datetime.combine(built_at.date() + timedelta(days=1), datetime.min.time(), UTC)
    )
    target = target_of(
        ["-W", "-b", "html", "-d", str(out / "doctrees"), str(source), str(out / "html")]
    )
    environ = {key: value for key, value in os.environ.items() if key not in NOT_PASSED}
    cwd = os.getcwd()
    os.chdir(source)
    try:
        assert check(target, environ, lambda: until - timedelta(seconds=1)).up_to_date
        assert not check(target, environ, lambda: until).up_to_date
    finally:
        os.chdir(cwd)


def test_a_page_in_a_hidden_folder_is_in_the_record_too(tmp_path):
    """The walk leaves hidden folders out (version control); a page Sphinx found there is
    named all the same, and editing it makes the runner build."""
    pages = {f".hidden/page{n}.md": f"# Hidden {n}\n\nText.\n" for n in range(6)}
    source = copy_test_root(tmp_path / "src", "test-blog", pages)
    toctree = "\n".join(f".hidden/page{n}" for n in range(6))
    (source / "index.md").write_text(f"# Index\n\n```{{toctree}}\n{toctree}\n```\n")
    epoch = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    # -j 2: the pages are read in forked readers, whose reads the runner does not see.
    assert run(source, tmp_path / "out", "-j", "2", **epoch).returncode == 0
    assert "is up to date" in run(source, tmp_path / "out", "-j", "2", **epoch).stdout
    edit(source / ".hidden" / "page0.md")
    again = run(source, tmp_path / "out", "-j", "2", **epoch)
    assert (again.returncode, again.stderr) == (0, "")
    assert "edited" in (tmp_path / "out" / "html" / ".hidden" / "page0.html").read_text()


def test_a_page_in_a_linked_folder_is_in_the_record(tmp_path):
    """Sphinx follows a folder linked into the sources; so does the record."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for n in range(6):
        (elsewhere / f"page{n}.md").write_text(f"# Linked {n}\n\nText.\n")
    source = copy_test_root(tmp_path / "src", "test-blog")
    (source / "linked").symlink_to(elsewhere, target_is_directory=True)
    toctree = "\n".join(f"linked/page{n}" for n in range(6))
    (source / "index.md").write_text(f"# Index\n\n```{{toctree}}\n{toctree}\n```\n")
    epoch = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    assert run(source, tmp_path / "out", "-j", "2", **epoch).returncode == 0
    assert "is up to date" in run(source, tmp_path / "out", "-j", "2", **epoch).stdout
    edit(elsewhere / "page3.md")
    again = run(source, tmp_path / "out", "-j", "2", **epoch)
    assert (again.returncode, again.stderr) == (0, "")
    assert "edited" in (tmp_path / "out" / "html" / "linked" / "page3.html").read_text()


def test_a_clean_build_inside_the_sources_leaves_a_record(tmp_path):
    """As `make html` builds: into the sources' own _build, which the build creates. The
    folder it appears in is the sources' own, and its time moves as the build starts."""
    source = copy_test_root(tmp_path / "src", "test-blog")
    epoch = {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}
    first = run(source, source / "_build", **epoch)
    assert (first.returncode, first.stderr) == (0, "")
    assert "is up to date" in run(source, source / "_build", **epoch).stdout


def test_the_start_mark_waits_for_a_folder_time_ahead_of_it_only_so_long(tmp_path, monkeypatch):
    """A folder dated ahead of the clock (a copied tree, a server's clock): the mark is
    written, the wait ends, and the build goes on; its record is what is lost."""
    ahead = tmp_path / "ahead"
    ahead.mkdir()
    future = time.time_ns() + 3600 * 10**9
    os.utime(ahead, ns=(future, future))
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) > 1000:
            raise AssertionError("still waiting")

    monkeypatch.setattr(up_to_date.time, "sleep", nap)
    monkeypatch.setattr(up_to_date, "MARK_WAIT_SECONDS", 0.0)
    marker = tmp_path / "started"
    up_to_date._mark_start_after(marker, [ahead])
    assert marker.is_file()
    assert marker.stat().st_mtime_ns < future
