"""One module per CLI command group; `qbr.cli` registers them."""
