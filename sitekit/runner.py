"""sphinx-build as `make html` runs it: nothing when nothing changed, and a quick exit.

First the runner asks the last successful build's record (sitekit.up_to_date) whether
anything the site is made from changed, or the clock moved past what its pages say.
If nothing did, it says so in one line and ends, without starting Sphinx: 0.1 s
against Sphinx's own 1.3 s no-op at 1,000 posts (bench/README.md). ``--always-build``
skips the question.

When sphinx-build returns, the interpreter frees every object the build made, one by
one, before the process ends: 0.45 s after a no-op rebuild of 1,000 posts and 1.6 s
after a full build. Here the process ends as soon as sphinx-build has returned, its
record is written and its output flushed, with its exit status. Everything the build
writes is closed by then: Sphinx writes each file in a ``with`` block, and its ``-j``
workers have all been joined.

While it imports Sphinx, the collector rests, and then leaves what the import made
alone (``gc.freeze``): modules, classes and functions, which all live as long as the
process. The collections that walked them took 0.02 s of an edit at 1,000 posts;
sitekit.gc_freeze does the same for the environment Sphinx loads.

A module Sphinx imports as it starts but a build seldom runs is made when first used
(``LAZY_MODULES``, through importlib's ``LazyLoader``): a build that never uses it never
pays for it.

``python -m sitekit.runner [--always-build] ARGS`` takes sphinx-build's arguments;
`sphinx-build ARGS` builds the same site, only slower to exit.
"""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from sitekit import up_to_date

ALWAYS_BUILD = "--always-build"
# Sphinx's code-block transform imports sphinx.ext.doctest, and with it Python's doctest
# and the packaging library, for two patterns it uses only on a doctest block, or a
# Python console block, whose flags it trims: 12 ms of every build's start.
LAZY_MODULES = ("sphinx.ext.doctest",)
LAZY_FILES: dict[int, str | None] = {}  # each such module's file, by the module's id
WRITE_MODES = frozenset("wax+")


class ReadLog:
    """Every file this process opens for reading while the build runs: conf.py and what
    it reads, templates, translations. An audit hook, as Python offers no other way to
    see them; it cannot be removed, so it stops listening when the build ends."""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.listening = False

    def __call__(self, event: str, arguments: tuple) -> None:
        if not self.listening or event != "open":
            return
        path, mode, flags = arguments
        if isinstance(path, int):
            return
        reads = not WRITE_MODES.intersection(mode) if mode else flags & os.O_ACCMODE == os.O_RDONLY
        if reads:
            self.paths.add(os.path.abspath(os.fsdecode(path)))


def main(argv: Sequence[str] | None = None) -> NoReturn:
    arguments = list(sys.argv[1:] if argv is None else argv)
    always = ALWAYS_BUILD in arguments
    arguments = [argument for argument in arguments if argument != ALWAYS_BUILD]
    target = up_to_date.target_of(arguments)
    if target is not None:
        if not always:
            verdict = up_to_date.check(target, os.environ)
            if verdict.up_to_date:
                if not target.quiet:
                    print(up_to_date.up_to_date_line(target, verdict), flush=True)
                os._exit(0)
        if not up_to_date.forget(target):
            target = None
    status = _build(arguments, target)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _build(arguments: list[str], target: up_to_date.Target | None) -> int:
    gc.disable()
    try:
        for name in LAZY_MODULES:
            import_on_first_use(name)
        from sphinx.cmd.build import main as sphinx_build  # 0.25 s: only when building

        from sitekit.gc_freeze import freeze  # it imports from Sphinx, as the build would

        freeze()
    finally:
        gc.enable()

    log = ReadLog()
    if target is not None:
        sys.addaudithook(log)
        log.listening = True
    status = sphinx_build(arguments)
    log.listening = False
    if target is not None and status == 0:
        modules = (module_file(module) for module in list(sys.modules.values()))
        up_to_date.remember(target, os.environ, log.paths, filter(None, modules))
    return status


def import_on_first_use(name: str) -> None:
    """Put ``name`` in ``sys.modules`` (and on its package) as a module that runs its code
    when one of its attributes is first read. Nothing, when it is imported already."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return  # not installed: the import will fail as it would have
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    LAZY_FILES[id(module)] = spec.origin
    package, _, child = name.rpartition(".")
    if package:
        setattr(sys.modules[package], child, module)


def module_file(module: object) -> str | None:
    """A module's file, without running a module made on first use (any attribute read
    would run it)."""
    lazy = LAZY_FILES.get(id(module))
    return lazy if lazy is not None else getattr(module, "__file__", None)


if __name__ == "__main__":
    main()
