"""Posts that ablog would crash on, reported properly (ablog 0.11.13; see internals).

ablog raises a bare ValueError (no line) on a bad post or update date, a bare Exception
on a post with no title, a KeyError on a postlist format it does not know; docutils
drops a post whose count or flag it cannot read, in several lines; ablog links to
whatever a post's links say (``javascript:`` too), writes a redirect page wherever its
path points (outside the output folder too), and warns through Python's root logger,
which `-W` never sees. This module checks posts and ablog's directives before ablog
reads them, reports each problem as one line with file and the bad value's own line,
and forwards root-logger warnings to Sphinx's logger.
"""

from __future__ import annotations

import logging as stdlib_logging
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from string import Formatter

import yaml
from ablog.post import PostDirective, PostListDirective, PostNode, UpdateNode
from docutils import nodes
from docutils.parsers.rst import Directive, directives
from myst_parser.config.main import MdParserConfig, merge_file_level
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from deadlines.core.calls import url_error
from deadlines.core.sourcelines import SourceText, option_lines
from deadlines.directives import source_text
from sitekit import internals, libyaml, priorities
from sitekit.domain import build_state, sitekit_domain
from sitekit.subtypes import WARNING_TYPE, Subtype

logger = logging.getLogger(__name__)

POST_LINKS = ("external_link", "canonical_link")  # each an href in ablog's pages
DATE_FIX = "write it as YYYY-MM-DD, e.g. 2018-10-30"


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    app.connect("builder-inited", _forward_root_logger)
    app.connect("build-finished", _stop_forwarding)
    app.connect("source-read", check_front_matter)
    app.add_directive("post", CheckedPostDirective, override=True)
    app.add_directive("postlist", CheckedPostListDirective, override=True)
    app.connect("doctree-read", check_posts, priority=priorities.CHECK_POSTS)
    app.connect("env-get-outdated", _reread_bad_posts)
    app.connect("build-finished", _fail_on_bad_posts)


def _bad_posts(env: BuildEnvironment) -> set[str]:
    return sitekit_domain(env).bad_posts


def check_posts(app: Sphinx, doctree: nodes.document) -> None:
    """Report what ablog would crash on or publish, and mend the doctree so ablog goes on."""
    env = app.env
    _drop_second_posts(app, doctree)
    _one_post_per_section(app, doctree)
    posts = list(doctree.findall(PostNode))
    for post in posts:
        _pass_on_attributes(doctree, post)
    undated_already_reported: set[int] = set()
    for post in posts:
        place = Place(env, post)
        date = post.get("date")
        if date and not _is_date(date, app.config.post_date_format):
            line = place.date_line(date, app.config.post_date_format)
            _report_line(
                env, place.path, line, f"post date {_one_line(date)!r} is not a date; {DATE_FIX}"
            )
            post["date"] = None
            undated_already_reported.add(id(post))
        for key in POST_LINKS:
            value = post.get(key)
            if value == "None" and place.written_empty(key):  # ablog's str() of nothing
                problem = f"no address after :{key}:; write a full http://, https:// or mailto: address, or delete the line"
                _report_line(env, place.path, place.start(key), f"post {key}: {problem}")
                post[key] = []
            elif isinstance(value, str) and (problem := url_error(value)):
                _report_line(
                    env, place.path, place.value_line(key, value), f"post {key}: {problem}"
                )
                post[key] = []  # what ablog holds for a post with no such link
        post["redirect"] = [
            name for name in post.get("redirect") or [] if not _bad_redirect(env, place, name)
        ]
        if not post.get("title") and not any(doctree.findall(nodes.title)):
            _report(
                env, post, "post has no title; start it with a heading or give the post a :title:"
            )
            post["title"] = env.docname
    _check_updates(app, doctree, posts, undated_already_reported)


def _pass_on_attributes(doctree: nodes.document, post: PostNode) -> None:
    """A label (``.. _name:``) or ``.. class::`` right above ``.. post::`` gives the post
    directive's node its ids, names or classes, and ablog, which takes that node out,
    then crashed ("Losing "ids" attribute"). They go to what follows it, the post's
    section or first paragraph, where a link to the label lands."""
    if not any(post[name] for name in post.basic_attributes):
        return
    index = post.parent.index(post)
    following = [node for node in post.parent[index + 1 :] if isinstance(node, nodes.Element)]
    holder = following[0] if following else post.parent
    for name in post.basic_attributes:
        for value in post[name]:
            if value not in holder[name]:
                holder[name].append(value)
        post[name] = []
    for node_id in holder["ids"]:
        if doctree.ids.get(node_id) is post:
            doctree.ids[node_id] = holder


def _bad_redirect(env: BuildEnvironment, place: Place, name: str) -> bool:
    """Report a redirect ablog would write outside the site, or over one of its pages."""
    problem = page_path_error(name)
    if not problem and name in env.found_docs:
        problem = (
            f"{name!r} is a page of this site, which the redirect would replace; "
            "write the post's old path"
        )
    if problem:
        _report_line(
            env, place.path, place.value_line("redirect", name), f"post redirect: {problem}"
        )
    return bool(problem)


def _check_updates(
    app: Sphinx, doctree: nodes.document, posts: list[PostNode], undated_already_reported: set[int]
) -> None:
    """ablog reads each update's date (crashing on one it cannot read) and compares it
    with its post's date (crashing when the post has none); report either, drop the update."""
    env = app.env
    for update in list(doctree.findall(UpdateNode)):
        date = update.get("date", "")
        if not _is_date(date, app.config.post_date_format):
            place = Place(env, update)
            line = place.date_line(date, app.config.post_date_format)
            _report_line(
                env, place.path, line, f"update date {_one_line(date)!r} is not a date; {DATE_FIX}"
            )
            update.parent.remove(update)
    several = len(posts) > 1 or app.config.post_always_section
    for post in posts:
        if post.get("date") or post.parent is None:
            continue
        # the updates ablog gives this post: its section's, or the page's (ablog/post.py)
        for update in list((post.parent if several else doctree).findall(UpdateNode)):
            if id(post) not in undated_already_reported:
                _report_line(
                    env,
                    Place(env, update).path,
                    update.line or 1,
                    "update of a post with no date; give the post a date, "
                    "e.g. .. post:: 2018-10-30, or delete the update",
                )
            update.parent.remove(update)


def _drop_second_posts(app: Sphinx, doctree: nodes.document) -> None:
    """ablog makes a post of a page's front matter (field lines, in reST) even when the
    page has a post directive, so it reads the page twice. Its hint says so as it reads
    (SECOND_POST_HINT); report it here if it did not, and keep the directive's post."""
    posts = list(doctree.findall(PostNode))
    from_fields = [post for post in posts if post.line is None]
    if not from_fields or len(from_fields) == len(posts):
        return
    if not app.env.current_document.get(SECOND_POST_REPORTED):
        _report_second_post(app)
    for post in from_fields:
        post.parent.remove(post)


def _one_post_per_section(app: Sphinx, doctree: nodes.document) -> None:
    """ablog looks for the section of each post of a page with several posts by
    climbing from the post to its parent, and never stops when that parent is not a
    section (ablog/post.py, process_posts). Report such a post and drop it."""
    posts = list(doctree.findall(PostNode))
    if len(posts) < 2 and not app.config.post_always_section:
        return
    outside = [post for post in posts if not isinstance(post.parent, nodes.section)]
    if app.config.post_always_section:
        message = (
            "with post_always_section, ablog reads each post from its section; "
            "move the post directive under its section's title"
        )
    else:
        message = (
            "a page with several posts needs each post directive inside its own section; "
            "move it under its section's title"
        )
        if len(outside) == len(posts):
            outside = outside[1:]  # the first stays, and the page is read as one post
    for post in outside:
        _report(app.env, post, message)
        post.parent.remove(post)
    if outside:
        app.env.metadata[app.env.docname]["orphan"] = True  # a post's page, as ablog makes it


def _as_text(option_spec: dict[str, Callable], names: tuple[str, ...]) -> dict[str, Callable]:
    """ablog's options, with these taken as text, for CheckedOptions to check."""
    return option_spec | {name: directives.unchanged for name in names}


class CheckedOptions(Directive):
    """ablog's directives read some options with int() or as flags; docutils then reports
    a bad one in several lines at the directive's line, and drops the directive (the page
    is no post, and the build goes on). Here such options are taken as text and checked
    as the directive runs: one line at the option's own line, and the directive stays."""

    counts: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    def place(self) -> tuple[BuildEnvironment, str, SourceText]:
        env = self.state.document.settings.env
        path = self.state_machine.get_source_and_line(self.lineno)[0]
        path = path or str(env.doc2path(env.docname))
        return env, path, source_text(env, path)

    def report_at_option(self, name: str, message: str) -> None:
        env, path, source = self.place()
        line = option_lines(source.text.splitlines(), self.lineno).get(name, self.lineno)
        _report_line(env, path, line, message)

    def check_options(self) -> None:
        for name in self.counts:
            text = self.options.get(name)
            if text is None:
                continue
            if _is_count(text):
                self.options[name] = int(text)
            else:
                self.report_at_option(
                    name,
                    f"{self.name} {name}: {text!r} is not a whole number; "
                    f"write a count, e.g. :{name}: 1",
                )
                del self.options[name]
        for name in self.flags:
            text = self.options.get(name)
            if text:
                self.report_at_option(
                    name,
                    f"{self.name} {name}: {text!r} cannot be read: ablog takes :{name}: only "
                    f"with no value; write :{name}: alone to set it, or delete the line",
                )
            if name in self.options:
                self.options[name] = None  # as docutils' flag gives it


class CheckedPostDirective(CheckedOptions, PostDirective):
    """ablog's post directive, whose counts and flags are checked first (CheckedOptions)."""

    counts = ("image", "excerpt")
    flags = ("exclude", "nocomments")
    option_spec = _as_text(PostDirective.option_spec, counts + flags)

    def run(self) -> list[nodes.Node]:
        self.check_options()
        return super().run()


class CheckedPostListDirective(CheckedOptions, PostListDirective):
    """ablog's postlist, whose length, format and flags are checked first: ablog reads
    the length with int() as the page is parsed, and the format when the page is
    written, and raises on either with no file or line."""

    flags = ("sort", "excerpts")
    option_spec = _as_text(PostListDirective.option_spec, flags)

    def run(self) -> list[nodes.Node]:
        env, path, source = self.place()
        length = self.arguments[0] if self.arguments else None
        if length is not None and not _is_count(length):
            _report_line(
                env,
                path,
                word_lines(source, self.lineno, length)[0],
                f"postlist length {length!r} is not a whole number; "
                "write how many posts to list, e.g. .. postlist:: 5",
            )
            return []
        problem = postlist_format_error(self.options.get("format", ""))
        if problem:
            self.report_at_option("format", problem)
            del self.options["format"]  # ablog's own format, so the page can be written
        self.check_options()
        return super().run()


def _is_count(text: str) -> bool:
    try:
        return int(text) >= 0
    except ValueError:
        return False


POSTLIST_KEYS = ("date", "title", "author", "location", "language", "category", "tags")


def postlist_format_error(text: str) -> str:
    """Why ablog cannot write a postlist in this format ("" when it can)."""
    try:
        keys = [key for _, key, _, _ in Formatter().parse(text) if key is not None]
    except ValueError as error:
        return (
            f"postlist format {text!r} cannot be read ({error}); "
            "write {{ or }} for a brace, e.g. {date} - {title}"
        )
    for key in keys:
        if key not in POSTLIST_KEYS:
            known = ", ".join(f"{{{name}}}" for name in POSTLIST_KEYS[:-1])
            return (
                f"postlist format {text!r} names {{{key}}}, which ablog does not know; "
                f"use {known} or {{{POSTLIST_KEYS[-1]}}}"
            )
    return ""


PAGE_NAME_PART = re.compile(r"[\w.~-]+")


def page_path_error(name: str) -> str:
    """Why ablog cannot write a redirect page at this path ("" when it can).

    ablog writes the page at the path from the output folder, with .html added: ``..``,
    a leading ``/`` or a drive would put it outside the site, and a ``javascript:``
    or other address is no path at all.
    """
    fix = "write the old page's path from the site's root, e.g. blog/old-name"
    if not name:
        return f"an empty name (nothing, or nothing between two commas); {fix}"
    parts = name.split("/")
    if any(part in (".", "..") or not PAGE_NAME_PART.fullmatch(part) for part in parts):
        return f"{name!r} is not a page's path on this site; {fix}"
    if name.endswith(".html"):
        return f"{name!r} ends in .html, which ablog adds; write {name.removesuffix('.html')}"
    return ""


class Place:
    """Where the values of a post, update or postlist stand in its file: a directive's
    argument and options, or the field lines (front matter) ablog made a post from. The
    file is read only when a line is asked for: for a post with a problem."""

    def __init__(self, env: BuildEnvironment, node: nodes.Element) -> None:
        self.path: str = node.source or str(env.doc2path(env.docname))
        self.line: int | None = node.line  # the directive's; None for field lines
        self._env = env

    @cached_property
    def source(self) -> SourceText:
        return source_text(self._env, self.path)

    @cached_property
    def _options(self) -> dict[str, int]:
        return option_lines(self.source.text.splitlines(), self.line) if self.line else {}

    def start(self, name: str) -> int:
        """The line option or field ``name`` starts on ("date": a directive's argument)."""
        if self.line is None:
            return self.source.find(_field_line(name), 1) or 1
        return self.line if name == "date" else self._options.get(name, self.line)

    def written_empty(self, name: str) -> bool:
        """Whether the option's line gives it no value at all."""
        lines = self.source.text.splitlines()
        start = self.start(name)
        line = lines[start - 1] if 0 < start <= len(lines) else ""
        return line.strip() == f":{name}:"

    def value_line(self, name: str, value: str) -> int:
        """The line of ``value`` (one of the option's or field's values) itself."""
        return word_lines(self.source, self.start(name), value)[0]

    def date_line(self, value: str, post_date_format: str) -> int:
        """The line of the part of an unreadable date that is wrong (a date may be
        wrapped over several lines)."""
        words = value.split()
        lines = word_lines(self.source, self.start("date"), value)
        return lines[_bad_date_word(words, post_date_format)]


def _field_line(name: str) -> re.Pattern[str]:
    """A field line ``:name: value`` (reST) or ``name: value`` (front matter)."""
    quoted = re.escape(name)
    return re.compile(rf"^[ \t]*(?::{quoted}:|{quoted}[ \t]*:)(?:\s|$)", re.MULTILINE)


def word_lines(source: SourceText, start_line: int, value: str) -> list[int]:
    """The line of each word of ``value``, as written from ``start_line`` on (a directive's
    argument or option may go on over the next lines); ``start_line`` where not found."""
    words = value.split()
    if not words:
        return [start_line]
    pattern = re.compile(
        r"(?<!\S)" + r"\s+".join(f"({re.escape(word)})" for word in words) + r"(?!\S)"
    )
    offset = sum(len(line) for line in source.text.splitlines(keepends=True)[: start_line - 1])
    match = pattern.search(source.text, offset)
    if match is None:
        return [start_line] * len(words)
    return [source.line_of(match.start(group)) for group in range(1, len(words) + 1)]


def _bad_date_word(words: list[str], post_date_format: str) -> int:
    """Which word of an unreadable date is wrong: the first that is not its part of the
    post date format, else the first (every part reads, but the calendar has no such day)."""
    parts = post_date_format.split()
    if len(words) < 2 or len(parts) < 2:
        return 0
    for index, word in enumerate(words):
        if index >= len(parts):
            return index
        try:
            datetime.strptime(word, parts[index])
        except ValueError:
            return index
    return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """MyST's YAML and ablog's conversions of front matter stop the build with a traceback
    (an impossible date, `image: abc`) or a warning with no line; report each value they
    cannot read here, at its own line, and drop the block so neither says more."""
    if not _is_markdown(app, docname) or not source[0].startswith("---"):
        return
    lines = source[0].splitlines(keepends=True)
    closing = front_matter_closing_line(lines)
    if closing is None:
        _report_at(
            app.env,
            docname,
            1,
            "front matter opened with --- is never closed; end it with a line ---",
        )
        # MyST would read the --- as a rule the page may not start with; drop it.
        source[0] = "\n" + "".join(lines[1:])
        app.env.metadata[docname]["orphan"] = True
        return
    problems = front_matter_problems(
        "".join(lines[1:closing]),
        first_line=2,
        matched_post=docname in getattr(app.config, "matched_blog_posts", ()),
        is_date=lambda text: _is_date(text, app.config.post_date_format),
    )
    for line, message in problems:
        _report_at(app.env, docname, line, message)
    if problems:
        # Blank lines keep the page's line numbers; the page reads on, and the build fails.
        source[0] = "\n" * (closing + 1) + "".join(lines[closing + 1 :])
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
    logger.error(message, location=node, type=WARNING_TYPE, subtype=Subtype.POST)


def _report_at(
    env: BuildEnvironment,
    docname: str,
    line: int,
    message: str,
    subtype: Subtype = Subtype.FRONT_MATTER,
) -> None:
    _bad_posts(env).add(docname)
    logger.error(message, location=(docname, line), type=WARNING_TYPE, subtype=subtype)


def _report_line(env: BuildEnvironment, path: str, line: int, message: str) -> None:
    """An error about the page being read, at a line of its file (or of a file it includes)."""
    _bad_posts(env).add(env.docname)
    logger.error(message, location=f"{path}:{line}", type=WARNING_TYPE, subtype=Subtype.POST)


def _reread_bad_posts(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """A bad post stays an error until it is fixed, even in an incremental build."""
    return sorted(_bad_posts(env) - set(removed))


def _fail_on_bad_posts(app: Sphinx, exception: Exception | None) -> None:
    if _bad_posts(app.env):
        app.statuscode = 1


# ablog's one warning through the root logger (ablog/post.py, CheckFrontMatter.apply):
# front matter beside a post directive. It says "using post directive", but ablog makes
# a second post of the front matter too; _report_second_post says so, at its line.
SECOND_POST_HINT = "Found blog post front-matter as well as post directive"
SECOND_POST_REPORTED = "sitekit_second_post_reported"
FIELD_LINE = re.compile(r"^:[^:\s][^:]*:(?:\s|$)", re.MULTILINE)  # a reST page's :name: value


def _report_second_post(app: Sphinx) -> None:
    env = app.env
    docname = env.docname
    if _is_markdown(app, docname):
        line = 1
        message = (
            "front matter beside a post directive makes ablog read a second post; "
            "give the post's data in one of them and delete the other"
        )
    else:
        source = source_text(env, str(env.doc2path(docname)))
        line = source.find(FIELD_LINE, 1) or 1
        message = (
            "field lines above the post directive make ablog read a second post; delete them "
            "(the directive holds the post's data; `make import` does this)"
        )
    env.current_document[SECOND_POST_REPORTED] = True
    _report_at(env, docname, line, message, subtype=Subtype.POST)


class _ToSphinx(stdlib_logging.Handler):
    """Re-emit root-logger warnings (ablog's) through Sphinx, where -W sees them, naming
    the page being read; ablog's known hint becomes the error it stands for, at its line."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.app = app

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        env = self.app.env
        docname = env.docname if env else ""
        message = record.getMessage()
        if docname and message.startswith(SECOND_POST_HINT):
            if not env.current_document.get(SECOND_POST_REPORTED):
                _report_second_post(self.app)
            return
        logger.warning(
            message, location=docname or None, type=WARNING_TYPE, subtype=Subtype.ROOT_LOGGER
        )


def _forward_root_logger(app: Sphinx) -> None:
    """One forwarder, the newest application's: one made and never built (as tests do)
    would otherwise go on forwarding every later build's hints a second time."""
    root = stdlib_logging.getLogger()
    for stale in [handler for handler in root.handlers if isinstance(handler, _ToSphinx)]:
        root.removeHandler(stale)
    handler = _ToSphinx(app)
    root.addHandler(handler)
    build_state(app.env).root_handler = handler


def _stop_forwarding(app: Sphinx, exception: Exception | None) -> None:
    handler = build_state(app.env).root_handler
    if handler is not None:
        stdlib_logging.getLogger().removeHandler(handler)


# Front matter: what MyST's YAML and ablog's conversions cannot read (check_front_matter).

FRONT_MATTER_MAX_ITEMS = 100_000  # MyST will not render a value that expands past this
ABLOG_NAME_LISTS = ("tags", "author", "category", "location", "language", "redirect")
ABLOG_COUNTS = ("image", "excerpt")
ABLOG_FLAGS = ("exclude", "nocomments")
ABLOG_TEXTS = ("title",)
ABLOG_LINKS = ("canonical_link", "external_link")  # external_link is each list's link to the post
MYST_KEYS = ("myst", "html_meta", "substitutions")  # MyST's settings for one page
NOT_IN_A_NAME = set(",[]\"'\\")


def _is_markdown(app: Sphinx, docname: str) -> bool:
    suffix = app.env.doc2path(docname).suffix
    return app.config.source_suffix.get(suffix) == "markdown"


def front_matter_closing_line(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened on line 0, found as
    MyST's front matter rule finds it; None when it is never closed."""
    opening = len(lines[0]) - len(lines[0].lstrip("-"))
    for index, line in enumerate(lines[1:], start=1):
        text = line.rstrip()
        if text == "..." or (len(text) >= opening and text == "-" * len(text)):
            return index
    return None


def front_matter_problems(
    yaml_text: str, *, first_line: int, matched_post: bool, is_date: Callable[[str], bool]
) -> list[tuple[int, str]]:
    """(line, message) for each value of front matter that YAML, MyST or ablog cannot
    read; `first_line` is the file's line number of the YAML text's first line."""
    try:
        root = libyaml.compose(yaml_text)
    except (yaml.YAMLError, RecursionError) as error:
        return [(first_line + _yaml_error_line(error, yaml_text), _not_yaml_message(error))]
    if root is None:
        return [
            (
                first_line - 1,
                "front matter is empty; write 'key: value' lines in it, or delete its --- lines",
            )
        ]
    if not isinstance(root, yaml.MappingNode):
        what = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        return [
            (
                first_line + root.start_mark.line,
                f"front matter is {what}; write one 'key: value' per line",
            )
        ]
    problems: list[tuple[int, str]] = []
    entries: dict[object, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in root.value:
        line = first_line + key_node.start_mark.line
        key, problem = _construct(key_node)
        if problem is not None or not isinstance(key, str | int | float):
            name = _source(key_node, yaml_text)
            problems.append((line, f"front matter key {name} is not a name; write a word"))
        elif key in entries:
            earlier = first_line + entries[key][0].start_mark.line
            problems.append(
                (line, f"front matter gives {key} twice (also on line {earlier}); keep one")
            )
        else:
            entries[key] = (key_node, value_node)
    # ablog takes a page for a post when it matches blog_post_pattern or names blogpost.
    is_post = matched_post or "blogpost" in entries
    for key, (key_node, value_node) in entries.items():
        line = first_line + key_node.start_mark.line
        value, problem = _construct(value_node)
        if problem is not None:
            bad_node, reason = problem
            text = _source(bad_node, yaml_text)
            if key == "date":
                message = (
                    f"{'post' if is_post else 'front matter'} date {text} is not a date "
                    f"({reason}); write it as YYYY-MM-DD, e.g. 2018-10-30"
                )
            else:
                message = (
                    f"front matter {key}: {text} cannot be read ({reason}); "
                    "correct it, or quote it to keep it as text"
                )
            problems.append((first_line + bad_node.start_mark.line, message))
            continue
        size = _expanded_size(value, [])
        if size is None or size > FRONT_MATTER_MAX_ITEMS:
            why = "refers to itself" if size is None else "expands to too many items"
            problems.append(
                (line, f"front matter {key} {why} through YAML aliases; write the value out")
            )
        elif key in MYST_KEYS:
            problems += [
                (line, f"front matter {key}: {message}") for message in _myst_problems(key, value)
            ]
        elif is_post:
            problem_text = _ablog_problem(str(key), value, _source(value_node, yaml_text), is_date)
            if problem_text:
                problems.append((line, problem_text))
    return sorted(problems)


def _construct(node: yaml.Node) -> tuple[object, tuple[yaml.Node, str] | None]:
    """The value of one node, or the node that cannot be read and why."""
    try:
        return yaml.SafeLoader("").construct_document(node), None
    except (yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError) as error:
        reason = getattr(error, "problem", None) or str(error)
        return None, (_unreadable_part(node) or node, reason)


def _unreadable_part(node: yaml.Node, seen: set[int] | None = None) -> yaml.Node | None:
    """The first scalar inside `node` that cannot be read on its own."""
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias back to a node being searched
        return None
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError):
            return node
        return None
    children = (
        node.value
        if isinstance(node, yaml.SequenceNode)
        else [part for pair in node.value for part in pair]
    )
    for child in children:
        found = _unreadable_part(child, seen)
        if found is not None:
            return found
    return None


def _expanded_size(value: object, inside: list[int]) -> int | None:
    """How many items `value` writes out, counting shared parts each time (as MyST
    renders them); None when it contains itself. Stops counting past the limit."""
    if not isinstance(value, dict | list | set | tuple):
        return 1
    if id(value) in inside:
        return None
    inside.append(id(value))
    total = 1
    for item in [*value.keys(), *value.values()] if isinstance(value, dict) else value:
        size = _expanded_size(item, inside)
        if size is None:
            return None
        total += size
        if total > FRONT_MATTER_MAX_ITEMS:
            break
    inside.pop()
    return total


def _myst_problems(key: str, value: object) -> list[str]:
    """What MyST says of its own keys' values (it would say it of the page's first line)."""
    found: list[str] = []
    settings = value if key == "myst" else {key: value}  # the older top-level spelling
    merge_file_level(
        MdParserConfig(), {"myst": settings}, lambda kind, message: found.append(message)
    )
    return found


def _ablog_problem(
    key: str, value: object, text: str, is_date: Callable[[str], bool]
) -> str | None:
    """What ablog would crash on or misread in a post's front matter value, if anything."""
    scalar = isinstance(value, str | int | float | date) and not isinstance(value, bool)
    if key == "date" and not (scalar and is_date(str(value))):
        return f"post date {text} is not a date; write it as YYYY-MM-DD, e.g. 2018-10-30"
    if key in ABLOG_NAME_LISTS and not scalar:
        if (
            key == "tags"
            and isinstance(value, list)
            and all(_is_plain_name(item) for item in value)
        ):
            return None
        return f"post {key}: {text} is not read as names; write them on one line separated by commas, e.g. {key}: a, b"
    if key == "redirect" and scalar:
        for name in (part.strip() for part in str(value).split(",")):  # as ablog splits it
            if problem := page_path_error(name):
                return f"post redirect: {problem}"
    if key in ABLOG_COUNTS and not (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    ):
        return f"post {key}: {text} is not a whole number; write a count, e.g. {key}: 1"
    if key in ABLOG_FLAGS and value != "":
        return f'post {key}: {text} cannot be read: ablog takes {key} only with no value; write {key}: "" to set it, or delete the line'
    if key in ABLOG_LINKS:
        if not isinstance(value, str):
            return f"post {key}: {text} is not an address; write a full http://, https:// or mailto: address"
        problem = url_error(value)
        return f"post {key}: {problem}" if problem else None
    if key in ABLOG_TEXTS and not scalar:
        return f"post {key}: {text} is not text; write it on one line, e.g. {key}: Some words"
    if key == "blogpost" and value in (False, None):
        return f"post blogpost: {text} still makes this page a post (ablog only looks for the key); delete the line if it is not one"
    return None


def _is_plain_name(item: object) -> bool:
    return (
        isinstance(item, str | int | float | date)
        and not isinstance(item, bool)
        and not NOT_IN_A_NAME & set(str(item))
    )


def _source(node: yaml.Node, yaml_text: str) -> str:
    """The node as written, on one line and short, to quote in a message."""
    text = " ".join(yaml_text[node.start_mark.index : node.end_mark.index].split())
    if not text:
        return "(nothing)"
    return text if len(text) <= 60 else text[:57] + "..."


def _not_yaml_message(error: BaseException) -> str:
    problem = (
        getattr(error, "problem", None) or getattr(error, "reason", None) or "it nests too deeply"
    )
    return (
        f"front matter is not valid YAML ({problem}); write one 'key: value' per line, "
        "and quote values with [ ] or : in them"
    )


def _yaml_error_line(error: BaseException, yaml_text: str) -> int:
    """The line, counted from 0 in the YAML text, where reading stopped."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return mark.line
    position = getattr(error, "position", None)  # a reader error: a character YAML refuses
    return yaml_text.count("\n", 0, position) if position is not None else 0
