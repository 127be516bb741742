"""Pelican's settings for the benchmark: the peer a Python blogger would pick for speed.

Pelican's defaults wherever the benchmark allows them: its default theme (notmyidea),
its default feeds (the whole site's and one per category, Atom), no pagination. Only
what makes the build comparable differs; see bench/README.md.
"""

AUTHOR = "Python Software Foundation"
SITENAME = "PSF Blog"
# The feeds' absolute links; the pages link to each other relatively, as ours do. The
# same address as stock's blog_baseurl.
SITEURL = "https://example.org"
RELATIVE_URLS = True
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# Each post's slug is its address on this site (posts/YYYY/MM/name), one page per post.
ARTICLE_URL = ARTICLE_SAVE_AS = "{slug}.html"
# What a Pelican user who wants speed turns on: parsed posts are kept between builds, so
# a rebuild reads only the posts that changed (it still writes every page).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
