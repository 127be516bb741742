extensions = ["deadlines"]
project = "Calls test in reST"
html_baseurl = "https://calls.example.org/"
html_theme = "basic"
exclude_patterns = ["_build"]
