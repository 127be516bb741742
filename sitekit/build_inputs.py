"""What a successful build was made from, for the runner's record (sitekit.up_to_date).

The build knows what the runner cannot see without starting Sphinx: which files under
the source folder Sphinx reads and which it excludes, the pages' dependencies, and how
long the pages hold at the build's instant. It writes them beside its doctrees at the
end of a build that made the website with no error; the runner stamps them once
sphinx-build has returned 0. A build that writes nothing here leaves no record, and
the next one runs in full.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.matching import Matcher

from deadlines.domain import build_state
from deadlines.plain import builds_website
from sitekit.ablog_fixes import drafts_turn
from sitekit.up_to_date import INPUTS

# Folders no build reads from, whatever exclude_patterns says: Python's caches. Hidden
# files and folders (version control, tools' caches) are left out too.
UNREAD_FOLDERS = ("__pycache__",)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_inputs, priority=990)  # after every other writer


def write_inputs(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.statuscode or not app.config.sitekit_fast_ablog:
        return
    if not builds_website(app.builder):
        return
    state = build_state(app.env)
    if state.snapshot is None or state.error_count:
        return
    files, folders = source_tree(app)
    env = app.env
    # The walk found every page but those in a folder it leaves out.
    files.update(str(env.doc2path(docname)) for docname in env.found_docs if _left_out(docname))
    for paths in env.dependencies.values():
        files.update(map(str, paths))
    if app.confdir:
        files.add(str(Path(app.confdir, "conf.py")))
    inputs = {
        "files": sorted(files),
        "folders": sorted(folders),
        "clock": {
            "setting": app.config.deadlines_now,
            "built": state.now.isoformat(),
            "holds_until": min(state.snapshot.holds_until(), drafts_turn(state.now)).isoformat(),
        },
    }
    Path(app.doctreedir, INPUTS).write_text(json.dumps(inputs), encoding="utf-8")


def source_tree(app: Sphinx) -> tuple[set[str], set[str]]:
    """Every file and folder under the source folder that Sphinx does not exclude."""
    excluded = Matcher(app.config.exclude_patterns)
    outputs = {os.path.abspath(app.outdir), os.path.abspath(app.doctreedir)}
    source = os.path.abspath(app.srcdir)
    files: set[str] = set()
    folders: set[str] = {source}
    for folder, subfolders, names in os.walk(source, followlinks=True):  # as Sphinx looks
        relative = os.path.relpath(folder, source)
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in UNREAD_FOLDERS
            and os.path.join(folder, name) not in outputs
            and not excluded(_posix(relative, name))
        ]
        folders.update(os.path.join(folder, name) for name in subfolders)
        files.update(
            os.path.join(folder, name)
            for name in names
            if not name.startswith(".") and not excluded(_posix(relative, name))
        )
    return files, folders


def _left_out(docname: str) -> bool:
    return any(name.startswith(".") or name in UNREAD_FOLDERS for name in docname.split("/"))


def _posix(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}".replace(os.sep, "/")
