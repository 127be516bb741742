"""Light blog pages: no page ablog generates grows with the whole archive.

ablog's generated pages list every post they hold, each with its excerpt, and its
indexes (years, tags, categories...) every post of every entry, so at archive scale they
weigh hundreds of KB and grow with each post. Here the blog's page shows the newest
posts and the years, a long list is cut into pages of ``POSTS_PER_PAGE`` (``NAME.html``,
``NAME/page-2.html``...), and an index lists its entries with their post counts. The
site's templates (``_templates/ablog/``) show what each page's context gains here.

The pages are ablog's own (``generate_archive_pages``), made light on their way out,
not generated here from ablog's records. That was measured: on 1,000 posts,
generate_archive_pages takes 6 ms of a 1.9 s no-op rebuild (profiled; writing the pages
and hashing what they show take the rest), so doing its work here would win no time,
and would mean owning ablog's list of pages (redirects, which catalogs and collections
get a page, pages the site writes itself, drafts, feed links), now checked with one
fingerprint (:mod:`sitekit.internals`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ablog.blog
import ablog.post
from sphinx.application import Sphinx

from sitekit import internals
from sitekit.fast_ablog import Page, changed_pages
from sitekit.parallel_pages import written_in_parallel

POSTS_PER_PAGE = 20  # with excerpts, about 25 KB of HTML on the PSF's archive
RECENT_POSTS = 10  # on the blog's own page, above the years
MOST_USED = 10  # an index of more entries than this lists its most used first
PAGE_PATH = "{pagename}/page-{number}"  # the second and later pages of a list


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_listener(
        app, "html-collect-pages", ablog.post.generate_archive_pages, collect_pages
    )


def collect_pages(app: Sphinx) -> Iterator[Page]:
    """ablog's generated pages, made light, those unchanged left alone (fast_ablog), the
    others written by every core (parallel_pages)."""
    pages = changed_pages(app, light_pages(app, ablog.post.generate_archive_pages(app)))
    yield from written_in_parallel(app, pages)


def split_pages(pagename: str, posts: list[Any]) -> list[tuple[str, list[Any]]]:
    """A list's pages, each with its name and at most POSTS_PER_PAGE posts; an empty list
    still has its first page, which says there are no posts."""
    chunks = [
        posts[start : start + POSTS_PER_PAGE] for start in range(0, len(posts), POSTS_PER_PAGE)
    ]
    names = [pagename] + [
        PAGE_PATH.format(pagename=pagename, number=number) for number in range(2, len(chunks) + 1)
    ]
    return list(zip(names, chunks or [[]], strict=True))


def light_pages(app: Sphinx, pages: Iterator[Page]) -> Iterator[Page]:
    """ablog's generated pages, made light: each context gains what the site's templates
    show (``page_posts``, ``paging``, ``entries``, ``most_used``, ``years``), so fast_ablog's
    page hashes see exactly that. ablog's own templates would show each list whole."""
    for pagename, context, template in pages:
        blog = ablog.blog.Blog(app)
        if template == "ablog/catalog.html" and context["catalog"] is blog.archive:
            context = {**catalog_context(context, years=True), "title": "Posts by year"}
            yield pagename, context, template
        elif template == "ablog/catalog.html":
            yield pagename, catalog_context(context, years=False), template
        elif template == "ablog/collection.html" and context["collection"] is blog.posts:
            context = {
                **context,
                "title": "Recent posts",
                "page_posts": list(context["collection"])[:RECENT_POSTS],
                "years": [year for year in blog.archive if year],
                "tags_index": blog.tags.docname if any(blog.tags) else None,
            }
            yield pagename, context, template
        elif template == "ablog/collection.html":
            yield from paged(pagename, context, template)
        else:
            yield pagename, context, template


def paged(pagename: str, context: dict, template: str) -> Iterator[Page]:
    """One page per POSTS_PER_PAGE posts, newest first, each linking the others."""
    pages = split_pages(pagename, list(context["collection"]))
    names = [name for name, _ in pages]
    for number, (name, posts) in enumerate(pages, start=1):
        title = context["title"]
        if number > 1:
            title = f"{title}, page {number} of {len(pages)}"
        paging = {
            "number": number,
            "count": len(pages),
            "pages": names,
            "newer": names[number - 2] if number > 1 else None,
            "older": names[number] if number < len(pages) else None,
        }
        yield name, {**context, "title": title, "page_posts": posts, "paging": paging}, template


def catalog_context(context: dict, years: bool) -> dict:
    """An index's entries with posts: years newest first, any other by name whatever its
    case, and, when there are many, the most used first in a short list of their own."""
    shown = [collection for collection in context["catalog"] if collection]
    if years:
        return {**context, "entries": shown, "most_used": []}
    entries = sorted(shown, key=lambda entry: (str(entry).casefold(), str(entry)))
    most_used = sorted(entries, key=lambda entry: -len(entry)) if len(entries) > MOST_USED else []
    return {**context, "entries": entries, "most_used": most_used[:MOST_USED]}
