"""Swapping one extension's event handler for ours, loudly if it is not there."""

from __future__ import annotations

from collections.abc import Callable

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


def replace_listener(app: Sphinx, event: str, old: Callable, new: Callable) -> None:
    listeners = app.events.listeners[event]
    for index, listener in enumerate(listeners):
        if listener.handler is old:
            listeners[index] = listener._replace(handler=new)
            return
    raise ExtensionError(
        f"sitekit expected {old.__module__}.{old.__name__} to handle {event}; "
        "the extension changed, so re-check sitekit against it"
    )
