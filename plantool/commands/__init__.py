"""The commands of the CLI: plain functions, one module per group, that plantool.cli registers."""
