"""sitekit.template_cache: compiled templates are kept beside the doctrees, and a changed
template is compiled again."""

from __future__ import annotations

import pytest

from sitekit.template_cache import FOLDER

NOW = "2018-11-06T12:00Z"
LAYOUT = '{%% extends "!layout.html" %%}{%% block footer %%}%s{%% endblock %%}'


def build(build_root, footer: str, *, fresh: bool, fast: bool = True):
    files = {
        "_templates/layout.html": LAYOUT % footer,
        "conf.py": (
            'extensions = ["myst_parser", "ablog", "sitekit"]\nproject = "Blog test"\n'
            'html_theme = "basic"\nexclude_patterns = ["_build"]\n'
            'blog_baseurl = "https://blog.example.org/"\nblog_post_pattern = ["posts/*"]\n'
            'html_baseurl = "https://blog.example.org/"\ntemplates_path = ["_templates"]\n'
        ),
    }
    app = build_root(
        NOW, root="test-blog", files=files, fresh=fresh, confoverrides={"sitekit_fast_ablog": fast}
    )
    assert app.statuscode == 0
    return app


@pytest.mark.parametrize("fast", [True, False])
def test_templates_compiled_once_are_kept_and_a_changed_one_is_compiled_again(build_root, fast):
    app = build(build_root, "First footer", fresh=True, fast=fast)
    kept = sorted((app.doctreedir / f"{FOLDER}-plain").glob("*.cache")) if fast else []
    assert bool(kept) is fast
    assert "First footer" in (app.outdir / "index.html").read_text(encoding="utf-8")
    app = build(build_root, "Second footer", fresh=False, fast=fast)
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Second footer" in page and "First footer" not in page
    assert (app.doctreedir / f"{FOLDER}-plain").exists() is fast
