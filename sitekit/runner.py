"""sphinx-build as `make html` runs it: the same build, without Python's tidying at exit.

When sphinx-build returns, the interpreter frees every object the build made, one by
one, before the process ends: 0.45 s after a no-op rebuild of 1,000 posts and 1.6 s
after a full build, a third of the no-op's time (bench/README.md). Here the process
ends as soon as sphinx-build has returned and its output is flushed, with its exit
status. Everything the build writes is closed by then: Sphinx writes each file in a
``with`` block, and its ``-j`` workers have all been joined.

``python -m sitekit.runner ARGS`` takes sphinx-build's arguments; `sphinx-build ARGS`
builds the same site, only slower to exit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from sphinx.cmd.build import main as sphinx_build


def main(argv: Sequence[str] | None = None) -> NoReturn:
    status = sphinx_build(list(sys.argv[1:] if argv is None else argv))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
