"""The archive importer: brings the PSF's Blogger-migrated posts into ``posts/``.

The migration left Markdown and broken reST in the posts. The importer repairs the
known kinds of damage in the sources, where a maintainer reviews them in a diff,
and lists whatever it could not repair safely, with file, line and what to do. The
build never rewrites a post on its own, so warnings-as-errors keeps its meaning.

Nothing here imports Sphinx: the importer runs before any build.
"""
