"""Site glue around ablog, sphinx-sitemap and sphinx-notfound-page: clean errors, reproducible output, speed.

Each module is one job; the README's Layout section lists them. Every internal of ablog
and sphinx-sitemap they rely on is in :mod:`sitekit.internals`; what they keep per
page, and per build, in :mod:`sitekit.domain`; the order of their event handlers, in
:mod:`sitekit.priorities`; the subtypes of their warnings, in :mod:`sitekit.subtypes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, object]:
    # Imported here, not above: the runner (sitekit.runner) imports this package and
    # answers "nothing changed" before Sphinx, which these import, would have loaded.
    from sitekit import (
        ablog_fixes,
        ablog_guard,
        asset_checksums,
        blogger_links,
        build_inputs,
        code_languages,
        debug_logging,
        docutils_messages,
        docutils_settings,
        docutils_states,
        docutils_transitions,
        docutils_walks,
        excerpts,
        fast_ablog,
        gc_freeze,
        lean_workers,
        libyaml,
        light_pages,
        notfound,
        other_builders,
        outdated_pages,
        parallel_finish,
        parallel_pages,
        parallel_writing,
        prompt_workers,
        provenance,
        removed_pages,
        serial_reading,
        sitemap,
        smart_quotes,
        template_cache,
        title_links,
        trusted_templates,
    )
    from sitekit.domain import SitekitDomain

    app.setup_extension("ablog")
    app.setup_extension("deadlines")
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("notfound.extension")
    app.add_domain(SitekitDomain)
    ablog_fixes.setup(app)
    fast_ablog.setup(app)  # after ablog_fixes: its Post.to_html renders the fixed one
    gc_freeze.setup(app)  # under fast_ablog's switch
    debug_logging.setup(app)  # under fast_ablog's switch
    light_pages.setup(app)
    ablog_guard.setup(app)
    docutils_messages.setup(app)
    docutils_settings.setup(app)
    docutils_transitions.setup(app)
    docutils_states.setup(app)  # under fast_ablog's switch
    libyaml.setup(app)  # under fast_ablog's switch
    docutils_walks.setup(app)  # under fast_ablog's switch
    smart_quotes.setup(app)
    code_languages.setup(app)  # under fast_ablog's switch
    asset_checksums.setup(app)  # under fast_ablog's switch
    sitemap.setup(app)
    notfound.setup(app)
    other_builders.setup(app)
    parallel_writing.setup(app)
    parallel_pages.setup(app)
    parallel_finish.setup(app)  # under fast_ablog's switch
    prompt_workers.setup(app)  # under fast_ablog's switch
    serial_reading.setup(app)
    outdated_pages.setup(app)  # under fast_ablog's switch
    trusted_templates.setup(app)  # under fast_ablog's switch
    template_cache.setup(app)
    lean_workers.setup(app)
    provenance.setup(app)
    excerpts.setup(app)
    blogger_links.setup(app)
    title_links.setup(app)
    app.setup_extension("sitekit.images")  # sizes and lazy loading of <img>
    app.setup_extension("sitekit.tables")  # wide tables scroll in a box a keyboard reaches
    removed_pages.setup(app)
    build_inputs.setup(app)  # what the runner's record of this build names (up_to_date)
    return {
        "version": __version__,
        "env_version": 1,  # 1: what sitekit keeps per page moved into its domain
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
