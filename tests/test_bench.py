"""The benchmark harness (bench/run.py): what it judges, how it counts warnings, and
that the real archive is only ever imported into a scratch copy outside the project.

No test here times anything: the benchmark is run by hand (`make bench`).
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BENCH = REPO / "bench"
ANNOUNCEMENT = Path("2018/10/pypi-security-and-accessibility-q1-2019.rst")


@pytest.fixture(scope="module")
def bench():
    """bench/run.py as a module; it imports its sibling synthetic.py as the script does."""
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module("bench.run")
    finally:
        sys.path.remove(str(BENCH))


def cells(text: str) -> list[list[str]]:
    """A rendered table's lines, split into their columns (two spaces or more apart)."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines()]


def row(text: str, label: str) -> list[str]:
    return next(line for line in cells(text) if line[0] == label)


# -- Warnings --------------------------------------------------------------------


def write_project(place: Path, index: str, conf: str = "") -> Path:
    place.mkdir()
    (place / "conf.py").write_text(conf, encoding="utf-8")
    (place / "index.rst").write_text(index, encoding="utf-8")
    return place


@pytest.fixture
def project(bench, tmp_path):
    def make(index: str, conf: str = ""):
        root = tmp_path / "project"
        root.mkdir()
        write_project(root / "src", index, conf)
        return bench.Project("tiny", root, bench.SOURCE_DATE_EPOCH)

    return make


TWO_WARNINGS = "Title\n=====\n\nAn `open quote.\n\nAnother `open quote.\n"


def test_a_lenient_build_is_measured_and_counts_sphinx_warnings(bench, project):
    build = bench.sphinx_build(project(TWO_WARNINGS), "full", 1, strict=False)
    assert build.warnings == 2
    assert build.seconds > 0 and build.peak_rss_bytes > 0


def test_a_clean_build_counts_no_warning(bench, project):
    build = bench.sphinx_build(project("Title\n=====\n\nText.\n"), "full", 1, strict=False)
    assert build.warnings == 0


def test_a_strict_build_stops_the_benchmark_on_a_warning(bench, project):
    with pytest.raises(SystemExit, match=r"tiny full: exit 1 .*\n.*Inline interpreted text"):
        bench.sphinx_build(project(TWO_WARNINGS), "full", 1)


def test_a_lenient_build_still_stops_the_benchmark_when_sphinx_crashes(bench, project):
    with pytest.raises(SystemExit, match=r"tiny full: exit 2 "):
        bench.sphinx_build(
            project("Text.\n", conf="raise RuntimeError('no')\n"), "full", 1, strict=False
        )


@pytest.mark.parametrize(
    ("status", "count"),
    [
        ("build succeeded.\n", 0),
        ("build succeeded, 1 warning.\n", 1),
        ("build succeeded, 3 warnings.\n", 3),
        ("build finished with problems, 1 warning (with warnings treated as errors).\n", 1),
        ("build finished with problems, 16 warnings (with warnings treated as errors).\n", 16),
        ("reading sources... [ 50%] index\n", None),  # never finished
    ],
)
def test_warning_count_reads_sphinx_last_line(bench, status, count):
    assert bench.warning_count("Running Sphinx v9\n" + status) == count


# -- The tables' judgements -----------------------------------------------------------

ARCHIVE_PASSING = {"full": 10.0, "noop": 1.0, "edit": 2.0, "peak": 300.0, "warnings": 0}
PARALLEL_PASSING = {"full": 10.0, "peak": 300.0}


def archive_table(bench, ours: dict, parallel: dict, stock: dict | None = None) -> str:
    table = bench.rows(bench.ARCHIVE_TARGETS, stock, ours, bench.ARCHIVE_PARALLEL_TARGETS, parallel)
    return bench.render_table("archive", table, "real archive", judged=True)


def test_the_archive_table_meets_every_target_at_its_limit(bench):
    text = archive_table(bench, ARCHIVE_PASSING, PARALLEL_PASSING)
    judged = cells(text)[2:]
    assert [line[0] for line in judged] == [
        "full build", "no-op rebuild", "edit one post", "peak memory", "warnings",
        "full build -j 2", "peak memory -j 2",
    ]  # fmt: skip
    assert {line[-1] for line in judged} == {"yes"}


@pytest.mark.parametrize(
    ("key", "label", "over"),
    [
        ("full", "full build", 10.01),
        ("noop", "no-op rebuild", 1.01),
        ("edit", "edit one post", 2.01),
        ("peak", "peak memory", 300.1),
        ("warnings", "warnings", 1),
    ],
)
def test_the_archive_table_fails_each_target_just_over_its_limit(bench, key, label, over):
    text = archive_table(bench, ARCHIVE_PASSING | {key: over}, PARALLEL_PASSING)
    assert row(text, label)[-1] == "NO"
    others = [line for line in cells(text)[2:] if line[0] != label]
    assert {line[-1] for line in others} == {"yes"}


@pytest.mark.parametrize(
    ("key", "label", "over"),
    [("full", "full build -j 2", 10.5), ("peak", "peak memory -j 2", 301.0)],
)
def test_the_archive_table_judges_the_parallel_build_too(bench, key, label, over):
    text = archive_table(bench, ARCHIVE_PASSING, PARALLEL_PASSING | {key: over})
    assert row(text, label)[-1] == "NO"


def test_the_archive_table_sets_stock_against_ours(bench):
    stock = {"full": 120.0, "noop": 30.0, "edit": 31.0, "peak": 600.0, "warnings": 4}
    text = archive_table(bench, ARCHIVE_PASSING, PARALLEL_PASSING, stock)
    assert row(text, "full build")[1:4] == ["120.00 s", "10.00 s", "12.0x faster"]
    assert row(text, "peak memory")[1:4] == ["600.00 MB", "300.00 MB", "2.0x less"]
    assert row(text, "warnings")[1:4] == ["4", "0", "-"]


SYNTHETIC_FAILING = {"full": 50.0, "noop": 3.0, "edit": 6.0, "peak": 600.0, "warnings": 0}


@pytest.mark.parametrize(("count", "judged"), [(300, False), (1000, True), (3000, False)])
def test_synthetic_targets_are_judged_at_a_thousand_posts_only(bench, count, judged):
    """They were set for a thousand posts; at 3,000 they would judge the wrong thing."""
    table = bench.rows(
        bench.SYNTHETIC_TARGETS, SYNTHETIC_FAILING | {"full": 100.0}, SYNTHETIC_FAILING,
        bench.SYNTHETIC_PARALLEL_TARGETS, {"full": 40.0, "peak": 700.0},
    )  # fmt: skip
    text = bench.render_synthetic(count, 1, table)
    verdicts = {line[-1] for line in cells(text)[2:] if len(line) > 2}
    assert verdicts == ({"NO", "yes"} if judged else {"n/a"})


# -- Scaling ------------------------------------------------------------------------


def scaling(bench, ours: dict[int, float], stock: dict[int, float] | None = None) -> str:
    scales = [
        bench.Scale(posts, stock and stock[posts], seconds) for posts, seconds in ours.items()
    ]
    return bench.render_scaling(scales, 1)


def test_scaling_shows_the_full_build_cost_per_post_at_each_size(bench):
    text = scaling(
        bench, {3000: 30.0, 300: 6.0, 1000: 10.0}, {300: 60.0, 1000: 340.0, 3000: 2100.0}
    )
    assert [line[:5] for line in cells(text)[2:5]] == [
        ["300", "60.00 s", "200.0 ms", "6.00 s", "20.0 ms"],
        ["1000", "340.00 s", "340.0 ms", "10.00 s", "10.0 ms"],
        ["3000", "2100.00 s", "700.0 ms", "30.00 s", "10.0 ms"],
    ]


@pytest.mark.parametrize(("seconds_at_3000", "met"), [(33.0, "yes"), (33.1, "NO"), (20.0, "yes")])
def test_scaling_judges_3000_posts_against_1000(bench, seconds_at_3000, met):
    text = scaling(bench, {300: 6.0, 1000: 10.0, 3000: seconds_at_3000})
    ratio = row(text, "3000 posts time / 1000 posts time")
    assert ratio == [
        "3000 posts time / 1000 posts time",
        "-",
        f"{seconds_at_3000 / 10:.2f}x",
        "<= 3.3x",
        met,
    ]


def test_scaling_gives_stock_growth_alongside(bench):
    text = scaling(bench, {1000: 10.0, 3000: 30.0}, {1000: 300.0, 3000: 1500.0})
    assert row(text, "3000 posts time / 1000 posts time")[1:3] == ["5.00x", "3.00x"]


@pytest.mark.parametrize("sizes", [(300,), (300, 1000), (3000,)])
def test_scaling_says_which_sizes_the_ratio_needs(bench, sizes):
    text = scaling(bench, dict.fromkeys(sizes, 10.0))
    assert "3000 posts time / 1000 posts time: run both sizes, --posts 1000 3000" in text
    assert not any(line[-1] in ("yes", "NO") for line in cells(text))


# -- The real archive's scratch copy ------------------------------------------------------


def write_archive_post(archive: Path, name: str, title: str) -> None:
    """A small post written here, named as the archive names its files."""
    path = archive / name[:4] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    underline = "=" * len(title)
    path.write_text(
        f".. post:: {name[:7]}-15\n   :tags: legacy-blogger\n\n{title}\n{underline}\n\n"
        "A few plain words, written for this test.\n",
        encoding="utf-8",
    )


@pytest.fixture
def small_archive(tmp_path) -> Path:
    archive = tmp_path / "archive"
    write_archive_post(archive, "2009-03-spring-sprint-plans.rst", "Spring sprint plans")
    write_archive_post(archive, "2012-11-grant-round-closes.rst", "Grant round closes")
    # The archive's own copy of the site's announcement: the site's version stays.
    write_archive_post(archive, "2018-10-pypi-security-and-accessibility-q1-2019.rst", "Old copy")
    return archive


def repository_posts() -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in (REPO / "posts").rglob("*") if path.is_file()}


def test_the_archive_is_imported_into_both_copies_and_never_into_the_project(
    bench, small_archive, tmp_path
):
    before = repository_posts()
    stock, ours, imported = bench.archive_projects(
        tmp_path / "work", small_archive, bench.SOURCE_DATE_EPOCH, with_stock=True
    )
    assert repository_posts() == before
    assert (imported.imported, imported.kept, imported.left) == (2, 1, 0)
    expected = [
        Path("posts/2009/03/spring-sprint-plans.rst"),
        Path("posts/2012/11/grant-round-closes.rst"),
    ]
    assert [path.relative_to(ours.src) for path in ours.posts] == expected
    assert [path.relative_to(stock.src) for path in stock.posts] == expected
    assert all(path.is_file() for path in [*ours.posts, *stock.posts])
    # The site keeps its announcement; stock, which has none, gets the archive's.
    site_announcement = (REPO / "posts" / ANNOUNCEMENT).read_bytes()
    assert (ours.src / "posts" / ANNOUNCEMENT).read_bytes() == site_announcement
    assert "Old copy" in (stock.src / "posts" / ANNOUNCEMENT).read_text(encoding="utf-8")


def test_without_stock_only_this_site_is_copied(bench, small_archive, tmp_path):
    stock, ours, _ = bench.archive_projects(
        tmp_path / "work", small_archive, bench.SOURCE_DATE_EPOCH, with_stock=False
    )
    assert stock is None
    assert ours.root == tmp_path / "work" / "ours"
    assert sorted(path.name for path in (tmp_path / "work").iterdir()) == ["ours"]


def test_an_archive_with_no_post_to_import_stops_with_one_line(bench, tmp_path):
    empty = tmp_path / "empty"
    (empty / "2010").mkdir(parents=True)
    (empty / "2010" / "notes.rst").write_text("Not a post.\n", encoding="utf-8")
    with pytest.raises(
        SystemExit, match=r"empty: no post imported; give the archive's posts folder"
    ):
        bench.archive_projects(tmp_path / "work", empty, bench.SOURCE_DATE_EPOCH, with_stock=False)


@pytest.fixture
def scratch(bench, tmp_path, monkeypatch) -> Path:
    """Temporary folders go here, so the tests can see what the run leaves behind."""
    place = tmp_path / "tmp"
    place.mkdir()
    monkeypatch.setattr(bench.tempfile, "tempdir", str(place))
    return place


def test_run_archive_removes_its_scratch_copy_and_keeps_only_figures(
    bench, small_archive, scratch, tmp_path, monkeypatch
):
    def three_seconds(project, step, jobs, **options):
        return bench.Build(3.0, 3.0, 100 * bench.MB)

    monkeypatch.setattr(bench, "sphinx_build", three_seconds)
    text = bench.run_archive(
        small_archive, 1, True, bench.SOURCE_DATE_EPOCH, work=tmp_path / "work"
    )
    assert list(scratch.iterdir()) == []
    assert [path.name for path in (tmp_path / "work").iterdir()] == ["results-archive.json"]
    assert row(text, "full build")[1:] == ["3.00 s", "3.00 s", "1.0x faster", "<= 10 s", "yes"]
    assert cells(text)[0][0].startswith("Real archive, 3 posts (1 kept as the site has it;")


def test_run_archive_keeps_its_scratch_copy_for_the_logs_when_a_build_fails(
    bench, small_archive, scratch, tmp_path, monkeypatch
):
    def failing(*args, **kw):
        raise SystemExit("ours full: exit 2")

    monkeypatch.setattr(bench, "sphinx_build", failing)
    with pytest.raises(SystemExit):
        bench.run_archive(small_archive, 1, False, bench.SOURCE_DATE_EPOCH, work=tmp_path / "work")
    [kept] = scratch.iterdir()
    assert (kept / "ours" / "src" / "posts" / "2009" / "03" / "spring-sprint-plans.rst").is_file()
