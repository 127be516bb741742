"""docutils settings built once per build: each document still gets settings of its own."""

from __future__ import annotations

import docutils.frontend
import docutils.utils
from docutils.parsers.rst import Parser
from docutils.readers import standalone

from sitekit.docutils_settings import ORIGINAL_GET_SETTINGS, SettingsCache


def build_count(cache: SettingsCache, key: object, build) -> tuple[list, int]:
    calls = []

    def counted():
        calls.append(1)
        return build()

    return [cache.get(key, counted) for _ in range(3)], len(calls)


def fresh() -> docutils.frontend.Values:
    return ORIGINAL_GET_SETTINGS(standalone.Reader, Parser, defaults={"traceback": True})


def test_settings_are_built_once_and_each_document_gets_its_own():
    cache = SettingsCache()
    key = cache.key((standalone.Reader, Parser()), {"traceback": True})
    settings, built = build_count(cache, key, fresh)
    assert built == 1
    first, second = settings[1], settings[2]
    assert vars(first).keys() == vars(fresh()).keys()
    assert first is not second
    first.record_dependencies.add("included.rst")
    first.tab_width = 3
    assert second.record_dependencies.list == [] and second.tab_width == 8
    assert first.record_dependencies is not second.record_dependencies


def test_the_same_components_and_defaults_make_the_same_key():
    cache = SettingsCache()
    env = object()
    one = cache.key((standalone.Reader, Parser()), {"env": env, "traceback": True})
    two = cache.key((standalone.Reader, Parser()), {"traceback": True, "env": env})
    other = cache.key((standalone.Reader, Parser()), {"env": object(), "traceback": True})
    assert one == two
    assert one != other


def test_settings_it_cannot_copy_are_built_afresh_every_time():
    def with_a_shared_list() -> docutils.frontend.Values:
        settings = fresh()
        settings.strip_classes = ["kept"]
        return settings

    cache = SettingsCache()
    settings, built = build_count(cache, ("list",), with_a_shared_list)
    assert built == 3
    assert settings[1].strip_classes is not settings[2].strip_classes


def test_myst_gets_the_cached_settings_while_building_and_its_own_after(build_root, monkeypatch):
    """MyST makes a document per Markdown page that it throws away; its settings are the
    cost, so MyST's own name for docutils' function is swapped too, for the build only."""
    import myst_parser.mdit_to_docutils.base as myst_base
    from sphinx.application import Sphinx

    from sitekit.docutils_settings import ORIGINAL_DEFAULT_SETTINGS

    during: list[bool] = []
    original = Sphinx._init_builder

    def init_builder(app: Sphinx) -> None:
        app.connect(
            "env-before-read-docs",
            lambda *args: during.append(
                myst_base.get_default_settings is ORIGINAL_DEFAULT_SETTINGS
            ),
        )
        original(app)

    monkeypatch.setattr(Sphinx, "_init_builder", init_builder)
    build_root("2018-11-06T12:00Z", root="test-blog")
    assert during == [False]
    assert myst_base.get_default_settings is ORIGINAL_DEFAULT_SETTINGS
    assert docutils.frontend.get_default_settings is ORIGINAL_DEFAULT_SETTINGS
