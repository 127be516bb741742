"""ablog made fast: what ``sitekit_fast_ablog`` (on by default) switches on.

Nothing here changes a byte of the site (tests/test_fast_ablog.py builds with and
without it and compares); each change only saves time:

- ablog keeps a copy of each post's whole body in the environment, for full-text
  feeds, and its excerpt copies still point at the document they came from: the
  pickled environment carries every post twice, and -j workers ship it back and
  forth. Here the excerpts are detached, and the body is read back from the
  pickled doctree only when a full text is asked for. Since that copy is dropped,
  ablog does not make it either: a deep copy of every post's page as it is read.
  The excerpt itself is kept pickled, and made nodes again only for a post whose
  excerpt a build shows: loading and saving the environment at 1,000 posts took
  0.115 s with the excerpts as nodes, 0.060 s with them as bytes;
- each excerpt is rendered once per build, not once per archive, tag, category and
  author page it appears on (each time with a new docutils settings object). Its
  HTML depends on the page only through relative links, so it is shared by every
  page when it has none, and by the pages of one folder when it has. With ``-j N``,
  one with none is rendered by the writer of its post's page, and every core that
  writes the lists inherits it: they each rendered nearly every excerpt before;
- archive, tag and other generated pages are rewritten only when what they show
  changed: each page's inputs are hashed and the hashes kept beside the doctrees,
  so a no-op or one-post rebuild no longer re-renders every collection page.

:mod:`sitekit.docutils_settings`, under the same switch, builds docutils' settings once
per build.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import ablog
import ablog.blog
import ablog.post
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from deadlines.handlers import sitewide_signature
from sitekit import internals, priorities, sitemap
from sitekit.ablog_fixes import excerpt_html
from sitekit.domain import build_state
from sitekit.output_files import output_file
from sitekit.title_links import link_targets, shown

PAGE_HASHES = "sitekit-pages.json"  # beside the doctrees, like Sphinx's own caches
Page = tuple[str, dict, str]  # a generated page's name, its template's context, its template


def setup(app: Sphinx) -> None:
    """After ablog_fixes: the Post.to_html set here renders ablog_fixes' excerpt_html."""
    internals.check(__name__, app)
    app.add_config_value("sitekit_fast_ablog", True, "env", types=frozenset({bool}))
    app.connect("builder-inited", start_caches)
    app.connect("doctree-read", detach_post_copies, priority=priorities.DETACH_POST_COPIES)
    app.connect("build-finished", keep_page_hashes)
    internals.replace(ablog.blog.Post, "to_html", rendered_once)
    # ablog's Post.__init__ sets post.excerpt from the record; read it through this.
    ablog.blog.Post.excerpt = EXCERPT
    internals.replace_listener(app, "doctree-read", ablog.post.process_posts, posts_uncopied)
    internals.replace_when_fast(app, (ablog.blog.Collection, "__iter__", collection_posts))


def start_caches(app: Sphinx) -> None:
    if not app.config.sitekit_fast_ablog:
        return
    state = build_state(app.env)
    state.excerpts = {}
    # Only a builder that writes ablog's pages, each its own record: builders may share
    # the doctrees (html, then text), and one's pages are nothing to the other.
    writes_pages = app.builder.format == "html" and hasattr(app.builder, "get_outfilename")
    name = PAGE_HASHES.replace(".json", f"-{app.builder.name}.json")
    state.page_hashes = PageHashes(Path(app.doctreedir) / name) if writes_pages else None


def collection_posts(self: ablog.blog.Collection) -> Iterator[ablog.blog.Post]:
    """ablog's Collection.__iter__ (newest first, sorted once), each post's sort key taken
    once: ablog's Post.__lt__ builds (date, title) for both posts at every comparison,
    some 71,000 title lookups in the 88 sorts of an edit at 1,000 posts."""
    if self._posts_iter is None:
        posts = list(self._posts.values())
        posts.sort(key=post_order, reverse=True)
        self._posts_iter = posts
    yield from self._posts_iter


def post_order(post: ablog.blog.Post) -> tuple[Any, str]:
    """What ablog's Post.__lt__ compares."""
    return (post._computed_date, post.title)


# Posts' copies out of the environment.


def posts_uncopied(app: Sphinx, doctree: nodes.document) -> None:
    """ablog's process_posts, which deep-copies the page (or each post's section) for
    the post's record, given empty shells to keep instead: detach_post_copies drops the
    copy, and the copying took 4% of reading (a profile of 300 posts)."""
    if not app.config.sitekit_fast_ablog:
        ablog.post.process_posts(app, doctree)
        return
    shells = list({id(body): body for body in _bodies_ablog_copies(doctree)}.values())
    for body in shells:
        body.deepcopy = body.copy  # this one node, not its class: copied without children
    try:
        ablog.post.process_posts(app, doctree)
    finally:
        for body in shells:
            del body.deepcopy


def _bodies_ablog_copies(doctree: nodes.document) -> Iterator[nodes.Element]:
    """What process_posts copies as a post's body: the page, and for a post in a section,
    the section, or its title when the section is the page's own (ablog's rule)."""
    yield doctree
    for post in doctree.findall(ablog.post.PostNode):
        section = post.parent
        if isinstance(section, nodes.section) and section is not doctree:
            yield section
            if section.parent is doctree and section.children:
                title = section[0]
                if isinstance(title, nodes.title):
                    yield title


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
        info[EXCERPT_DIGEST] = excerpt_digest(info["excerpt"])
        info["excerpt"] = KeptExcerpt(info["excerpt"])


class KeptExcerpt:
    """A post's excerpt in ablog's record, kept pickled from one build to the next and
    made nodes again only when asked for. The record and ablog's Post share it, so a
    change to its nodes is seen by both, as it was with the nodes themselves."""

    __slots__ = ("_nodes", "_pickled")

    def __init__(self, excerpt: list[nodes.Node]) -> None:
        self._nodes: list[nodes.Node] | None = excerpt
        self._pickled = b""

    def nodes(self) -> list[nodes.Node]:
        if self._nodes is None:
            self._nodes = pickle.loads(self._pickled)
        return self._nodes

    def may_hold(self, kind: type[nodes.Node]) -> bool:
        """False only when it certainly holds no node of ``kind``: a pickle names each
        class it holds."""
        return self._nodes is not None or kind.__name__.encode() in self._pickled

    def __getstate__(self) -> bytes:
        if self._nodes is None:
            return self._pickled
        return pickle.dumps(self._nodes, protocol=pickle.HIGHEST_PROTOCOL)

    def __setstate__(self, pickled: bytes) -> None:
        self._pickled = pickled
        self._nodes = None


def excerpt_holding(info: dict[str, Any], kind: type[nodes.Node]) -> list[nodes.Node] | None:
    """A post record's excerpt, as nodes to change in place, unless it certainly holds
    no node of ``kind``."""
    kept = info["excerpt"]
    if not isinstance(kept, KeptExcerpt):
        return kept
    return kept.nodes() if kept.may_hold(kind) else None


def _excerpt(post: ablog.blog.Post) -> list[nodes.Node]:
    kept = vars(post)[EXCERPT_KEPT]
    return kept.nodes() if isinstance(kept, KeptExcerpt) else kept


def _keep_excerpt(post: ablog.blog.Post, excerpt: list[nodes.Node] | KeptExcerpt) -> None:
    vars(post)[EXCERPT_KEPT] = excerpt


EXCERPT_KEPT = "_sitekit_excerpt"  # in each Post: its excerpt, as nodes or a KeptExcerpt
EXCERPT = property(_excerpt, _keep_excerpt)


# What a post's excerpt is, for the generated pages' hashes below: taken as the post is
# read, not again for every post in every build (0.17 s of an edit's 1.3 s at 1,000 posts).
EXCERPT_DIGEST = "sitekit_excerpt_digest"


def excerpt_digest(excerpt: list[nodes.Node]) -> str:
    return hashlib.sha256("".join(node.pformat() for node in excerpt).encode()).hexdigest()


def _load_body(post: ablog.blog.Post) -> None:
    """Put back the body detach_post_copies dropped, as ablog would have copied it."""
    body: nodes.Element = post._blog.app.env.get_doctree(post.docname)
    if post.section:
        sections = body.findall(nodes.section)
        section = next(found for found in sections if post.section in found["ids"])
        body = section[0] if section.parent is body else section
    post.doctree = body.deepcopy()


# Each excerpt rendered once per build.


def rendered_once(
    post: ablog.blog.Post,
    pagename: str,
    fulltext: bool = False,
    drop_h1: bool | int = True,
    img_url: bool = False,
) -> str:
    """ablog's Post.to_html, as ablog_fixes mends it, rendered once per build for every
    page it would render the same for."""
    if fulltext and post.doctree is None:
        _load_body(post)
    cache = build_state(post._blog.app.env).excerpts
    if cache is None:
        return excerpt_html(post, pagename, fulltext, drop_h1, img_url)
    key = rendering_key(post, pagename, fulltext, drop_h1, img_url)
    if key not in cache:
        cache[key] = excerpt_html(post, pagename, fulltext, drop_h1, img_url)
    return cache[key]


def rendering_key(
    post: ablog.blog.Post, pagename: str, fulltext: bool, drop_h1: bool | int, img_url: bool
) -> tuple:
    """What a rendering depends on: the folder of the page only where links do."""
    content = post.doctree if fulltext else post.excerpt
    folder = posixpath.dirname(pagename) if links_depend_on_page(content) else None
    return (post.docname, post.section, fulltext, drop_h1, img_url, folder)


def excerpts_rendered_for(app: Sphinx, docnames: Iterable[str]) -> dict[tuple, str]:
    """In a ``-j`` writer (:mod:`sitekit.resolving_writers`): the excerpts of the posts
    on ``docnames``, as the blog's lists show them, for the main process to keep.

    Every core writes a share of the lists afterwards (:mod:`sitekit.parallel_pages`),
    and a post is on several, so each core rendered nearly every excerpt again. Sent
    back from here, each is rendered once, and the lists' writers inherit them. An
    excerpt whose links depend on the page is left for the lists' writers, as before.
    """
    cache = build_state(app.env).excerpts
    if cache is None:
        return {}
    pages = set(docnames)
    blog = ablog.blog.Blog(app)
    rendered = {}
    for post in [*blog.posts, *blog.drafts]:
        if post.docname not in pages:
            continue
        # As the lists' template asks: post.to_html(pagename), its other options default.
        key = rendering_key(post, post.docname, False, True, False)
        if key[-1] is None and key not in cache:  # the same HTML for any page
            rendered[key] = rendered_once(post, post.docname)
    return rendered


def keep_excerpts_rendered(app: Sphinx, rendered: dict[tuple, str]) -> None:
    """In the main process: what a writer rendered (excerpts_rendered_for)."""
    cache = build_state(app.env).excerpts
    if cache is not None:
        cache.update(rendered)


def links_depend_on_page(content: nodes.Node | list[nodes.Node] | None) -> bool:
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


def changed_pages(app: Sphinx, pages: Iterator[Page]) -> Iterator[Page]:
    """The generated pages whose inputs changed since they were written (all, when off)."""
    hashes = build_state(app.env).page_hashes
    if hashes is None:
        yield from pages
        return
    site = _site_digest(app)
    posts: dict[tuple[str, str], str] = {}
    for pagename, context, template in pages:
        described = [site, pagename, template, _describe(context, posts)]
        digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
        hashes.current[pagename] = digest
        written = os.path.exists(output_file(app.builder, pagename))
        if written and hashes.previous.get(pagename) == digest:
            sitemap.note_generated(app, pagename, template)
            continue
        yield pagename, context, template


def keep_page_hashes(app: Sphinx, exception: Exception | None) -> None:
    """And remove the pages the last build generated and this one does not (a tag or a
    year whose last post went, a list's last page), with the folders they leave empty:
    a clean build would not have them."""
    hashes = build_state(app.env).page_hashes
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


def _read_excerpt_digest(post: ablog.blog.Post) -> str | None:
    for info in getattr(post._blog.app.env, "ablog_posts", {}).get(post.docname, []):
        if info["section"] == post.section:
            return info.get(EXCERPT_DIGEST)
    return None


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
        _read_excerpt_digest(post) or excerpt_digest(post.excerpt),
        _links_resolved(post),
    ]
    return hashlib.sha256(json.dumps(described, default=str).encode()).hexdigest()


def _links_resolved(post: ablog.blog.Post) -> list[Any]:
    """What the excerpt's cross-references resolve to in this build. The excerpt's digest
    is taken as the post is read, but a link's text and place come from the page or label
    it points at (a ``:doc:`` link with no title shows that page's title), which can
    change while the post is not read again."""
    kept = vars(post).get(EXCERPT_KEPT)
    if isinstance(kept, KeptExcerpt) and not kept.may_hold(addnodes.pending_xref):
        return []
    env = post._blog.app.env
    return [
        _link_target(env, xref, post.docname)
        for root in post.excerpt
        for xref in root.findall(addnodes.pending_xref)
    ]


def _link_target(env: BuildEnvironment, xref: addnodes.pending_xref, docname: str) -> list[Any]:
    """A cross-reference's target as this build knows it: what it would show with no text
    of its own (a page's title, a label's page and section: title_links), where an
    anonymous label is, or a domain's objects of that name."""
    domain, kind, target = xref.get("refdomain"), xref.get("reftype"), xref.get("reftarget", "")
    found = [domain, kind, target, shown(env, tuple(link_targets(env, xref, docname)))]
    found.append(env.domains.standard_domain.anonlabels.get(target.lower()))
    if kind != "doc" and domain and domain != "std" and domain in env.domains:
        objects = env.domains[domain].get_objects()
        found.append(sorted(entry for entry in objects if target in (entry[0], entry[1])))
    return found
