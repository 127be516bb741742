"""Posts migrated from Blogger, with the site's own templates and blog settings."""

from pathlib import Path

import sitekit

PROJECT = Path(sitekit.__file__).resolve().parent.parent  # whose templates the site uses

extensions = ["myst_parser", "ablog", "sitekit", "sphinxext.opengraph"]
project = "Legacy test"
copyright = "Example"
version = "1"  # an EPUB 3 book needs both
html_theme = "basic"
templates_path = [str(PROJECT / "_templates")]
exclude_patterns = ["_build"]
html_baseurl = "https://blog.example.org/"
sitemap_url_scheme = "{link}"
ogp_site_url = "https://blog.example.org/"
ogp_social_cards = {"enable": False}
blog_baseurl = "https://blog.example.org/"
blog_path = "blog"
blog_post_pattern = ["posts/**/*"]
blog_feed_fulltext = False
post_date_format = "%B %d, %Y"
post_auto_excerpt = 1
