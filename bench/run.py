"""Build the same synthetic archive with stock ablog and with this site, and compare.

For each archive size N: a full build, a no-op rebuild, a rebuild after editing one
post and the peak memory of each project, then a ``-j 2`` full build of this site.
Prints a table and writes ``bench/work/results-N.json``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import ablog
import sphinx
from sphinx.config import Config
from sphinx.util.matching import Matcher
from sphinx.util.tags import Tags
from synthetic import edit_one_post, write_archive

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
STOCK = BENCH / "stock"

# The build's clock: the site's deadlines extension reads it (and, through sitekit, so
# does ablog's draft cut-off). Both projects get it; stock ablog ignores it and
# publishes every post up to the machine's date. It is after the archive's last post,
# so both projects publish every post and build the same archive pages.
SOURCE_DATE_EPOCH = 1735776000  # 2025-01-02 00:00 UTC
SAMPLE_SECONDS = 0.02
RESCAN_SAMPLES = 5
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MB = 1_000_000
TAIL_LINES = 30
TARGET_POSTS = 1000
EXTRA_JOBS = 2


@dataclass
class Build:
    """One sphinx-build run: wall-clock and CPU seconds, and peak RSS of its process tree."""

    seconds: float
    cpu_seconds: float
    peak_rss_bytes: int


@dataclass
class Project:
    name: str
    root: Path
    epoch: int
    posts: list[Path] = field(default_factory=list)

    @property
    def src(self) -> Path:
        return self.root / "src"

    @property
    def out(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def doctrees(self) -> Path:
        return self.root / "_build" / "doctrees"

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
    """Sample a process tree's total RSS every SAMPLE_SECONDS and keep the maximum.

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
        self.done = threading.Event()

    def run(self) -> None:
        tree: set[int] = set()
        samples = 0
        while not self.done.is_set():
            if samples % RESCAN_SAMPLES == 0:
                tree = descendants(self.pid)
            self.peak = max(self.peak, total_rss(tree))
            samples += 1
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


# -- Building ---------------------------------------------------------------------


def sphinx_build(project: Project, step: str, jobs: int) -> Build:
    """Run the Makefile's html command (without its staging copy) and measure it.

    Stops the benchmark, with the end of sphinx-build's stderr, if the build fails or
    writes anything to stderr: -W makes Sphinx's warnings fail the build, and stderr
    also catches what -W misses, such as stock ablog's warnings through Python's logging.
    """
    command = [
        *(sys.executable, "-m", "sphinx", "-W", "-b", "html"),
        *("-d", str(project.doctrees), "-j", str(jobs)),
        *(str(project.src), str(project.out)),
    ]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(project.epoch)}
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
        peak = sampler.stop()
    stderr = (logs / f"{step}.err").read_text()
    if returncode != 0 or stderr.strip():
        print("FAILED" if returncode else "WARNED")
        tail = "\n".join(stderr.splitlines()[-TAIL_LINES:])
        sys.exit(f"{project.name} {step}: exit {returncode} ({' '.join(command)}):\n{tail}")
    build = Build(seconds, _children_cpu() - cpu_before, peak)
    print(f"{seconds:.2f} s, {peak / MB:.0f} MB")
    return build


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def measure(project: Project, jobs: int) -> dict[str, Build]:
    """Full build from nothing, the same build again, then one edited post."""
    project.clean()
    builds = {
        "full": sphinx_build(project, "full", jobs),
        "noop": sphinx_build(project, "noop", jobs),
    }
    edited = edit_one_post(project.posts)
    builds["edit"] = sphinx_build(project, f"edit-{edited.stem}", jobs)
    return builds


# -- The two projects -------------------------------------------------------------


def stock_project(root: Path, count: int, epoch: int) -> Project:
    """ablog's quickstart project (bench/stock) with the archive."""
    project = Project("stock", root, epoch)
    shutil.copytree(STOCK, project.src, ignore=shutil.ignore_patterns("__pycache__"))
    (project.src / "_static").mkdir()  # ablog start makes it; conf.py names it
    project.posts = write_archive(project.src, count)
    return project


def site_sources() -> list[str]:
    """The repository's top-level entries that the site's build reads.

    Everything but what conf.py excludes, hidden entries, and the Python packages
    (deadlines, sitekit), which are installed in the environment, not copied.
    """
    config = Config.read(REPO, overrides={}, tags=Tags())
    excluded = Matcher(config.exclude_patterns)
    return sorted(
        entry.name
        for entry in REPO.iterdir()
        if not entry.name.startswith(".")
        and not entry.name.endswith(".egg-info")
        and not excluded(entry.name)
        and not (entry / "__init__.py").is_file()
    )


def site_project(root: Path, count: int, epoch: int) -> Project:
    """A copy of this site with the archive under posts/archive/."""
    project = Project("ours", root, epoch)
    project.src.mkdir(parents=True)
    for name in site_sources():
        source, target = REPO / name, project.src / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    project.posts = write_archive(project.src, count)
    return project


# -- Report -----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One row of the table: what is measured, and the bar this site must clear at N=1000."""

    key: str
    label: str
    unit: str
    target: str
    met: Callable[[float, float | None], bool | None]  # (ours, stock) -> met; None: can't say


TARGETS = (
    Target("full", "full build", "s", "<= 1/5 of stock", lambda ours, stock: None if stock is None else ours * 5 <= stock),
    Target("noop", "no-op rebuild", "s", "< 2 s", lambda ours, _: ours < 2),
    Target("edit", "edit one post", "s", "< 5 s", lambda ours, _: ours < 5),
    Target("peak", "peak memory", "MB", "< 500 MB", lambda ours, _: ours < 500),
)  # fmt: skip
PARALLEL_TARGETS = (
    Target("full", f"full build -j {EXTRA_JOBS}", "s", "builds", lambda ours, _: True),
    Target("peak", f"peak memory -j {EXTRA_JOBS}", "MB", "< 500 MB", lambda ours, _: ours < 500),
)


def summary(builds: dict[str, Build]) -> dict[str, float]:
    """Seconds per step, and the peak memory (MB) over all of them."""
    figures = {step: build.seconds for step, build in builds.items()}
    figures["peak"] = max(build.peak_rss_bytes for build in builds.values()) / MB
    return figures


@dataclass(frozen=True)
class Row:
    target: Target
    stock: float | None
    ours: float
    met: bool | None


def rows(
    stock: dict[str, float] | None, ours: dict[str, float], parallel: dict[str, float]
) -> list[Row]:
    """The table; the ``-j`` rows have no stock figure (stock is only built with --jobs)."""
    table = []
    for targets, figures, baseline in ((TARGETS, ours, stock), (PARALLEL_TARGETS, parallel, None)):
        for target in targets:
            stock_figure = baseline[target.key] if baseline else None
            ours_figure = figures[target.key]
            table.append(
                Row(target, stock_figure, ours_figure, target.met(ours_figure, stock_figure))
            )
    return table


def ratio(row: Row) -> str:
    """How stock compares with ours: for time "faster"/"slower", for memory "less"/"more"."""
    if row.stock is None:
        return "-"
    better, worse = ("faster", "slower") if row.target.unit == "s" else ("less", "more")
    if row.stock >= row.ours:
        return f"{row.stock / row.ours:.1f}x {better}"
    return f"{row.ours / row.stock:.1f}x {worse}"


def print_table(count: int, jobs: int, table: Sequence[Row]) -> None:
    judged = count >= TARGET_POSTS
    print(
        f"\nN={count} posts, -j {jobs}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    header = ("measurement", "stock", "ours", "stock/ours", f"target (N={TARGET_POSTS})", "met")
    lines = [header]
    for row in table:
        unit = row.target.unit
        stock = "-" if row.stock is None else f"{row.stock:.2f} {unit}"
        met = "n/a" if row.met is None or not judged else ("yes" if row.met else "NO")
        lines.append(
            (row.target.label, stock, f"{row.ours:.2f} {unit}", ratio(row), row.target.target, met)
        )
    widths = [max(len(line[col]) for line in lines) for col in range(len(header))]
    for line in lines:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    if not judged:
        print(f"(targets are judged at N >= {TARGET_POSTS} only)")


def run(count: int, jobs: int, skip_stock: bool, epoch: int) -> None:
    """Benchmark one archive size: stock, then ours, then ours with -j EXTRA_JOBS."""
    root = WORK / f"n{count}"
    shutil.rmtree(root, ignore_errors=True)
    print(f"N={count}: work dir {root}")
    stock = None if skip_stock else measure(stock_project(root / "stock", count, epoch), jobs)
    ours_project = site_project(root / "ours", count, epoch)
    ours = measure(ours_project, jobs)
    ours_project.clean()
    parallel = {"full": sphinx_build(ours_project, f"full-j{EXTRA_JOBS}", EXTRA_JOBS)}
    table = rows(stock and summary(stock), summary(ours), summary(parallel))
    print_table(count, jobs, table)
    results = {
        "posts": count,
        "jobs": jobs,
        "source_date_epoch": epoch,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "ablog": ablog.__version__,
        "builds": {
            "stock": stock and {step: asdict(build) for step, build in stock.items()},
            "ours": {step: asdict(build) for step, build in ours.items()},
            f"ours_j{EXTRA_JOBS}": {step: asdict(build) for step, build in parallel.items()},
        },
        "table": [
            {
                "measurement": row.target.label,
                "unit": row.target.unit,
                "stock": row.stock,
                "ours": row.ours,
                "stock_over_ours": row.stock / row.ours if row.stock is not None else None,
                "target": row.target.target,
                "met": row.met,
            }
            for row in table
        ],
    }
    path = WORK / f"results-{count}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"results: {path}\n")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[300, 1000], metavar="N")
    parser.add_argument("--jobs", type=int, default=1, help="sphinx-build -j for the main rows")
    parser.add_argument("--skip-stock", action="store_true", help="build only this site")
    parser.add_argument(
        "--source-date-epoch",
        type=int,
        default=SOURCE_DATE_EPOCH,
        metavar="SECONDS",
        help="the build clock; posts after it are drafts on this site (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    for count in args.posts:
        run(count, args.jobs, args.skip_stock, args.source_date_epoch)


if __name__ == "__main__":
    main()
