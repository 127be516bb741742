"""Authoring: the `call` directive declares a call; other directives and roles show it.

Reading records only what the source says. Nothing here knows the clock: the nodes
left in the doctree are rendered when pages are written, from the current data.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole

from deadlines.core.calls import OPTION_NAMES, Problem, parse_call
from deadlines.core.records import Declared, Reference
from deadlines.core.sourcelines import SourceText, body_lines, option_lines, role_pattern
from deadlines.domain import calls_domain


class call_node(nodes.General, nodes.Element):
    """A block that shows a call: ``what`` is banner, timeline or index."""


class call_inline(nodes.Inline, nodes.TextElement):
    """A date or deadline of a call, inside prose."""


def call_label(call_id: str) -> str:
    return f"call-{call_id}"


class CallDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = dict.fromkeys(OPTION_NAMES, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        call_id = self.arguments[0]
        call, problems = parse_call(call_id, self.options, self.content)
        data = calls_domain(self.env)
        source = source_text(self.env, self.get_source_info()[0])
        lines = source.text.splitlines()
        self._body_lines = body_lines(lines, self.lineno, list(self.content))
        self._option_lines = option_lines(lines, self.lineno)
        if problems:
            data.problems.setdefault(self.env.docname, []).extend(
                Problem(self._absolute_line(p), p.message, p.subtype) for p in problems
            )
            return []
        # Milestone lines count from the directive; the file's lines are what authors need.
        milestones = tuple(replace(m, line=self._body_lines[m.line - 1]) for m in call.milestones)
        call = replace(call, milestones=milestones)
        data.calls.setdefault(self.env.docname, []).append(
            Declared(call, self.lineno, self._option_lines)
        )
        # A label for {call-ref} and {ref}: the call's page itself, titled with the call's title.
        label = call_label(call.id)
        std = self.env.domains.standard_domain
        std.anonlabels[label] = (self.env.docname, "")
        std.labels[label] = (self.env.docname, "", call.title)
        return [call_node(what="banner", call_id=call.id)]

    def _absolute_line(self, problem: Problem) -> int:
        """The file line a problem concerns: its option's, its body line's, or the directive's."""
        if problem.option:
            return self._option_lines.get(problem.option, self.lineno)
        return self.lineno if problem.line == 0 else self._body_lines[problem.line - 1]


def source_text(env: BuildEnvironment, path: str | None) -> SourceText:
    """The text of the file being read (or an included one), read once per document."""
    cache = env.temp_data.setdefault("deadlines_sources", {})
    if path not in cache:
        try:
            cache[path] = SourceText(Path(path).read_text(encoding="utf-8") if path else "")
        except (OSError, UnicodeDecodeError):
            cache[path] = SourceText("")
    return cache[path]


def role_line(role: SphinxRole) -> int:
    """The line of this role inside its paragraph; docutils gives the paragraph's first line."""
    path, start = role.get_source_info()
    start = start or role.lineno
    seen = role.env.temp_data.setdefault("deadlines_roles_seen", {})
    key = (path, start, role.name, role.text)
    occurrence = seen[key] = seen.get(key, -1) + 1
    found = source_text(role.env, path).find(role_pattern(role.name, role.text), start, occurrence)
    return found or start


class CallTimelineDirective(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        _remember(self.env, self.arguments[0], self.lineno)
        return [call_node(what="timeline", call_id=self.arguments[0])]


class CallIndexDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        calls_domain(self.env).index_pages.add(self.env.docname)
        return [call_node(what="index", call_id="")]


class CallDateRole(SphinxRole):
    """{call-date}`CALL:KEY`: a milestone's date, from the data, at its own precision."""

    what = "date"

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        call_id, _, key = self.text.partition(":")
        line = role_line(self)
        if self.what == "date" and not key:
            message = self.inliner.reporter.warning(
                f"{self.name} needs CALL:KEY, e.g. 2019-q1-pypi-rfi:rfi-closes", line=line
            )
            return [], [message]
        _remember(self.env, call_id, line, key)
        node = call_inline(self.rawtext, "", what=self.what, call_id=call_id, key=key)
        node["classes"] += self.options.get("classes", self.options.get("class", []))
        return [node], []


class CallDeadlineRole(CallDateRole):
    """{call-deadline}`CALL`: the exact end, in the call's zone and in UTC."""

    what = "deadline"


class CallRefRole(SphinxRole):
    """{call-ref}`CALL`: a link to the call's page, titled with the call's title."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        call_id = self.text.strip()
        _remember(self.env, call_id, role_line(self))
        ref = addnodes.pending_xref(
            self.rawtext,
            refdomain="std",
            reftype="ref",
            reftarget=call_label(call_id),
            refexplicit=False,
        )
        ref += nodes.inline(self.rawtext, call_id, classes=["xref", "std", "std-ref"])
        return [ref], []


def role(role_class: type[SphinxRole]):
    """A fresh role object per use, with an option spec so `.. role:: x(call-date)` can add :class:."""

    def run(name, rawtext, text, lineno, inliner, options=None, content=()):
        return role_class()(name, rawtext, text, lineno, inliner, options or {}, content)

    run.options = {"class": directives.class_option}
    run.content = False
    return run


def _remember(env, call_id: str, line: int, key: str = "") -> None:
    calls_domain(env).references.setdefault(env.docname, []).append(Reference(call_id, line, key))
