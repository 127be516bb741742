"""Posts that ablog would crash on, reported properly (ablog 0.11.13; see ablog_fixes).

ablog raises a bare ValueError (no line) on a bad post date, a bare Exception on a
post with no title, and warns through Python's root logger, which `-W` never sees.
This module checks posts before ablog reads them, reports each problem as one line
with file and line, and forwards root-logger warnings to Sphinx's logger.
"""

from __future__ import annotations

import logging as stdlib_logging
from datetime import datetime

import yaml
from ablog.post import PostNode
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

BEFORE_ABLOG = 400  # ablog reads posts on doctree-read at the default priority, 500


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _forward_root_logger)
    app.connect("build-finished", _stop_forwarding)
    app.connect("source-read", check_front_matter)
    app.connect("doctree-read", check_posts, priority=BEFORE_ABLOG)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _reread_bad_posts)
    app.connect("build-finished", _fail_on_bad_posts)


def _bad_posts(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "sitekit_bad_posts"):
        env.sitekit_bad_posts = set()
    return env.sitekit_bad_posts


def check_posts(app: Sphinx, doctree: nodes.document) -> None:
    """Report what ablog would crash on, and mend the node so ablog goes on."""
    env = app.env
    _one_post_per_section(app, doctree)
    for post in doctree.findall(PostNode):
        date = post.get("date")
        if date and not _is_date(date, app.config.post_date_format):
            _report(
                env,
                post,
                f"post date {date!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-10-30",
            )
            post["date"] = None
        if not post.get("title") and not any(doctree.findall(nodes.title)):
            _report(
                env, post, "post has no title; start it with a heading or give the post a :title:"
            )
            post["title"] = env.docname


def _one_post_per_section(app: Sphinx, doctree: nodes.document) -> None:
    """ablog looks for the section of each post of a page with several posts by
    climbing from the post to its parent, and never stops when that parent is not a
    section (ablog/post.py, process_posts). Report such a post and drop it."""
    posts = list(doctree.findall(PostNode))
    if len(posts) < 2 and not app.config.post_always_section:
        return
    from_fields = [post for post in posts if post.line is None]
    outside = [post for post in posts if not isinstance(post.parent, nodes.section)]
    if len(outside) == len(posts):
        outside = outside[1:]  # the first stays, and the page is read as one post
    for post in outside:
        if from_fields and post not in from_fields:
            fields = next(doctree.findall(nodes.docinfo), None) or next(
                doctree.findall(nodes.field_list), None
            )
            _report_at(
                app.env,
                app.env.docname,
                (fields.line if fields is not None and fields.line else 1),
                "field lines above the post directive make ablog read a second post; "
                "delete them (the directive holds the post's data; `make import` does this)",
                subtype="post",
            )
        else:
            _report(
                app.env,
                post,
                "a page with several posts needs each post directive inside its own section; "
                "move it under its section's title",
            )
        post.parent.remove(post)


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """MyST only says "Malformed YAML"; say where, and what to write, and keep the rest quiet."""
    text = source[0]
    if not text.startswith("---\n"):
        return
    end = text.find("\n---", 4)
    if end == -1:
        _report_at(
            app.env,
            docname,
            1,
            "front matter opened with --- is never closed; end it with a line ---",
        )
        return
    try:
        yaml.safe_load(text[4:end])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 as lines count from 1
        problem = getattr(error, "problem", None) or "not valid YAML"
        _report_at(
            app.env,
            docname,
            line,
            f"front matter is not valid YAML ({problem}); write one 'key: value' per line, "
            "and quote values with [ ] or : in them",
        )
        # MyST would warn again without a line; drop the block so the page still reads.
        source[0] = "\n" * (text[: end + 4].count("\n")) + text[end + 4 :]
        app.env.metadata[docname]["orphan"] = True


def _is_date(text: str, post_date_format: str) -> bool:
    try:
        datetime.strptime(text, post_date_format)
        return True
    except ValueError:
        pass
    try:
        datetime.strptime(text.strip(), "%Y-%m-%d")
        return True
    except ValueError:
        return False


def _report(env: BuildEnvironment, node: nodes.Node, message: str) -> None:
    _bad_posts(env).add(env.docname)
    logger.error(message, location=node, type="sitekit", subtype="post")


def _report_at(
    env: BuildEnvironment, docname: str, line: int, message: str, subtype: str = "front-matter"
) -> None:
    _bad_posts(env).add(docname)
    logger.error(message, location=(docname, line), type="sitekit", subtype=subtype)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _bad_posts(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _bad_posts(env).update(_bad_posts(other) & docnames)


def _reread_bad_posts(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """A bad post stays an error until it is fixed, even in an incremental build."""
    return sorted(_bad_posts(env) - set(removed))


def _fail_on_bad_posts(app: Sphinx, exception: Exception | None) -> None:
    if _bad_posts(app.env):
        app.statuscode = 1


class _ToSphinx(stdlib_logging.Handler):
    """Re-emit root-logger warnings (ablog's) through Sphinx, where -W sees them."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.app = app

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        docname = self.app.env.docname if self.app.env else None
        logger.warning(
            record.getMessage(),
            location=docname or None,
            type="sitekit",
            subtype="root-logger",
        )


def _forward_root_logger(app: Sphinx) -> None:
    handler = _ToSphinx(app)
    stdlib_logging.getLogger().addHandler(handler)
    app.sitekit_root_handler = handler


def _stop_forwarding(app: Sphinx, exception: Exception | None) -> None:
    handler = getattr(app, "sitekit_root_handler", None)
    if handler is not None:
        stdlib_logging.getLogger().removeHandler(handler)
