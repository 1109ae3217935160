"""`python -m qbr`: the same program as the `qbr` console script."""

from qbr.cli import main

main()
