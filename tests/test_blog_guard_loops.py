"""Posts that would send ablog's process_posts into an endless loop end the build with
one error line instead (tests/roots/test-blog). Each build runs in a process with a
time limit, so a regression fails the test rather than hanging the suite."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import SOURCE_DATE_EPOCH

LOOPING_POSTS = {
    # A field line above the directive: ablog reads it as front matter and adds a
    # second post node beside the directive's, outside any section.
    "field lines above the directive": (
        ":layout: default\n\n.. post:: 2018-10-30\n   :tags: news\n\nA title\n=======\n\nText.\n",
        1,
        "field lines above the post directive make ablog read a second post; delete them",
    ),
    # Two directives above the page's first title: neither is inside a section.
    "two directives outside sections": (
        ".. post:: 2018-10-30\n\n.. post:: 2018-10-31\n\nA title\n=======\n\nText.\n",
        3,
        "a page with several posts needs each post directive inside its own section",
    ),
}


@pytest.mark.parametrize("case", sorted(LOOPING_POSTS))
def test_a_post_ablog_would_loop_on_is_one_error(copy_root, case):
    text, line, message = LOOPING_POSTS[case]
    source = copy_root("blog", {"posts/loop.rst": text})
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(source / "_build")],
        env=os.environ | {"SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    errors = [
        line
        for line in re.sub(r"\x1b\[[0-9;]*m", "", result.stderr).splitlines()
        if "ERROR" in line
    ]
    assert result.returncode == 1
    assert len(errors) == 1, result.stderr
    assert f"posts/loop.rst:{line}: ERROR: {message}" in errors[0]
    assert "Traceback" not in result.stderr
