"""reStructuredText that takes docutils' parser through each of its kinds of state,
warnings included; shared by the tests of sitekit's docutils changes."""

SAMPLE = """\
Title
=====

A paragraph with *emphasis*, a `link <https://example.org/>`_ and a footnote [1]_.

- an item

  - a nested item with ``code``

1. one
2. two

term
   its definition

:field: value

.. [1] The footnote.

.. note:: A directive's content, parsed again.

   | A line block
   | of two lines

+-----+-----+
| a   | b   |
+=====+=====+
| 1   | 2   |
+-----+-----+

    A block quote.

    -- Someone

::

    literal text

.. |name| replace:: a substitution

Uses |name|.

-a         an option
--long=ARG  another

>>> 1 + 1
2

#. auto one
#. auto two

   (a) nested enumerated
   (b) and its second

* a list without a blank line after it
A paragraph straight after.

Section two
-----------

.. unknown-directive:: makes an error

:field one: first
:field two:
   second, on its own line

"""
