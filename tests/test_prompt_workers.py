"""sitekit.prompt_workers: a finished -j worker's core gets the next chunk before its
result is merged, the main process waits on the pipes rather than a timer, and results,
messages and errors reach the main process as Sphinx delivers them."""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

import pytest
from sphinx.errors import SphinxParallelError
from sphinx.util import logging, parallel
from sphinx.util.parallel import ParallelTasks

from sitekit import prompt_workers

logger = logging.getLogger(__name__)


@pytest.fixture
def prompt(monkeypatch):
    monkeypatch.setattr(ParallelTasks, "join", prompt_workers.join)
    monkeypatch.setattr(ParallelTasks, "_join_one", prompt_workers.join_one)


@pytest.fixture
def no_timer(monkeypatch):
    def refused(seconds):
        raise AssertionError(f"slept {seconds} s waiting for a worker")

    monkeypatch.setattr(parallel, "time", SimpleNamespace(sleep=refused))


def pause_then_pid(seconds: float) -> tuple[float, int]:
    time.sleep(seconds)
    return seconds, os.getpid()


def test_every_result_is_merged_once_with_its_argument(prompt, no_timer):
    merged = []
    tasks = ParallelTasks(2)
    pauses = [0.05, 0.0, 0.02, 0.0, 0.01, 0.03]
    for seconds in pauses:
        tasks.add_task(pause_then_pid, seconds, lambda arg, result: merged.append((arg, result)))
    tasks.join()
    assert sorted(arg for arg, _ in merged) == sorted(pauses)
    assert all(arg == result[0] and result[1] != os.getpid() for arg, result in merged)
    assert tasks._pworking == 0 and not tasks._precvs and not tasks._precvs_waiting


def test_the_next_chunk_is_forked_before_a_result_is_merged(prompt):
    """One core: when the first result is merged, the second chunk already runs."""
    running_at_merge = []
    tasks = ParallelTasks(1)

    def merge(arg, result):
        running_at_merge.append(tasks._pworking)

    for seconds in (0.0, 0.0, 0.0):
        tasks.add_task(pause_then_pid, seconds, merge)
    tasks.join()
    assert running_at_merge == [1, 1, 0]


def test_chunks_start_in_the_order_given(prompt):
    """One core, so each result is merged before the next chunk ends: Sphinx's order
    would be 0, 4, 3, 2, 1 (the last waiting first)."""
    merged: list[int] = []
    tasks = ParallelTasks(1)
    for number in range(5):
        tasks.add_task(pause_then_pid, 0.01, lambda arg, result, n=number: merged.append(n))
    tasks.join()
    assert merged == [0, 1, 2, 3, 4]


def raise_error(arg):
    raise ValueError(f"bad chunk {arg}")


def test_a_worker_error_stops_the_build_as_sphinx_reports_it(prompt):
    tasks = ParallelTasks(2)
    tasks.add_task(pause_then_pid, 0.5)
    tasks.add_task(raise_error, 7)
    started = time.monotonic()
    with pytest.raises(SphinxParallelError, match="ValueError: bad chunk 7"):
        tasks.join()
    assert time.monotonic() - started < 0.5  # the slow worker is not waited for
    assert not tasks._precvs


def warn_in_worker(arg):
    logger.warning("chunk %s says so", arg, type="sitekit", subtype="test")
    return arg


def test_a_worker_messages_reach_the_main_process(prompt, monkeypatch):
    """Handed to Sphinx's parallel logger, as Sphinx hands them."""
    handled = []
    monkeypatch.setattr(parallel.logger, "handle", handled.append)
    tasks = ParallelTasks(2)
    for arg in (1, 2):
        tasks.add_task(warn_in_worker, arg)
    tasks.join()
    said = sorted(record.getMessage() for record in handled)
    assert said == ["chunk 1 says so", "chunk 2 says so"]
