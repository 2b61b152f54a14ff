"""``outsource lint``: the rules, the reachability analysis and the output formats.

Reads files and returns findings; never prints (the CLI writes what ``formats`` returns).
"""
