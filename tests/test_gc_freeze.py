"""sitekit.gc_freeze: the collector leaves the build's long-lived objects alone while it
builds, and gets every object back when it ends."""

from __future__ import annotations

import gc
import os

import pytest
from sphinx.application import Sphinx

from sitekit import gc_freeze

NOW = "2018-11-06T12:00Z"
POSTS = {
    f"posts/p{number}.rst": f".. post:: 2018-10-{number + 1:02d}\n\nPost {number}\n=======\n\nText.\n"
    for number in range(10)
}


@pytest.fixture(autouse=True)
def few_pages_are_many(monkeypatch) -> None:
    """The test roots' ten posts count as a large build."""
    monkeypatch.setattr(gc_freeze, "FREEZE_FROM_PAGES", 5)


@pytest.fixture
def frozen_at(monkeypatch) -> dict[str, int]:
    """How many objects the collector leaves alone as each event below is handled."""
    seen: dict[str, int] = {}
    original = Sphinx._init_builder

    def note(event: str):
        def handler(*args):
            seen[event] = gc.get_freeze_count()
            return [] if event == "env-updated" else None

        return handler

    def init_builder(app: Sphinx) -> None:
        for event in ("env-updated", "write-started"):
            app.connect(event, note(event), priority=950)  # after gc_freeze's own
        original(app)

    monkeypatch.setattr(Sphinx, "_init_builder", init_builder)
    return seen


@pytest.mark.parametrize("parallel", [0, 2])
def test_the_long_lived_are_left_alone_while_building_and_handed_back(
    build_root, frozen_at, parallel
):
    build_root(NOW, root="test-blog", files=POSTS, parallel=parallel)
    assert frozen_at["env-updated"] > 0
    assert frozen_at["write-started"] > 0  # still, as the writers fork
    assert gc.get_freeze_count() == 0


@pytest.fixture
def environment_frozen(monkeypatch) -> list[bool]:
    """Whether, as reading starts, the collector leaves the environment loaded alone."""
    seen: list[bool] = []
    original = Sphinx._init_builder

    def init_builder(app: Sphinx) -> None:
        def reading(app: Sphinx, env, docnames) -> None:
            seen.append(all(held is not env for held in gc.get_objects()))

        app.connect("env-before-read-docs", reading, priority=950)
        original(app)

    monkeypatch.setattr(Sphinx, "_init_builder", init_builder)
    return seen


@pytest.mark.parametrize("edited", [{}, {"posts/p3.rst": POSTS["posts/p3.rst"] + "More.\n"}])
@pytest.mark.parametrize("fast", [True, False])
def test_a_rebuild_leaves_the_environment_it_loaded_alone(
    build_root, environment_frozen, edited, fast
):
    """Its million objects all live on; collecting among them again and again cost an
    edit at 1,000 posts 0.15 s."""
    overrides = {"sitekit_fast_ablog": fast}
    build_root(NOW, root="test-blog", files=POSTS, confoverrides=overrides)
    environment_frozen.clear()
    build_root(NOW, root="test-blog", files=edited, fresh=False, confoverrides=overrides)
    assert environment_frozen == [fast]
    assert gc.get_freeze_count() == 0


def test_the_slow_path_leaves_the_collector_alone(build_root, frozen_at):
    build_root(NOW, root="test-blog", files=POSTS, confoverrides={"sitekit_fast_ablog": False})
    assert frozen_at["write-started"] == 0


def unfrozen_objects_in_a_child() -> int:
    """How many objects the collector would walk in a process forked now."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report and leave at once
        os.write(write, str(len(gc.get_objects())).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as pipe:
        return int(pipe.read())


@pytest.mark.parametrize("building", [True, False])
def test_a_worker_forked_during_a_build_leaves_what_it_inherits_alone(building):
    if building:
        gc_freeze.freeze()  # as the build does before reading
    try:
        made_since = [[number] for number in range(20_000)]  # lists: tracked by the collector
        walked = unfrozen_objects_in_a_child()
    finally:
        gc_freeze.unfreeze()
    assert (walked < 1_000) is building, walked
    assert len(made_since) == 20_000


def test_whether_a_build_froze_is_known_without_walking_what_it_froze(monkeypatch):
    """gc.get_freeze_count walks every frozen object: 13 ms for a million, in each worker
    forked and in the main process after reading. Neither asks it."""

    def walk() -> int:
        raise AssertionError("the frozen objects were walked")

    gc_freeze.freeze()
    try:
        monkeypatch.setattr(gc, "get_freeze_count", walk)
        made_since = [[number] for number in range(20_000)]
        walked = unfrozen_objects_in_a_child()  # the child's own check would fail, and say nothing
        gc_freeze._freeze_after_reading(None, None)
    finally:
        monkeypatch.undo()
        gc_freeze.unfreeze()
    assert walked < 1_000, walked
    assert len(made_since) == 20_000


@pytest.fixture
def collecting(monkeypatch) -> list[bool]:
    """Whether the collector runs while Sphinx loads the last build's environment."""
    seen: list[bool] = []
    original = gc_freeze._LOAD_EXISTING_ENV

    def load(app, filename):
        seen.append(gc.isenabled())
        return original(app, filename)

    monkeypatch.setattr(gc_freeze, "_LOAD_EXISTING_ENV", load)
    return seen


@pytest.mark.parametrize(("fast", "while_loading"), [(True, False), (False, True)])
def test_the_collector_rests_while_the_environment_loads(
    build_root, collecting, fast, while_loading
):
    overrides = {"sitekit_fast_ablog": fast}
    build_root(NOW, root="test-blog", files=POSTS, confoverrides=overrides)
    build_root(NOW, root="test-blog", fresh=False, confoverrides=overrides)  # loads it
    assert collecting == [while_loading]
    assert gc.isenabled()


def test_the_collector_runs_again_when_the_load_fails(build_root, monkeypatch):
    build_root(NOW, root="test-blog", files=POSTS)

    def broken(app, filename):
        raise RuntimeError("a load that fails")

    monkeypatch.setattr(gc_freeze, "_LOAD_EXISTING_ENV", broken)
    with pytest.raises(RuntimeError):
        build_root(NOW, root="test-blog", fresh=False)
    assert gc.isenabled()


def test_a_later_build_without_sitekit_loads_its_environment(build_root, collecting):
    """The load is sitekit's for the whole process once a build set it up."""
    build_root(NOW, root="test-blog", files=POSTS)
    build_root(NOW, root="test-calls")
    app = build_root(NOW, root="test-calls", fresh=False)  # loads an environment
    assert app.statuscode == 0
    assert collecting == [True]  # left to Sphinx, collector and all
