"""sitekit.trusted_templates: with the fast path, pages are rendered in a plain Jinja
environment, and its compiled templates are kept apart from a sandboxed one's."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment
from jinja2.sandbox import SandboxedEnvironment

from sitekit.template_cache import FOLDER, folder_name
from tests.test_template_cache import build


@pytest.mark.parametrize(
    ("fast", "kind", "kept_in"),
    [(True, Environment, f"{FOLDER}-plain"), (False, SandboxedEnvironment, None)],
)
def test_the_fast_path_renders_pages_unsandboxed(build_root, fast, kind, kept_in):
    app = build(build_root, "A footer", fresh=True, fast=fast)
    environment = app.builder.templates.environment
    assert type(environment) is kind
    assert environment.sandboxed is (kind is SandboxedEnvironment)
    assert "A footer" in (app.outdir / "index.html").read_text(encoding="utf-8")
    kept = sorted(path.name for path in app.doctreedir.glob(f"{FOLDER}*"))
    assert kept == ([kept_in] if kept_in else [])


def test_each_kind_of_environment_keeps_its_compiled_templates_apart():
    """Sandboxed code calls ``environment.call``, which a plain environment lacks: loaded
    into one, it would fail the build."""
    template = {"page.html": "{{ greet('reader') }}"}
    plain = Environment(loader=DictLoader(template))
    sandboxed = SandboxedEnvironment(loader=DictLoader(template))
    assert folder_name(plain) != folder_name(sandboxed)
    sandboxed_code = sandboxed.compile(template["page.html"], raw=True)
    assert "environment.call(" in sandboxed_code
    assert "environment.call(" not in plain.compile(template["page.html"], raw=True)
    assert not hasattr(plain, "call")


def test_a_sandbox_of_another_kind_is_left_alone():
    """A subclass of the sandbox may check more than Sphinx's does: it keeps its checks."""
    from sitekit import trusted_templates

    class Stricter(SandboxedEnvironment):
        pass

    class Builder:
        templates = type("Templates", (), {"environment": Stricter()})()

    class App:
        builder = Builder()
        config = type("Config", (), {"sitekit_fast_ablog": True})()

    trusted_templates.render_unsandboxed(App())
    assert type(App.builder.templates.environment) is Stricter
