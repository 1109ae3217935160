"""Text tags as PowerPoint stores them: split runs, smart quotes, formatting, breaks, odd values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pptx.oxml.ns import qn
from pptx.util import Inches

from tests.template.helpers import add_runs, blank, lines, new_deck, para, render, slide_texts, textbox

TAG = "{{ kpi.sales | money }}"
CTX = {"kpi": {"sales": 12345678}, "name": "华润万家"}


def _run_props(prs):
    p = prs.slides[0].shapes[0].text_frame.paragraphs[0]
    return [(r.text, r._r.find(qn("a:rPr")).get("b")) for r in p.runs]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=len(TAG) - 1), max_size=6, unique=True),
    st.lists(st.sampled_from(["zh-CN", "en-US"]), min_size=8, max_size=8),
)
def test_any_split_of_a_tag_into_runs_renders_like_one_run(cuts, langs):
    text = "销售额 " + TAG + " 元"
    offsets = sorted(c + 4 for c in cuts)
    pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    styled = [(piece, {"b": str(i % 2), "lang": langs[i % 8], "err": "1"}) for i, piece in enumerate(pieces)]
    para(frame, styled, first=True)
    out = render(prs, CTX)
    assert slide_texts(out) == [["销售额 ¥1,234.6万 元"]]


def test_tag_output_takes_the_formatting_of_the_run_where_the_tag_starts():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    para(
        frame,
        [("Total ", {"b": "0"}), ("{{ kpi.", {"b": "1"}), ("sales | money }} ", {"b": "0"}), ("元", {"b": "0"})],
        first=True,
    )
    runs = _run_props(render(prs, CTX))
    assert runs == [("Total ", "0"), ("¥1,234.6万", "1"), (" ", "0"), ("元", "0")]


def test_split_tag_loses_the_spelling_error_mark():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    para(frame, [("{{ na", {"err": "1"}), ("me }}", {"err": "1"})], first=True)
    p = render(prs, CTX).slides[0].shapes[0].text_frame.paragraphs[0]
    assert p.runs[0]._r.find(qn("a:rPr")).get("err") is None


def test_curly_quotes_from_autocorrect_read_as_straight_quotes():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    lines(frame, ["{{ “A” ~ ‘b’ }}", "{{ kpi.sales | money(unit=“wan”) }}"])
    assert slide_texts(render(prs, CTX)) == [["Ab\n¥1,234.6万"]]


def test_text_outside_tags_and_paragraphs_without_tags_are_untouched():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    lines(frame, ["{#loop} {x} {-a:p cond} 50% }} {", "客户：{{ name }}，{#loop}"])
    assert slide_texts(render(prs, CTX)) == [["{#loop} {x} {-a:p cond} 50% }} {\n客户：华润万家，{#loop}"]]


def test_values_with_markup_emoji_and_control_characters_are_clean_text():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    lines(frame, ["{{ v }}"])
    out = render(prs, {"v": "A&B <b>😀\x0bline2\x01\x1f\ufffe end\r\nlast"})
    p = out.slides[0].shapes[0].text_frame.paragraphs[0]
    assert p.text == "A&B <b>😀\vline2 end\vlast"  # python-pptx shows a:br as \v
    xml = out.slides[0].shapes[0]._element.xml
    assert "_x000" not in xml and xml.count("<a:br>") + xml.count("<a:br/>") == 2


def test_none_shows_as_dash_and_delta_colours_its_run():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    lines(frame, ["{{ missing }} / {{ up | delta }} / {{ down | delta }}"])
    out = render(prs, {"missing": None, "up": 0.052, "down": -0.031})
    p = out.slides[0].shapes[0].text_frame.paragraphs[0]
    assert p.text == "— / ▲5.2% / ▼3.1%"
    colours = {r.text: r.font.color.rgb if r.font.color and r.font.color.type else None for r in p.runs}
    assert str(colours["▲5.2%"]) == "C00000" and str(colours["▼3.1%"]) == "00A050"


def test_english_formatter_makes_up_green():
    from qbr.formatting import Formatter

    prs = new_deck()
    lines(textbox(blank(prs)).text_frame, ["{{ 0.05 | delta }} {{ 12345678 | money }}"])
    p = render(prs, {}, formatter=Formatter("en")).slides[0].shapes[0].text_frame.paragraphs[0]
    assert p.text == "▲5.0% ¥12.3M"
    assert str(p.runs[0].font.color.rgb) == "00A050"


def test_paragraph_loop_repeats_paragraphs_with_their_level():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    lines(frame, ["门店：", "{%p for s in stores %}", "{{ s.name }}", "{{ s.city }}", "{%p endfor %}", "完"])
    frame.paragraphs[3].level = 1
    out = render(prs, {"stores": [{"name": "A", "city": "北京"}, {"name": "B", "city": "上海"}]})
    paragraphs = out.slides[0].shapes[0].text_frame.paragraphs
    assert [p.text for p in paragraphs] == ["门店：", "A", "北京", "B", "上海", "完"]
    assert [p.level for p in paragraphs] == [0, 0, 1, 0, 1, 0]


def test_paragraph_if_else_and_empty_loop():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    lines(
        frame,
        [
            "{%p if vip %}",
            "VIP",
            "{%p else %}",
            "普通",
            "{%p endif %}",
            "{%p for x in [] %}",
            "{{ x }}",
            "{%p else %}",
            "暂无",
            "{%p endfor %}",
        ],
    )
    assert slide_texts(render(prs, {"vip": False})) == [["普通\n暂无"]]


def test_inline_loop_across_runs_keeps_each_runs_formatting():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    para(frame, [("{% for x in xs %}", {"b": "0"}), ("{{ x }}", {"b": "1"}), (",{% endfor %}", {"b": "0"})], first=True)
    p = render(prs, {"xs": [1, 2]}).slides[0].shapes[0].text_frame.paragraphs[0]
    assert [(r.text, r.font.bold) for r in p.runs] == [("1", True), (",", False), ("2", True), (",", False)]


def test_tags_in_titles_groups_tables_and_notes():
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "{{ name }} 季度回顾"
    group = slide.shapes.add_group_shape()
    inner = group.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(1))
    inner.text_frame.text = "组内 {{ kpi.sales | num }}"
    table = slide.shapes.add_table(1, 2, Inches(1), Inches(3), Inches(4), Inches(1)).table
    table.cell(0, 1).text = "{{ name }}"
    slide.notes_slide.notes_text_frame.text = "讲解 {{ name }}"
    out = render(prs, CTX)
    assert slide_texts(out) == [["华润万家 季度回顾", "组内 12,345,678", "", "华润万家"]]
    assert out.slides[0].notes_slide.notes_text_frame.text == "讲解 华润万家"


def test_field_and_line_break_inside_a_tagged_paragraph_survive():
    prs = new_deck()
    frame = textbox(blank(prs)).text_frame
    p = frame.paragraphs[0]
    add_runs(p, ["第一行 {{ name }}"])
    p._p.append(p._p.makeelement(qn("a:br"), {}))
    add_runs(p, ["第二行"])
    out = render(prs, CTX)
    assert out.slides[0].shapes[0].text_frame.paragraphs[0].text == "第一行 华润万家\v第二行"
