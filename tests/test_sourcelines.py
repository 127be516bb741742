"""deadlines.core.sourcelines: the line of an option, a body line or a role, found in the source."""

from __future__ import annotations

import pytest

from deadlines.core.sourcelines import (
    SourceText,
    body_lines,
    option_lines,
    role_pattern,
    words_pattern,
)

MYST_FIELDS = """# The RFI

```{call} test-rfi
:kind: RFI
:title: A test RFI
:closes: 2018-11-13

rfp-opens 2018-11 RFP opens
```
"""
MYST_YAML = """# The RFI

```{call} test-rfi
---
kind: RFI
title: |
  A title on two lines
  opens: not an option, but the title's text
opens: 2018-10-30
---
rfp-opens 2018-11 RFP opens
```
"""
MYST_NO_OPTIONS = """```{call} test-rfi
rfp-opens 2018-11 RFP opens
:kind: looks like an option, but the body has begun
```
"""
REST = """The RFI
=======

.. call:: test-rfi
   :kind: RFI
   :title: A title that goes on
      to a second line
   :Opens: 2018-10-30

   :closes: in the body, after the blank line
"""
COLON_FENCE = """:::{call} test-rfi
:kind: RFI
:::
"""


@pytest.mark.parametrize(
    ("text", "directive_line", "expected"),
    [
        (MYST_FIELDS, 3, {"kind": 4, "title": 5, "closes": 6}),
        (MYST_YAML, 3, {"kind": 5, "title": 6, "opens": 9}),
        (MYST_NO_OPTIONS, 1, {}),
        (REST, 4, {"kind": 5, "title": 6, "opens": 8}),
        (COLON_FENCE, 1, {"kind": 2}),
    ],
    ids=["myst-fields", "myst-yaml", "myst-no-options", "rest", "colon-fence"],
)
def test_option_lines(text, directive_line, expected):
    assert option_lines(text.splitlines(), directive_line) == expected


def test_body_lines_skip_the_options():
    lines = MYST_FIELDS.splitlines()
    assert body_lines(lines, 3, ["rfp-opens 2018-11 RFP opens"]) == [8]


PARAGRAPH_MYST = """# News

The RFI is open
for a while,
until {call-date}`test-rfi:rfi-closes`, and
{call-date}`test-rfi:rfi-closes` again; {call-ref}`test-rfi`.
"""
PARAGRAPH_REST = """News
====

The RFI is open
until :call-date:`test-rfi:rfi-closes`,
or `test-rfi:rfi-closes`:call-date: in the suffix form,
or :call-date:``test-rfi:rfi-closes`` with two backticks,
or :call-date:`test-rfi:
rfi-closes` across a line break.
"""


@pytest.mark.parametrize(
    ("text", "start", "name", "role_text", "occurrence", "line"),
    [
        (PARAGRAPH_MYST, 3, "call-date", "test-rfi:rfi-closes", 0, 5),
        (PARAGRAPH_MYST, 3, "call-date", "test-rfi:rfi-closes", 1, 6),
        (PARAGRAPH_MYST, 3, "call-ref", "test-rfi", 0, 6),
        (PARAGRAPH_MYST, 3, "call-date", "test-rfi:rfi-closes", 2, None),
        (PARAGRAPH_MYST, 6, "call-date", "test-rfi:rfi-closes", 0, 6),
        (PARAGRAPH_REST, 4, "call-date", "test-rfi:rfi-closes", 0, 5),
        (PARAGRAPH_REST, 4, "call-date", "test-rfi:rfi-closes", 1, 6),
        (PARAGRAPH_REST, 4, "call-date", "test-rfi:rfi-closes", 2, 7),
        (PARAGRAPH_REST, 4, "call-date", "test-rfi:\nrfi-closes", 0, 8),
        (PARAGRAPH_REST, 4, "CALL-DATE", "test-rfi:rfi-closes", 0, 5),
    ],
    ids=[
        "myst-third-line",
        "myst-second-of-two",
        "myst-other-role",
        "myst-no-third",
        "myst-from-a-later-start",
        "rest-second-line",
        "rest-suffix-form",
        "rest-double-backticks",
        "rest-across-lines",
        "rest-name-any-case",
    ],
)
def test_role_lines(text, start, name, role_text, occurrence, line):
    source = SourceText(text)
    assert source.find(role_pattern(name, role_text), start, occurrence) == line


@pytest.mark.parametrize(
    ("typed", "occurrence", "line"),
    [("November 15, 2018", 0, 2), ("November 15, 2018", 1, 4), ("March 1, 2019", 0, None)],
    ids=["across-a-line-break", "second", "absent"],
)
def test_typed_words_across_lines(typed, occurrence, line):
    source = SourceText("The RFI\ncloses on November\n15, 2018; yes,\nNovember 15, 2018.\n")
    assert source.find(words_pattern(typed), 1, occurrence) == line


@pytest.mark.parametrize("start", [0, -3, 99], ids=["zero", "negative", "past-the-end"])
def test_a_start_outside_the_file_searches_it_all(start):
    assert SourceText("a\nb\nc\n").find(words_pattern("b"), start) == 2
