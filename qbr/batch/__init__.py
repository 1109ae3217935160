"""The batch stage: every key account's deck of a quarter in one run.

plan.py      what can stop the whole run, decided before any deck is written
run.py       the decks in worker processes, then the manifest and the overview
manifest.py  OUT/QUARTER/manifest.json: what was built from what, and what changed
overview.py  OUT/QUARTER/key_accounts_QUARTER.xlsx: all key accounts side by side
"""
