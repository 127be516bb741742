"""Shared fixtures: sphinx.testing roots under tests/roots/, a real HTML parser, the real
site built as `make html` builds it, and Debian's Chromium with a local web server."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sphinx.config import Config
from sphinx.testing.util import SphinxTestApp
from sphinx.util.tags import Tags

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).parent / "tools"
CHROMIUM = Path("/usr/bin/chromium")
# 2018-11-06T12:00Z, while the RFI was open: the one instant the real site is built at.
SOURCE_DATE_EPOCH = 1541505600
# Pages of the real site that tests name.
POST = "posts/2018/10/pypi-security-and-accessibility-q1-2019.html"
RFI = "rfi/2019-q1-pypi-rfi.html"
RFP = "rfi/2019-q1-pypi-rfp.html"


def require(available: bool, message: str) -> None:
    """A missing system tool skips a test locally, but fails it in CI, where .ci/run installs it."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def node_tool(package: str) -> Path:
    """An npm package from tests/tools, which `make test` installs."""
    path = TOOLS / "node_modules" / package
    require(
        shutil.which("node") is not None and path.exists(),
        f"needs Node.js and {package} from tests/tools: run `make test`, which installs them "
        "with npm (Debian: apt-get install nodejs npm)",
    )
    return path


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def plain_warnings(app) -> str:
    """The warning stream without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def copy_test_root(target: Path, name: str, files: dict[str, str] | None = None) -> Path:
    """A writable copy of a test root at ``target``, with files added or replaced."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOTS / name, target)
    for relative, text in (files or {}).items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def copy_root(tmp_path: Path) -> Callable[..., Path]:
    """A writable copy of a test root, with files added or replaced, for bad-input cases."""

    def make(name: str, files: dict[str, str] | None = None) -> Path:
        return copy_test_root(tmp_path / name, f"test-{name}", files)

    return make


def build_source(source: Path, builder: str = "html") -> SphinxTestApp:
    """One builder's build of a folder, with its own doctrees, as a site keeps them: for a
    module-scoped fixture, which cannot use ``make_app``."""
    app = SphinxTestApp(
        builder,
        srcdir=source,
        builddir=source.parent / f"build-{builder}",
        status=StringIO(),
        warning=StringIO(),
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture
def build_root(make_app, tmp_path: Path) -> Callable[..., Any]:
    """The one way tests build a test root: copy it (or, with ``fresh=False``, change the
    copy already built, as an author edits a page between two builds) and build it at a
    clock."""
    source = tmp_path / "src"

    def run(
        now: str,
        *,
        files: dict[str, str] | None = None,
        parallel: int = 0,
        fresh: bool = True,
        root: str = "test-calls",
        builder: str = "html",
        confoverrides: dict[str, object] | None = None,
    ):
        if fresh or not source.exists():
            copy_test_root(source, root, files)
        else:
            for relative, text in (files or {}).items():
                (source / relative).write_text(text, encoding="utf-8")
        app = make_app(
            builder,
            srcdir=source,
            confoverrides={"deadlines_now": now, **(confoverrides or {})},
            parallel=parallel,
        )
        app.build()
        return app

    return run


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once per run, at SOURCE_DATE_EPOCH."""
    return build_site(REPO, tmp_path_factory.mktemp("real-site"))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole run; tests open their own contexts."""
    require(
        CHROMIUM.exists(),
        "browser tests need Debian's Chromium: apt-get install chromium (.ci/run does)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A built site under a path prefix, as GitHub Pages serves it: what is not there
    gets the site's 404.html with status 404."""

    def __init__(self, *args, prefix: str, **kwargs) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def send_head(self):
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def serve(directory: Path, prefix: str = "/") -> Iterator[str]:
    """Serve a folder on 127.0.0.1 from a thread; yields the base URL, ending in prefix."""
    handler = functools.partial(SiteHandler, directory=str(directory), prefix=prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# What a copy of the site leaves out: what conf.py excludes from the sources (the one
# list), and what Git and Python keep beside them.
NOT_SOURCES = shutil.ignore_patterns(
    *Config.read(REPO, overrides={}, tags=Tags()).exclude_patterns,
    ".git",
    "*.egg-info",
    "__pycache__",
)


def copy_site(place: Path) -> Path:
    """A copy of the real site's sources, to build or change without touching the project."""
    source = place / "clone"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    return source


def build_site(source: Path, out: Path, *options: str, **environ: str) -> Path:
    """Build as `make html` does (warnings are errors), into out/html with out/doctrees.

    Sphinx always runs: a build with nothing to do goes through Sphinx's own no-op, not
    the runner's "up to date" (tests/test_up_to_date.py tests that)."""
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    env |= {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)} | environ
    command = [sys.executable, "-m", "sitekit.runner", "--always-build", "-W", "-q", "-b", "html"]
    command += options
    result = subprocess.run(
        [*command, "-d", str(out / "doctrees"), str(source), str(out / "html")],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not one warning, not even one -W lets through
    return out / "html"


def pages_handled_here(monkeypatch: pytest.MonkeyPatch, owner: type, method: str) -> list[str]:
    """The pages ``owner.method(docname, ...)`` is called for in this process (the main
    one) from now on; a forked worker adds to its own copy of the list."""
    pages: list[str] = []
    original = getattr(owner, method)
    main = os.getpid()

    def noting(self: Any, docname: str, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() == main:
            pages.append(docname)
        return original(self, docname, *args, **kwargs)

    monkeypatch.setattr(owner, method, noting)
    return pages


def files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def differing(one: Path, two: Path) -> list[str]:
    """Files of `one` whose bytes differ in `two`, or that `two` lacks."""
    return [
        name
        for name in files(one)
        if not (two / name).is_file() or (one / name).read_bytes() != (two / name).read_bytes()
    ]
