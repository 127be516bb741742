"""The stock baseline: the conf.py that ``ablog start`` writes (ablog 0.11.13), as is.

Three things differ from the quickstart template, all so that it reads the same posts
as the site: ``myst_parser`` is an extension, ``source_suffix`` maps ``.md`` to
Markdown, and the ``provenance`` line that the site's importer writes into each archive
post has a stand-in below (it prints the sentence; without it, every archive post is an
error that Sphinx reads again on every build). The template's comments are left out;
its settings are not. Nothing of the site's own work (``sitekit``, ``deadlines``, its
theme) is used here.
"""

import alabaster
from docutils import nodes
from docutils.parsers.rst import Directive

# -- General ABlog Options ----------------------------------------------------

blog_title = "PSF Blog"
blog_baseurl = "https://example.org/"
blog_authors = {
    "Python Software Foundation": ("Python Software Foundation", None),
}

# -- ABlog Sidebars -------------------------------------------------------

html_sidebars = {
    "**": [
        "ablog/postcard.html",
        "navigation.html",
        "ablog/recentposts.html",
        "ablog/tagcloud.html",
        "ablog/categories.html",
        "ablog/archives.html",
        "searchfield.html",
    ],
}

# -- Sphinx Options -----------------------------------------------------------

needs_sphinx = "1.2"
extensions = [
    "sphinx.ext.extlinks",
    "sphinx.ext.intersphinx",
    "sphinx.ext.todo",
    "alabaster",
    "ablog",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
master_doc = "index"
project = "PSF"
copyright = "2019, Python Software Foundation"
author = "Python Software Foundation"
version = ""
release = ""
language = "en"
exclude_patterns = [""]
pygments_style = "sphinx"
todo_include_todos = False

# -- Options for HTML output ----------------------------------------------

html_theme = "alabaster"
html_theme_options = {
    "github_button": False,
}
html_theme_path = [alabaster.get_path()]
html_static_path = ["_static"]
htmlhelp_basename = "PSFdoc"


class Provenance(Directive):
    """The site's ``.. provenance:: URL``, as a plain sentence."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        return [nodes.paragraph(text="Originally published on Blogger.")]


def setup(app) -> None:
    app.add_directive("provenance", Provenance)
