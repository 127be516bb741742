"""The page templates, compiled once and kept beside the doctrees.

Sphinx compiles every Jinja template it renders, each build: 12 templates, 0.23 s of a
1,000-post edit's profile, the same work every time. Jinja can keep the compiled code
(a bytecode cache); here it keeps it in the doctrees' folder, which belongs to the
build. Jinja checks each template's source against what it compiled, and compiles a
changed one again, so a changed template is never rendered from old code
(tests/test_template_cache.py). A sandboxed environment compiles a template to other
code than a plain one (:mod:`sitekit.trusted_templates`), so each kind keeps its own.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from sphinx.application import Sphinx

FOLDER = "sitekit-templates"  # a sandboxed environment's; a plain one's ends in "-plain"


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", keep_compiled_templates)


def keep_compiled_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not app.config.sitekit_fast_ablog or not isinstance(environment, Environment):
        return
    folder = Path(app.doctreedir) / folder_name(environment)
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def folder_name(environment: Environment) -> str:
    return FOLDER if environment.sandboxed else f"{FOLDER}-plain"
