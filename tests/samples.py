"""The sample RFI -> RFP chain that the core's table tests share (bodies vary per test)."""

from __future__ import annotations

from deadlines.core.calls import Call, parse_call

RFI_ID = "2019-q1-pypi-rfi"
RFP_ID = "2019-q1-pypi-rfp"

RFI_OPTIONS = {
    "kind": "RFI",
    "title": "PyPI RFI",
    "opens": "2018-10-30",
    "closes": "2018-11-13",
    "timezone": "AoE",
    "next": RFP_ID,
}
RFP_OPTIONS = {
    "kind": "RFP",
    "title": "PyPI RFP",
    "opens": "2018-11-19",
    "closes": "2019-01-31",
    "timezone": "AoE",
}


def parse(call_id: str, options: dict[str, str], body: list[str]) -> Call:
    """A call from sample data that must be sound."""
    call, problems = parse_call(call_id, options, body)
    assert problems == []
    return call
