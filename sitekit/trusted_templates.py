"""The page templates rendered without Jinja's sandbox.

Sphinx renders its HTML pages in a ``SandboxedEnvironment``: every attribute a template
reads and every call it makes is checked first, so that a template could not reach
Python's internals. The templates here are the site's own (``_templates/``) and its
theme's, as trusted as ``conf.py``, which is Python the build runs anyway. A build of
1,000 posts made 297,534 checked reads and 171,829 checked calls (a ``-j 1`` profile);
without the checks, ``handle_page`` took about a tenth less CPU (bench/README.md).

So, under ``sitekit_fast_ablog``, the builder's environment becomes the plain
``Environment`` it extends, before any template is compiled. It keeps its loader,
filters, globals and translations; only the checks go. The pages are the same bytes
(tests/test_fast_ablog.py builds with and without it). A sandboxed template compiles to
other code than a plain one, so :mod:`sitekit.template_cache` keeps each kind's compiled
templates in a folder of its own.
"""

from __future__ import annotations

from jinja2 import Environment
from jinja2.sandbox import SandboxedEnvironment
from sphinx.application import Sphinx

from sitekit import priorities


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", render_unsandboxed, priority=priorities.UNSANDBOX_TEMPLATES)


def render_unsandboxed(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    # Only Sphinx's own sandbox, exactly: a subclass may check more than attributes.
    if app.config.sitekit_fast_ablog and type(environment) is SandboxedEnvironment:
        environment.__class__ = Environment
