"""docutils' messages about a post name the offending line and the fix (tests/roots/test-blog)."""

from __future__ import annotations

import pytest

from tests.conftest import plain_warnings

HEAD = ".. post:: 2018-10-30\n\nA title\n=======\n\n"
# case -> (paragraph whose third line holds the problem, message, advice)
MESSAGES = {
    "lone star": ("One line.\nTwo line.\nA lone *star.\n", "Inline emphasis start-string without end-string",
                  "close the *, or escape it as \\*"),
    "Markdown emphasis": ("One line.\nTwo line.\nThe _Python Cookbook_ book.\n", "Unknown target name",
                          "write _words_ emphasis as *words*"),
    "Markdown table rule": ("One line.\nTwo line.\na |---|---| b\n", "Undefined substitution referenced",
                            "escape the | as \\|"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_a_docutils_problem_names_its_own_line_and_the_fix(make_app, copy_root, case):
    paragraph, message, advice = MESSAGES[case]
    app = make_app("html", srcdir=copy_root("blog", {"posts/damaged.rst": HEAD + paragraph}))
    app.build()
    lines = [line for line in plain_warnings(app).splitlines() if message in line]
    assert lines, plain_warnings(app)
    assert "posts/damaged.rst:8: " in lines[0]  # the paragraph starts on line 6
    assert advice in lines[0]
    assert "`make import` repairs this" in lines[0]


@pytest.mark.parametrize(
    ("directive", "option_line", "said"),
    [
        (
            ".. post:: 2018-10-30\n   :tags: pypi\n   :date: 2018-10-31\n",
            3,
            'unknown option: "date"',
        ),
        (".. post:: 2018-10-30\n   :author: Ada\n   :tag: pypi\n", 3, 'unknown option: "tag"'),
    ],
    ids=["date", "tag"],
)
def test_a_directive_error_is_one_line_at_its_option(
    make_app, copy_root, directive, option_line, said
):
    text = directive + "\nA title\n=======\n\nText.\n"
    app = make_app("html", srcdir=copy_root("blog", {"posts/option.rst": text}))
    app.build()
    lines = [line for line in plain_warnings(app).splitlines() if "posts/option.rst" in line]
    assert lines, plain_warnings(app)
    assert f"posts/option.rst:{option_line}: ERROR: " in lines[0]
    assert f'Error in "post" directive: {said}' in lines[0]
    assert ".. post::" not in plain_warnings(app)  # the directive is not quoted back
