"""A core freed by a ``-j`` worker is given the next chunk at once.

Sphinx's ``ParallelTasks`` forks a process per chunk of pages, at most N at a time. Its
main process asks each running worker in turn whether it has finished, and when none
has, sleeps 20 ms before asking again; when one has, it first merges what the worker
sent (for reading: unpickling its environment and merging it), and only then forks the
next. So each chunk left its core idle for the rest of the sleep and for the merge:
reading 1,000 posts with ``-j 2`` is 16 chunks, and a merge takes tens of
milliseconds.

Here the main process waits on the workers' pipes until one has something to send
(``multiprocessing.connection.wait``), takes it, and forks the next chunk's worker
before merging. Chunks start in the order given, so Sphinx's short last chunk runs
last; Sphinx starts the waiting ones last first, which left a full chunk for the end,
one core idle while the other finished it. Results are merged as they come, in the
order the workers finish in (as before), with the same calls; errors and messages are
handled as Sphinx handles them. With ``sitekit_fast_ablog`` (the change is the
process's from then on), for reading, writing and the generated pages alike.
"""

from __future__ import annotations

from multiprocessing import connection

from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util import parallel
from sphinx.util.parallel import ParallelTasks

from sitekit import internals


def setup(app: Sphinx) -> None:
    internals.check(__name__, app)
    internals.replace_when_fast(
        app, (ParallelTasks, "join", join), (ParallelTasks, "_join_one", join_one)
    )


def join(tasks: ParallelTasks) -> None:
    """Sphinx's ``ParallelTasks.join``, woken by a worker's result, not by a timer."""
    try:
        while tasks._pworking:
            if not join_one(tasks):
                connection.wait(list(tasks._precvs.values()))
    finally:
        tasks.terminate()  # what is still running when merging failed


def join_one(tasks: ParallelTasks) -> bool:
    """Take one finished worker's result, if any, fork the chunks waiting for a free
    core, then merge the result; as Sphinx's ``_join_one``, true when one was taken."""
    for task, pipe in tasks._precvs.items():
        if pipe.poll():
            failed, logs, result = pipe.recv()
            tasks._procs[task].join()
            del tasks._precvs[task]
            tasks._pworking -= 1
            _start_waiting(tasks)
            if failed:
                raise SphinxParallelError(*result)
            for log in logs:
                parallel.logger.handle(log)
            tasks._result_funcs.pop(task)(tasks._args.pop(task), result)
            return True
    _start_waiting(tasks)
    return False


def _start_waiting(tasks: ParallelTasks) -> None:
    """In the order the chunks were given (Sphinx starts the last first): its chunks are
    all of a size but the last, the remainder, which then ends the phase, shortening
    the wait for the slowest core."""
    while tasks._precvs_waiting and tasks._pworking < tasks.nproc:
        task = next(iter(tasks._precvs_waiting))
        pipe = tasks._precvs_waiting.pop(task)
        tasks._precvs[task] = pipe
        tasks._procs[task].start()
        tasks._pworking += 1
