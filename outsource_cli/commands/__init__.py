"""The commands, one module each; ``outsource_cli.cli`` registers them on the app."""
