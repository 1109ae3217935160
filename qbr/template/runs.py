"""Undo what PowerPoint does to tags: merge a tag split across runs into its first run.

Stage: template load (once per template). Input: an `a:p` element as PowerPoint saved it, where
`{{ kpi.sales | money }}` may be spread over five runs because of a spell-check mark, a language
switch or a word restyled by hand. Output: the same paragraph where every tag lies whole inside the
run where it started (so the tag's output takes that run's formatting), text outside tags still in
its own run, and autocorrect's curly quotes inside tags made straight again.

Only runs next to each other are merged: a line break or a field (slide number, date) ends a
stretch, because a tag cannot sensibly span those.
"""

from __future__ import annotations

import re

from lxml import etree
from pptx.oxml.ns import qn

A_R = qn("a:r")
A_T = qn("a:t")
A_RPR = qn("a:rPr")

# A tag: {{ expression }}, {% statement %} or {# comment #}, never across a paragraph.
TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# Curly quotes from autocorrect (and the no-break/ideographic spaces IMEs insert) inside a tag.
_TAG_CHARS = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'", "\u00a0": " ", "\u3000": " "}
)


def normalize_tag(tag: str) -> str:
    """A tag as the author meant it: straight quotes, plain spaces."""
    return tag.translate(_TAG_CHARS)


def find_tags(text: str) -> list[str]:
    return TAG_RE.findall(text)


def run_text(run: etree._Element) -> str:
    t = run.find(A_T)
    return (t.text or "") if t is not None else ""


def _set_run_text(run: etree._Element, text: str) -> None:
    t = run.find(A_T)
    if t is None:
        t = etree.SubElement(run, A_T)
    t.text = text


def _stretches(paragraph: etree._Element) -> list[list[etree._Element]]:
    """Runs of the paragraph grouped into stretches of adjacent `a:r` elements."""
    groups: list[list[etree._Element]] = [[]]
    for child in paragraph:
        if child.tag == A_R:
            groups[-1].append(child)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def merge_split_tags(paragraph: etree._Element) -> bool:
    """Rewrite `paragraph` so each tag sits in one run; True if it holds any tag."""
    found = False
    for runs in _stretches(paragraph):
        texts = [run_text(r) for r in runs]
        full = "".join(texts)
        if "{" not in full:
            continue
        spans = [(m.start(), m.end()) for m in TAG_RE.finditer(full)]
        if not spans:
            continue
        found = True
        # owner[i] = index of the run character i belongs to; a tag's characters all move to
        # the run holding its first character. Owners stay in order, so regrouping is simple.
        owner = [i for i, text in enumerate(texts) for _ in text]
        chars = list(full)
        for start, end in spans:
            first = owner[start]
            owner[start:end] = [first] * (end - start)
            chars[start:end] = list(normalize_tag(full[start:end]))
        new_texts = [""] * len(runs)
        for ch, index in zip(chars, owner, strict=True):
            new_texts[index] += ch
        for run, old, new in zip(runs, texts, new_texts, strict=True):
            if new == old:
                continue
            if not new and old:
                run.getparent().remove(run)  # emptied: its characters now live in the tag's run
                continue
            _set_run_text(run, new)
            rpr = run.find(A_RPR)
            if rpr is not None:
                # a tag is not a spelling mistake; the output gets checked again by PowerPoint
                rpr.attrib.pop("err", None)
                rpr.attrib.pop("dirty", None)
    return found
