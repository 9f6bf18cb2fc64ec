"""CLI subcommands, one module each; `generator.cli` discovers them."""
