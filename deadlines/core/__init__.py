"""The pure core of the deadlines extension: dates, precision, time zones, status,
timelines, validation, and the HTML and calendar text of a call. Nothing here imports
Sphinx (tests/test_layers.py proves it), so it can be read and tested on its own.
"""
