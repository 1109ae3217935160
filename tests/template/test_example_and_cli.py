"""The worked example template, rendered through the CLI, and the other template commands."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from qbr.cli import main
from qbr.template.vars import Variable, register_variables
from tests.template.helpers import blank, lines, new_deck, save, textbox

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "templates" / "example.pptx"
CONTEXT = ROOT / "templates" / "example.json"


def test_example_template_renders_from_json_with_every_feature(tmp_path):
    out = tmp_path / "deck.pptx"
    result = CliRunner().invoke(
        main, ["template", "render", str(EXAMPLE), "--data-json", str(CONTEXT), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    prs = Presentation(str(out))
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in prs.slides]
    assert texts[0] == ["华润万家（华北） 季度业务回顾", "2023年第四季度 · 编制于 2024年1月15日"]
    assert "销售额 ¥1,234.6万（同比 ▲8.6%）" in texts[1][1]
    assert "• 新品 <鲜萃> 铺市率 78%" in texts[1][1]
    assert [s.shapes.title.text for s in prs.slides][3:5] == ["活动 1：春节堆头陈列", "活动 2：会员日买赠"]
    trends = [next(sh for sh in s.shapes if sh.has_chart).chart for s in list(prs.slides)[3:5]]
    assert [list(t.series[0].values)[1] for t in trends] == [1850.0, None]
    assert len(prs.slides) == 6
    for text in (p.text for s in prs.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs):
        assert "{{" not in text and "{%" not in text
    from openxml_audit import validate_pptx

    assert validate_pptx(out).is_valid


def test_render_failure_exits_2_with_located_errors_and_writes_nothing(tmp_path):
    context = tmp_path / "c.json"
    context.write_text(json.dumps({"customer": {}}), encoding="utf-8")
    out = tmp_path / "deck.pptx"
    result = CliRunner().invoke(
        main, ["template", "render", str(EXAMPLE), "--data-json", str(context), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "slide 1" in result.output and "has no attribute 'name'" in result.output
    assert not out.exists()


def test_check_lists_tags_per_slide_and_flags_missing_names(tmp_path):
    prs = new_deck()
    lines(textbox(blank(prs), "Box").text_frame, ["{{ kpi.sales | money }} {{ name }}"])
    path = tmp_path / "t.pptx"
    path.write_bytes(save(prs))
    context = tmp_path / "c.json"
    context.write_text('{"kpi": {}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["template", "check", str(path), "--data-json", str(context)])
    assert "slide 1:" in result.output and "{{ kpi.sales | money }}" in result.output
    assert result.exit_code == 2 and "the context has no 'name'" in result.output
    assert CliRunner().invoke(main, ["template", "check", str(path)]).exit_code == 0


def test_vars_prints_filters_and_registered_variables():
    register_variables(lambda: [Variable("kpi.sales", "net sales, yuan", "{{ kpi.sales | money }}")])
    result = CliRunner().invoke(main, ["template", "vars"])
    assert result.exit_code == 0
    for word in ("money", "pct", "delta", "num", "date", "quarter", "kpi.sales", "net sales"):
        assert word in result.output


def test_template_is_parsed_once_and_rendered_many_times():
    from qbr.template import Template

    prs = new_deck()
    lines(textbox(blank(prs)).text_frame, ["{{ n }}"])
    template = Template.from_bytes(save(prs))
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(3):
            path = template.render_to(Path(tmp) / f"{n}.pptx", {"n": n})
            assert Presentation(str(path)).slides[0].shapes[0].text_frame.text == str(n)
