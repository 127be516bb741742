extensions = ["myst_parser", "ablog", "sitekit"]
project = "Blog test"
html_theme = "basic"
exclude_patterns = ["_build"]
blog_baseurl = "https://blog.example.org/"
blog_post_pattern = ["posts/*"]
