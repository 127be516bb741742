"""Every change this site makes to ablog's behaviour, in one place.

Checked against ablog 0.11.13. Each fix leans on ablog internals, so setup() compares
a fingerprint of every ablog function it relies on and refuses to build when one
differs: an ablog upgrade fails loudly here rather than building a slower or
different site. Each fix is written as the change ablog itself could make:

- one blog per build: ablog keeps its Blog in class-level state, so a second build
  in the same process (tests, a live server) would see the first one's posts and
  settings. Each build starts with a fresh Blog, and registers its posts as soon as
  they are read: ablog registers them when it first needs them, which on a no-op
  rebuild is after the general index was written without the feed link.
- its stylesheets' folder: ablog adds it to html_static_path as an absolute path,
  which Sphinx hashes into .buildinfo, so two checkouts (or two virtual
  environments) publish different files. The folder is copied instead.
- publishing cut-off: ablog decides what is a draft against "tomorrow", computed
  from the machine's local date when ablog is imported. Here it follows the build's
  one clock (deadlines), so SOURCE_DATE_EPOCH builds agree.
- feed dates: ablog turns naive post dates into the machine's zone and stamps the
  feed with the wall clock. Here post dates are read in UTC and the feed's
  ``updated`` is its newest entry's, so two machines write the same feed.
- parallel reading: ablog keeps posts in ``env.ablog_posts`` without merging them
  from -j workers, so it declares itself unsafe. Merging them makes it safe.
- stale neighbours: a post's page links its older and newer posts by title, and
  a postlist shows recent posts, but ablog rewrites neither when a post is added,
  removed, renamed or redated. Those pages are rewritten here.
- excerpts: ablog wraps a post's excerpt paragraphs in one more paragraph, which is
  not valid HTML (a <p> cannot hold a <p>); here the wrapper is a <div>. Which
  paragraphs, cleaned and cut how, is :mod:`sitekit.excerpts`' part.
- light pages: ablog's generated pages list every post they hold, each with its
  excerpt, and its indexes (years, tags, categories...) every post of every entry,
  so at archive scale they weigh hundreds of KB and grow with each post. Here the
  blog's page shows the newest posts and the years, a long list is cut into pages
  of ``POSTS_PER_PAGE`` (``NAME.html``, ``NAME/page-2.html``...), and an index
  lists its entries with their post counts.

And, with ``sitekit_fast_ablog`` (on by default), three changes that only save time:

- ablog keeps a copy of each post's whole body in the environment, for full-text
  feeds, and its excerpt copies still point at the document they came from: the
  pickled environment carries every post twice, and -j workers ship it back and
  forth. Here the excerpts are detached, and the body is read back from the
  pickled doctree only when a full text is asked for;
- each excerpt is rendered once per build, not once per archive, tag, category and
  author page it appears on (each time with a new docutils settings object). Its
  HTML depends on the page only through relative links, so it is shared by every
  page when it has none, and by the pages of one folder when it has;
- archive, tag and other generated pages are rewritten only when what they show
  changed: each page's inputs are hashed and the hashes kept beside the doctrees,
  so a no-op or one-post rebuild no longer re-renders every collection page.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import posixpath
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ablog
import ablog.blog
import ablog.post
from docutils import nodes
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset

from deadlines.handlers import build_now, sitewide_signature
from sitekit import sitemap
from sitekit.listeners import replace_listener

CHECKED_ABLOG_VERSIONS = ("0.11.13",)
ORIGINAL_TO_HTML = ablog.blog.Post.to_html

# sha256 of the source of each ablog function these fixes rely on, as of the versions above.
FINGERPRINTS: dict[str, str] = {
    "ablog.blog.Blog.__init__": "81f88c1daea7251e",
    "ablog.blog.Blog._init": "7a43c8d79a60e518",
    "ablog.blog.Blog.register": "fff3df88e93e8b57",
    "ablog.blog.Catalog.__iter__": "a4b446991b9b61a2",
    "ablog.blog.Collection.__iter__": "7b8278a6965a5dac",
    "ablog.blog.Post.__init__": "ad0bfd104dafcfb2",
    "ablog.blog.Post.to_html": "ec4e01307af808bf",
    "ablog.config_inited": "5f2f4d1dfe9cf301",
    "ablog.post.generate_archive_pages": "966cc04cc91db9ec",
    "ablog.post.generate_atom_feeds": "1e0dbf2a19bb6d81",
    "ablog.post.process_posts": "7e7db666265c3028",
    "ablog.post.purge_posts": "ff4c5c3eff4df924",
    "ablog.post.register_posts": "0c1fce9b3600eece",
}


def _resolve(dotted: str) -> Callable[..., Any]:
    if dotted == "ablog.blog.Post.to_html":
        return ORIGINAL_TO_HTML  # the class holds excerpt_html once a build has set it up
    target: Any = ablog
    for part in dotted.split(".")[1:]:
        target = getattr(target, part)
    return target


def fingerprint(function: Callable[..., Any]) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def check_ablog() -> None:
    """Fail the build when ablog is not the ablog these fixes were written against."""
    changed = [
        name for name, expected in FINGERPRINTS.items() if fingerprint(_resolve(name)) != expected
    ]
    if changed:
        raise ExtensionError(
            f"sitekit.ablog_fixes was checked against ablog {', '.join(CHECKED_ABLOG_VERSIONS)}; "
            f"ablog {ablog.__version__} changed {', '.join(changed)}. Re-check the fixes in "
            "sitekit/ablog_fixes.py against it, then update CHECKED_ABLOG_VERSIONS and FINGERPRINTS"
        )


PAGE_HASHES = "sitekit-pages.json"  # beside the doctrees, like Sphinx's own caches
AFTER_ABLOG = 550  # ablog reads posts on doctree-read at the default priority, 500


def setup(app: Sphinx) -> None:
    check_ablog()
    app.add_config_value("sitekit_fast_ablog", True, "env", types=frozenset({bool}))
    app.connect("config-inited", _stylesheets_out_of_config, priority=600)  # after ablog adds them
    app.connect("builder-inited", _copy_stylesheets)
    app.connect("builder-inited", follow_build_clock, priority=600)  # after deadlines' clock
    app.connect("builder-inited", start_caches)
    app.connect("env-merge-info", merge_posts)
    app.connect("doctree-read", detach_post_copies, priority=AFTER_ABLOG)
    app.connect("doctree-read", note_postlists)
    app.connect("env-purge-doc", purge_postlists)
    app.connect("env-updated", register_posts)
    app.connect("env-updated", pages_showing_changed_posts)
    app.connect("build-finished", keep_page_hashes)
    app.extensions["ablog"].parallel_read_safe = True
    ablog.blog.Post.to_html = excerpt_html
    replace_listener(app, "html-collect-pages", ablog.post.generate_archive_pages, collect_pages)


ABLOG_STYLESHEETS = str(Path(ablog.__file__).parent / "stylesheets")


def _stylesheets_out_of_config(app: Sphinx, config: Config) -> None:
    paths = [str(Path(path)) for path in config.html_static_path]
    app.sitekit_ablog_stylesheets = ABLOG_STYLESHEETS in paths
    if app.sitekit_ablog_stylesheets:
        config.html_static_path = [
            p for p in config.html_static_path if str(Path(p)) != ABLOG_STYLESHEETS
        ]


def _copy_stylesheets(app: Sphinx) -> None:
    if getattr(app, "sitekit_ablog_stylesheets", False) and app.builder.format == "html":
        copy_asset(ABLOG_STYLESHEETS, Path(app.outdir) / "_static", force=True)


def register_posts(app: Sphinx, env: BuildEnvironment) -> None:
    if not ablog.blog.Blog(app):
        ablog.post.register_posts(app)


def follow_build_clock(app: Sphinx) -> None:
    """A fresh Blog; drafts and an empty feed's date follow the build's instant."""
    ablog.blog.Blog._dict.clear()
    now = build_now(app)
    tomorrow = now.astimezone(UTC).date() + timedelta(days=1)
    ablog.blog.TOMORROW = datetime.combine(tomorrow, datetime.min.time())
    ablog.post.FeedGenerator = lambda: SiteFeed(now)


def merge_posts(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    posts = getattr(env, "ablog_posts", None)
    if posts is None:
        posts = env.ablog_posts = {}
    theirs = getattr(other, "ablog_posts", {})
    posts.update((docname, theirs[docname]) for docname in docnames if docname in theirs)
    _postlists(env).update(_postlists(other) & docnames)


# Pages that show other posts' titles are rewritten when those change.


def _postlists(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "sitekit_postlists"):
        env.sitekit_postlists = set()
    return env.sitekit_postlists


def note_postlists(app: Sphinx, doctree: nodes.document) -> None:
    if any(doctree.findall(ablog.post.PostList)):
        _postlists(app.env).add(app.env.docname)


def purge_postlists(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _postlists(env).discard(docname)


def post_order(env: BuildEnvironment, tomorrow: datetime) -> list[tuple[str, str, str]]:
    """Published posts as their neighbours and postlists show them, oldest first."""
    shown = [
        (str(info["date"]), info["title"], docname)
        for docname, infos in getattr(env, "ablog_posts", {}).items()
        for info in infos
        if info["date"] and info["date"] < tomorrow
    ]
    return sorted(shown)


def pages_showing_changed_posts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """A post added, removed, renamed or redated: its neighbours and the postlists."""
    previous = [tuple(entry) for entry in getattr(env, "sitekit_post_order", [])]
    current = post_order(env, ablog.blog.TOMORROW)
    env.sitekit_post_order = current
    changed = set(previous) ^ set(current)
    if not changed:
        return []
    pages = set(_postlists(env))
    for order in (previous, current):
        for index, entry in enumerate(order):
            if entry in changed:
                pages.update(docname for _, _, docname in order[max(index - 1, 0) : index + 2])
    return sorted(pages & env.found_docs)


def _as_utc(moment: datetime) -> datetime:
    """Undo ablog's ``naive.astimezone()``: the wall time it was given, read as UTC."""
    return moment.replace(tzinfo=None).replace(tzinfo=UTC)


class SiteFeedEntry(FeedEntry):
    def published(self, published: datetime | None = None) -> datetime | None:
        return super().published(None if published is None else _as_utc(published))

    def updated(self, updated: datetime | None = None) -> datetime | None:
        return super().updated(None if updated is None else _as_utc(updated))


class SiteFeed(FeedGenerator):
    """A feed whose dates come from its posts, not from the machine that writes it."""

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.updated(now)

    def add_entry(self, feedEntry: FeedEntry | None = None, order: str = "prepend") -> FeedEntry:
        return super().add_entry(feedEntry or SiteFeedEntry(), order=order)

    def atom_str(self, *args: Any, **kwargs: Any) -> bytes:
        entries = self.entry()
        if entries:
            self.updated(max(entry.updated() for entry in entries))
        return super().atom_str(*args, **kwargs)


def detach_post_copies(app: Sphinx, doctree: nodes.document) -> None:
    """Keep each post's excerpt alone, and its body not at all: the doctree has it."""
    if not app.config.sitekit_fast_ablog:
        return
    for info in getattr(app.env, "ablog_posts", {}).get(app.env.docname, []):
        info["doctree"] = None  # loaded again from the pickled doctree if a full text is asked
        for root in info["excerpt"]:
            for node in root.findall(include_self=True):
                node._document = None
            root.parent = None


def _load_body(post: ablog.blog.Post) -> None:
    """Put back the body detach_post_copies dropped, as ablog would have copied it."""
    body: nodes.Element = post._blog.app.env.get_doctree(post.docname)
    if post.section:
        sections = body.findall(nodes.section)
        section = next(found for found in sections if post.section in found["ids"])
        body = section[0] if section.parent is body else section
    post.doctree = body.deepcopy()


# An excerpt is valid HTML, and rendered once per build.


def excerpt_html(
    post: ablog.blog.Post,
    pagename: str,
    fulltext: bool = False,
    drop_h1: bool | int = True,
    img_url: bool = False,
) -> str:
    app = post._blog.app
    cache: dict[tuple, str] | None = getattr(app, "sitekit_excerpts", None)
    if fulltext and post.doctree is None:
        _load_body(post)
    if cache is None:
        return valid_excerpt(ORIGINAL_TO_HTML(post, pagename, fulltext, drop_h1, img_url))
    content = post.doctree if fulltext else post.excerpt
    folder = posixpath.dirname(pagename) if _links_depend_on_page(content) else None
    key = (post.docname, post.section, fulltext, drop_h1, img_url, folder)
    if key not in cache:
        cache[key] = valid_excerpt(ORIGINAL_TO_HTML(post, pagename, fulltext, drop_h1, img_url))
    return cache[key]


EXCERPT_OPEN = '<p class="ablog-post-excerpt">'


def valid_excerpt(html: str) -> str:
    """ablog's excerpt container is a paragraph around paragraphs; make it a <div>."""
    body = html.rstrip()
    if html.startswith(EXCERPT_OPEN) and body.endswith("</p>"):
        inner = body[len(EXCERPT_OPEN) : -len("</p>")]
        return f'<div class="ablog-post-excerpt">{inner}</div>\n'
    return html


def _links_depend_on_page(content: nodes.Node | list[nodes.Node] | None) -> bool:
    """Whether rendering this content for another page could write another href or src."""
    roots = content if isinstance(content, list) else [content] if content is not None else []
    for root in roots:
        for node in root.findall(nodes.Element):
            if type(node).__module__ != nodes.__name__:  # Sphinx's, ablog's, deadlines' nodes
                return True
            if isinstance(node, (nodes.image, nodes.raw)):
                return True
            uri = node.get("refuri") if isinstance(node, nodes.reference) else None
            if uri is not None and not (uri.startswith("#") or "://" in uri or ":" in uri[:7]):
                return True
    return False


# Generated pages (archives, tags, categories, authors...) are written when they change.


def start_caches(app: Sphinx) -> None:
    if not app.config.sitekit_fast_ablog:
        app.sitekit_excerpts = None
        app.sitekit_pages = None
        return
    app.sitekit_excerpts = {}
    # Only a builder that writes ablog's pages, each its own record: builders may share
    # the doctrees (html, then text), and one's pages are nothing to the other.
    writes_pages = app.builder.format == "html" and hasattr(app.builder, "get_outfilename")
    name = PAGE_HASHES.replace(".json", f"-{app.builder.name}.json")
    app.sitekit_pages = PageHashes(Path(app.doctreedir) / name) if writes_pages else None


class PageHashes:
    """What each generated page showed when it was last written, as a hash."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.previous: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, str] = {}

    def save(self) -> None:
        self.path.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")


# Light pages: no generated page grows with the whole archive.

POSTS_PER_PAGE = 20  # with excerpts, about 25 KB of HTML on the PSF's archive
RECENT_POSTS = 10  # on the blog's own page, above the years
MOST_USED = 10  # an index of more entries than this lists its most used first
PAGE_PATH = "{pagename}/page-{number}"  # the second and later pages of a list

Page = tuple[str, dict, str]  # a page's name, its template's context, its template


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
    show (``page_posts``, ``paging``, ``entries``, ``most_used``, ``years``), so the page
    hashes below see exactly that. ablog's own templates would show each list whole."""
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


def collect_pages(app: Sphinx) -> Iterator[Page]:
    pages = light_pages(app, ablog.post.generate_archive_pages(app))
    hashes: PageHashes | None = getattr(app, "sitekit_pages", None)
    if hashes is None:
        yield from pages
        return
    site = _site_digest(app)
    posts: dict[tuple[str, str], str] = {}
    for pagename, context, template in pages:
        described = [site, pagename, template, _describe(context, posts)]
        digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
        hashes.current[pagename] = digest
        written = Path(app.builder.get_outfilename(pagename)).exists()
        if written and hashes.previous.get(pagename) == digest:
            sitemap.note_generated(app, pagename, template)
            continue
        yield pagename, context, template


def keep_page_hashes(app: Sphinx, exception: Exception | None) -> None:
    """And remove the pages the last build generated and this one does not (a tag or a
    year whose last post went, a list's last page), with the folders they leave empty:
    a clean build would not have them."""
    hashes: PageHashes | None = getattr(app, "sitekit_pages", None)
    if hashes is not None and exception is None and app.statuscode == 0:
        top = Path(app.outdir).resolve()
        for pagename in sorted(hashes.previous.keys() - hashes.current.keys()):
            page = Path(app.builder.get_outfilename(pagename)).resolve()
            page.unlink(missing_ok=True)
            folder = page.parent
            while folder != top and folder.is_relative_to(top) and _empty(folder):
                folder.rmdir()
                folder = folder.parent
        hashes.save()


def _empty(folder: Path) -> bool:
    return folder.is_dir() and not any(folder.iterdir())


def _site_digest(app: Sphinx) -> str:
    """What every page shares: configuration, templates, assets and the site-wide notice."""
    static = Path(app.outdir) / "_static"
    assets = sorted(
        (path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in static.glob("*")
        if path.suffix in {".css", ".js"}
    )
    parts = [
        ablog.__version__,
        app.builder.build_info.config_hash,
        app.builder.templates.newest_template_mtime(),
        assets,
        sitewide_signature(app.env),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _describe(value: Any, posts: dict[tuple[str, str], str]) -> Any:
    """A JSON-able account of what a page's template can show of a context value."""
    if isinstance(value, ablog.blog.Post):
        key = (value.docname, value.section)
        if key not in posts:  # a post shows on many pages; describe it once per build
            posts[key] = _post_digest(value)
        return posts[key]
    if isinstance(value, ablog.blog.Collection):
        key = ("collection", str(id(value)))  # by object: two labels can share a docname
        if key not in posts:  # each page of a long list shows the list's size and pages
            shown = [_describe(post, posts) for post in value]
            described = ["collection", str(value), value.label, value.docname, value.href, shown]
            posts[key] = hashlib.sha256(json.dumps(described).encode()).hexdigest()
        return posts[key]
    if isinstance(value, ablog.blog.Catalog):
        collections = [_describe(collection, posts) for collection in value]
        return ["catalog", str(value), value.docname, collections]
    if isinstance(value, dict):
        return {str(key): _describe(item, posts) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_describe(item, posts) for item in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def _post_digest(post: ablog.blog.Post) -> str:
    labels = [
        [str(label), getattr(label, "docname", None)]
        for name in ("tags", "author", "category", "location", "language")
        for label in getattr(post, name, None) or []
    ]
    described = [
        post.docname,
        post.section,
        post.title,
        [str(post.date), str(post.update), post.published],
        [post.external_link, post.canonical_link],
        labels,
        "".join(node.pformat() for node in post.excerpt),
    ]
    return hashlib.sha256(json.dumps(described).encode()).hexdigest()
