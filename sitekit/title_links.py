"""A page that shows another page's title is written again when that title changes.

A link given no text of its own shows the title of what it points at: a ``:doc:`` link,
the page's title; a ``:ref:``, the section's; a Markdown link to a page, the page's.
Sphinx writes a page again only when it, or a page it includes, was read again, so
renaming a post left every page linking it that way with the old title until a full
build. Here each page's untitled links are noted as it is read, with the titles (and,
for a label, its page) they showed when the page was last written; after reading, a
page whose links would show something else is written again, as a full build would
write it (tests/test_title_links.py). The lists that show a post's excerpt follow the
same titles through sitekit.fast_ablog's page hashes.
"""

from __future__ import annotations

import posixpath
from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join

from sitekit.domain import sitekit_domain

Target = tuple[str, str]  # ("doc", docname) or ("label", name)


class TitleLinks(NamedTuple):
    """A page's untitled links, and what they showed when it was last written (None
    until the build that read it has looked)."""

    targets: tuple[Target, ...]
    shown: tuple[Any, ...] | None = None


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", note_untitled_links)
    app.connect("env-updated", pages_showing_changed_titles)


def note_untitled_links(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    targets = sorted(
        {
            target
            for xref in doctree.findall(addnodes.pending_xref)
            if not xref.get("refexplicit")
            for target in link_targets(env, xref, env.docname)
        }
    )
    if targets:
        sitekit_domain(env).title_links[env.docname] = TitleLinks(tuple(targets))


def link_targets(env: BuildEnvironment, xref: addnodes.pending_xref, docname: str) -> list[Target]:
    """What an untitled link takes its text from: a page, or a label."""
    kind, target = xref.get("reftype"), xref.get("reftarget") or ""
    refdoc = xref.get("refdoc") or docname
    if kind == "doc":
        return [("doc", docname_join(refdoc, target))]
    if kind == "ref" and xref.get("refdomain") == "std":
        return [("label", target.lower())]
    if kind == "myst":  # a Markdown link: a path to a page, or a label
        folder = posixpath.dirname(str(env.doc2path(refdoc, False)))
        path = posixpath.normpath(posixpath.join(folder, target.split("#")[0]))
        page = env.path2doc(path) if target.split("#")[0] else None
        return [("doc", page)] if page else [("label", target.lstrip("#").lower())]
    return []


def shown(env: BuildEnvironment, targets: tuple[Target, ...]) -> tuple[Any, ...]:
    """What those links show in this build: each page's title, each label's page and
    section title."""
    labels = env.domains.standard_domain.labels
    described: list[Any] = []
    for kind, name in targets:
        if kind == "doc":
            title = env.titles.get(name)
            described.append(title.astext() if title is not None else None)
        else:
            described.append(tuple(labels.get(name, ())))
    return tuple(described)


def pages_showing_changed_titles(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: the pages not read again whose links now show another title."""
    records = sitekit_domain(env).title_links
    outdated = []
    for docname, links in sorted(records.items()):
        now = shown(env, links.targets)
        if now != links.shown:
            if links.shown is not None:  # a page just read is written anyway
                outdated.append(docname)
            records[docname] = links._replace(shown=now)
    return sorted(set(outdated) & env.found_docs)
