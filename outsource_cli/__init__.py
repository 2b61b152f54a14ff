"""outsource-cli: a command-line decision assistant for sourcing decisions."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/outsource-cli/outsource-cli"  # the published docs live here
