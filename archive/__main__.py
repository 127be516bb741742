"""``python -m archive DIR [--posts posts] [--download-images]``: what ``make import
ARCHIVE=DIR [IMAGES=download]`` runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive.images import DEFAULT_TIMEOUT, Images, RecordError
from archive.importer import import_archive


def seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(text)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make import ARCHIVE=DIR",
        description="Import the Blogger archive's posts into posts/, repairing known damage.",
    )
    parser.add_argument("archive", type=Path, help="the archive's posts folder (docs/posts)")
    parser.add_argument("--posts", type=Path, default=Path("posts"), help="the site's posts")
    parser.add_argument(
        "--download-images",
        action="store_true",
        help="download each picture the posts show into posts/images/ and point them at it",
    )
    parser.add_argument(
        "--image-timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for an image's host (default {DEFAULT_TIMEOUT:g})",
    )
    args = parser.parse_args(argv)
    if not args.archive.is_dir():
        print(
            f"{args.archive}: not a folder; give the archive's posts folder, "
            "e.g. make import ARCHIVE=../blogger-migration-poc/docs/posts",
            file=sys.stderr,
        )
        return 2
    try:
        images = Images(
            args.posts / "images", download=args.download_images, timeout=args.image_timeout
        )
    except RecordError as error:
        print(error, file=sys.stderr)
        return 2
    summary = import_archive(args.archive, args.posts, images)
    print("\n".join(summary.lines(Path.cwd())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
