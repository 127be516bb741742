"""The archive importer: each repair as a table, then synthetic posts through import and build.

The posts in tests/archive_posts/ are written here; each reproduces damage found in the
PSF's migrated archive (never committed: it is other people's words).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from archive.importer import ADVICE, advice, import_archive, repair
from archive.mending import DROPPED, ESCAPED, LAZY
from archive.problems import problems
from archive.repairs import REPAIRS
from tests.conftest import REPO, build_site, copy_site, soup

ARCHIVE = Path(__file__).parent / "archive_posts"
POST = ".. post:: 2019-08-20\n   :tags: legacy-blogger\n\nA title\n=======\n\n{}\n"

# kind -> (damaged body, a piece of the repaired body, what docutils said before)
REPAIR_TABLE = {
    "stray field lines before the post directive": (
        ":layout: default\n\n" + POST.format("Text."),
        ".. post:: 2019-08-20",
        None,
    ),
    "Markdown block quotes": (
        POST.format("Said:\n> quoted words\n> more of them"),
        "Said:\n\n    quoted words\n    more of them",
        None,
    ),
    "images": (
        POST.format("`![ <https://img.example.org/s.jpg>`_](https://img.example.org/full.jpg)"),
        ".. image:: https://img.example.org/s.jpg\n   :alt:\n   :target: https://img.example.org/full.jpg",
        None,  # no warning at all: it renders as a link reading "!["
    ),
    "Markdown pipe tables": (
        POST.format("a | b | c  \n---|---|---  \n1 | 2 | 3  "),
        ".. list-table::\n   :header-rows: 1\n\n   * - a\n     - b\n     - c\n   * - 1\n     - 2\n     - 3",
        "Undefined substitution referenced",
    ),
    "code and preformatted text": (
        POST.format("x = {  \n    'a': 1,  \n}  "),
        "::\n\n    x = {\n        'a': 1,\n    }",
        "Definition list ends without a blank line",
    ),
    "Markdown emphasis and strong": (
        POST.format("the _Python\nCookbook_ and __this__"),
        "the *Python\nCookbook* and **this**",
        "Unknown target name",
    ),
    "links wrapped across lines": (
        POST.format("see `the\n <https://example.org/a-\nb>`_guide"),
        "see `the <https://example.org/a-b>`_\\ guide",
        "Inline interpreted text or phrase reference start-string without end-string",
    ),
    "literal text glued to a link": (
        POST.format("users of ``pip\ninstall` <https://pip.pypa.io/>`_ers"),
        "users of |pip install|_\\ ers",
        "Inline literal start-string without end-string",
    ),
    "title underlines too short": (
        ".. post:: 2019-08-20\n\nParty 🎉\n=======\n\nText.\n",
        "Party 🎉\n========\n",
        "Title underline too short",
    ),
    "lines that continue a list item or paragraph": (
        POST.format("  * an item the converter\nwrapped\n  * another"),
        "  * an item the converter\n    wrapped\n",
        "Block quote ends without a blank line",
    ),
    "emphasis markers around spaces or nothing": (
        POST.format("*Ada Lovelace  *of London\n\n**  \n\nText."),
        "*Ada Lovelace*  of London\n\n\n\nText.",
        "Inline emphasis start-string without end-string",
    ),
    "nested Markdown lists": (
        POST.format("  1. First\n    1. a sub-item\n  2. Second"),
        "  1. First\n\n    1. a sub-item\n\n  2. Second",
        "Enumerated list ends without a blank line",
    ),
    "rule lines where no title is": (
        POST.format("Thanks,\n\n==========\nSource: the archive"),
        "Thanks,\n\n\nSource: the archive",
        "section title",
    ),
    "stray markup characters, escaped": (
        POST.format("a lone *star here"),
        "a lone \\*star here",
        "Inline emphasis start-string without end-string",
    ),
}


# More shapes of damage the archive showed, each repaired by one of the kinds above.
MORE_CASES = [
    (
        "links wrapped across lines",  # the address cut at a parenthesis
        POST.format("the `C <https://en.example.org/wiki/C_\\(language\\>`_), then"),
        "the `C <https://en.example.org/wiki/C_(language)>`_, then",
        None,  # no warning: the link goes to a page that does not exist
    ),
    (
        "links wrapped across lines",  # ... and what followed the parenthesis
        POST.format("See `Plaza\nHQ <https://img.example.org/File:Plaza_\\(13\\>`_.jpg)  "),
        "`Plaza\nHQ <https://img.example.org/File:Plaza_(13).jpg>`_",
        None,
    ),
    (
        "links wrapped across lines",  # inside a quote, the text's second line stays in it
        POST.format("Said:\n\n> see `Refresh the\n> Meetup <https://m.example.org/\n> x>`_ now"),
        "    see `Refresh the\n    Meetup <https://m.example.org/x>`_ now",
        None,
    ),
    (
        "links wrapped across lines",  # emphasis around a link's text, and a parenthesis
        POST.format("`*Anton* <https://en.example.org/wiki/Anton_\\(computer\\>`_), the"),
        "`Anton <https://en.example.org/wiki/Anton_(computer)>`_, the",
        None,
    ),
    (
        "links wrapped across lines",  # code in a link's text
        POST.format("make me a `\\`__match__`<https://v.example.org/w>`_ now"),
        "make me a `__match__ <https://v.example.org/w>`_ now",
        "Unknown target name",
    ),
    (
        "emphasis around links",
        POST.format("*`Talks, round 1 <https://blog.example.org/t1.html>`_*  "),
        "\n`Talks, round 1 <https://blog.example.org/t1.html>`_  \n",
        None,  # the link prints as its source text
    ),
    (
        "emphasis around links",
        POST.format("Enjoy,\n_`Ada Lovelace <mailto:ada@example.org>`_  \nDirector, the Society_"),
        "`Ada Lovelace <mailto:ada@example.org>`_  \nDirector, the Society\n",
        "Unknown target name",
    ),
    (
        "titles wrapped across lines",
        POST.format(
            "*RESOLVED, that the Society thank Ada Lovelace-\n"
            + "-" * 47
            + "\nByron for her notes.*\n\nText."
        ),
        "*RESOLVED, that the Society thank Ada Lovelace-Byron for her notes.*\n" + "-" * 68,
        "Inline emphasis start-string without end-string",
    ),
    (
        "titles wrapped across lines",
        POST.format(
            "Write to `edu-\n" + "^" * 14 + "\nteam@example.org <mailto:edu-team@example.org>`_.\n"
        ),
        "Write to `edu-team@example.org <mailto:edu-team@example.org>`_.\n" + "^" * 63,
        "Inline interpreted text or phrase reference start-string without end-string",
    ),
    (
        "Markdown pipe tables",  # a header row the converter wrapped
        POST.format("a | b | Only non-\ncommercial  \n---|---|---  \n1 | 2 | 3  "),
        "   * - a\n     - b\n     - Only non-commercial\n",
        "Undefined substitution referenced",
    ),
    (
        "images",  # half a link, named by its file; an address ending in _
        POST.format("Photos:\n\n!`IMG_0137.JPG <https://img.example.org/a_>`_\n\nMore."),
        ".. image:: https://img.example.org/a_\n   :alt:\n   :target: https://img.example.org/a_",
        "Unknown target name",
    ),
    (
        "Markdown emphasis and strong",  # markers that do not match
        POST.format("Note:\n\n__By Ada Lovelace_  \n\nText."),
        "\n*By Ada Lovelace*  \n",
        "Unknown target name",
    ),
    (
        "emphasis markers around spaces or nothing",
        POST.format("Zuzanna sent photos.\n\n__\n\nText."),
        "photos.\n\n\n\nText.",
        "Anonymous hyperlink mismatch",
    ),
    (
        "Markdown block quotes",  # a line break, then spaces that are no indent
        POST.format("Sample:\n\n> *Grant* : a sum of\n> money.  \n>  *Objective* : to meet"),
        "    money.  \n    *Objective* : to meet",
        None,  # "Unexpected indentation", once the quote is indented
    ),
    (
        "emphasis closers nothing opens, dropped",
        POST.format("Thanks,  \n  \nAda Lovelace  \nSociety Chair_\n\nMore text."),
        "Ada Lovelace  \nSociety Chair\n",
        "Unknown target name",
    ),
]
CASES = [(kind, *case) for kind, case in REPAIR_TABLE.items()] + MORE_CASES


def test_every_repair_kind_is_in_the_table():
    kinds = {kind.name for kind in REPAIRS} | {LAZY, ESCAPED, DROPPED}
    assert kinds == {case[0] for case in CASES}


@pytest.mark.parametrize(("kind", "damaged", "repaired_piece", "reported"), CASES)
def test_each_repair(kind, damaged, repaired_piece, reported):
    if reported:
        assert any(reported in problem.message for problem in problems(damaged))
    text, counts, left = repair(damaged)
    assert repaired_piece in text
    assert counts[kind] >= 1
    assert left == []


@pytest.mark.parametrize(("kind", "damaged"), [case[:2] for case in CASES])
def test_repairing_twice_changes_nothing(kind, damaged):
    once, _, _ = repair(damaged)
    twice, counts, _ = repair(once)
    assert twice == once
    assert not counts


def test_what_cannot_be_repaired_is_listed_with_line_and_advice():
    text = POST.format(
        "  * an item\n\n    A heading in a list\n    ===================\n\n    More."
    )
    _, _, left = repair(text)
    assert [(problem.line, problem.message) for problem in left] == [
        (10, "Unexpected section title.")
    ]
    assert advice(left[0].message) == "a line of ^ or = under text is read as a title: remove it"


def test_every_message_gets_advice():
    assert ADVICE[-1][0] == ""  # the catch-all
    assert advice("Something docutils never said") == ADVICE[-1][1]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The site with the synthetic archive imported through `python -m archive`."""
    site = copy_site(tmp_path_factory.mktemp("archive"))
    result = subprocess.run(
        [sys.executable, "-m", "archive", str(ARCHIVE)],
        cwd=site,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    return site, result.stdout.splitlines()


def test_import_places_posts_at_their_blogger_paths(imported):
    site, summary = imported
    assert summary[0].startswith("Imported 6 posts")
    for year, month, slug in [
        ("2016", "05", "images-from-the-garden"),
        ("2012", "07", "reading-a-config-file"),
    ]:
        assert (site / "posts" / year / month / f"{slug}.rst").is_file()
    assert "Nothing left to fix by hand." in summary


def test_import_summary_counts_repairs_by_kind(imported):
    _, summary = imported
    assert "      3  images" in summary
    assert "      2  Markdown pipe tables" in summary
    assert "      1  titles wrapped across lines" in summary


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, _ = imported
    return build_site(site, tmp_path_factory.mktemp("archive-html"))  # -W, empty stderr


def test_repaired_posts_build_clean_and_render(built):
    garden = soup(built / "posts/2016/05/images-from-the-garden.html")
    images = garden.select("article img, main img, .body img") or garden.find_all("img")
    alts = sorted(image.get("alt") for image in images)
    assert alts == ["", "A pond with three ducks", "A red wheelbarrow"]
    links = {image.parent.get("href") for image in images}
    assert "https://images.example.org/img/garden-full.jpg" in links
    table = soup(built / "posts/2021/03/grants-by-region.html").find("table")
    assert [th.get_text(strip=True) for th in table.find_all("th")] == [
        "Region",
        "Requests",
        "Granted",
    ]
    code = soup(built / "posts/2012/07/reading-a-config-file.html").find_all("pre")
    assert len(code) == 2 and "def read_settings(path):" in code[0].get_text()
    fellows = soup(built / "posts/2019/08/new-fellows.html")
    assert fellows.find("em", string="new fellows")
    assert fellows.find("a", href="https://pip.pypa.io/en/stable/").find("code")
    for page in built.rglob("*.html"):
        assert 'class="problematic"' not in page.read_text(encoding="utf-8"), page


def test_wrapped_titles_and_links_come_out_whole(built):
    page = soup(built / "posts/2015/06/a-resolution-and-links.html")
    heading = page.find(lambda tag: tag.name == "h2" and "RESOLVED" in tag.get_text())
    assert "Tool-Library for their work" in heading.get_text()
    hrefs = {unquote(link.get("href")): link.get_text() for link in page.find_all("a")}
    assert hrefs["https://en.example.org/wiki/Anton_(computer)"] == "Anton"
    assert hrefs["https://garden.example.org/guide.html"] == "the planting guide"
    assert hrefs["https://garden.example.org/cans"] == "Watering Cans __can__"
    assert hrefs["mailto:ada@example.org"] == "Ada Lovelace"
    assert "Only non-commercial use" in page.find("table").get_text()
    text = page.get_text()
    assert "`" not in text and "Club_" not in text and "Chair_" not in text


def test_importing_again_changes_nothing(imported):
    site, _ = imported
    before = {path: path.read_bytes() for path in (site / "posts").rglob("*.rst")}
    summary = import_archive(ARCHIVE, site / "posts")
    assert summary.imported == [] and summary.clashes == []
    assert len(summary.unchanged) == len(list(ARCHIVE.rglob("*.rst")))
    assert {path: path.read_bytes() for path in (site / "posts").rglob("*.rst")} == before


def test_a_post_already_in_posts_is_kept_and_listed(tmp_path):
    posts = tmp_path / "posts"
    mine = posts / "2021/03/grants-by-region.rst"
    mine.parent.mkdir(parents=True)
    mine.write_text("the site's own version\n", encoding="utf-8")
    summary = import_archive(ARCHIVE, posts)
    assert mine.read_text(encoding="utf-8") == "the site's own version\n"
    assert summary.clashes == [mine]
    assert any("grants-by-region.rst" in line for line in summary.lines(tmp_path))


def test_files_not_named_by_date_are_listed_not_guessed(tmp_path):
    archive = tmp_path / "archive"
    (archive / "misc").mkdir(parents=True)
    shutil.copy(ARCHIVE / "2021/2021-03-grants-by-region.rst", archive / "misc/grants.rst")
    summary = import_archive(archive, tmp_path / "posts")
    assert summary.imported == []
    assert summary.skipped[0][1] == "not named YYYY-MM-slug.rst, so its date is unknown"


def test_a_missing_archive_folder_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "archive", str(tmp_path / "nowhere")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not a folder" in result.stderr
