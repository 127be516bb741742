"""Reading a built site in Chromium, as the browser tests do: a reader that keeps every
request on localhost, and the accessibility (axe-core) and HTML (Nu) checks they run."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tests.conftest import REPO, SOURCE_DATE_EPOCH, node_tool, require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

SITE_PATH = "/site/"  # conf.py's default SITE_URL; the 404 page's links are absolute under it
WIDTHS = (1280, 375)
SCHEMES = ("light", "dark")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BUILT_AT = datetime.fromtimestamp(SOURCE_DATE_EPOCH, UTC)
ARTIFACTS = REPO / "test-artifacts"


class Reader:
    """Opens pages as a reader would, at the instant the site was built: one browser
    context per kind of reader (width, colour scheme, scripts on or off), whose requests to
    any host but 127.0.0.1 are refused and remembered. ``missing`` is the one path that
    may answer 404."""

    def __init__(self, browser: Browser, base_url: str, missing: str | None = None) -> None:
        self.browser = browser
        self.base_url = base_url
        self.missing = missing
        self.offsite: list[str] = []
        self.contexts: dict[tuple[int, str, bool], BrowserContext] = {}

    def url(self, path: str) -> str:
        return self.base_url + path

    def new_page(self, *, width: int = 1280, scheme: str = "light", scripts: bool = True) -> Page:
        key = (width, scheme, scripts)
        if key not in self.contexts:
            context = self.browser.new_context(
                viewport={"width": width, "height": 800},
                color_scheme=scheme,
                java_script_enabled=scripts,
                timezone_id="UTC",
                locale="en-US",
            )
            context.clock.set_fixed_time(BUILT_AT)
            context.route("**/*", self._keep_local)
            self.contexts[key] = context
        return self.contexts[key].new_page()

    def open(self, path: str, **options: object) -> Page:
        page = self.new_page(**options)
        response = page.goto(self.url(path))
        assert response is not None
        assert response.ok or path == self.missing, f"{path}: HTTP {response.status}"
        return page

    def _keep_local(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort("blockedbyclient")

    def close_pages(self) -> None:
        for context in self.contexts.values():
            for page in context.pages:
                page.close()

    def end_test(self) -> None:
        """Close the pages a test opened; none of them may have asked another host."""
        self.close_pages()
        offsite, self.offsite = self.offsite, []
        assert offsite == [], "a page asked another host for something"

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


def axe_violations(page: Page) -> list[str]:
    """What axe-core finds against WCAG 2.2 A and AA on the page as it is now, one line a rule."""
    page.add_script_tag(path=node_tool("axe-core") / "axe.min.js")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at {[n['target'] for n in rule['nodes']]}"
        for rule in result["violations"]
    ]


def nu_errors(site: Path) -> list[str]:
    """Every error the Nu HTML checker finds in the site's pages, as ``page:line: message``."""
    jar = node_tool("vnu-jar") / "build" / "dist" / "vnu.jar"
    require(
        shutil.which("java") is not None,
        "the HTML checker needs Java: apt-get install default-jre-headless (.ci/run does)",
    )
    pages = sorted(site.rglob("*.html"))
    assert pages, site
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{urlsplit(m.get('url', '')).path.removeprefix(str(site))}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
    ]
    assert errors or result.returncode == 0, result.stderr
    return errors


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
