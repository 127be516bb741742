"""``make import ARCHIVE=DIR``: every post under DIR into ``posts/YYYY/MM/slug.rst``, repaired.

The archive names its files ``YYYY/YYYY-MM-slug.rst``; the site keeps a post at
``posts/YYYY/MM/slug.rst``, which is also its old Blogger path. A post already in
``posts/`` is never overwritten: when it differs from what the import would write,
the site's version stays and the clash is listed. Importing twice changes nothing.

The whole archive is read before any post is repaired: a link to another post is
made local only if the archive holds that post (:mod:`archive.blogger_links`).
Pictures are pointed at their copies in ``posts/images/`` where it has them, and
downloaded there when asked (:mod:`archive.images`); a post imported before whose only
difference is pictures now local is updated.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from archive.blogger_links import REDIRECTS, anchors, left_summary, local_links, redirect
from archive.images import Images
from archive.mending import mend
from archive.problems import Problem
from archive.repairs import REPAIRS

_ARCHIVE_NAME = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<slug>[\w.-]+)\.rst$")

# What a maintainer can do about what is left, by the start of docutils' message.
ADVICE: tuple[tuple[str, str], ...] = (
    ("Inline", "close the markup, or escape the character with a backslash"),
    ("Unknown target name", "escape the trailing _ with a backslash, or write the link whole"),
    ("Undefined substitution", "escape the | with a backslash"),
    ("Title underline too short", "make the underline as long as the title"),
    ("Unexpected section title", "a line of ^ or = under text is read as a title: remove it"),
    ("Missing matching underline", "remove the line of = above the text, or underline it too"),
    ("Document may not end with a transition", "remove the line of underscores at the end"),
    ("Anonymous hyperlink mismatch", "give each `text <url>`__ link its own address"),
    ("malformed hyperlink target", "write the target as .. _name: https://..."),
    ("", "indent the lines to match the block they belong to, or separate them with a blank line"),
)


def advice(message: str) -> str:
    return next(text for prefix, text in ADVICE if message.startswith(prefix))


@dataclass
class Summary:
    imported: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    clashes: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    repairs: Counter[str] = field(default_factory=Counter)
    left: list[tuple[Path, Problem]] = field(default_factory=list)
    blogger_left: Counter[str] = field(default_factory=Counter)
    images: Images | None = None
    images_made_local: list[Path] = field(default_factory=list)
    remote_images: list[tuple[Path, str]] = field(default_factory=list)

    def lines(self, root: Path) -> list[str]:
        def shown(path: Path) -> str:
            return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

        out = [
            f"Imported {len(self.imported)} posts; {len(self.unchanged)} already imported "
            f"and unchanged; {len(self.clashes)} kept as the site has them.",
        ]
        if self.repairs:
            out.append("Repairs, by kind (review them with `git diff -- posts/`):")
            out.extend(f"  {count:5d}  {kind}" for kind, count in self.repairs.most_common())
        if self.blogger_left:
            out.append(left_summary(self.blogger_left))
        if self.images is not None:
            out.extend(self.images.lines([(shown(post), url) for post, url in self.remote_images]))
        if self.images_made_local:
            out.append(
                f"Imported before, now with their pictures local: {len(self.images_made_local)}."
            )
        if self.clashes:
            out.append(
                "Already in posts/ and different from the archive's version (the site's stays; "
                "compare them by hand if the archive changed):"
            )
            out.extend(f"  {shown(path)}" for path in self.clashes)
        if self.skipped:
            out.append("Not imported:")
            out.extend(f"  {shown(path)}: {why}" for path, why in self.skipped)
        if self.left:
            out.append(
                f"Left for a person ({len(self.left)}; `make html` fails until each is fixed):"
            )
            out.extend(
                f"  {shown(path)}:{problem.line}: {problem.message} ({advice(problem.message)})"
                for path, problem in self.left
            )
        else:
            out.append("Nothing left to fix by hand.")
        return out


def repair(
    text: str, between: Callable[[str], tuple[str, Counter[str]]] | None = None
) -> tuple[str, Counter[str], list[Problem]]:
    """A post's repaired text, its repairs by kind, and what docutils still reports.
    ``between`` runs after the pattern repairs and before the mending: the passes that
    need the whole archive (links between posts), whose output docutils then reads."""
    counts: Counter[str] = Counter()
    for kind in REPAIRS:
        text, count = kind.repair(text)
        counts[kind.name] += count
    if between is not None:
        text, more = between(text)
        counts.update(more)
    text, mended, left = mend(text)
    counts.update(mended)
    if not text.endswith("\n"):
        text += "\n"
    return text, +counts, left


def destination(source: Path, posts: Path) -> Path | None:
    match = _ARCHIVE_NAME.match(source.name)
    if not match:
        return None
    return posts / match["year"] / match["month"] / f"{match['slug']}.rst"


def import_archive(archive: Path, posts: Path, images: Images | None = None) -> Summary:
    """Import every post under ``archive`` into ``posts``; ``images`` says whether
    pictures may be downloaded (by default they are not, and those already in
    ``posts/images/`` are used)."""
    images = Images(posts / "images") if images is None else images
    summary = Summary(images=images)
    sources = sorted(archive.rglob("*.rst"))
    if not sources:
        summary.skipped.append((archive, "no .rst posts under this folder"))
    seen: dict[Path, Path] = {}
    texts: dict[Path, str] = {}
    for source in sources:
        target = destination(source, posts)
        if target is None:
            summary.skipped.append((source, "not named YYYY-MM-slug.rst, so its date is unknown"))
            continue
        if target in seen:
            summary.skipped.append((source, f"has the same path as {seen[target].name}"))
            continue
        seen[target] = source
        texts[target] = source.read_text(encoding="utf-8")
    # Links between posts need every post's old path, and its anchors, first.
    held = {old_path(target, posts): anchors(text) for target, text in texts.items()}
    for target, text in texts.items():
        blogger_left: Counter[str] = Counter()
        own = old_path(target, posts)
        text, counts, left = repair(
            text, partial(between_posts, own=own, held=held, blogger_left=blogger_left)
        )
        if target.exists():
            existing = target.read_text(encoding="utf-8")
            # What the import wrote before, but maybe for pictures it has here now?
            had = images.localize(existing, download=False)[0]
            if had != images.localize(text, download=False)[0]:
                summary.clashes.append(target)  # changed by hand: no picture is fetched
                continue
            text, remote = images.localize(text)
            if existing == text:
                summary.unchanged.append(target)
            else:
                target.write_text(text, encoding="utf-8")
                summary.images_made_local.append(target)
            summary.remote_images.extend((target, url) for url in remote)
            continue
        text, remote = images.localize(text)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        summary.imported.append(target)
        summary.repairs.update(counts)
        summary.blogger_left.update(blogger_left)
        summary.left.extend((target, problem) for problem in left)
        summary.remote_images.extend((target, url) for url in remote)
    images.save()
    return summary


def old_path(target: Path, posts: Path) -> str:
    """A post's path on Blogger, ``YYYY/MM/slug``: where the site keeps it under posts/."""
    return target.relative_to(posts).with_suffix("").as_posix()


def between_posts(
    text: str, own: str, held: Mapping[str, Mapping[str, str]], blogger_left: Counter[str]
) -> tuple[str, Counter[str]]:
    """The passes that need the whole archive: links to its posts made local (the
    Blogger links that stay are added to ``blogger_left``), the old address a redirect."""
    links = local_links(text, own, held)
    blogger_left.update(links.left)
    text, redirects = redirect(links.text, own)
    return text, links.rewritten + Counter({REDIRECTS: redirects})
