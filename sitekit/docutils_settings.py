"""docutils settings built once per build, not once per document.

Sphinx reads each document with settings from a fresh docutils ``OptionParser``
(``sphinx.util.docutils._get_settings``), and ablog renders each excerpt in a new
document whose settings come the same way (``docutils.frontend.get_default_settings``),
as does MyST for each Markdown page (its renderer makes a document it then discards,
whose settings cost as much).
Building that parser declares some two hundred options: about 3 ms, a sixth of the time
it takes to read a post. The settings depend only on the components and the defaults,
so here they are built once for each such pair and each document gets its own copy.

Only with ``sitekit_fast_ablog`` (tests/test_fast_ablog.py compares every byte with
the plain path). A settings value this module does not know how to copy makes it fall
back to building them afresh, as docutils would.
"""

from __future__ import annotations

import copy
import inspect
import sys
from collections.abc import Callable, Hashable
from typing import Any

import docutils.frontend
import docutils.utils
import sphinx.util.docutils
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

ORIGINAL_GET_SETTINGS = sphinx.util.docutils._get_settings
ORIGINAL_DEFAULT_SETTINGS = docutils.frontend.get_default_settings
# Modules that import get_default_settings by name, and so keep docutils' own.
DEFAULT_SETTINGS_IMPORTERS = ("myst_parser.mdit_to_docutils.base",)
_IMMUTABLE = (str, int, float, bool, type(None), tuple, frozenset)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _start)
    app.connect("build-finished", _stop)


class SettingsCache:
    """Settings by components and defaults, for one build."""

    def __init__(self) -> None:
        self.settings: dict[Hashable, docutils.frontend.Values | None] = {}
        self.kept: list[object] = []  # what a key names by identity stays alive with it

    def get(self, key: Hashable, build: Callable[[], docutils.frontend.Values]) -> Any:
        if key not in self.settings:
            settings = build()
            self.settings[key] = settings if _copyable(settings) else None
            return settings
        cached = self.settings[key]
        return build() if cached is None else _copy(cached)

    def key(self, components: tuple[Any, ...], defaults: dict[str, Any], *extra: Any) -> Hashable:
        def spec(component: Any) -> Hashable:
            kind = component if isinstance(component, type) else type(component)
            parts = (getattr(component, name, None) for name in _SPEC_ATTRIBUTES)
            return (kind, *(id(part) for part in parts))

        def frozen(value: Any) -> Hashable:
            if isinstance(value, _IMMUTABLE):
                try:
                    hash(value)
                    return (type(value), value)
                except TypeError:
                    pass
            self.kept.append(value)
            return ("id", id(value))

        self.kept.extend(components)
        items = tuple(sorted((name, frozen(value)) for name, value in defaults.items()))
        return (tuple(spec(component) for component in components), items, *extra)


_SPEC_ATTRIBUTES = ("settings_spec", "settings_defaults", "settings_default_overrides")


def _copyable(settings: docutils.frontend.Values) -> bool:
    for value in vars(settings).values():
        if isinstance(value, _IMMUTABLE) or (isinstance(value, list) and not value):
            continue
        if isinstance(value, docutils.utils.DependencyList):
            if value.file is None and not value.list:
                continue
        elif _is_shared_on_purpose(value):
            continue
        return False
    return True


def _is_shared_on_purpose(value: Any) -> bool:
    """The build environment Sphinx hands every document: one object, by design."""
    return isinstance(value, BuildEnvironment)


def _copy(settings: docutils.frontend.Values) -> docutils.frontend.Values:
    copied = copy.copy(settings)  # not Values(...), which docutils deprecates
    for name, value in vars(settings).items():
        if isinstance(value, list):
            setattr(copied, name, [])
        elif isinstance(value, docutils.utils.DependencyList):
            setattr(copied, name, docutils.utils.DependencyList())
    return copied


def _patchable() -> bool:
    """The two functions as this module knows them; another shape is left alone."""
    expected = {
        ORIGINAL_GET_SETTINGS: ["components", "defaults", "read_config_files"],
        ORIGINAL_DEFAULT_SETTINGS: ["components"],
    }
    return all(
        list(inspect.signature(function).parameters) == names
        for function, names in expected.items()
    )


def _start(app: Sphinx) -> None:
    if not app.config.sitekit_fast_ablog or not _patchable():
        return
    cache = SettingsCache()

    def get_settings(
        *components: Any, defaults: dict[str, Any], read_config_files: bool = False
    ) -> Any:
        return cache.get(
            cache.key(components, dict(defaults), read_config_files),
            lambda: ORIGINAL_GET_SETTINGS(
                *components, defaults=defaults, read_config_files=read_config_files
            ),
        )

    def get_default_settings(*components: Any) -> Any:
        return cache.get(
            cache.key(components, {}, "default"),
            lambda: ORIGINAL_DEFAULT_SETTINGS(*components),
        )

    sphinx.util.docutils._get_settings = get_settings
    for module in _default_settings_holders():
        module.get_default_settings = get_default_settings


def _stop(app: Sphinx, exception: Exception | None) -> None:
    sphinx.util.docutils._get_settings = ORIGINAL_GET_SETTINGS
    for module in _default_settings_holders():
        module.get_default_settings = ORIGINAL_DEFAULT_SETTINGS


def _default_settings_holders() -> list[Any]:
    """docutils.frontend, and each loaded module that holds docutils' function by name."""
    holders: list[Any] = [docutils.frontend]
    for name in DEFAULT_SETTINGS_IMPORTERS:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "get_default_settings", None) in (
            ORIGINAL_DEFAULT_SETTINGS,
            docutils.frontend.get_default_settings,
        ):
            holders.append(module)
    return holders
