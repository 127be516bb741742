"""Build the same archives with stock ablog, with this site and with Pelican, and compare.

The archives: synthetic ones of N posts (bench/synthetic.py) and, with ``--archive
DIR``, the PSF's real one, brought in by the site's importer; Pelican gets the same
posts, converted by bench/to_pelican.py. For each: a full build, a no-op rebuild, a
rebuild after editing one post and the peak memory of each project; on a synthetic
archive, this site also builds once more after only the clock moved. Prints a table for
each archive, which targets each size meets, and how the full build's cost per post
grows with N, and writes ``bench/work/results-*.json``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import NamedTuple, NoReturn

import ablog
import sphinx
from sphinx.config import Config
from sphinx.util.matching import Matcher
from sphinx.util.tags import Tags
from synthetic import edit_one_post, write_archive
from to_pelican import convert_posts

import archive
import deadlines
import sitekit
from archive.importer import Summary, import_archive
from deadlines.config import SETTINGS
from deadlines.core.calls import parse_call
from deadlines.core.status import State, Status, status_at
from sitekit.up_to_date import UP_TO_DATE

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
STOCK = BENCH / "stock"
PELICAN_CONF = BENCH / "pelican" / "pelicanconf.py"

# The build's clock: the site's deadlines extension reads it (and, through sitekit, so
# does ablog's draft cut-off). Both projects get it; stock ablog ignores it and
# publishes every post up to the machine's date. It is after the last post of both
# archives (the real one ends in 2024), so both projects publish every post and build
# the same archive pages.
SOURCE_DATE_EPOCH = 1735776000  # 2025-01-02 00:00 UTC
# An edit or a clock move takes about a second, and this machine's speed moves by a
# fifth from one build to the next: each is built REPEATS times (odd: the clock's moves
# there and back end moved), and its median is its figure. So are the full builds of
# this site and Pelican, whose ratio is a target (Project.full_builds).
REPEATS = 3
SAMPLE_SECONDS = 0.02
RESCAN_SAMPLES = 5
PSS_SECONDS = 0.5
PSS_LINE = re.compile(r"^Pss:\s+(\d+) kB", re.M)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MB = 1_000_000
TAIL_LINES = 30
DEFAULT_SIZES = (300, 1000, 3000)
# The targets hold on this many cores; a run on another machine says so.
TARGET_CORES = 2
# Stock ablog declares itself unsafe for parallel reading, so with -j 2 Sphinx warns,
# which -W makes an error: stock builds as `ablog build` does, on one core.
STOCK_JOBS = 1
# "Clock moved": after the edited post, this site builds again with the clock this much
# later and no file changed. The bench's copy of the site gets one call of its own,
# open at the build's clock and closing soon at the moved one (see ClockCall).
CLOCK_STEP = timedelta(days=1)
CLOCK_CALL_ID = "bench-clock-call"
CLOCK_CALL_PAGE = Path("rfi") / f"{CLOCK_CALL_ID}.md"
CLOCK_CALL_TIMEZONE = "AoE"
PAGES_NAMED = 8  # pages the clock move wrote, named in the table's note; the rest counted
# The per-post cost of a full build must not grow: SCALE_TO posts take at most
# SCALE_LIMIT times as long as SCALE_FROM posts (3x the posts, 10% slack).
SCALE_FROM, SCALE_TO, SCALE_LIMIT = 1000, 3000, 3.3
# Sphinx's last line: "build succeeded, 2 warnings." or, under -W,
# "build finished with problems, 16 warnings (with warnings treated as errors)."
WARNING_COUNT = re.compile(r"build (?:succeeded|finished with problems), (\d+) warnings?\b")
# Pelican counts nothing: each warning or error is one line of its log, the level in the
# column after the time (blank when the second is the previous line's).
PELICAN_PROBLEM = re.compile(r"^(?:\[\d\d:\d\d:\d\d\]| {10}) (?:WARNING|ERROR|CRITICAL) ", re.M)
# Its last line: "Done: Processed 300 articles, 0 drafts, ..."
PELICAN_DONE = re.compile(r"^Done: Processed (\d+) articles?\b", re.M)


@dataclass
class Build:
    """One sphinx-build run: wall-clock and CPU seconds, the peak memory of its process
    tree (as RSS summed, and as PSS summed), and how many warnings Sphinx counted."""

    seconds: float
    cpu_seconds: float
    peak_rss_bytes: int
    warnings: int = 0
    peak_pss_bytes: int = 0
    runs: tuple[float, ...] = ()  # each build's seconds, when the step was built REPEATS times


def median_of(builds: Sequence[Build]) -> Build:
    """A repeated step: the build of median time, with the most memory and warnings any
    repeat had, and every repeat's seconds."""
    middle = sorted(builds, key=lambda build: build.seconds)[len(builds) // 2]
    return replace(
        middle,
        peak_rss_bytes=max(build.peak_rss_bytes for build in builds),
        peak_pss_bytes=max(build.peak_pss_bytes for build in builds),
        warnings=max(build.warnings for build in builds),
        runs=tuple(build.seconds for build in builds),
    )


@dataclass
class Project:
    name: str
    root: Path
    epoch: int
    posts: list[Path] = field(default_factory=list)
    # How the project is built: the site through its runner, as `make html` does.
    builder: tuple[str, ...] = ("-m", "sphinx")
    # The builder's option to run Sphinx even when nothing changed (the site's runner
    # answers "up to date" first); empty when the builder has no such answer.
    always_build: tuple[str, ...] = ()
    # How many full builds from nothing give its figure: stock's, minutes long and judged
    # against nothing, is built once.
    full_builds: int = REPEATS

    @property
    def src(self) -> Path:
        return self.root / "src"

    @property
    def out(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def doctrees(self) -> Path:
        return self.root / "_build" / "doctrees"

    @property
    def cache(self) -> Path:
        """Pelican's record of the posts it read, as doctrees are Sphinx's."""
        return self.root / "_build" / "cache"

    def clean(self) -> None:
        shutil.rmtree(self.root / "_build", ignore_errors=True)


# -- Peak memory ------------------------------------------------------------------


def _parent_pids() -> dict[int, int]:
    """Map every live pid to its parent, from /proc/<pid>/stat."""
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        # Field 4 is the parent; the command name (field 2) may hold spaces, so split after it.
        parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    return parents


def descendants(root: int) -> set[int]:
    """``root`` and every process below it."""
    parents = _parent_pids()
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    return tree


def total_pss(pids: set[int]) -> int:
    """Summed proportional memory of ``pids``, in bytes: a page shared by k processes
    counts 1/k in each, so the sum is the memory the tree holds, each page once."""
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = PSS_LINE.search(rollup)
        total += int(found[1]) * 1024 if found else 0
    return total


def total_rss(pids: set[int]) -> int:
    """Summed resident memory of ``pids``, in bytes; processes that have ended count 0.

    Forked ``-j`` workers share pages with their parent until written, so the sum
    counts shared pages once per process: an upper bound, as ``ps`` or ``top`` add up.
    """
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except OSError:
            continue
    return total


class PeakSampler(threading.Thread):
    """Sample a process tree's total RSS every SAMPLE_SECONDS and keep the maximum; and
    its total PSS when the RSS sum reaches a new high, at most every PSS_SECONDS (the
    kernel walks each process's pages for it: 7 ms for a 300 MB process, so reading it
    at every new high took 3 s of CPU from a 1,000-post build on 2 cores, and slowed
    what was measured). A build with no PSS read counts its RSS peak, never less.

    Finding the tree means reading every /proc/<pid>/stat (about 1.5 ms), so it is
    redone only every RESCAN_SAMPLES samples; reading the tree's RSS is cheap.
    ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` would be simpler, but it is the largest
    single process ever waited for, not the sum over parallel workers, and it never
    goes down between the builds of one run.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.peak_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        tree: set[int] = set()
        samples = 0
        pss_read_at = -PSS_SECONDS
        while not self.done.is_set():
            if samples % RESCAN_SAMPLES == 0:
                tree = descendants(self.pid)
            rss = total_rss(tree)
            now = time.monotonic()
            if rss > self.peak and now >= pss_read_at + PSS_SECONDS:
                self.peak_pss = max(self.peak_pss, total_pss(tree))
                pss_read_at = now
            self.peak = max(self.peak, rss)
            samples += 1
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> tuple[int, int]:
        """The peaks of the RSS and the PSS sums."""
        self.done.set()
        self.join()
        return self.peak, min(self.peak_pss, self.peak) or self.peak


# -- Building ---------------------------------------------------------------------


def warning_count(status: str) -> int | None:
    """The warnings Sphinx counted, from its last status line; None if it never got there.
    The site's runner, finding nothing changed, says so instead (and warns of nothing)."""
    found = WARNING_COUNT.findall(status)
    if found:
        return int(found[-1])
    return 0 if "build succeeded." in status or UP_TO_DATE in status else None


def sphinx_build(
    project: Project,
    step: str,
    jobs: int,
    *,
    strict: bool = True,
    epoch: int | None = None,
    always: bool = False,
) -> Build:
    """Run the Makefile's html command (without its staging copy) and measure it: the
    site's through ``sitekit.runner``, as the Makefile does, stock's through sphinx-build.
    The clock is the project's, or ``epoch``. ``always``: Sphinx runs even when the
    runner would answer that nothing changed.

    A strict build stops the benchmark, with the end of sphinx-build's stderr, if it
    fails or writes anything to stderr: -W makes Sphinx's warnings fail the build, and
    stderr also catches what -W misses, such as stock ablog's warnings through Python's
    logging. A lenient one (the real archive, whose posts nobody here wrote) is measured
    as long as Sphinx finishes: under -W it still builds every page, then exits 1 and
    counts the warnings; only a crash stops the benchmark.
    """
    command = [
        *(sys.executable, *project.builder, *(project.always_build if always else ())),
        *("-W", "-b", "html"),
        *("-d", str(project.doctrees), "-j", str(jobs)),
        *(str(project.src), str(project.out)),
    ]
    run = timed_run(project, step, command, epoch)
    warnings = warning_count(run.stdout)
    finished = warnings is not None and run.returncode in (0, 1)
    if not finished or (strict and (run.returncode != 0 or run.stderr.strip())):
        run.fail(run.stderr)
    return run.build(warnings or 0)


def pelican_problems(log: str) -> int:
    """The warnings and errors in Pelican's log, one line each."""
    return len(PELICAN_PROBLEM.findall(log))


def pelican_build(project: Project, step: str, *, strict: bool = True) -> Build:
    """Run ``pelican content -o OUT -s pelicanconf.py`` and measure it, like sphinx_build.

    Pelican logs a post it cannot read as an error and goes on without it, and exits 0
    all the same; so a strict build stops the benchmark on any warning or error in its
    log, or anything on stderr. A lenient one is measured as long as Pelican gets to its
    last line, and counts them.
    """
    command = [
        *(sys.executable, "-m", "pelican", "content", "-o", str(project.out)),
        *("-s", PELICAN_CONF.name, "--cache-path", str(project.cache)),
    ]
    run = timed_run(project, step, command)
    problems = pelican_problems(run.stdout)
    finished = run.returncode == 0 and PELICAN_DONE.search(run.stdout)
    if not finished or (strict and (problems or run.stderr.strip())):
        run.fail(run.stdout + run.stderr)
    return run.build(problems)


@dataclass(frozen=True)
class Run:
    """One measured command: what it printed and what it cost."""

    project: Project
    step: str
    command: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    cpu_seconds: float
    peak_rss_bytes: int
    peak_pss_bytes: int = 0

    def build(self, warnings: int) -> Build:
        print(
            f"{self.seconds:.2f} s, {self.peak_pss_bytes / MB:.0f} MB"
            f" ({self.peak_rss_bytes / MB:.0f} MB RSS)"
            + (f", {warnings} warnings" if warnings else "")
        )
        return Build(
            self.seconds, self.cpu_seconds, self.peak_rss_bytes, warnings, self.peak_pss_bytes
        )

    def fail(self, log: str) -> NoReturn:
        """Stop the benchmark with the end of ``log``."""
        print("FAILED" if self.returncode else "WARNED")
        tail = "\n".join(log.splitlines()[-TAIL_LINES:])
        sys.exit(
            f"{self.project.name} {self.step}: exit {self.returncode} "
            f"({' '.join(self.command)}):\n{tail}"
        )


def timed_run(project: Project, step: str, command: list[str], epoch: int | None = None) -> Run:
    """Run ``command`` in the project's sources with the build clock (the project's, or
    ``epoch``); time it, sample its memory, and keep its output in ``logs/STEP.out`` and
    ``.err``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(project.epoch if epoch is None else epoch)}
    os.sync()  # what the last step wrote reaches the disk on its time, not this one's
    logs = project.root / "logs"
    logs.mkdir(exist_ok=True)
    print(f"  {project.name}: {step} ...", end=" ", flush=True)
    cpu_before = _children_cpu()
    with open(logs / f"{step}.out", "w") as out, open(logs / f"{step}.err", "w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project.src, env=env, stdout=out, stderr=err)
        sampler = PeakSampler(process.pid)
        sampler.start()
        returncode = process.wait()
        seconds = time.perf_counter() - start
        peak, peak_pss = sampler.stop()
    return Run(
        project, step, command, returncode,
        (logs / f"{step}.out").read_text(), (logs / f"{step}.err").read_text(),
        seconds, round(_children_cpu() - cpu_before, 2), peak, peak_pss,
    )  # fmt: skip


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def measure(project: Project, jobs: int, *, strict: bool = True) -> dict[str, Build]:
    """Full build from nothing, the same build again, then one edited post; for the
    site, also Sphinx's own no-op, which its runner answers without."""
    builds = _measure(project, lambda step: sphinx_build(project, step, jobs, strict=strict))
    if project.always_build:
        builds["noop_sphinx"] = sphinx_build(
            project, "noop-sphinx", jobs, strict=strict, always=True
        )
    return builds


@dataclass(frozen=True)
class ClockBuild:
    """The build after only the clock moved, the pages it wrote, and those whose bytes
    it changed (Sphinx writes some, such as search.html, on every build)."""

    build: Build
    written: list[str]  # HTML files, relative to the output folder
    changed: list[str]


def measure_clock_move(project: Project, jobs: int, moved_epoch: int) -> ClockBuild:
    """The same command with the clock at ``moved_epoch``, no file changed; the pages it
    wrote and changed are read from their modification times and bytes before and after."""
    before = html_pages(project.out)
    build = sphinx_build(project, "clock", jobs, epoch=moved_epoch)
    after = html_pages(project.out)
    # Then back and forth again, each a move of the clock alone; the last leaves it moved.
    moves = [build]
    for repeat in range(1, REPEATS):
        epoch = project.epoch if repeat % 2 else moved_epoch
        moves.append(sphinx_build(project, repeated("clock", repeat), jobs, epoch=epoch))
    build = median_of(moves)
    new = PageState(-1, "")
    written = sorted(
        page for page, state in after.items() if before.get(page, new).mtime_ns != state.mtime_ns
    )
    changed = sorted(
        page for page, state in after.items() if before.get(page, new).digest != state.digest
    )
    return ClockBuild(build, written, changed)


class PageState(NamedTuple):
    mtime_ns: int
    digest: str


def html_pages(out: Path) -> dict[str, PageState]:
    """Each HTML file under ``out``: when it was last written, and a digest of its bytes."""
    return {
        path.relative_to(out).as_posix(): PageState(
            path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()
        )
        for path in out.rglob("*.html")
    }


def measure_pelican(project: Project, *, strict: bool = True) -> dict[str, Build]:
    """The same three builds with Pelican: its content cache is kept between them."""
    return _measure(project, lambda step: pelican_build(project, step, strict=strict))


def _measure(project: Project, build: Callable[[str], Build]) -> dict[str, Build]:
    """The full build (``project.full_builds`` times, each from nothing), the no-op, and
    the edit (REPEATS times, the same post edited again each time)."""
    fulls = []
    for repeat in range(project.full_builds):
        project.clean()
        fulls.append(build(repeated("full", repeat)))
    builds = {"full": median_of(fulls), "noop": build("noop")}
    edits = []
    for repeat in range(REPEATS):
        edited = edit_one_post(project.posts)
        edits.append(build(repeated(f"edit-{edited.stem}", repeat)))
    builds["edit"] = median_of(edits)
    return builds


def repeated(step: str, repeat: int) -> str:
    """A step's name for its logs: the first build's plain, the next ones numbered."""
    return f"{step}-{repeat + 1}" if repeat else step


# -- The three projects -----------------------------------------------------------


def stock_project(root: Path, epoch: int) -> Project:
    """ablog's quickstart project (bench/stock), with no posts yet."""
    project = Project("stock", root, epoch, full_builds=1)
    shutil.copytree(STOCK, project.src, ignore=shutil.ignore_patterns("__pycache__"))
    (project.src / "_static").mkdir()  # ablog start makes it; conf.py names it
    return project


def site_config() -> Config:
    """The site's conf.py as Sphinx reads it, the deadlines settings included."""
    config = Config.read(REPO, overrides={}, tags=Tags())
    for setting in SETTINGS:
        config.add(
            setting.name, setting.default, setting.rebuild, frozenset({type(setting.default)})
        )
    return config


def site_sources() -> list[str]:
    """The repository's top-level entries that the site's build reads.

    Everything but what conf.py excludes, hidden entries, and the Python packages
    (deadlines, sitekit), which are installed in the environment, not copied.
    """
    excluded = Matcher(site_config().exclude_patterns)
    return sorted(
        entry.name
        for entry in REPO.iterdir()
        if not entry.name.startswith(".")
        and not entry.name.endswith(".egg-info")
        and not excluded(entry.name)
        and not (entry / "__init__.py").is_file()
    )


SITE_PACKAGES = (sitekit, deadlines, archive)  # the site's own code, as this Python imports it


def compile_packages(packages: Iterable[ModuleType]) -> None:
    """Byte-compile the site's own packages before any build, as pip compiles an installed
    package (Sphinx's, ablog's, Pelican's). They are installed in place, so Python writes
    their bytecode on first import, unless PYTHONDONTWRITEBYTECODE is set, as it is on
    the machines this benchmark runs on: every build then compiled the site's 60 modules
    from source, 0.08 s of an edit at 1,000 posts."""
    for package in packages:
        compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)


def site_project(root: Path, epoch: int) -> Project:
    """A copy of this site, its own posts included."""
    project = Project(
        "ours", root, epoch, builder=("-m", "sitekit.runner"), always_build=("--always-build",)
    )
    project.src.mkdir(parents=True)
    for name in site_sources():
        source, target = REPO / name, project.src / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    return project


@dataclass(frozen=True)
class ClockCall:
    """The call the bench adds to its copy of the site, so that moving the clock changes
    a call's state: open at the build's clock, closing soon one CLOCK_STEP later.

    The site's calls all closed in 2019: at the bench's clock a move only changes the
    "Status as of" day on the pages that show them. This call is open at both clocks,
    so the notice every page carries (calls open now or soon) stays as it was, and only
    the pages that show the call are written again. Its closing day is chosen with the
    site's own rules (deadlines' ``status_at`` and the site's closing-soon days).
    """

    epoch: int
    moved_epoch: int
    opens: date
    closes: date
    before: Status
    after: Status

    @property
    def options(self) -> dict[str, str]:
        return clock_call_options(self.opens, self.closes)

    @property
    def transition(self) -> str:
        return f"{describe_status(self.before)} -> {describe_status(self.after)}"

    def page(self) -> str:
        """The call's page in MyST, outside every toctree (orphan), as the site declares calls."""
        lines = "".join(f":{name}: {value}\n" for name, value in self.options.items())
        return (
            "---\norphan: true\n---\n\n# A call for the benchmark\n\n"
            f"```{{call}} {CLOCK_CALL_ID}\n{lines}```\n\n"
            "The benchmark writes this call into its copy of the site, to measure a build "
            "where only the clock moved.\n"
        )

    def facts(self, clock: ClockBuild) -> dict:
        """For the results file: the call, both clocks, and the pages the move wrote."""
        return {
            "call": CLOCK_CALL_ID, "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(), "timezone": CLOCK_CALL_TIMEZONE,
            "source_date_epoch": self.epoch, "moved_source_date_epoch": self.moved_epoch,
            "transition": self.transition, "pages_written": clock.written,
            "pages_changed": clock.changed,
        }  # fmt: skip


def clock_call_options(opens: date, closes: date) -> dict[str, str]:
    return {
        "kind": "RFP",
        "title": "A call for the benchmark",
        "opens": opens.isoformat(),
        "closes": closes.isoformat(),
        "timezone": CLOCK_CALL_TIMEZONE,
    }


def describe_status(status: Status) -> str:
    if status.state is State.OPEN and status.closing_soon:
        return "closing soon"
    return status.state.value


def clock_call(epoch: int, closing_soon_days: int, step: timedelta = CLOCK_STEP) -> ClockCall:
    """The call open at ``epoch`` that starts closing soon within ``step`` after it."""
    now = datetime.fromtimestamp(epoch, UTC)
    moved = now + step
    opens = now.date() - timedelta(days=30)
    for days in range(closing_soon_days + step.days + 3):
        closes = now.date() + timedelta(days=days)
        call, problems = parse_call(CLOCK_CALL_ID, clock_call_options(opens, closes), [])
        if call is None or problems:
            raise ValueError(f"the bench's call does not parse: {problems}")
        before, after = (status_at(call, at, closing_soon_days) for at in (now, moved))
        both_open = before.state is after.state is State.OPEN
        if both_open and not before.closing_soon and after.closing_soon:
            return ClockCall(epoch, int(moved.timestamp()), opens, closes, before, after)
    raise ValueError(
        f"no closing day takes a call from open to closing soon within {step.days} days"
    )


def write_clock_call(project: Project) -> ClockCall:
    """Add the bench's call to this site's copy, at the project's clock."""
    days = site_config().deadlines_closing_soon_days
    try:
        call = clock_call(project.epoch, days)
    except ValueError as error:
        sys.exit(
            f"conf.py: deadlines_closing_soon_days = {days}: {error}; the clock row needs 1 or more"
        )
    page = project.src / CLOCK_CALL_PAGE
    page.write_text(call.page(), encoding="utf-8")
    return call


def pelican_project(root: Path, epoch: int, ablog_root: Path, posts: Sequence[Path]) -> Project:
    """Pelican's project (bench/pelican) with ``posts``, ablog posts under ``ablog_root``,
    converted into ``content/`` at the same paths, in the same order."""
    project = Project("pelican", root, epoch)
    project.src.mkdir(parents=True)
    shutil.copy2(PELICAN_CONF, project.src / PELICAN_CONF.name)
    project.posts = convert_posts(posts, ablog_root, project.src / "content")
    return project


def pelican_archive_project(
    root: Path, archive: Path, epoch: int, posts: Sequence[Path]
) -> Project:
    """Pelican's project with the real archive as stock gets it: the importer's output,
    the archive's copy of the announcement included, then converted. ``posts`` (paths
    below the project, as this site's) say which post is edited: the same one."""
    ablog_root = root / "ablog"
    imported = import_archive(archive, ablog_root / "posts").imported
    project = pelican_project(root, epoch, ablog_root, sorted(imported))
    project.posts = [project.src / "content" / post for post in posts]
    return project


@dataclass(frozen=True)
class Imported:
    """What the importer did in this site's copy, and how long it took."""

    imported: int
    kept: int  # already in the site's posts/ (the announcement): the site's version stays
    left: int  # problems the importer listed for a person
    seconds: float

    @classmethod
    def of(cls, summary: Summary, seconds: float) -> Imported:
        kept = len(summary.clashes) + len(summary.unchanged)
        return cls(len(summary.imported), kept, len(summary.left), seconds)


def archive_projects(
    root: Path, archive: Path, epoch: int, with_stock: bool
) -> tuple[Project | None, Project, Imported]:
    """Both projects with the real archive imported, as `make import` brings it in.

    Both get the importer's output; this site keeps its own copy of a post it already
    has (the announcement). Their ``posts`` are the same imported posts in the same
    order, so both edit the same one.
    """
    ours = site_project(root / "ours", epoch)
    start = time.perf_counter()
    summary = import_archive(archive, ours.src / "posts")
    imported = Imported.of(summary, time.perf_counter() - start)
    if not summary.imported:
        sys.exit(
            f"{archive}: no post imported; give the archive's posts folder (YYYY/YYYY-MM-slug.rst)"
        )
    posts = sorted(path.relative_to(ours.src) for path in summary.imported)
    ours.posts = [ours.src / post for post in posts]
    stock = None
    if with_stock:
        stock = stock_project(root / "stock", epoch)
        import_archive(archive, stock.src / "posts")
        stock.posts = [stock.src / post for post in posts]
    return stock, ours, imported


# -- Report -----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One row of the table: what is measured, and the bar this site must clear.

    A bar is "at most ``limit``", of ours or of ours over Pelican's. A synthetic bar is
    set for some sizes only (``sizes``); at the others the row is shown, not judged.
    """

    key: str
    label: str
    unit: str  # "s", "MB", or "" for a count
    limit: float
    sizes: tuple[int, ...] | None = None  # None: the real archive, judged whenever built
    over_pelican: bool = False

    @property
    def bar(self) -> str:
        if self.over_pelican:
            return f"ours/pelican <= {self.limit:.1f}"
        return f"<= {self.limit:g}" + (f" {self.unit}" if self.unit else "")

    @property
    def where(self) -> str:
        """The bar and the sizes it is set for: "<= 0.6 s at N=1000"."""
        if self.sizes is None:
            return self.bar
        if not self.sizes:
            return "shown, not judged"
        return f"{self.bar} at N={', '.join(str(size) for size in self.sizes)}"

    def judged_at(self, posts: int | None) -> bool:
        return self.sizes is None or posts in self.sizes


# Issue #14's, on 2 cores: the full build no slower than Pelican's at 1,000 and 3,000
# posts; the rebuilds at 1,000; the peak memory at 3,000.
SYNTHETIC_TARGETS = (
    Target("full", "full build", "s", 1.0, (1000, 3000), over_pelican=True),
    Target("noop", "no-op rebuild", "s", 0.6, (1000,)),
    Target("noop_sphinx", "no-op, Sphinx run anyway", "s", 0.6, ()),
    Target("edit", "edit one post", "s", 1.0, (1000,)),
    Target("clock", "clock moved", "s", 1.5, (1000,)),
    Target("peak", "peak memory", "MB", 250, (3000,)),
    Target("peak_rss", "RSS summed", "MB", 250, ()),
)
# Issue #10's, on 2 cores, whenever the real archive is built.
ARCHIVE_TARGETS = (
    Target("full", "full build", "s", 10),
    Target("noop", "no-op rebuild", "s", 1),
    Target("noop_sphinx", "no-op, Sphinx run anyway", "s", 1, ()),
    Target("edit", "edit one post", "s", 2),
    Target("peak", "peak memory", "MB", 300),
    Target("peak_rss", "RSS summed", "MB", 300, ()),
    Target("warnings", "warnings", "", 0),
)


def summary(builds: dict[str, Build]) -> dict[str, float]:
    """Seconds per step, the peak memory (MB) and the most warnings of any step."""
    figures = {step: build.seconds for step, build in builds.items()}
    # The tree's memory: each page once (PSS summed); RSS summed counts a page a forked
    # worker shares with the main process once per process, so it is shown, not judged.
    figures["peak"] = (
        max(build.peak_pss_bytes or build.peak_rss_bytes for build in builds.values()) / MB
    )
    figures["peak_rss"] = max(build.peak_rss_bytes for build in builds.values()) / MB
    figures["warnings"] = max(build.warnings for build in builds.values())
    return figures


@dataclass(frozen=True)
class Row:
    target: Target
    stock: float | None
    ours: float
    pelican: float | None = None
    judged: bool = True  # the target is set for this size

    @property
    def value(self) -> float | None:
        """The figure the bar is set on: ours, or ours over Pelican's."""
        if not self.target.over_pelican:
            return self.ours
        return None if not self.pelican else self.ours / self.pelican

    @property
    def met(self) -> bool | None:
        """None when not judged here, or with no figure to judge by (no Pelican)."""
        if not self.judged or self.value is None:
            return None
        return self.value <= self.target.limit


def rows(
    targets: Sequence[Target],
    stock: dict[str, float] | None,
    ours: dict[str, float],
    pelican: dict[str, float] | None = None,
    posts: int | None = None,
) -> list[Row]:
    """The table of one archive (``posts``: a synthetic size; None: the real archive).
    A project without a figure for a row (stock and Pelican have no clock) shows "-"."""
    table = []
    for target in targets:
        if target.sizes == () and target.key not in ours:  # a figure shown only when taken
            continue
        stock_figure = stock.get(target.key) if stock else None
        pelican_figure = pelican.get(target.key) if pelican else None
        judged = target.judged_at(posts)
        table.append(Row(target, stock_figure, ours[target.key], pelican_figure, judged))
    return table


def compare(ours: float, other: float | None, unit: str) -> str:
    """How ours compares with another figure: "2.0x faster" when ours takes half the
    time, "2.0x slower" when twice; for memory "less" and "more"."""
    if other is None or not unit:
        return "-"
    better, worse = ("faster", "slower") if unit == "s" else ("less", "more")
    if other >= ours:
        return f"{other / ours:.1f}x {better}"
    return f"{ours / other:.1f}x {worse}"


def ratio(row: Row) -> str:
    """The stock/ours column: how ours compares with stock."""
    return compare(row.ours, row.stock, row.target.unit)


def pelican_ratio(row: Row) -> str:
    """The ours/pelican column: how ours compares with Pelican."""
    return compare(row.ours, row.pelican, row.target.unit)


def figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} {unit}" if unit else f"{value:.0f}"


NOT_JUDGED = "not judged"


def verdict(met: bool | None) -> str:
    """yes or NO; "n/a" without the figure a target needs (Pelican's)."""
    return "n/a" if met is None else ("yes" if met else "NO")


def judgement(row: Row) -> str:
    """The row's verdict; "not judged" at a size its target is not set for."""
    return verdict(row.met) if row.judged else NOT_JUDGED


def columns(lines: Sequence[Sequence[str]]) -> str:
    """Lines of cells as left-aligned columns."""
    widths = [max(len(line[col]) for line in lines) for col in range(len(lines[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def render_table(title: str, table: Sequence[Row]) -> str:
    header = (
        "measurement", "stock", "ours", "stock/ours", "pelican", "ours/pelican", "target",
        "met",
    )  # fmt: skip
    lines = [header]
    for row in table:
        unit = row.target.unit
        lines.append(
            (
                row.target.label,
                figure(row.stock, unit),
                figure(row.ours, unit),
                ratio(row),
                figure(row.pelican, unit),
                pelican_ratio(row),
                row.target.where,
                judgement(row),
            )
        )
    return f"{title}\n{columns(lines)}"


def machine(jobs: int) -> str:
    """How the main rows were built, and on what."""
    return (
        f"ours -j {jobs}, stock -j {STOCK_JOBS}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


def cores_note() -> str:
    """A line for a run on a machine other than the targets'; empty on theirs."""
    cpus = os.cpu_count()
    if cpus == TARGET_CORES:
        return ""
    return f"(the targets are set for {TARGET_CORES} cores; this machine has {cpus})"


def table_json(table: Sequence[Row]) -> list[dict]:
    return [
        {
            "measurement": row.target.label,
            "unit": row.target.unit,
            "stock": row.stock,
            "ours": row.ours,
            "stock_over_ours": row.stock / row.ours if row.stock and row.ours else None,
            "pelican": row.pelican,
            "ours_over_pelican": row.ours / row.pelican if row.pelican and row.ours else None,
            "target": row.target.bar,
            "judged_at": row.target.sizes and list(row.target.sizes),
            "judged": row.judged,
            "met": row.met,
        }
        for row in table
    ]


def results_json(builds: dict[str, dict[str, Build] | None], table: Sequence[Row], **facts) -> dict:
    """Every build of the run (seconds, CPU seconds of its process tree, peak memory,
    warnings) and the table."""
    return {
        **facts,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "ablog": ablog.__version__,
        # Pelican's version, without importing it: its import gives every logger made
        # afterwards a filter that drops repeated messages, for the whole process.
        "pelican": importlib.metadata.version("pelican"),
        "builds": {
            name: steps and {step: asdict(build) for step, build in steps.items()}
            for name, steps in builds.items()
        },
        "table": table_json(table),
    }


def write_results(work: Path, name: str, results: dict) -> None:
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"results-{name}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"results: {path}\n")


def render_verdicts(tables: dict[int, Sequence[Row]]) -> str:
    """Each synthetic target against each size of the run: the verdict and the figure
    judged where the target is set, "-" where it is not."""
    sizes = sorted(tables)
    lines = [("target", *(f"N={size}" for size in sizes))]
    by_key = {size: {row.target.key: row for row in table} for size, table in tables.items()}
    for target in SYNTHETIC_TARGETS:
        if target.sizes == ():  # a figure shown beside a target, never one
            continue
        cells = []
        for size in sizes:
            row = by_key[size][target.key]
            if not row.judged:
                cells.append("-")
            elif row.value is None:
                cells.append("n/a")
            else:
                shown = f"{row.value:.2f}" + (f" {target.unit}" if not target.over_pelican else "")
                cells.append(f"{judgement(row)} ({shown})")
        lines.append((f"{target.label}: {target.bar}", *cells))
    title = 'Targets by size ("-": not set for that size; "n/a": no Pelican figure)'
    return f"{title}\n{columns(lines)}"


# -- Scaling ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """The full build of one synthetic size, for the per-post cost."""

    posts: int
    stock: float | None
    ours: float
    pelican: float | None = None


def growth(scales: Sequence[Scale], project: str) -> float | None:
    """SCALE_TO posts' full build time over SCALE_FROM posts', or None without both."""
    by_size = {scale.posts: getattr(scale, project) for scale in scales}
    low, high = by_size.get(SCALE_FROM), by_size.get(SCALE_TO)
    return None if low is None or high is None else high / low


def per_post(seconds: float | None, posts: int) -> str:
    return "-" if seconds is None else f"{seconds / posts * 1000:.1f} ms"


def render_scaling(scales: Sequence[Scale], jobs: int) -> str:
    """Full build time and cost per post at each size, then the growth the issue bounds."""
    header = (
        "posts",
        "stock",
        "per post",
        "ours",
        "per post",
        "pelican",
        "per post",
        "target",
        "met",
    )
    lines = [header]
    for scale in sorted(scales, key=lambda scale: scale.posts):
        stock, ours, peer = scale.stock, scale.ours, scale.pelican
        lines.append(
            (str(scale.posts), figure(stock, "s"), per_post(stock, scale.posts),
             figure(ours, "s"), per_post(ours, scale.posts),
             figure(peer, "s"), per_post(peer, scale.posts), "", "")
        )  # fmt: skip
    ours_growth = growth(scales, "ours")
    label = f"{SCALE_TO} posts time / {SCALE_FROM} posts time"
    if ours_growth is None:
        note = f"({label}: run both sizes, --posts {SCALE_FROM} {SCALE_TO})"
    else:
        stock_text, peer_text = (
            "-" if value is None else f"{value:.2f}x"
            for value in (growth(scales, "stock"), growth(scales, "pelican"))
        )
        met = verdict(ours_growth <= SCALE_LIMIT)
        lines.append(
            (label, stock_text, "", f"{ours_growth:.2f}x", "", peer_text, "",
             f"<= {SCALE_LIMIT}x", met)
        )  # fmt: skip
        note = ""
    title = f"Full build per post, synthetic archives, {machine(jobs)}"
    return "\n".join(part for part in (title, columns(lines), note) if part)


def scaling_json(scales: Sequence[Scale]) -> dict:
    return {
        "sizes": [asdict(scale) for scale in sorted(scales, key=lambda scale: scale.posts)],
        "growth": {
            "from": SCALE_FROM,
            "to": SCALE_TO,
            "limit": SCALE_LIMIT,
            "stock": growth(scales, "stock"),
            "ours": growth(scales, "ours"),
            "pelican": growth(scales, "pelican"),
        },
    }


# -- Runs -----------------------------------------------------------------------------


def render_synthetic(
    count: int,
    jobs: int,
    table: Sequence[Row],
    clock: tuple[ClockCall, ClockBuild] | None = None,
) -> str:
    """A size's table, each target judged at the sizes it is set for, and what the clock
    move changed."""
    parts = [render_table(f"N={count} posts, {machine(jobs)}", table), cores_note()]
    if clock is not None:
        call, moved = clock
        parts.append(
            f"clock moved: SOURCE_DATE_EPOCH {call.epoch} -> {call.moved_epoch}, no file "
            f"changed; the bench's call {CLOCK_CALL_ID} went {call.transition}.\n"
            f"  {len(moved.written)} pages written: {named(moved.written)}\n"
            f"  {len(moved.changed)} of them changed: {named(moved.changed)}"
        )
    return "\n".join(part for part in parts if part)


def named(pages: Sequence[str]) -> str:
    """The first PAGES_NAMED pages, and "..." for the rest."""
    return ", ".join(pages[:PAGES_NAMED]) + (", ..." if len(pages) > PAGES_NAMED else "")


@dataclass(frozen=True)
class SizeResult:
    """What one synthetic size gives the end of the run."""

    text: str
    scale: Scale
    table: list[Row]


def run_synthetic(
    count: int, jobs: int, with_stock: bool, epoch: int, work: Path = WORK,
    with_pelican: bool = True,
) -> SizeResult:  # fmt: skip
    """One synthetic size: stock, then ours (with the clock move), then Pelican."""
    root = work / f"n{count}"
    shutil.rmtree(root, ignore_errors=True)
    print(f"N={count}: work dir {root}")
    stock_builds = pelican_builds = None
    if with_stock:
        stock_site = stock_project(root / "stock", epoch)
        stock_site.posts = write_archive(stock_site.src, count)
        stock_builds = measure(stock_site, STOCK_JOBS)
    ours_site = site_project(root / "ours", epoch)
    ours_site.posts = write_archive(ours_site.src, count)
    call = write_clock_call(ours_site)
    ours_builds = measure(ours_site, jobs)
    clock = measure_clock_move(ours_site, jobs, call.moved_epoch)
    ours_builds["clock"] = clock.build
    if with_pelican:
        # The same posts, written afresh (ours has one edited by now), then converted.
        ablog_posts = root / "pelican" / "ablog"
        pelican_site = pelican_project(
            root / "pelican", epoch, ablog_posts, write_archive(ablog_posts, count)
        )
        pelican_builds = measure_pelican(pelican_site)
    stock_figures = stock_builds and summary(stock_builds)
    ours_figures = summary(ours_builds)
    pelican_figures = pelican_builds and summary(pelican_builds)
    table = rows(SYNTHETIC_TARGETS, stock_figures, ours_figures, pelican_figures, count)
    text = render_synthetic(count, jobs, table, (call, clock))
    print(f"\n{text}")
    builds = {"stock": stock_builds, "ours": ours_builds, "pelican": pelican_builds}
    facts = {
        "posts": count, "jobs": jobs, "stock_jobs": STOCK_JOBS, "source_date_epoch": epoch,
        "clock_moved": call.facts(clock),
    }  # fmt: skip
    write_results(work, str(count), results_json(builds, table, **facts))
    scale = Scale(
        count, stock_figures and stock_figures["full"], ours_figures["full"],
        pelican_figures and pelican_figures["full"],
    )  # fmt: skip
    return SizeResult(text, scale, table)


def run_archive(
    archive: Path, jobs: int, with_stock: bool, epoch: int, work: Path = WORK,
    with_pelican: bool = True,
) -> str:  # fmt: skip
    """The real archive, imported into scratch copies outside the working tree.

    The copies hold other people's posts, so they live in a temporary folder, removed
    once every build has been measured (kept, for its logs, if one fails).
    """
    root = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    print(f"archive {archive}: work dir {root}")
    try:
        stock_site, ours_site, imported = archive_projects(root, archive, epoch, with_stock)
        print(
            f"  imported {imported.imported} posts in {imported.seconds:.1f} s, "
            f"{imported.kept} kept as the site has it, {imported.left} problems left"
        )
        stock_builds = stock_site and measure(stock_site, STOCK_JOBS, strict=False)
        ours_builds = measure(ours_site, jobs, strict=False)
        pelican_builds = None
        if with_pelican:
            posts = [post.relative_to(ours_site.src) for post in ours_site.posts]
            pelican_site = pelican_archive_project(root / "pelican", archive, epoch, posts)
            pelican_builds = measure_pelican(pelican_site, strict=False)
    except BaseException:
        print(f"archive: {root} is kept for its logs; it holds the archive's posts, remove it")
        raise
    shutil.rmtree(root)
    table = rows(
        ARCHIVE_TARGETS, stock_builds and summary(stock_builds), summary(ours_builds),
        pelican_builds and summary(pelican_builds),
    )  # fmt: skip
    posts = imported.imported + imported.kept
    title = (
        f"Real archive, {posts} posts ({imported.kept} kept as the site has it; the importer "
        f"left {imported.left} problems), {machine(jobs)}"
    )
    text = "\n".join(part for part in (render_table(title, table), cores_note()) if part)
    print(f"\n{text}")
    builds = {"stock": stock_builds, "ours": ours_builds, "pelican": pelican_builds}
    facts = {
        "posts": posts, "import": asdict(imported), "jobs": jobs, "stock_jobs": STOCK_JOBS,
        "source_date_epoch": epoch,
    }  # fmt: skip
    write_results(work, "archive", results_json(builds, table, **facts))
    return text


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--posts", type=int, nargs="*", default=list(DEFAULT_SIZES), metavar="N",
        help="synthetic archive sizes (default: %(default)s; none: only --archive)",
    )  # fmt: skip
    parser.add_argument(
        "--archive", type=Path, metavar="DIR",
        help="also the real archive: its posts folder, named YYYY/YYYY-MM-slug.rst",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1,
        help="sphinx-build -j for this site's builds; default: every core, as make html "
        "builds (%(default)s here); stock always builds with -j 1",
    )  # fmt: skip
    parser.add_argument("--skip-stock", action="store_true", help="do not build stock ablog")
    parser.add_argument("--skip-pelican", action="store_true", help="do not build Pelican")
    parser.add_argument(
        "--source-date-epoch",
        type=int,
        default=SOURCE_DATE_EPOCH,
        metavar="SECONDS",
        help="the build clock; posts after it are drafts on this site (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.archive is not None and not args.archive.is_dir():
        parser.error(f"--archive {args.archive}: not a folder; give the archive's posts folder")
    if not args.posts and args.archive is None:
        parser.error("nothing to measure: give --posts N or --archive DIR")
    if args.jobs < 1:
        parser.error(f"--jobs {args.jobs}: give 1 or more")
    with_stock, with_pelican = not args.skip_stock, not args.skip_pelican
    epoch = args.source_date_epoch
    compile_packages(SITE_PACKAGES)
    tables = []
    if args.archive is not None:
        tables.append(
            run_archive(args.archive, args.jobs, with_stock, epoch, with_pelican=with_pelican)
        )
    sizes = {}
    for count in args.posts:
        sizes[count] = run_synthetic(count, args.jobs, with_stock, epoch, with_pelican=with_pelican)
        tables.append(sizes[count].text)
    if sizes:
        scales = [size.scale for size in sizes.values()]
        tables.append(render_verdicts({count: size.table for count, size in sizes.items()}))
        tables.append(render_scaling(scales, args.jobs))
        print("\n\n".join(tables[-2:]))
        write_results(WORK, "scaling", scaling_json(scales))
    if len(tables) > 1:
        print("== All figures of this run ==\n\n" + "\n\n".join(tables))


if __name__ == "__main__":
    main()
