"""docutils' parser states, each kind's transitions looked up once per process.

docutils parses reStructuredText with a machine of states, and it makes a new machine,
with a new object for each of its states, for every nested block: a list item, a
block quote, a directive's content. Each new state looks up its transitions again: a
pattern and a method for each name, about ten names a state, the same for every
object of a kind. Reading the PSF's archive (655 posts) did that 128,190 times: 2.9 s
of a 19.4 s ``-j 1`` profile.

Here the lookup is made once for each kind of state and list of names, and each new
state gets its own transitions from it, its methods bound to itself: the same
transitions docutils makes, so the same documents (tests/test_docutils_transitions.py
compares them for every state of the reStructuredText parser). A kind whose transition
is no plain method (a static method, say) is looked up as docutils does. With
``sitekit_fast_ablog`` (the change is the process's from then on: docutils is shared).
Reading the archive with ``-j 2`` took 4.05, 5.52 and 4.21 s, against 5.33, 4.85 and
5.33 s without, in alternating runs (bench/README.md).
"""

from __future__ import annotations

import inspect
from types import FunctionType
from typing import Any

from docutils import statemachine
from sphinx.application import Sphinx

from sitekit import internals

ORIGINAL = internals.original(statemachine.State, "make_transitions")

Entry = tuple[str, Any, FunctionType, str]  # name, pattern, method's function, next state
_LOOKED_UP: dict[tuple[type, tuple[Any, ...]], tuple[list[str], list[Entry]] | None] = {}


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(app, (statemachine.State, "make_transitions", make_transitions))


def make_transitions(state: statemachine.State, name_list: Any) -> tuple[list[str], dict]:
    """docutils' ``State.make_transitions``, from the lookup made once per kind of state."""
    try:
        key = (type(state), tuple(name_list))
        looked_up = _LOOKED_UP[key] if key in _LOOKED_UP else _look_up(state, key)
    except TypeError:  # names docutils can read but not hash
        looked_up = None
    if looked_up is None:
        return ORIGINAL(state, name_list)
    names, entries = looked_up
    return list(names), {
        name: (pattern, function.__get__(state), next_state)
        for name, pattern, function, next_state in entries
    }


def _look_up(
    state: statemachine.State, key: tuple[type, tuple[Any, ...]]
) -> tuple[list[str], list[Entry]] | None:
    kind = key[0]
    names, transitions = ORIGINAL(state, list(key[1]))  # its errors are docutils' own
    entries = []
    for name in names:
        pattern, method, next_state = transitions[name]
        function = inspect.getattr_static(kind, name, None)
        plain = isinstance(function, FunctionType)
        if not plain or getattr(method, "__func__", None) is not function:
            _LOOKED_UP[key] = None
            return None
        entries.append((name, pattern, function, next_state))
    _LOOKED_UP[key] = (names, entries)
    return _LOOKED_UP[key]
