"""sitekit.docutils_transitions: each kind of parser state looks its transitions up once,
and every state gets the transitions docutils itself makes."""

from __future__ import annotations

import docutils.core
import pytest
from docutils import statemachine
from docutils.parsers.rst import states

from sitekit import docutils_transitions, internals
from tests.rst_samples import SAMPLE


def machine() -> states.RSTStateMachine:
    return states.RSTStateMachine(state_classes=states.state_classes, initial_state="Body")


def transitions(state: statemachine.State) -> list[tuple]:
    return [
        (name, pattern.pattern, method.__func__, method.__self__ is state, next_state)
        for name in state.transition_order
        for pattern, method, next_state in [state.transitions[name]]
    ]


@pytest.fixture
def looked_up_once(monkeypatch):
    """Transitions looked up once, and every machine's states made at once, as docutils
    makes them (a fast build earlier in the process made them on demand)."""
    patched = docutils_transitions.make_transitions
    monkeypatch.setattr(statemachine.State, "make_transitions", patched)
    monkeypatch.setattr(docutils_transitions, "_LOOKED_UP", {})
    for name in ("add_states", "runtime_init", "unlink"):
        original = internals.original(statemachine.StateMachine, name)
        monkeypatch.setattr(statemachine.StateMachine, name, original)


def docutils_own(monkeypatch) -> None:
    monkeypatch.setattr(statemachine.State, "make_transitions", docutils_transitions.ORIGINAL)


def test_every_state_gets_the_transitions_docutils_makes(looked_up_once):
    ours, again = machine(), machine()  # the second from what the first looked up
    with pytest.MonkeyPatch.context() as patch:
        docutils_own(patch)
        theirs = machine()
    names = sorted(kind.__name__ for kind in states.state_classes)
    assert sorted(ours.states) == sorted(theirs.states) == names
    for name, state in [*ours.states.items(), *again.states.items()]:
        assert transitions(state) == transitions(theirs.states[name]), name


def test_a_document_parses_the_same(looked_up_once):
    ours = docutils.core.publish_doctree(SAMPLE).pformat()
    with pytest.MonkeyPatch.context() as patch:
        docutils_own(patch)
        theirs = docutils.core.publish_doctree(SAMPLE).pformat()
    assert ours == theirs
    assert "<footnote" in ours and "<table" in ours and "<line_block" in ours


def test_each_kind_is_looked_up_once(looked_up_once, monkeypatch):
    calls = []
    original = docutils_transitions.ORIGINAL

    def counting(state, name_list):
        calls.append(type(state).__name__)
        return original(state, name_list)

    monkeypatch.setattr(docutils_transitions, "ORIGINAL", counting)
    machine()
    first = len(calls)
    machine()
    docutils.core.publish_doctree(SAMPLE)
    assert first > 0 and len(calls) == first


class Odd(states.Text):
    """A state whose transition is a static method: looked up as docutils does."""

    @staticmethod
    def blank(match, context, next_state):
        return [], next_state, []


def test_a_state_whose_transition_is_no_plain_method_is_left_to_docutils(looked_up_once):
    state = Odd(machine())
    assert state.transitions["blank"][1] is Odd.blank
    names, made = docutils_transitions.make_transitions(state, state.ws_initial_transitions)
    expected = docutils_transitions.ORIGINAL(state, state.ws_initial_transitions)
    assert names == expected[0]
    assert made["blank"][1] is Odd.blank
