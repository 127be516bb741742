"""fast_ablog's Collection.__iter__ lists a collection's posts in ablog's own order."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import ablog.blog
import pytest

from sitekit import internals
from sitekit.fast_ablog import collection_posts

JAN = datetime(2019, 1, 10)
FEB = datetime(2019, 2, 14)
NONE_YET = ablog.blog.FUTURE  # a post with no date, as ablog dates it

# Each row: the posts, as (date, title), in the order they were added to the collection.
ORDERS = {
    "dates apart": [(JAN, "b"), (FEB, "a"), (datetime(2018, 5, 1), "c")],
    "one date, titles apart": [(JAN, "Beta"), (JAN, "alpha"), (JAN, "Alpha")],
    "one date and title": [(JAN, "Same"), (JAN, "Same"), (FEB, "Same"), (JAN, "Same")],
    "an undated post": [(JAN, "a"), (NONE_YET, "z"), (FEB, "m")],
    "times in a day": [(datetime(2019, 1, 10, 9), "x"), (datetime(2019, 1, 10, 18), "x")],
    "one post": [(JAN, "only")],
    "none": [],
}


def collection(rows: list[tuple[datetime, str]]) -> SimpleNamespace:
    posts = {}
    for number, (date, title) in enumerate(rows):
        post = object.__new__(ablog.blog.Post)
        post._computed_date = date
        post._title = title
        posts[f"post-{number}"] = post
    return SimpleNamespace(_posts=posts, _posts_iter=None)


@pytest.mark.parametrize("rows", ORDERS.values(), ids=ORDERS.keys())
def test_the_same_order_as_ablogs(rows):
    ablogs_iter = internals.original(ablog.blog.Collection, "__iter__")
    mine = collection(rows)
    expected = [id(post) for post in ablogs_iter(mine)]
    # The same post objects, sorted by ablog's own Post.__lt__ and by the key.
    fast = SimpleNamespace(_posts=mine._posts, _posts_iter=None)
    assert [id(post) for post in collection_posts(fast)] == expected


def test_sorted_once_as_ablog_does():
    posts = collection([(JAN, "a"), (FEB, "b")])
    first = list(collection_posts(posts))
    first[-1]._computed_date = datetime(2020, 1, 1)  # now the newest, were it sorted again
    assert list(collection_posts(posts)) == first
