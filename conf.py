"""Sphinx configuration for the PSF calls site."""

import os
from urllib.parse import urlsplit

from deadlines.core.clock import stop_on_bad_epoch

# Before Sphinx loads its builders, one of which reads SOURCE_DATE_EPOCH and would crash
# on a bad value: a bad one stops sphinx-build here, with one line.
stop_on_bad_epoch()

# The one setting for the site's public address: the feed, the sitemap, canonical
# and social links and calendar UIDs derive from it. A fork sets SITE_URL.
SITE_URL = os.environ.get("SITE_URL", "https://psf-calls.github.io/site/").rstrip("/") + "/"
SITE_PATH = urlsplit(SITE_URL).path  # "/site/" on a project page, "/" on a custom domain

project = "PSF Calls"
author = "Python Software Foundation"
copyright = "Python Software Foundation"
language = "en"
# The site has no releases; an EPUB 3 book still needs an edition (its ibooks:version).
version = "1"

extensions = [
    "myst_parser",
    "ablog",
    "deadlines",
    "sitekit",
    "sphinx.ext.githubpages",  # .nojekyll (and CNAME for a custom domain)
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    ".venv",
    "README.md",
    "tests",
    "bench",
    "docs",
    "test-artifacts",
    ".ci",
    ".github",
    ".pytest_cache",
    ".ruff_cache",
]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_theme = "basic"
html_title = "PSF Calls"
html_baseurl = SITE_URL
# With its priority spelled out, as Sphinx records it, so rebuilds see no config change.
html_css_files = [("site.css", {"priority": 800})]
html_copy_source = False
html_show_sourcelink = False
html_sidebars = {"**": []}
html_permalinks_icon = "#"
html_last_updated_fmt = None
applehelp_bundle_id = "org.python.psf.calls"  # the Apple Help builder asks for one

# Published pages: sitemap.xml, social previews and a 404 page that works at any depth.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html", "blog/drafts.html", "blog/drafts/*"]
ogp_site_url = SITE_URL
ogp_image = "_static/site-card.png"
ogp_image_alt = (
    "PSF Calls: requests for information and proposals from the Python Software Foundation"
)
ogp_social_cards = {"enable": False}
notfound_urls_prefix = SITE_PATH

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# ablog: the blog lives under /blog/, posts under /posts/.
blog_title = "PSF Calls blog"
blog_path = "blog"
blog_baseurl = SITE_URL
blog_post_pattern = ["posts/**/*"]
blog_feed_fulltext = False
blog_feed_length = 50
blog_authors = {
    "Python Software Foundation": ("Python Software Foundation", "https://www.python.org/psf/")
}
blog_default_author = "Python Software Foundation"
post_date_format = "%B %d, %Y"
post_date_format_short = "%b %d, %Y"
post_auto_excerpt = 1
post_redirect_refresh = 0

# deadlines: calls' dates are declared in rfi/*.md; the clock is NOW or SOURCE_DATE_EPOCH.
deadlines_closing_soon_days = 3
