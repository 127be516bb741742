"""Which pages changed since the last build, with plain ``os.stat`` calls for the many
that did not.

Sphinx checks every page with ``pathlib``: that its doctree is there, that its source
and each file it depends on are no newer than when it was read. At 1,000 posts that was
20 ms of every edit, most of it making path objects. Here a page is passed over as
unchanged when its doctree is in its folder's listing and its source and dependencies
are files no newer than it; any other page (one read always, one whose doctree or
dependency is missing, one with something newer, one whose file cannot be checked) is
asked of Sphinx's own check, which decides and reports it as it always did. A changed
configuration, which reads every page, is Sphinx's.
"""

from __future__ import annotations

import os
from stat import S_ISREG

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment, _has_doc_changed

from sitekit import internals
from sitekit.output_files import existing_files


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(app, (BuildEnvironment, "get_outdated_files", get_outdated_files))


def get_outdated_files(
    env: BuildEnvironment, config_changed: bool
) -> tuple[set[str], set[str], set[str]]:
    """Sphinx's ``get_outdated_files``: the pages added, changed and removed."""
    if config_changed:
        return internals.original(BuildEnvironment, "get_outdated_files")(env, config_changed)
    removed = env.all_docs.keys() - env.found_docs
    added: set[str] = set()
    changed: set[str] = set()
    doctreedir = os.fspath(env.doctreedir)
    doctrees = existing_files(
        os.path.join(doctreedir, f"{docname}.doctree") for docname in env.found_docs
    )
    for docname in env.found_docs:
        if docname not in env.all_docs:
            added.add(docname)
        elif not _plainly_unchanged(env, docname, doctreedir, doctrees) and _has_doc_changed(
            docname,
            filename=env.doc2path(docname),
            reread_always=env.reread_always,
            doctreedir=env.doctreedir,
            all_docs=env.all_docs,
            dependencies=env.dependencies,
        ):
            changed.add(docname)
    return added, changed, removed


def _plainly_unchanged(
    env: BuildEnvironment, docname: str, doctreedir: str, doctrees: set[str]
) -> bool:
    if docname in env.reread_always:
        return False
    if os.path.join(doctreedir, f"{docname}.doctree") not in doctrees:
        return False
    source = env.project._docname_to_path.get(docname)
    if source is None:
        return False
    read_at = env.all_docs[docname]
    files = [os.path.join(env.srcdir, source), *env.dependencies.get(docname, ())]
    return all(_file_no_newer(path, read_at) for path in files)


def _file_no_newer(path: str | os.PathLike[str], than: int) -> bool:
    """A file (not a folder), modified no later than ``than``, in Sphinx's microseconds
    rounded up (``sphinx.util.osutil._last_modified_time``)."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return S_ISREG(stat.st_mode) and -(stat.st_mtime_ns // -1_000) <= than
