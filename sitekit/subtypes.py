"""The subtype of every warning sitekit gives; its type is ``sitekit`` (WARNING_TYPE).

A site can silence one kind with ``suppress_warnings = ["sitekit.blogger-link"]``; the
README lists them.
"""

from __future__ import annotations

from enum import StrEnum

WARNING_TYPE = "sitekit"


class Subtype(StrEnum):
    POST = "post"  # a post, update or postlist ablog would crash on or misread
    FRONT_MATTER = "front-matter"  # a page's front matter YAML, MyST or ablog cannot read
    ROOT_LOGGER = "root-logger"  # a warning ablog gave through Python's root logger
    PROVENANCE = "provenance"  # a provenance directive without a post's Blogger address
    BLOGGER_LINK = "blogger-link"  # a link to the Blogger address of a post this site has
