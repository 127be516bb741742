"""sitekit.docutils_states: a parser machine makes each state when first asked for it,
and documents parse as docutils parses them."""

from __future__ import annotations

import docutils.core
import pytest
from docutils import statemachine
from docutils.parsers.rst import states

from sitekit import docutils_states
from tests.rst_samples import SAMPLE

REPLACED = ("add_states", "runtime_init", "unlink")


def docutils_own(monkeypatch) -> None:
    for name in REPLACED:
        original = getattr(docutils_states, f"ORIGINAL_{name.upper()}")
        monkeypatch.setattr(statemachine.StateMachine, name, original)


@pytest.fixture
def on_demand(monkeypatch):
    for name in REPLACED:
        monkeypatch.setattr(statemachine.StateMachine, name, getattr(docutils_states, name))


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The names of the states made, in order."""
    names: list[str] = []
    original = statemachine.State.__init__

    def counting(state, *args, **kwargs):
        names.append(type(state).__name__)
        original(state, *args, **kwargs)

    monkeypatch.setattr(statemachine.State, "__init__", counting)
    return names


def parsed(text: str) -> str:
    return docutils.core.publish_doctree(
        text, settings_overrides={"report_level": 1, "halt_level": 5}
    ).pformat()


def machine() -> states.RSTStateMachine:
    return states.RSTStateMachine(state_classes=states.state_classes, initial_state="Body")


CONSTRUCTS = [
    pytest.param(SAMPLE, id="sample"),
    pytest.param("- one\n- two\n\n  - nested\n", id="bullet list"),
    pytest.param("1. one\n2. two\n3) three\n", id="enumerated lists"),
    pytest.param("term\n   definition\nother\n   its own\n", id="definitions"),
    pytest.param(":a: one\n:b:\n  two\n", id="fields"),
    pytest.param("-a  one\n-b  two\n", id="options"),
    pytest.param("| a\n| b\n\n   | indented\n", id="line block"),
    pytest.param(".. |x| replace:: y\n\n|x| and |undefined|\n", id="substitutions"),
    pytest.param("- a\nno blank line\n", id="a list's warning"),
    pytest.param("Title\n=====\n\n- item\n\n  Inner\n  -----\n", id="a title where none may be"),
    pytest.param("* a\n\n  .. [#] note\n\n[#]_\n", id="footnote in a list"),
]


@pytest.mark.parametrize("text", CONSTRUCTS)
def test_a_document_parses_as_docutils_parses_it(on_demand, text):
    ours = parsed(text)
    with pytest.MonkeyPatch.context() as patch:
        docutils_own(patch)
        theirs = parsed(text)
    assert ours == theirs


def test_the_sample_reaches_every_kind_of_list_and_its_warnings(on_demand):
    ours = parsed(SAMPLE)
    for tag in ["<bullet_list", "<enumerated_list", "<definition_list", "<field_list"]:
        assert tag in ours, tag
    for tag in ["<option_list", "<line_block", "<substitution_definition", "<system_message"]:
        assert tag in ours, tag


def test_far_fewer_states_are_made(on_demand, made):
    parsed(SAMPLE)
    ours = len(made)
    made.clear()
    with pytest.MonkeyPatch.context() as patch:
        docutils_own(patch)
        parsed(SAMPLE)
    assert ours * 3 < len(made), (ours, len(made))


def test_a_machine_makes_nothing_until_asked(on_demand, made):
    sm = machine()
    assert made == []
    assert "Body" in sm.states and "Nowhere" not in sm.states
    assert len(sm.states) == len(states.state_classes)
    body = sm.states["Body"]
    assert made == ["Body"] and sm.states["Body"] is body


def test_whoever_reads_all_the_states_gets_all_of_them(on_demand, made):
    names = sorted(kind.__name__ for kind in states.state_classes)
    for read in (list, lambda s: list(s.keys()), lambda s: [type(v).__name__ for v in s.values()]):
        sm = machine()
        assert sorted(read(sm.states)) == names
    sm = machine()
    assert sorted(name for name, _ in sm.states.items()) == names
    assert sm.states.get("Text") is sm.states["Text"] and sm.states.get("Nowhere") is None
    assert sorted(made) == sorted(names * 4)  # each made once
    copied, compared, shown = machine(), machine(), machine()
    assert sorted(copied.states.copy()) == names
    assert compared.states == dict(compared.states.items())
    assert all(f"'{name}'" in repr(shown.states) for name in names)


def test_an_unknown_state_is_docutils_error(on_demand):
    sm = machine()
    with pytest.raises(statemachine.UnknownStateError):
        sm.get_state("Nowhere")


def test_a_state_added_twice_is_docutils_error(on_demand):
    sm = machine()
    with pytest.raises(statemachine.DuplicateStateError):
        sm.add_states([states.Body])
    with pytest.raises(statemachine.DuplicateStateError):
        sm.add_state(states.Text)


def test_a_state_made_while_running_is_readied_for_the_run(on_demand):
    sm = machine()
    ready: list[str] = []

    class Probe(statemachine.State):
        def runtime_init(self) -> None:
            ready.append("Probe")

    sm.add_states([Probe])
    statemachine.StateMachine.runtime_init(sm)
    assert ready == []
    sm.states["Probe"]
    assert ready == ["Probe"]
    statemachine.StateMachine.runtime_init(sm)
    assert ready == ["Probe", "Probe"]


def test_unlinking_drops_the_states(on_demand):
    sm = machine()
    body = sm.states["Body"]
    sm.unlink()
    assert sm.states is None and body.state_machine is None


def test_states_made_by_hand_keep_docutils_way(on_demand, made):
    sm = statemachine.StateMachine([], "Body")
    sm.states = {"Body": states.Body(machine())}
    made.clear()
    sm.add_states([states.Text])
    assert made == ["Text"] and type(sm.states) is dict
