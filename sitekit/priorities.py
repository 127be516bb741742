"""When sitekit's event handlers run, against ablog's and the other extensions' handlers.

Sphinx calls the handlers of one event from the lowest priority up; its default, and
every other extension's here, is 500. Each constant says what it must come before or
after. The ones on ``doctree-read`` are one sequence around ablog's ``process_posts``,
which turns a page's post directives into its records (``env.ablog_posts``) and copies
the post's excerpt and body into them; deadlines adds its banners at 900, after it.
"""

from __future__ import annotations

# doctree-read, in the order they run:
CHECK_POSTS = 400  # ablog_guard: drop what process_posts would crash on
CHOOSE_EXCERPTS = 450  # excerpts: pick a post's paragraphs, before process_posts copies its own
COLLECT_BLOGGER_LINKS = 450  # blogger_links: the post directives' links, before process_posts
DATE_PROVENANCE = 540  # provenance: the date process_posts read, into the page and its copy
USE_EXCERPTS = 545  # excerpts: the chosen paragraphs replace process_posts' excerpt
DETACH_POST_COPIES = 550  # fast_ablog: after every handler above has used the copies

# config-inited: ablog's config_inited (500) adds its stylesheets' folder.
AFTER_ABLOG_CONFIG = 600  # ablog_fixes: takes that folder out again
# builder-inited: deadlines' start_clock (500) reads the build's instant.
AFTER_DEADLINES_CLOCK = 600  # ablog_fixes: drafts and the feed follow that instant
# builder-inited: template_cache (500) names its folder by the kind of environment.
UNSANDBOX_TEMPLATES = 400  # trusted_templates: the environment's kind is settled first
# html-page-context: sphinxext-opengraph (500) reads the context's pagename.
BEFORE_OPENGRAPH = 100  # other_builders: sets pagename where the builder did not
# build-finished: sphinx-sitemap's create_sitemap (500) writes sitemap.xml.
BEFORE_SITEMAP_WRITES = 400  # sitemap: hands it every page of the site
