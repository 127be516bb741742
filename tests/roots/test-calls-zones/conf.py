extensions = ["myst_parser", "deadlines"]
project = "Calls across zones"
html_baseurl = "https://calls.example.org/"
html_theme = "basic"
exclude_patterns = ["_build"]
