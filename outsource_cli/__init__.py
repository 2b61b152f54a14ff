"""outsource-cli: a command-line decision assistant for sourcing decisions."""

__version__ = "0.1.0"
