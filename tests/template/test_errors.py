"""Mistakes and hostile templates: located, aggregated, never a hang or a half-written deck."""

from __future__ import annotations

import time

import pytest

from qbr.errors import QbrError
from qbr.template import Template
from tests.template.helpers import blank, lines, new_deck, render, save, textbox


def _deck(*slides: list[str]):
    prs = new_deck()
    for i, texts in enumerate(slides):
        lines(textbox(blank(prs), f"Box {i + 1}").text_frame, texts)
    return prs


def _error(prs, context=None) -> str:
    with pytest.raises(QbrError) as err:
        render(prs, context or {})
    return err.value.format()


def test_all_problems_are_reported_together_with_slide_shape_and_tag():
    prs = _deck(["{{ kpi.nps | pct }}", "ok"], ["{{ 1 + }}"], ["{{ x | nosuchfilter }}"], ["{{ a }} {{ b.c }}"])
    text = _error(prs, {"kpi": {}, "b": {}})
    # syntax and unknown-filter errors are found when the template is loaded...
    assert text.startswith("2 problems found:")
    assert 'test.pptx, slide 2, shape "Box 2": syntax error' in text and "{{ 1 + }}" in text
    assert 'slide 3, shape "Box 3"' in text and "nosuchfilter" in text
    # ... undefined names when it is rendered, all of them in one go
    prs = _deck(["{{ kpi.nps | pct }}"], ["{{ a }}", "{{ b.c }}"])
    text = _error(prs, {"kpi": {}, "b": {}})
    assert "3 problems found:" in text
    assert "slide 1, shape \"Box 1\": 'dict object' has no attribute 'nps' in {{ kpi.nps | pct }}" in text
    assert "slide 2, shape \"Box 2\": 'a' is undefined in {{ a }}" in text
    assert "hint: `python -m qbr template check" in text


def test_failed_render_writes_nothing_and_keeps_an_old_file(tmp_path):
    template = Template.from_bytes(save(_deck(["{{ a }}"])))
    target = tmp_path / "out.pptx"
    target.write_bytes(b"old")
    with pytest.raises(QbrError):
        template.render_to(target, {})
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1
    template.render_to(target, {"a": 1})
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ range.__self__ }}",
        "{{ x.__dict__ }}",
    ],
)
def test_sandbox_escapes_fail_with_a_clear_error(tag):
    text = _error(_deck([tag]), {"x": object()})
    # the sandbox treats private attributes as missing: the deck is refused, nothing leaks
    assert "slide 1" in text and ("not allowed" in text or "has no attribute" in text or "unsafe" in text)


@pytest.mark.parametrize(
    "tag",
    [
        "{{ range(10**9) | list }}",
        "{{ 'x' * 10**9 }}",
        "{{ 10**100000 }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{{ ('x' * 100000) | replace('x', 'x' * 100000) }}",
    ],
)
def test_resource_exhaustion_is_stopped_quickly(tag):
    start = time.perf_counter()
    text = _error(_deck([tag]))
    assert time.perf_counter() - start < 5
    assert "slide 1" in text and ("too" in text or "MAX_RANGE" in text or "loops more" in text)


def test_recursion_is_an_error_not_a_crash():
    text = _error(_deck(["{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"]))
    assert "recurses too deeply" in text or "RecursionError" in text


def test_directive_mixed_with_text_is_reported():
    text = _error(_deck(["前 {%p for x in xs %}", "{%p endfor %}"]), {"xs": []})
    assert "must be alone in its paragraph" in text


def test_unclosed_inline_for_hints_at_paragraph_loops():
    text = _error(_deck(["{% for x in xs %}", "{{ x }}", "{% endfor %}"]))
    assert "{%p for %}" in text


def test_not_a_pptx_is_a_user_error(tmp_path):
    bad = tmp_path / "t.pptx"
    bad.write_text("hello")
    with pytest.raises(QbrError, match="not a PowerPoint"):
        Template.load(bad)
