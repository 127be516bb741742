"""Every internal of ablog, sphinx-sitemap, Sphinx and docutils that sitekit relies on, checked as it starts.

sitekit mends ablog and completes sphinx-sitemap from outside: it swaps some of their
event handlers and functions for its own, sets ablog's module globals, reads the records
ablog keeps in the environment and subclasses its directives. None of that is those
libraries' promise. So each internal sitekit touches is listed below with a fingerprint,
and every sitekit module checks its own as it is set up: a new release that changes one
stops the build with one line naming the internal, the modules that rely on it and the
fingerprint to write once they are re-checked, rather than building a different site.

A fingerprint is a hash of the internal's source (a function, a method, a class), or,
for a name (a global sitekit sets, an attribute ablog keeps on the environment), of every
line of the library that names it, so that a new reader or writer shows too. Those below
were taken from ablog 0.11.13 and sphinx-sitemap 2.9.0. sitekit's own replacements go
through ``replace`` and ``replace_listener`` here, so the check reads the original, and a
handler that is not where sitekit expects it stops the build the same way.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

HERE = "sitekit/internals.py"
GONE = "gone"  # the fingerprint of what no longer exists, or has no source to read


@dataclass(frozen=True)
class Internal:
    """``name`` is a dotted path to a function, method or class (``ablog.post.process_posts``),
    or ``LIBRARY:NAME`` for every line of the library that names NAME."""

    name: str
    fingerprint: str
    users: tuple[str, ...]  # the sitekit modules that rely on it, without "sitekit."

    @property
    def library(self) -> str:
        return re.split(r"[.:]", self.name)[0]

    def __str__(self) -> str:
        if ":" in self.name:
            library, name = self.name.split(":")
            return f"every line of {library} naming {name}"
        return self.name


def _internals(*rows: tuple[str, str, str]) -> tuple[Internal, ...]:
    return tuple(Internal(name, print_, tuple(users.split())) for name, print_, users in rows)


INTERNALS = _internals(
    # ablog: its setup (the handlers sitekit swaps, its parallel flags), its globals.
    (
        "ablog.setup",
        "e97f233fb199d063",
        "ablog_fixes ablog_guard fast_ablog light_pages other_builders",
    ),
    ("ablog.config_inited", "5f2f4d1dfe9cf301", "ablog_fixes ablog_guard"),
    ("ablog:TOMORROW", "92c3e3353232587a", "ablog_fixes"),
    ("ablog:FeedGenerator", "bab59a22d4f0fddb", "ablog_fixes"),
    ("ablog:matched_blog_posts", "d2b32a6db2a96dfb", "ablog_guard"),
    ("ablog:_dict", "052fed8f2f1e7dba", "ablog_fixes"),
    # ablog's records of the posts read, one list per page, and what makes them.
    (
        "ablog:ablog_posts",
        "2a1fff97249887a9",
        "ablog_fixes fast_ablog excerpts provenance lean_workers",
    ),
    (
        "ablog.post.process_posts",
        "7e7db666265c3028",
        "ablog_fixes fast_ablog excerpts provenance ablog_guard",
    ),
    ("ablog.post.register_posts", "0c1fce9b3600eece", "ablog_fixes"),
    ("ablog.post._update_post_node", "cd5e650ce811a956", "ablog_guard blogger_links"),
    ("ablog.post._split", "f93c7fb59cacc64e", "ablog_guard"),
    ("ablog.post._get_update_dates", "79c7379c81ab3084", "ablog_guard"),
    ("ablog.post._get_section_title", "57d0ddf815cda9c6", "ablog_guard"),
    ("ablog.post.CheckFrontMatter", "4f22a97408ec8521", "ablog_guard"),
    # ablog's nodes and directives.
    ("ablog.post.PostNode", "5ac9bc3918e177b3", "ablog_guard excerpts blogger_links fast_ablog"),
    # Every use of a post's excerpt: fast_ablog keeps it pickled until one asks for it.
    ("ablog:excerpt", "f9dc73234a73b0dd", "fast_ablog"),
    ("ablog.post.UpdateNode", "633790fa3d23e4f3", "ablog_guard"),
    ("ablog.post.PostList", "2614aee564c0389e", "ablog_fixes"),
    ("ablog.post.PostDirective", "36f1f8b20a5c8e22", "ablog_guard"),
    ("ablog.post.PostListDirective", "983c662a6d5d7a87", "ablog_guard"),
    ("ablog.post.process_postlist", "dbdf907733e22b2b", "ablog_fixes ablog_guard other_builders"),
    # The blog ablog builds from the records, and its pages and feeds.
    ("ablog.blog.Blog.__init__", "81f88c1daea7251e", "ablog_fixes fast_ablog light_pages"),
    ("ablog.blog.Blog._init", "7a43c8d79a60e518", "ablog_fixes fast_ablog light_pages"),
    ("ablog.blog.Blog.register", "fff3df88e93e8b57", "ablog_fixes"),
    ("ablog.blog.link_posts", "67b952cbb8c7340a", "ablog_fixes"),
    ("ablog.blog.Post.__init__", "ad0bfd104dafcfb2", "ablog_fixes fast_ablog"),
    ("ablog.blog.Post.__lt__", "1f9286f911279454", "ablog_fixes fast_ablog"),
    ("ablog.blog.Post.to_html", "ec4e01307af808bf", "ablog_fixes fast_ablog"),
    ("ablog.blog.revise_pending_xrefs", "5d433a8e7ad3a88c", "fast_ablog"),
    ("ablog.blog.html_builder_write_doc", "b289a80f0c0641b1", "fast_ablog"),
    ("ablog.blog.BlogPageMixin", "397ab0392c2fa439", "fast_ablog light_pages"),
    ("ablog.blog.Catalog.__init__", "c7d3ed13fdfe8876", "fast_ablog light_pages"),
    ("ablog.blog.Catalog.__iter__", "a4b446991b9b61a2", "fast_ablog light_pages"),
    ("ablog.blog.Collection.__init__", "2087d403331d618a", "fast_ablog light_pages"),
    ("ablog.blog.Collection.__iter__", "7b8278a6965a5dac", "fast_ablog light_pages"),
    ("ablog.post.generate_archive_pages", "966cc04cc91db9ec", "light_pages"),
    ("ablog.post.generate_atom_feeds", "1e0dbf2a19bb6d81", "ablog_fixes"),
    # Sphinx: how many processes write pages (the builder's own method, called per build).
    ("sphinx.builders.Builder._write_parallel", "3ea209a4e854b609", "parallel_writing"),
    ("sphinx.builders.Builder.write_documents", "8bedf99edbb2e71f", "parallel_writing"),
    ("sphinx.builders.Builder._write_serial", "6e0342ca012ceff7", "parallel_writing"),
    # Sphinx: what writing a page does in the main process, and the search index it feeds.
    ("sphinx.builders._write_docname", "b15f93fe8a33c9ca", "resolving_writers"),
    (
        "sphinx.builders.html.StandaloneHTMLBuilder.write_doc_serialized",
        "1ed76ac0a1a3aec7",
        "resolving_writers",
    ),
    (
        "sphinx.builders.html.StandaloneHTMLBuilder.index_page",
        "3054ded06e186096",
        "resolving_writers",
    ),
    ("sphinx.search.IndexBuilder.__init__", "375ec6ba4d742efa", "resolving_writers"),
    ("sphinx.search.IndexBuilder.feed", "056af53b330d8dac", "resolving_writers"),
    ("sphinx.util.parallel.make_chunks", "091959c13d85b804", "resolving_writers"),
    # Sphinx: how the HTML builder finishes, and what it runs as it finishes.
    ("sphinx.builders.html.StandaloneHTMLBuilder.finish", "c3898b6d53745553", "parallel_finish"),
    (
        "sphinx.builders.html.StandaloneHTMLBuilder.handle_finish",
        "447f866b8fe9fcc9",
        "parallel_finish",
    ),
    ("sphinx.builders.Builder.build", "98501f7f3c98d44a", "parallel_finish"),
    # Sphinx: how it finds the pages changed since the last build.
    (
        "sphinx.environment.BuildEnvironment.get_outdated_files",
        "ad9bf0b0a3f3263d",
        "outdated_pages",
    ),
    ("sphinx.environment._has_doc_changed", "e28d1c42edac42aa", "outdated_pages"),
    ("sphinx.util.osutil._last_modified_time", "156306109e467f1b", "outdated_pages"),
    ("sphinx.project.Project.doc2path", "cd9a2fcfee0c883e", "outdated_pages"),
    ("sphinx.project.Project.discover", "f09e57155c30c53f", "outdated_pages"),
    # Sphinx: where its loggers leave the choice of what is shown.
    ("sphinx.util.logging.setup", "fd9a17e25eb64f28", "debug_logging"),
    # Sphinx: how it loads the last build's environment.
    ("sphinx.application.Sphinx._load_existing_env", "5d2acb40297f13a0", "gc_freeze"),
    # docutils: how a parser state makes its transitions.
    ("docutils.statemachine.State.make_transitions", "5d8fb6139c3d4858", "docutils_transitions"),
    ("docutils.statemachine.State.make_transition", "be97b273fa20dd0a", "docutils_transitions"),
    (
        "docutils.statemachine.State.add_initial_transitions",
        "c40080b8c8b52042",
        "docutils_transitions",
    ),
    (
        "docutils.statemachine.StateWS.add_initial_transitions",
        "75988500401d372e",
        "docutils_transitions",
    ),
    # docutils: how a tree is walked for the nodes a test picks.
    ("docutils.nodes.Node.findall", "4c53325c43ecc0d9", "docutils_walks"),
    ("docutils.nodes.Node._superfast_findall", "b884035907793e54", "docutils_walks"),
    # docutils: how a parser's machine makes, readies and drops its states.
    ("docutils.statemachine.StateMachine.__init__", "11c983b363bd36fd", "docutils_states"),
    ("docutils.statemachine.StateMachine.add_states", "501f264fb3ddf454", "docutils_states"),
    ("docutils.statemachine.StateMachine.add_state", "d7866aeca31a8fa0", "docutils_states"),
    ("docutils.statemachine.StateMachine.runtime_init", "0c660c9f5324c8f2", "docutils_states"),
    ("docutils.statemachine.StateMachine.unlink", "1dbb720129baa9e5", "docutils_states"),
    ("docutils.statemachine.StateMachine.get_state", "26012157b6acb325", "docutils_states"),
    (
        "docutils.parsers.rst.states.RSTState.nested_list_parse",
        "a9df2dec047188f7",
        "docutils_states",
    ),
    # PyYAML: what MyST calls to read front matter.
    ("yaml.safe_load", "c3fa80596c0b413e", "libyaml"),
    # docutils and Sphinx: smart quotes. The whole module: its rules, and how they run.
    ("docutils.utils.smartquotes", "66e7772b8301c9d4", "smart_quotes"),
    ("docutils.transforms.universal.SmartQuotes.apply", "ec64cdb0825263e2", "smart_quotes"),
    ("sphinx.transforms.SphinxSmartQuotes.get_tokens", "4b2a43fd54be70f3", "smart_quotes"),
    # Sphinx: the code blocks' languages, walked for on every page written.
    (
        "sphinx.transforms.post_transforms.code.HighlightLanguageTransform",
        "208edb64cf5d08d4",
        "code_languages",
    ),
    (
        "sphinx.transforms.post_transforms.code.HighlightLanguageVisitor",
        "326163551f231579",
        "code_languages",
    ),
    # Sphinx: the checksum each page's stylesheets and scripts are linked with.
    ("sphinx.builders.html._assets._file_checksum", "9a3ff938217b92fb", "asset_checksums"),
    (
        "sphinx.builders.html.StandaloneHTMLBuilder.handle_page",
        "2b5d65935d040ba2",
        "asset_checksums",
    ),
    # Sphinx: what a -j reader sends back, and what the main process merges of it.
    ("sphinx.builders.Builder._read_parallel", "d9e655ec9d49afee", "lean_workers serial_reading"),
    ("sphinx.builders.Builder._read_serial", "15d677529451d1e2", "serial_reading"),
    ("sphinx.builders.Builder.read", "c937cf30a8a87fe6", "serial_reading"),
    ("sphinx.environment.BuildEnvironment.__getstate__", "93c650d6e1a9a86b", "lean_workers"),
    ("sphinx.environment.BuildEnvironment.merge_info_from", "632bd70c62080d84", "lean_workers"),
    ("sphinx.domains.std.StandardDomain.merge_domaindata", "9bed4016531f40c1", "lean_workers"),
    ("sphinx.domains.index.IndexDomain.merge_domaindata", "a5d63916e0ab32cc", "lean_workers"),
    # Sphinx: how it forks, and how it writes the pages extensions generate.
    (
        "sphinx.util.parallel.ParallelTasks",
        "ee303981700d152b",
        "parallel_pages resolving_writers prompt_workers parallel_finish",
    ),
    (
        "sphinx.builders.html.StandaloneHTMLBuilder.gen_pages_from_extensions",
        "701566a527e02948",
        "parallel_pages parallel_finish",
    ),
    # sphinx-sitemap: sitekit starts it, lists the pages, and lets it write the file.
    ("sphinx_sitemap.setup", "2180d7cda8271e43", "sitemap"),
    ("sphinx_sitemap.record_builder_type", "466ad5192a92d0ff", "sitemap"),
    ("sphinx_sitemap.add_html_link", "e9a4b0b9b847c01d", "sitemap"),
    ("sphinx_sitemap.is_excluded", "d9c13b754eb4425b", "sitemap"),
    ("sphinx_sitemap.create_sitemap", "f63e7e8099adb3e0", "sitemap"),
)


def check(module: str, app: Sphinx | None = None) -> None:
    """Stop the build when an internal ``module`` relies on is not the one it was written for.

    With ``app``, an internal whose library files are as they were when it last matched
    is not read again: parsing the libraries took 0.2 s of every build. The record is
    of the installed libraries, not of a site, so it lives with them, in the Python
    environment's folder (``RECORD_FOLDER``), as their bytecode caches do: a build from
    nothing, which has no doctrees yet, does not read them again either.
    """
    user = module.removeprefix("sitekit.")
    # A stand-in application (a test's mock) has no real folder: nothing is kept.
    doctrees = getattr(app, "doctreedir", None)
    checked = _Checked(RECORD_FOLDER / CHECKED) if isinstance(doctrees, str | Path) else None
    changed = []
    for internal in INTERNALS:
        if user not in internal.users or (checked and checked.still_matches(internal)):
            continue
        found = fingerprint_now(internal)
        if found != internal.fingerprint:
            changed.append((internal, found))
        elif checked:
            checked.note(internal)
    if changed:
        raise ExtensionError(changed_message(changed))
    if checked:
        checked.save()


CHECKED = "sitekit-internals.json"
RECORD_FOLDER = Path(sys.prefix)


class _Checked:
    """Each internal that matched, with the size and time of every library file its
    fingerprint was read from then."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.noted = False
        try:
            self.matched = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.matched = {}

    def still_matches(self, internal: Internal) -> bool:
        known = self.matched.get(internal.name)
        if not isinstance(known, dict) or known.get("fingerprint") != internal.fingerprint:
            return False
        # The files it is read from now: an object replaced since (by another extension)
        # has its source elsewhere.
        files = known.get("files")
        return (
            bool(files)
            and sorted(files) == sorted(_source_files(internal))
            and all(_stamp(path) == stamp for path, stamp in files.items())
        )

    def note(self, internal: Internal) -> None:
        files = _source_files(internal)
        if files:
            stamps = {path: _stamp(path) for path in files}
            self.matched[internal.name] = {"fingerprint": internal.fingerprint, "files": stamps}
            self.noted = True

    def save(self) -> None:
        if not self.noted:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Builds that share the environment may save at once: each its own file.
            partial = self.path.with_suffix(f".{os.getpid()}.partial")
            partial.write_text(json.dumps(self.matched), encoding="utf-8")
            partial.replace(self.path)
        except OSError:
            pass  # a read-only folder: the next build reads the libraries again


def _stamp(path: str) -> list[int] | None:
    try:
        status = Path(path).stat()
    except OSError:
        return None
    return [status.st_mtime_ns, status.st_size]


def _source_files(internal: Internal) -> list[str]:
    """The files ``fingerprint_now`` reads for the internal."""
    if ":" in internal.name:
        return [str(path) for path in _library_files(internal.library)]
    target = _resolve(internal.name)
    try:
        path = inspect.getsourcefile(target) if target is not None else None
    except TypeError:
        path = None
    return [path] if path else []


def _library_files(library: str) -> list[Path]:
    """The library's own modules, not its tests."""
    package = Path(importlib.import_module(library).__file__).parent
    return [
        path
        for path in sorted(package.rglob("*.py"))
        if "tests" not in path.relative_to(package).parts
    ]


def changed_message(changed: Iterable[tuple[Internal, str]]) -> str:
    """One line: what changed, in which release, who relies on it, and what to write."""
    parts = []
    for internal, found in changed:
        version = getattr(importlib.import_module(internal.library), "__version__", "?")
        users = ", ".join(f"sitekit/{user}.py" for user in internal.users)
        if found == GONE:
            parts.append(
                f"{internal.library} {version} no longer has {internal} (relied on by "
                f"{users}); re-check those against it, and its line in {HERE}"
            )
            continue
        parts.append(
            f"{internal.library} {version} changed {internal} (relied on by {users}); "
            f"re-check those against it, then set its fingerprint in {HERE} to {found}"
        )
    return "; ".join(parts)


def fingerprint_now(internal: Internal) -> str:
    """The fingerprint of what is installed (GONE for what no longer exists)."""
    if ":" in internal.name:
        text = _lines_naming(*internal.name.split(":"))
    else:
        target = _resolve(internal.name)
        text = None if target is None else _source(target)
        if text is None:
            return GONE
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _lines_naming(library: str, name: str) -> str:
    """Every line of the library's own modules (not its tests) that names ``name``."""
    package = Path(importlib.import_module(library).__file__).parent
    word = re.compile(rf"\b{re.escape(name)}\b")
    found = []
    for path in _library_files(library):
        relative = path.relative_to(package).as_posix()
        found += [
            f"{relative}: {line.strip()}" for line in _read(str(path)).lines if word.search(line)
        ]
    return "\n".join(found)


def _source(target: Any) -> str | None:
    """A function's, method's or class's source, as its file has it."""
    try:
        path = inspect.getsourcefile(target)
    except TypeError:
        return None
    if path and path.endswith(".py"):
        text = _read(path).definitions.get(getattr(target, "__qualname__", ""))
        if text is not None:
            return text
    try:  # a definition that is no def or class statement, e.g. a lambda
        return inspect.getsource(target)
    except (OSError, TypeError):
        return None


@dataclass(frozen=True)
class _SourceFile:
    stamp: tuple[int, int]  # modification time and size: read again when either changes
    lines: list[str]
    definitions: dict[str, str]  # the source of each def and class, by qualified name


_FILES: dict[str, _SourceFile] = {}


def _read(path: str) -> _SourceFile:
    """A library file, parsed once per process: every module of sitekit checks it."""
    status = Path(path).stat()
    stamp = (status.st_mtime_ns, status.st_size)
    known = _FILES.get(path)
    if known is not None and known.stamp == stamp:
        return known
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    definitions: dict[str, str] = {}

    def walk(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = prefix + node.name
                first = min([node.lineno, *(line.lineno for line in node.decorator_list)])
                definitions[name] = "".join(lines[first - 1 : node.end_lineno])
                inside = "." if isinstance(node, ast.ClassDef) else ".<locals>."
                walk(node.body, name + inside)

    walk(ast.parse(text).body, "")
    _FILES[path] = _SourceFile(stamp, [line.rstrip("\n") for line in lines], definitions)
    return _FILES[path]


def _resolve(dotted: str) -> Any:
    """The object at a dotted path, as the library defines it (not as sitekit replaced it)."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target: Any = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            if not hasattr(target, attribute):
                return None
            target = _ORIGINALS.get((target, attribute), getattr(target, attribute))
        return target
    return None


# sitekit's own changes to a library, each with what it replaced.

_ORIGINALS: dict[tuple[Any, str], Any] = {}


def replace(owner: Any, attribute: str, value: Any) -> None:
    """Set a library's attribute, keeping the library's own value for the check above."""
    _ORIGINALS.setdefault((owner, attribute), getattr(owner, attribute))
    setattr(owner, attribute, value)


def replace_when_fast(app: Sphinx, *replacements: tuple[Any, str, Any]) -> None:
    """Each (owner, attribute, value) replaced once the build's configuration turns
    ``sitekit_fast_ablog`` on; the change is the process's from then on, since the
    libraries are shared."""

    def replace_all(app: Sphinx, config: Config) -> None:
        if config.sitekit_fast_ablog:
            for owner, attribute, value in replacements:
                replace(owner, attribute, value)

    app.connect("config-inited", replace_all)


def original(owner: Any, attribute: str) -> Any:
    """The library's own value of an attribute sitekit may have replaced."""
    return _ORIGINALS.get((owner, attribute), getattr(owner, attribute))


def replace_listener(app: Sphinx, event: str, old: Callable, new: Callable) -> None:
    """Swap an extension's event handler for sitekit's, at the same priority."""
    listeners = app.events.listeners[event]
    for index, listener in enumerate(listeners):
        if listener.handler is old:
            listeners[index] = listener._replace(handler=new)
            return
    raise ExtensionError(
        f"sitekit expected {old.__module__}.{old.__name__} to handle {event}; the extension "
        f"changed: re-check the sitekit module that replaces it against the new release"
    )
