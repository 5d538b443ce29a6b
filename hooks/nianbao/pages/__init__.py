"""Phase two, derive: the view model of each generated page kind, and the data files and feeds beside the pages.

Load and check (catalog, frontmatter, reports, project) → derive (this package, wired by build.py) → render (the
templates in overrides/nianbao/, through MkDocs). A new page kind adds its view module here.
"""
