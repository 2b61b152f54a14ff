"""Everything rendered for people: the terminal (rich), Markdown and HTML reports, CSV.

Reads decision records; never decides anything.
"""
