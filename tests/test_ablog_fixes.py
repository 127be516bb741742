"""sitekit's wall around ablog and sphinx-sitemap (sitekit.internals), loud on any change
to what sitekit relies on; then ablog_fixes' fixes, one by one."""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import MagicMock, Mock

import ablog
import ablog.blog
import ablog.post
import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError

from sitekit import ablog_fixes, fast_ablog, internals
from sitekit.domain import sitekit_domain
from sitekit.internals import INTERNALS, Internal
from tests.conftest import (
    REPO,
    SOURCE_DATE_EPOCH,
    build_site,
    copy_site,
    files,
    plain_warnings,
)

SITEKIT = sorted((REPO / "sitekit").glob("*.py"))
LIBRARIES = ("ablog", "sphinx_sitemap")


@pytest.mark.parametrize("internal", INTERNALS, ids=str)
def test_each_internal_is_the_one_sitekit_was_written_for(internal):
    assert internals.fingerprint_now(internal) == internal.fingerprint


@pytest.mark.parametrize("internal", INTERNALS, ids=str)
def test_each_internal_names_modules_that_exist(internal):
    assert internal.users
    assert all((REPO / "sitekit" / f"{user}.py").is_file() for user in internal.users)


def test_a_changed_function_stops_the_build_in_one_line_naming_it(monkeypatch):
    monkeypatch.setattr(ablog.post, "process_posts", lambda app, doctree: None)
    with pytest.raises(ExtensionError) as raised:
        internals.check("sitekit.excerpts")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"ablog {ablog.__version__} changed ablog.post.process_posts ")
    assert "sitekit/excerpts.py" in message
    assert "then set its fingerprint in sitekit/internals.py to " in message


@pytest.fixture
def build_app(tmp_path, monkeypatch):
    """What ``check`` reads of the application: that it is a real build, with a folder
    for its doctrees; the record is kept in a Python environment's folder of its own."""
    monkeypatch.setattr(internals, "RECORD_FOLDER", tmp_path / "environment")
    return SimpleNamespace(doctreedir=str(tmp_path / "doctrees"))


def test_an_internal_that_matched_is_not_read_again_while_its_files_stay(build_app, monkeypatch):
    internals.check("sitekit.excerpts", build_app)
    record = json.loads((internals.RECORD_FOLDER / internals.CHECKED).read_text())
    assert "ablog.post.process_posts" in record
    assert any(
        path.endswith("ablog/post.py") for path in record["ablog.post.process_posts"]["files"]
    )

    def read_again(internal):
        raise AssertionError(f"{internal} read again")

    monkeypatch.setattr(internals, "fingerprint_now", read_again)
    internals.check("sitekit.excerpts", build_app)


def test_a_build_from_nothing_reads_no_library_its_environment_checked(
    build_app, tmp_path, monkeypatch
):
    """A full build starts with no doctrees; the record is the environment's."""
    internals.check("sitekit.excerpts", build_app)

    def read_again(internal):
        raise AssertionError(f"{internal} read again")

    monkeypatch.setattr(internals, "fingerprint_now", read_again)
    internals.check("sitekit.excerpts", SimpleNamespace(doctreedir=str(tmp_path / "new")))
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("change", ["a file's stamp", "the expected fingerprint"])
def test_an_internal_is_read_again_once_its_files_or_its_row_change(build_app, change):
    internals.check("sitekit.excerpts", build_app)
    path = internals.RECORD_FOLDER / internals.CHECKED
    record = json.loads(path.read_text())
    known = record["ablog.post.process_posts"]
    if change == "a file's stamp":
        for stamp in known["files"].values():
            stamp[0] -= 1
    else:
        known["fingerprint"] = "0" * 16
    path.write_text(json.dumps(record))
    read = []
    original = internals.fingerprint_now
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(internals, "fingerprint_now", lambda i: read.append(i.name) or original(i))
        internals.check("sitekit.excerpts", build_app)
    assert read == ["ablog.post.process_posts"]


def test_a_changed_function_stops_the_build_though_it_matched_before(build_app, monkeypatch):
    internals.check("sitekit.excerpts", build_app)
    monkeypatch.setattr(ablog.post, "process_posts", lambda app, doctree: None)
    with pytest.raises(ExtensionError, match=r"changed ablog\.post\.process_posts "):
        internals.check("sitekit.excerpts", build_app)


def test_a_stand_in_application_keeps_no_record(tmp_path, monkeypatch):
    """A mock's doctreedir is a mock (which even passes for a path): nothing is written."""
    monkeypatch.chdir(tmp_path)
    internals.check("sitekit.excerpts", MagicMock())
    assert list(tmp_path.iterdir()) == []


def test_a_module_checks_only_what_it_relies_on(monkeypatch):
    monkeypatch.setattr(ablog.post, "process_posts", lambda app, doctree: None)
    internals.check("sitekit.sitemap")  # relies on nothing of process_posts
    internals.check("sitekit.light_pages")


def test_a_function_that_is_gone_stops_the_build(monkeypatch):
    monkeypatch.delattr(ablog.post, "generate_archive_pages")
    with pytest.raises(ExtensionError, match=r"no longer has ablog\.post\.generate_archive_pages "):
        internals.check("sitekit.light_pages")


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A small library of two modules and a test, importable as `somelib`."""
    package = tmp_path / "somelib"
    (package / "tests").mkdir(parents=True)
    (package / "__init__.py").write_text("TOMORROW = 1\n", encoding="utf-8")
    (package / "blog.py").write_text("from somelib import TOMORROW\n", encoding="utf-8")
    (package / "tests" / "test_it.py").write_text("TOMORROW = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    return package


def test_a_name_changes_with_any_line_of_the_library_that_names_it(library):
    internal = Internal("somelib:TOMORROW", "", ("ablog_fixes",))
    before = internals.fingerprint_now(internal)
    (library / "tests" / "test_it.py").write_text("print(TOMORROW)\n", encoding="utf-8")
    assert internals.fingerprint_now(internal) == before  # its tests are not the library
    (library / "post.py").write_text("when = TOMORROW_AT_NOON\n", encoding="utf-8")
    assert internals.fingerprint_now(internal) == before  # another name
    (library / "post.py").write_text("when = somelib.TOMORROW + 1\n", encoding="utf-8")
    assert internals.fingerprint_now(internal) != before  # a new reader


def test_sitekits_own_replacements_are_not_changes():
    from sphinx.events import EventListener

    ablog_fixes.setup(MagicMock())
    app = MagicMock()  # with ablog's listener that fast_ablog replaces
    app.events.listeners = {"doctree-read": [EventListener(0, ablog.post.process_posts, 500)]}
    fast_ablog.setup(app)
    assert ablog.blog.Post.to_html is fast_ablog.rendered_once
    internals.check("sitekit.ablog_fixes")
    internals.check("sitekit.fast_ablog")


def test_a_listener_that_is_not_there_stops_the_build():
    app = Mock()
    app.events.listeners = {"html-collect-pages": []}
    with pytest.raises(ExtensionError, match=r"expected ablog\.post\.generate_archive_pages"):
        internals.replace_listener(
            app, "html-collect-pages", ablog.post.generate_archive_pages, lambda app: []
        )


def library_names(path: Path) -> set[str]:
    """Each dotted name of ablog or sphinx-sitemap that a module of sitekit uses."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    origins: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES:
                    origins[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in LIBRARIES:
            for alias in node.names:
                origins[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    names = set(origins.values())
    for node in ast.walk(tree):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.insert(0, node.attr)
            node = node.value
        if isinstance(node, ast.Name) and node.id in origins and parts:
            names.add(".".join([origins[node.id], *parts]))
    return names


def names_ablog_sets_on_sphinx() -> set[str]:
    """What ablog keeps on Sphinx's environment and configuration beside its settings."""
    package = Path(ablog.__file__).parent
    assigned = {
        name
        for path in package.glob("*.py")
        for name in re.findall(r"\b(?:env|config)\.(\w+)\s*=[^=]", path.read_text(encoding="utf-8"))
    }
    return assigned - {row[0] for row in ablog.blog.CONFIG}


def covered(name: str, user: str) -> bool:
    """Whether an internal that module ``user`` declares relying on covers ``name``."""
    parts = name.split(".")
    try:
        importlib.import_module(name)
        return True  # a module itself
    except ImportError:
        pass
    if parts[-1].startswith("__") and len(parts) == 2:
        return True  # a package's own metadata (__version__, __file__)
    for internal in internals.INTERNALS:
        if user not in internal.users:
            continue
        if ":" in internal.name:
            library, word = internal.name.split(":")
            if parts[0] == library and word in parts:
                return True
        elif (
            internal.name == name
            or name.startswith(internal.name + ".")
            or (internal.name.startswith(name + "."))
        ):
            return True
    return False


@pytest.mark.parametrize("path", SITEKIT, ids=lambda path: path.name)
def test_every_library_name_a_module_uses_is_checked_for_it(path):
    names = sorted(library_names(path))
    assert [name for name in names if not covered(name, path.stem)] == []


@pytest.mark.parametrize("path", SITEKIT, ids=lambda path: path.name)
def test_every_name_ablog_keeps_on_sphinx_that_a_module_reads_is_checked_for_it(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    used |= {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    read = names_ablog_sets_on_sphinx() & used
    assert sorted(name for name in read if not covered(f"ablog.{name}", path.stem)) == []


def test_the_checks_of_what_sitekit_uses_can_fail(monkeypatch):
    assert "ablog.post.PostNode" in library_names(REPO / "sitekit" / "ablog_guard.py")
    assert names_ablog_sets_on_sphinx() >= {"ablog_posts", "matched_blog_posts"}
    monkeypatch.setattr(internals, "INTERNALS", ())
    assert not covered("ablog.post.PostNode", "ablog_guard")
    assert covered("ablog.blog", "ablog_guard")  # a module is no internal


def test_sitekit_keeps_nothing_of_its_own_on_app_builder_or_environment(make_app, copy_root):
    """Its data is in its domain, its build's state on the domain object (sitekit.domain)."""
    app = make_app("html", srcdir=copy_root("blog"))
    app.build()
    assert plain_warnings(app) == ""
    for thing in (app, app.builder, app.env):
        assert [name for name in vars(thing) if name.startswith("sitekit")] == []
    assert sitekit_domain(app.env).build.page_hashes is not None


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<p class="ablog-post-excerpt"><p>One.</p>\n<p>Two.</p>\n</p>\n',
            '<div class="ablog-post-excerpt"><p>One.</p>\n<p>Two.</p>\n</div>\n',
        ),
        ("<p>Not an excerpt.</p>\n", "<p>Not an excerpt.</p>\n"),
        ('<p class="ablog-post-excerpt">', '<p class="ablog-post-excerpt">'),
    ],
)
def test_an_excerpt_is_a_div_of_paragraphs(html, expected):
    assert ablog_fixes.valid_excerpt(html) == expected


def paragraph(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


@pytest.mark.parametrize(
    ("content", "depends"),
    [
        ([paragraph(nodes.Text("plain"), nodes.emphasis("", "words"))], False),
        ([paragraph(nodes.reference("", "x", refuri="https://pypi.org/"))], False),
        ([paragraph(nodes.reference("", "x", refuri="mailto:psf@python.org"))], False),
        ([paragraph(nodes.reference("", "x", refuri="#section"))], False),
        ([paragraph(nodes.reference("", "x", refuri="../rfi/call.html"))], True),
        ([paragraph(addnodes.pending_xref("", refdoc="a", reftarget="b"))], True),
        ([paragraph(nodes.image(uri="picture.png"))], True),
        ([paragraph(nodes.raw("", "<a href='x.html'>x</a>", format="html"))], True),
        ([], False),
        (None, False),
    ],
)
def test_which_content_renders_differently_on_another_page(content, depends):
    assert fast_ablog.links_depend_on_page(content) is depends


def test_a_post_dated_after_the_build_clock_is_a_draft(make_app, copy_root):
    later = ".. post:: 2018-10-31\n\nTomorrow\n========\n\nNot yet.\n"
    source = copy_root("blog", {"posts/later.rst": later})
    app = make_app("html", srcdir=source, confoverrides={"deadlines_now": "2018-10-30T23:00Z"})
    app.build()
    assert plain_warnings(app) == ""
    drafts = (app.outdir / "blog" / "drafts.html").read_text(encoding="utf-8")
    archive = (app.outdir / "blog.html").read_text(encoding="utf-8")
    assert "Tomorrow" in drafts
    assert "Tomorrow" not in archive


def test_another_builder_sharing_the_doctrees_leaves_the_website_alone(tmp_path):
    """html, then text into its own folder with the same doctrees, then html again."""
    source = copy_site(tmp_path)
    out = tmp_path / "out"
    html = build_site(source, out)
    pages = {name: (html / name).read_bytes() for name in files(html)}
    environ = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "text"]
    text = subprocess.run(
        [*command, "-d", str(out / "doctrees"), str(source), str(out / "text")],
        env=environ | {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (text.returncode, text.stderr) == (0, "")
    build_site(source, out)
    assert {name: (html / name).read_bytes() for name in files(html)} == pages


@pytest.mark.parametrize(
    ("now", "turn"),
    [
        (datetime(2018, 11, 6, 12, tzinfo=UTC), datetime(2018, 11, 7, tzinfo=UTC)),
        (datetime(2018, 11, 6, 23, 59, 59, tzinfo=UTC), datetime(2018, 11, 7, tzinfo=UTC)),
        (datetime(2018, 11, 7, tzinfo=UTC), datetime(2018, 11, 8, tzinfo=UTC)),
    ],
)
def test_drafts_turn_at_the_next_utc_midnight(now, turn):
    assert ablog_fixes.drafts_turn(now) == turn
