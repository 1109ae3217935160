"""The deck context: every name a template can use is documented, and the documentation names
only what exists (the data dictionary of `qbr template vars` cannot drift from the code)."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from qbr.cli import main
from qbr.context.build import build_context
from qbr.context.variables import DESCRIPTIONS
from qbr.metrics import customer_metrics, engine_for
from qbr.pipeline import load_data
from qbr.quarter import Quarter
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ctx() -> dict:
    settings, dataset = load_data(ROOT / "sample_data")
    engine = engine_for(dataset, settings)
    return build_context(engine, customer_metrics(engine, "CNPC", Quarter(2023, 4)), settings, "zh", date(2024, 1, 8))


def test_every_top_level_context_name_is_documented(ctx: dict) -> None:
    documented = {name.split(".")[0] for name in DESCRIPTIONS}
    assert set(ctx) - documented == set()


def test_every_documented_name_exists_in_the_context(ctx: dict) -> None:
    for name in DESCRIPTIONS:
        value = ctx
        for part in name.split("."):
            if part.isupper() or part.endswith("_ID"):
                break  # a placeholder such as TYPE or activity_ID
            assert isinstance(value, dict) and part in value, name
            value = value[part]


def test_every_chart_data_set_is_documented(ctx: dict) -> None:
    documented = {n.split(".")[1] for n in DESCRIPTIONS if n.startswith("charts.")}
    for name in ctx["charts"]:
        assert name in documented or (name.startswith("activity_") and "activity_ID" in documented), name


def test_template_vars_prints_the_dictionary_with_sample_examples() -> None:
    result = CliRunner().invoke(main, ["template", "vars", "--data", str(ROOT / "sample_data")])
    assert result.exit_code == 0, result.output
    assert "kpi.expense_ratio" in result.output and "charts.monthly_sales" in result.output
    assert '"categories": ["10月", "11月", "12月"]' in result.output
