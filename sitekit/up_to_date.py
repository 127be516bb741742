"""Whether a build has anything to do, answered before Sphinx starts.

A rebuild where nothing changed costs Sphinx 1.3 s at 1,000 posts (bench/README.md):
starting, loading its environment, checking every page, then writing the search
index, the general index and the feeds again. The last successful build leaves a
record beside its doctrees, and the runner reads it first. When nothing in it has
changed, the site on disk is what Sphinx would write, and the runner says so and ends.

The record holds:

- the command line (the output and doctree folders aside: `make html` builds into a
  staging copy), the working folder, the Python and a digest of the environment;
- the size and modification time of every file the build depended on: each file and
  folder under the source folder that Sphinx does not exclude (pages, templates,
  static files, conf.py, the extensions' code; a new page changes its folder), the
  pages' dependencies, every file the main process read, every Python module loaded;
- the same for every file in the output and doctree folders: a page deleted or edited
  there is written again;
- the clock: the instant the pages describe, and the instant they stop being true
  (the next turn of a call's status or countdown, a milestone's tense, or the day).

Only a build that treated warnings as errors (-W) and succeeded leaves a record, so a
skipped build never hides a warning; any doubt, and Sphinx runs. This module is read
before Sphinx is imported (which alone takes 0.25 s), so it imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import takewhile
from pathlib import Path
from stat import S_ISDIR
from typing import Any

from deadlines.core.clock import ClockError, build_instant

RECORD = "sitekit-up-to-date.json"
# Written by the build at its end (sitekit.build_inputs), turned into the record by the
# runner once sphinx-build has returned 0.
INPUTS = "sitekit-build-inputs.json"
# Touched as the build starts: an input changed after it may not be in the output.
STARTED = "sitekit-build-started"
OWN_FILES = frozenset({RECORD, INPUTS, STARTED})
FORMAT = 1
UP_TO_DATE = "is up to date: nothing it was built from changed"

# sphinx-build's options, as far as the fast path understands them. Any other option
# (or a force: -a, -E, -M) and the build runs.
# fmt: off
FLAGS = frozenset({
    "-W", "--fail-on-warning", "--keep-going", "--exception-on-warning", "-n", "--nitpicky",
    "-N", "--no-color", "--color", "-q", "--quiet", "-Q", "--silent", "-v", "-vv", "-vvv",
    "--verbose", "-T", "--show-traceback", "-P", "--pdb",
})
WITH_VALUE = frozenset({
    "-b", "--builder", "-d", "--doctree-dir", "-j", "--jobs", "-c", "--conf-dir", "-D",
    "--define", "-A", "--html-define", "-t", "--tag", "-w", "--warning-file",
})
# fmt: on
DOCTREE_OPTIONS = frozenset({"-d", "--doctree-dir"})
QUIET = frozenset({"-q", "--quiet", "-Q", "--silent"})
# What the console shows, not what is built: the same record answers with or without.
CONSOLE = QUIET | {
    "-v", "-vv", "-vvv", "--verbose", "-N", "--no-color", "--color", "-T",
    "--show-traceback", "-P", "--pdb",
}  # fmt: skip
WARNINGS_AS_ERRORS = frozenset({"-W", "--fail-on-warning"})
# Set by the shell or make around the same command, and read by no build.
UNREAD_ENVIRONMENT = frozenset(
    {
        "OLDPWD",
        "PWD",
        "SHLVL",
        "_",
        "MAKEFLAGS",
        "MFLAGS",
        "MAKELEVEL",
        "MAKE_TERMOUT",
        "MAKE_TERMERR",
    }
)
# Files whose times say nothing about their contents, and files a process makes for itself.
UNSTAMPED_ROOTS = ("/proc/", "/sys/", "/dev/")

Stamp = list[int] | None  # [size, mtime_ns] of a file, [mtime_ns] of a folder, None: absent


@dataclass(frozen=True)
class Target:
    """Where a build's record lives, and the command line it answers for."""

    outdir: Path
    doctreedir: Path
    command: tuple[str, ...]  # the arguments that shape the site: no folder, no console
    quiet: bool = False

    @property
    def record(self) -> Path:
        return self.doctreedir / RECORD


@dataclass(frozen=True)
class Verdict:
    up_to_date: bool
    reason: str


def target_of(argv: Sequence[str]) -> Target | None:
    """The build sphinx-build would run, or None when the fast path cannot vouch for it."""
    positional: list[str] = []
    doctreedir = None
    command: list[str] = []
    strict = quiet = False
    arguments = iter(argv)
    for argument in arguments:
        name, equals, value = argument.partition("=")
        if argument in FLAGS:
            strict = strict or argument in WARNINGS_AS_ERRORS
            quiet = quiet or argument in QUIET
            if argument not in CONSOLE:
                command.append(argument)
        elif name in WITH_VALUE and (name == argument or name.startswith("--")):
            if not equals:
                value = next(arguments, None)
                if value is None:
                    return None
            if name in DOCTREE_OPTIONS:
                doctreedir = value
                value = "{doctrees}"
            command += [name, value]
        elif argument.startswith("-"):
            return None
        else:
            positional.append(argument)
    if not strict or len(positional) != 2:
        return None
    source, outdir = positional
    command.append(source)
    out = Path(outdir)
    doctrees = Path(doctreedir) if doctreedir else out / ".doctrees"
    return Target(out, doctrees, tuple(command), quiet)


def environment_digest(environ: Mapping[str, str]) -> str:
    """The environment, as a digest: the record keeps no value of it (tokens live there)."""
    read = sorted((k, v) for k, v in environ.items() if k not in UNREAD_ENVIRONMENT)
    return hashlib.sha256(json.dumps(read).encode()).hexdigest()


def stamp(path: str | Path) -> Stamp:
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if S_ISDIR(status.st_mode):
        return [status.st_mtime_ns]
    return [status.st_size, status.st_mtime_ns]


def stamp_tree(root: Path) -> dict[str, Stamp]:
    """Every file under ``root`` but the record's own, by its path from there."""
    stamps: dict[str, Stamp] = {}
    folders = [("", os.fspath(root))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((prefix + entry.name + "/", entry.path))
                elif prefix or entry.name not in OWN_FILES:
                    status = entry.stat()
                    stamps[prefix + entry.name] = [status.st_size, status.st_mtime_ns]
    return stamps


def _describes(target: Target, environ: Mapping[str, str]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "command": list(target.command),
        "folder": os.getcwd(),
        "python": [sys.executable, sys.version],
        "environment": environment_digest(environ),
    }


def check(
    target: Target,
    environ: Mapping[str, str],
    wall_clock: Callable[[], datetime] | None = None,
) -> Verdict:
    """Up to date when the record matches everything it names, and the clock allows."""
    try:
        record = json.loads(target.record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Verdict(False, "no record of a finished build")
    unreadable = Verdict(False, "a record this version cannot read")
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return unreadable
    try:
        return _compare(record, target, environ, wall_clock)
    except (KeyError, TypeError, ValueError, AttributeError, OSError):
        return unreadable  # a damaged record, or a file that cannot be looked at: build


def _compare(
    record: dict[str, Any],
    target: Target,
    environ: Mapping[str, str],
    wall_clock: Callable[[], datetime] | None,
) -> Verdict:
    for key, value in _describes(target, environ).items():
        if record.get(key) != value:
            return Verdict(False, f"the {key} changed")
    for path, was in record["inputs"].items():
        if stamp(path) != was:
            return Verdict(False, f"{path} changed")
    for name, root in (("outdir", target.outdir), ("doctreedir", target.doctreedir)):
        for path, was in record[name].items():
            if stamp(os.path.join(root, path)) != was:
                return Verdict(False, f"{os.path.join(root, path)} changed")
    return _clock_verdict(record["clock"], environ, wall_clock)


def _clock_verdict(
    clock: Mapping[str, str],
    environ: Mapping[str, str],
    wall_clock: Callable[[], datetime] | None,
) -> Verdict:
    try:
        now = build_instant(clock["setting"], environ, *([wall_clock] if wall_clock else []))
    except ClockError:
        return Verdict(False, "the clock's input is not an instant")
    built = datetime.fromisoformat(clock["built"])
    holds_until = datetime.fromisoformat(clock["holds_until"])
    if now == built:
        return Verdict(True, f"it describes {built:%Y-%m-%d %H:%M:%S} UTC, as asked")
    if built <= now < holds_until:
        return Verdict(True, f"its calls read the same until {holds_until:%Y-%m-%d %H:%M} UTC")
    return Verdict(False, "the clock moved past what the pages say")


def forget(target: Target) -> bool:
    """Before a build: the record no longer holds, whatever the build's fate. False when
    the doctrees' folder cannot be written: then no record is kept (Sphinx says why).

    The build's folders are made here, before the build starts: making one changes the
    time of the folder it appears in, which may be one of the sources' own (`make html`
    builds into the sources' ``_build``), and a change once the build has started means
    the record cannot vouch for it."""
    try:
        for name in (RECORD, INPUTS):
            (target.doctreedir / name).unlink(missing_ok=True)
        changed = _make_folders((target.doctreedir, target.outdir))
        _mark_start_after(target.doctreedir / STARTED, changed)
    except OSError:
        return False
    return True


def _make_folders(folders: Iterable[Path]) -> list[Path]:
    """Make each folder, and say which folders that changed: those it made and the one
    each was made in."""
    changed: list[Path] = []
    for folder in folders:
        made = list(takewhile(lambda path: not path.is_dir(), [folder, *folder.parents]))
        folder.mkdir(parents=True, exist_ok=True)
        if made:
            changed += [*made, made[-1].parent]
    return changed


def _mark_start_after(marker: Path, changed: Iterable[Path]) -> None:
    """Write the start marker with a time after every change made before it: file times
    come from a clock that moves in steps (a few ms), and a change in the marker's own
    step would count as made during the build. It waits a tenth of a second at most: a
    marker still no later then only costs the record (the next build runs Sphinx)."""
    latest = max((os.stat(path).st_mtime_ns for path in changed), default=0)
    give_up = time.monotonic() + MARK_WAIT_SECONDS
    marker.write_bytes(b"")
    while marker.stat().st_mtime_ns <= latest and time.monotonic() < give_up:
        time.sleep(0.001)
        marker.write_bytes(b"")


MARK_WAIT_SECONDS = 0.1


def remember(
    target: Target,
    environ: Mapping[str, str],
    read_files: Iterable[str],
    modules: Iterable[str],
) -> bool:
    """After a successful build: the record, when the build vouched for its inputs and
    none of them changed while it ran. True when a record was written; a record that
    cannot be made is no error, only a full run of Sphinx next time."""
    try:
        return _remember(target, environ, read_files, modules)
    except (OSError, KeyError, TypeError, ValueError):
        return False  # forget() removed the last record; none is written in its place


def _remember(
    target: Target,
    environ: Mapping[str, str],
    read_files: Iterable[str],
    modules: Iterable[str],
) -> bool:
    inputs_file = target.doctreedir / INPUTS
    started = stamp(target.doctreedir / STARTED)
    try:
        built = json.loads(inputs_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    finally:
        inputs_file.unlink(missing_ok=True)
        (target.doctreedir / STARTED).unlink(missing_ok=True)
    if started is None:
        return False
    outputs = (os.path.abspath(target.outdir) + os.sep, os.path.abspath(target.doctreedir) + os.sep)
    paths = {*built["files"], *built["folders"], *modules}
    paths.update(path for path in map(os.path.abspath, read_files) if not path.startswith(outputs))
    # A path read but absent stays in the record as absent: a template lookup that
    # missed, a temporary file. Should it appear, the build would read it.
    inputs = {path: stamp(path) for path in sorted(paths) if not path.startswith(UNSTAMPED_ROOTS)}
    if any(now is not None and now[-1] >= started[-1] for now in inputs.values()):
        return False  # changed while the build ran: the next build must look
    record = {
        **_describes(target, environ),
        "inputs": inputs,
        "outdir": stamp_tree(target.outdir),
        "doctreedir": stamp_tree(target.doctreedir),
        "clock": built["clock"],
    }
    partial = target.record.with_suffix(".partial")
    partial.write_text(json.dumps(record), encoding="utf-8")
    partial.replace(target.record)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sitekit.up_to_date ARGS``: 0 (and a line) when the build ARGS would
    run has nothing to do, 1 when it has. `make html` asks before it stages."""
    target = target_of(sys.argv[1:] if argv is None else argv)
    if target is None:
        return 1
    verdict = check(target, os.environ)
    if verdict.up_to_date and not target.quiet:
        print(up_to_date_line(target, verdict))
    return 0 if verdict.up_to_date else 1


def up_to_date_line(target: Target, verdict: Verdict) -> str:
    return f"{target.outdir} {UP_TO_DATE}, and {verdict.reason} (SPHINXOPTS=-E builds it anyway)."


if __name__ == "__main__":
    sys.exit(main())
