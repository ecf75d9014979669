"""The commands of the CLI, one module per group; each registers itself on plantool.cli.app."""
