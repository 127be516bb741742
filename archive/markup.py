"""Where reST inline markup may start and end, as docutils decides it.

A link or role glued to the word before or after it is no markup to docutils: it
prints as source text. The repairs that write links ask here whether they need a
``\\ `` (an escaped space, which prints as nothing) between the link and its neighbour.
"""

from __future__ import annotations

import re

from docutils.utils import punctuation_chars as marks

# docutils' own character classes (its Inliner's start_string_prefix and
# end_string_suffix), in the same order.
_MAY_PRECEDE = re.compile(rf"[\s{marks.openers}{marks.delimiters}]")
_MAY_FOLLOW = re.compile(rf"[\s\\{marks.closing_delimiters}{marks.delimiters}{marks.closers}]")


def may_precede_markup(char: str) -> bool:
    """Whether inline markup may start right after ``char`` ("" is the line's start)."""
    return not char or bool(_MAY_PRECEDE.fullmatch(char))


def may_follow_markup(char: str) -> bool:
    """Whether inline markup may end right before ``char`` ("" is the line's end)."""
    return not char or bool(_MAY_FOLLOW.fullmatch(char))
