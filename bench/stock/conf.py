"""The stock baseline: the conf.py that ``ablog start`` writes (ablog 0.11.13), as is.

Only two things differ from the quickstart template, both so that it reads the
same MyST posts as the site: ``myst_parser`` is an extension, and ``source_suffix``
maps ``.md`` to Markdown. The template's comments are left out; its settings are not.
Nothing of the site's own work (``sitekit``, ``deadlines``, its theme) is used here.
"""

import alabaster

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
