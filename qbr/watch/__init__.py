"""The watch stage: between reviews, which key accounts fell in the last days, and why.

check.py   the comparison of the last days with the days before and last year
export.py  labels, Markdown and xlsx for sending the result on
"""
