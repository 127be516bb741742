"""``python -m archive DIR [--posts posts]``: what ``make import ARCHIVE=DIR`` runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive.importer import import_archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make import ARCHIVE=DIR",
        description="Import the Blogger archive's posts into posts/, repairing known damage.",
    )
    parser.add_argument("archive", type=Path, help="the archive's posts folder (docs/posts)")
    parser.add_argument("--posts", type=Path, default=Path("posts"), help="the site's posts")
    args = parser.parse_args(argv)
    if not args.archive.is_dir():
        print(
            f"{args.archive}: not a folder; give the archive's posts folder, "
            "e.g. make import ARCHIVE=../blogger-migration-poc/docs/posts",
            file=sys.stderr,
        )
        return 2
    summary = import_archive(args.archive, args.posts)
    print("\n".join(summary.lines(Path.cwd())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
