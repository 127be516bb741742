"""sitekit.libyaml: front matter read by libyaml gives PyYAML's values, and bad front
matter PyYAML's own errors."""

from __future__ import annotations

import pytest
import yaml

from sitekit import libyaml

GOOD = [
    pytest.param("blogpost: true\ndate: 2019-02-05\ntags: a, b\n", id="a post"),
    pytest.param("title: Ünïcödé — “quoted”\nemoji: 😀 tail\n€: x\n", id="not ASCII"),
    pytest.param("a: &x [1, 2]\nb: *x\nc: {d: 1.5, e: null, f: ~}\n", id="aliases and flows"),
    pytest.param("when: 2019-02-05 10:00:00+01:00\nn: 0o17\nyes: on\n", id="resolved scalars"),
    pytest.param("text: |\n  two\n  lines\nfolded: >\n  one\n  line\n", id="blocks"),
    pytest.param("- a\n- b\n", id="a list"),
    pytest.param("", id="nothing"),
    pytest.param(b"bytes: true\n", id="bytes"),
]
BAD = [
    pytest.param("a: [b\n", id="unclosed flow"),
    pytest.param("a: b: c\n", id="mapping in a value"),
    pytest.param("\x07: x\n", id="control character"),
    pytest.param("a:\n\t- b\n", id="tab"),
    pytest.param("a: 'x\n", id="unclosed quote"),
    pytest.param("a: *nowhere\n", id="unknown alias"),
    pytest.param("a: !!python/object:os.system x\n", id="unsafe tag"),
    pytest.param("a: " + "[" * 2000 + "]" * 2000 + "\n", id="too deep"),
]


def pyyaml_reader_only(monkeypatch) -> None:
    monkeypatch.setattr(libyaml, "C_SAFE_LOADER", None)


def outcome(read, text):
    try:
        return "value", read(text)
    except RecursionError:  # its message says where Python stopped, which varies
        return "RecursionError", ""
    except yaml.YAMLError as error:
        return type(error).__name__, str(error)


def nodes(root: yaml.Node | None) -> object:
    """A node tree as comparable data: kinds, tags, values and marks."""
    if root is None:
        return None
    where = (root.start_mark.line, root.start_mark.column, root.start_mark.index)
    where += (root.end_mark.index,)
    if isinstance(root, yaml.ScalarNode):
        return (root.tag, root.value, where)
    if isinstance(root, yaml.SequenceNode):
        return (root.tag, [nodes(item) for item in root.value], where)
    return (root.tag, [(nodes(key), nodes(value)) for key, value in root.value], where)


def test_the_installed_pyyaml_has_libyaml():
    """The lock's PyYAML comes built with libyaml; one without it reads as before, slower."""
    assert yaml.__with_libyaml__ and libyaml.C_SAFE_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("text", GOOD + BAD)
def test_loading_gives_what_pyyaml_reader_gives(monkeypatch, text):
    ours = outcome(libyaml.safe_load, text)
    with pytest.MonkeyPatch.context() as patch:
        pyyaml_reader_only(patch)
        theirs = outcome(libyaml.safe_load, text)
    assert ours == theirs == outcome(libyaml.ORIGINAL_SAFE_LOAD, text)


@pytest.mark.parametrize("text", [p for p in GOOD if isinstance(p.values[0], str)] + BAD)
def test_composing_gives_pyyaml_nodes_and_marks(text):
    def composed(read):
        kind, result = outcome(read, text)
        return (kind, nodes(result)) if kind == "value" else (kind, result)

    ours = composed(libyaml.compose)
    theirs = composed(lambda t: yaml.compose(t, Loader=yaml.SafeLoader))
    assert ours == theirs


def test_libyaml_reads_good_front_matter(monkeypatch):
    """The fast path is taken: PyYAML's Python reader is never asked for good text."""

    def refused(*args, **kwargs):
        raise AssertionError("PyYAML's Python reader was used")

    monkeypatch.setattr(libyaml, "ORIGINAL_SAFE_LOAD", refused)
    monkeypatch.setattr(yaml, "SafeLoader", refused)
    assert libyaml.safe_load("a: 1\n") == {"a": 1}
    assert libyaml.compose("a: 1\n").value[0][1].value == "1"


def test_a_stream_is_pyyaml_to_read(tmp_path):
    path = tmp_path / "front.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with path.open(encoding="utf-8") as stream:
        assert libyaml.safe_load(stream) == {"a": 1}
