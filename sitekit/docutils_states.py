"""docutils' parser states, each made when its machine first uses it.

docutils parses reStructuredText with a machine of states, and a list (bulleted,
numbered, of fields, of definitions) gets a machine of its own, which makes an object
for each of the parser's fifteen kinds of state at once, with its transitions. A list
uses two or three of them. Reading 1,000 posts made 41,220 states: 2.1 s of a 30 s
``-j 1`` profile, most of it for states never used.

Here a machine keeps each state's class until the state is first asked for, then makes
it as docutils would, and readies it for the run when the machine is already running
(docutils readies every state as a run starts). Whoever reads the machine's states as a
whole (``values()``, ``items()``, iteration, length) gets every one of them made, as
docutils has them; only docutils' own readying and unlinking, replaced here, go over the
states made so far. The documents are the same (tests/test_docutils_states.py parses
each kind of construct both ways). With ``sitekit_fast_ablog`` (the change is the
process's from then on: docutils is shared).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import statemachine
from sphinx.application import Sphinx

from sitekit import internals

ORIGINAL_ADD_STATES = internals.original(statemachine.StateMachine, "add_states")
ORIGINAL_RUNTIME_INIT = internals.original(statemachine.StateMachine, "runtime_init")
ORIGINAL_UNLINK = internals.original(statemachine.StateMachine, "unlink")


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(
        app,
        (statemachine.StateMachine, "add_states", add_states),
        (statemachine.StateMachine, "runtime_init", runtime_init),
        (statemachine.StateMachine, "unlink", unlink),
    )


class StatesOnDemand(dict):
    """A machine's states by name, each made when first looked up."""

    def __init__(self, machine: statemachine.StateMachine) -> None:
        super().__init__()
        self.machine = machine
        self.waiting: dict[str, type[statemachine.State]] = {}
        self.running = False  # the machine has readied its states for a run

    def wait(self, state_class: type[statemachine.State]) -> None:
        name = state_class.__name__
        if name in self:
            raise statemachine.DuplicateStateError(name)
        self.waiting[name] = state_class

    def __missing__(self, name: str) -> statemachine.State:
        if name not in self.waiting:
            raise KeyError(name)
        state = self.waiting.pop(name)(self.machine, self.machine.debug)
        dict.__setitem__(self, name, state)
        if self.running:
            state.runtime_init()
        return state

    def made(self) -> list[statemachine.State]:
        return list(dict.values(self))

    def make_all(self) -> None:
        for name in list(self.waiting):
            self[name]

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in self.waiting

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 (self.get is this)

    def __iter__(self):
        self.make_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self.waiting)

    def keys(self):
        self.make_all()
        return dict.keys(self)

    def values(self):
        self.make_all()
        return dict.values(self)

    def items(self):
        self.make_all()
        return dict.items(self)

    def copy(self) -> dict[str, statemachine.State]:
        self.make_all()
        return dict(dict.items(self))

    def __eq__(self, other: object) -> bool:
        self.make_all()
        return dict.__eq__(self, other)

    def __repr__(self) -> str:
        self.make_all()
        return dict.__repr__(self)


def add_states(
    machine: statemachine.StateMachine, state_classes: Iterable[type[statemachine.State]]
) -> None:
    """docutils' ``StateMachine.add_states``, the states made on demand; a machine whose
    states someone already made by hand keeps docutils' way."""
    states = machine.states
    if type(states) is dict and not states:
        states = machine.states = StatesOnDemand(machine)
    if not isinstance(states, StatesOnDemand):
        ORIGINAL_ADD_STATES(machine, state_classes)
        return
    for state_class in state_classes:
        states.wait(state_class)


def runtime_init(machine: statemachine.StateMachine) -> None:
    """docutils' ``StateMachine.runtime_init``: the states made so far readied now, the
    others as they are made."""
    states = machine.states
    if not isinstance(states, StatesOnDemand):
        ORIGINAL_RUNTIME_INIT(machine)
        return
    states.running = True
    for state in states.made():
        state.runtime_init()


def unlink(machine: statemachine.StateMachine) -> None:
    """docutils' ``StateMachine.unlink``; a state never made has nothing to unlink."""
    states = machine.states
    if not isinstance(states, StatesOnDemand):
        ORIGINAL_UNLINK(machine)
        return
    for state in states.made():
        state.unlink()
    states.waiting.clear()
    states.machine = None
    machine.states = None
