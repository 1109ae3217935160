from qbr.cli import main

main()
