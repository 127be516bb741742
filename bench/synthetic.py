"""A synthetic blog archive shaped like the seed post, for the benchmark.

The same ``(count, seed)`` always gives the same files, so the stock project and this
site build identical posts, and two runs of the benchmark build identical archives.
Every word comes from the fixed vocabulary below; nothing is copied from real posts.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

FIRST_DAY = date(2006, 1, 1)
LAST_DAY = date(2024, 12, 31)
MARKDOWN_SHARE = 1 / 3
WRAP = 78

LEGACY_TAG = "legacy-blogger"
TAGS = (
    "accessibility", "board", "bylaws", "community", "conferences", "core-dev",
    "diversity", "donations", "documentation", "education", "elections", "events",
    "fellows", "finances", "fundraising", "grants", "governance", "infrastructure",
    "internships", "licensing", "mailing-lists", "meetups", "membership", "mentoring",
    "outreach", "packaging", "pycon", "python2", "python3", "releases", "security",
    "sponsors", "sprints", "translations", "trademarks", "travel", "user-groups",
    "volunteers", "web", "workshops",
)  # fmt: skip
CATEGORIES = ("Legacy", "Announcements", "Grants", "Events", "Community", "Infrastructure")
AUTHORS = (
    "Python Software Foundation",
    "Ada Quillfeather",
    "Bram Oakhollow",
    "Cleo Marchetti",
    "Dara Nwosu",
    "Emil Sandqvist",
    "Farah Lindqvist",
    "Gus Pennington",
)
LOCATIONS = ("World", "Online", "Europe", "Americas", "Asia")

WORDS = (
    "about", "across", "active", "annual", "april", "archive", "area", "audit", "august",
    "award", "better", "board", "broad", "budget", "build", "call", "care", "change",
    "chapter", "clear", "close", "code", "common", "community", "contract", "core",
    "course", "cover", "credit", "current", "daily", "data", "detail", "develop",
    "direct", "draft", "early", "effort", "event", "every", "expand", "fair", "field",
    "final", "first", "focus", "follow", "forward", "full", "fund", "future", "general",
    "goal", "grant", "group", "growth", "guide", "help", "history", "host", "idea",
    "impact", "improve", "include", "input", "issue", "joint", "july", "keep", "kind",
    "large", "later", "launch", "lead", "learn", "level", "local", "major", "march",
    "meeting", "member", "method", "minor", "model", "month", "network", "notice",
    "number", "offer", "office", "open", "option", "order", "outcome", "panel", "part",
    "people", "period", "plan", "policy", "process", "program", "project", "proposal",
    "public", "quarter", "range", "reach", "ready", "record", "region", "regular",
    "report", "request", "review", "round", "scope", "season", "second", "service",
    "share", "simple", "small", "source", "space", "special", "staff", "stage", "start",
    "status", "step", "study", "summary", "summer", "support", "survey", "system",
    "team", "term", "thanks", "theme", "timeline", "today", "topic", "track", "update",
    "useful", "value", "venue", "vote", "week", "welcome", "wide", "winter", "work",
    "world", "year", "young",
)  # fmt: skip
SECTION_TITLES = (
    "Background",
    "What happens next",
    "How to take part",
    "Key dates",
    "Questions and answers",
    "Thanks",
)
HOSTS = (
    "www.python.org",
    "docs.python.org",
    "wiki.python.org",
    "mail.python.org",
    "discuss.python.org",
    "example.org",
    "example.net",
)
EDIT_SENTENCE = "This sentence was added to measure a rebuild after editing one post."


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Post:
    """One post's content, written out by :func:`render_rst` or :func:`render_md`."""

    day: date
    slug: str
    title: str
    tags: tuple[str, ...]
    category: str
    author: str
    location: str
    origin: str
    # Paragraphs as runs of words and links; the bullet list follows ``list_after``.
    paragraphs: tuple[tuple[str | Link, ...], ...]
    bullets: tuple[tuple[str | Link, ...], ...]
    list_after: int
    section: str | None
    section_at: int


def write_archive(dest: Path, count: int, seed: int = 2019) -> list[Path]:
    """Write ``count`` posts under ``dest/posts/archive/<year>/`` and return their paths.

    About a third are MyST Markdown with ablog front matter, the rest reST with
    ``.. post::``. Posts are numbered in date order and the number is in the file
    name, because ablog labels a post by its file name and names must not clash.
    """
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(count))
    paths = []
    for number, day in enumerate(days, start=1):
        post = _make_post(rng, day, number)
        markdown = rng.random() < MARKDOWN_SHARE
        folder = dest / "posts" / "archive" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (post.slug + (".md" if markdown else ".rst"))
        path.write_text(render_md(post) if markdown else render_rst(post), encoding="utf-8")
        paths.append(path)
    return paths


def edit_one_post(paths: Sequence[Path]) -> Path:
    """Append a sentence to the middle post of ``paths`` (always the same one) and return it."""
    path = paths[len(paths) // 2]
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n{EDIT_SENTENCE}\n")
    return path


def _make_post(rng: random.Random, day: date, number: int) -> Post:
    title_words = _words(rng, 4, 8)
    slug = f"{day:%m-%d}-{'-'.join(title_words[:3])}-{number:04d}"
    extra_tags = rng.sample(TAGS, rng.randint(0, 3))
    paragraph_count = rng.randint(4, 8)
    has_section = rng.random() < 0.4
    return Post(
        day=day,
        slug=slug,
        title=" ".join(title_words).capitalize(),
        tags=(*extra_tags, LEGACY_TAG),
        category=rng.choice(CATEGORIES),
        author=rng.choice(AUTHORS),
        location=rng.choice(LOCATIONS),
        origin=f"https://pyfound.blogspot.com/{day:%Y/%m}/{slug}.html",
        paragraphs=tuple(_paragraph(rng) for _ in range(paragraph_count)),
        bullets=tuple(_run(rng, 3, 9, links=rng.randint(0, 1)) for _ in range(rng.randint(3, 5))),
        list_after=rng.randint(1, paragraph_count - 1),
        section=rng.choice(SECTION_TITLES) if has_section else None,
        section_at=rng.randint(2, paragraph_count - 1),
    )


def _words(rng: random.Random, low: int, high: int) -> list[str]:
    return [rng.choice(WORDS) for _ in range(rng.randint(low, high))]


def _link(rng: random.Random, text: str) -> Link:
    path = "/".join(rng.sample(WORDS, rng.randint(1, 3)))
    return Link(text, f"https://{rng.choice(HOSTS)}/{path}/")


def _run(rng: random.Random, low: int, high: int, links: int) -> tuple[str | Link, ...]:
    """A sentence-like run of words with ``links`` of them turned into inline links."""
    parts: list[str | Link] = list(_words(rng, low, high))
    for index in rng.sample(range(len(parts)), min(links, len(parts))):
        parts[index] = _link(rng, " ".join([parts[index], *_words(rng, 0, 2)]))
    first = parts[0]
    parts[0] = (
        Link(first.text.capitalize(), first.url) if isinstance(first, Link) else first.capitalize()
    )
    return tuple(parts)


def _paragraph(rng: random.Random) -> tuple[str | Link, ...]:
    parts: list[str | Link] = []
    for _ in range(rng.randint(2, 5)):
        sentence = list(_run(rng, 6, 16, links=rng.choice((0, 0, 1, 2))))
        sentence.append(".")
        parts.extend(sentence)
    return tuple(parts)


def _text(parts: Sequence[str | Link], link: str) -> str:
    """Join words and links (formatted with ``link``) into prose, full stops attached."""
    text = ""
    for part in parts:
        piece = link.format(text=part.text, url=part.url) if isinstance(part, Link) else part
        text += piece if piece == "." or not text else " " + piece
    return text


def _body(post: Post, link: str, heading: str, bullet: str) -> list[str]:
    """The blocks after the title; ``heading`` formats the second-level section title."""
    blocks = []
    for index, paragraph in enumerate(post.paragraphs):
        if post.section and index == post.section_at:
            blocks.append(heading.format(title=post.section, rule="-" * len(post.section)))
        blocks.append(textwrap.fill(_text(paragraph, link), WRAP, break_on_hyphens=False))
        if index + 1 == post.list_after:
            blocks.append("\n".join(bullet + _text(item, link) for item in post.bullets))
    return blocks


def render_rst(post: Post) -> str:
    """The post as reST, with ablog's ``post`` directive, like the seed post."""
    header = "\n".join(
        [
            f".. post:: {post.day.isoformat()}",
            f"   :tags: {', '.join(post.tags)}",
            f"   :author: {post.author}",
            f"   :category: {post.category}",
            f"   :location: {post.location}",
            "   :language: en",
        ]
    )
    title = f"{post.title}\n{'=' * len(post.title)}"
    origin = f"*This was originally posted on blogger* `here <{post.origin}>`_."
    # Anonymous links (__): two links with the same text would otherwise clash.
    body = _body(post, link="`{text} <{url}>`__", heading="{title}\n{rule}", bullet="* ")
    return "\n\n".join([header, title, origin, *body]) + "\n"


def render_md(post: Post) -> str:
    """The post as MyST Markdown, with the front matter ablog reads for MyST posts."""
    front = "\n".join(
        [
            "---",
            "blogpost: true",
            f"date: {post.day.isoformat()}",
            f"tags: {', '.join(post.tags)}",
            f"category: {post.category}",
            f"author: {post.author}",
            f"location: {post.location}",
            "language: en",
            "---",
        ]
    )
    origin = f"*This was originally posted on blogger* [here]({post.origin})."
    body = _body(post, link="[{text}]({url})", heading="## {title}", bullet="- ")
    return "\n\n".join([front, f"# {post.title}", origin, *body]) + "\n"
