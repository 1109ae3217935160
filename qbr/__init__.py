"""qbr: quarterly business review decks for a distributor's key customers."""

__version__ = "0.1.0"
