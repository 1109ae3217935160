"""What the data covers: quarters outside it, a quarter under way, and customers with no sales."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qbr.cli import main
from qbr.errors import QbrError
from qbr.metrics import compute_metrics, metrics_to_dict
from qbr.quarter import Quarter
from tests.conftest import ROOT
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


def _dataset():
    return make_dataset(
        sales=[
            sale("2022-07-01", "A", "S1", 1.0),  # the data starts here
            sale("2022-10-05", "A", "S1", 300.0),  # last year, inside the first 46 days of 2022Q4
            sale("2022-11-20", "A", "S1", 700.0),  # last year, after those 46 days
            sale("2023-07-10", "A", "S1", 200.0),  # last quarter, inside its first 46 days (to 08-15)
            sale("2023-09-01", "A", "S1", 900.0),  # last quarter, after them
            sale("2023-10-02", "A", "S1", 400.0),
            sale("2023-11-15", "A", "S1", 100.0),  # the data's last day
        ],
        targets=[{"customer_id": "A", "quarter": "2023Q4", "target": 920.0}],
    )


def test_a_quarter_under_way_compares_the_same_days_and_pro_rates_the_target() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    # 2023-10-01 .. 11-15 is 31 + 15 = 46 of the quarter's 92 days
    assert metrics_to_dict(m)["coverage"] == {"from": "2023-10-01", "to": "2023-11-15", "complete": False,
                                              "days": 46, "quarter_days": 92}  # fmt: skip
    assert m.sales == pytest.approx(500.0)  # 400 + 100
    assert m.sales_prev == pytest.approx(200.0)  # 2023-07-01 .. 08-15 only
    assert m.sales_ly == pytest.approx(300.0)  # 2022-10-01 .. 11-15 only
    assert m.yoy == pytest.approx(500 / 300 - 1)
    assert m.target_full == pytest.approx(920.0)
    assert m.target == pytest.approx(460.0)  # 920 x 46 / 92
    assert m.attainment == pytest.approx(500 / 460)
    # the months so far: October whole, November to the 15th against 2022-11-01 .. 11-15 (nothing)
    assert [(r.month, r.sales, r.sales_ly) for r in m.by_month] == [("2023-10", 400.0, 300.0), ("2023-11", 100.0, 0.0)]


@pytest.mark.parametrize(("quarter", "side"), [(Quarter(2022, 2), "before"), (Quarter(2024, 1), "after")])
def test_a_quarter_outside_the_data_is_a_users_mistake_naming_the_range(quarter: Quarter, side: str) -> None:
    with pytest.raises(QbrError) as caught:
        compute_metrics(_dataset(), settings(), "A", quarter)
    text = caught.value.format()
    assert f"{quarter} is {side} the sales data, which runs from 2022-07-01 to 2023-11-15" in text
    assert "2022Q3–2023Q4" in text


@pytest.mark.parametrize("args", [["--customer", "CNPC", "--quarter", "2024Q1"], ["--all", "--quarter", "2019Q1"]])
def test_build_outside_the_data_exits_2_and_writes_nothing(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(ROOT / "sample_data"), "--out", str(out), *args])
    assert result.exit_code == 2
    assert "the sales data, which runs from 2022-01-01 to 2023-12-31" in result.output
    assert "Traceback" not in result.output and not out.exists()  # no deck, manifest or overview


def test_a_customer_without_sales_in_the_quarter_is_one_clear_error(mini: Path, tmp_path: Path) -> None:
    # KA-001 bought on 2023-08-01, so the data reaches 2023Q3; CNPC bought nothing before October
    sales = mini / "sales.csv"
    sales.write_text(sales.read_text(encoding="utf-8") + "2023-08-01,KA-001,P001,1,10,,\n", encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke
    args = ["build", "--data", str(mini), "--quarter", "2023Q3", "--out", str(out), "--customer"]
    result = run(main, [*args, "CNPC"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert 'customer "CNPC" has no sales in 2023Q3 (it has no sales before)' in result.output
    assert not out.exists()
    assert run(main, [*args, "KA-001"]).exit_code == 0  # the customer that bought gets its decks
