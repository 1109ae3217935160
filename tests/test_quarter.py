"""Quarter arithmetic and parsing, including the --quarter option of the CLI."""

from __future__ import annotations

from datetime import date

import click
import pytest
from click.testing import CliRunner

from qbr.commands.options import quarter_option
from qbr.errors import QbrError
from qbr.quarter import Quarter


@pytest.mark.parametrize("text", ["2023Q4", "2023-Q4", "2023q4", " 2023 Q4 "])
def test_quarter_parses_accepted_forms(text: str) -> None:
    assert Quarter.parse(text) == Quarter(2023, 4)


@pytest.mark.parametrize("text", ["2023Q5", "Q4 2023", "2023-4", "23Q4", "", "2023Q0"])
def test_quarter_rejects_other_text(text: str) -> None:
    with pytest.raises(QbrError, match="is not a quarter"):
        Quarter.parse(text)


def test_quarter_dates_and_neighbours() -> None:
    q = Quarter(2024, 1)
    assert (q.start, q.end, q.days) == (date(2024, 1, 1), date(2024, 3, 31), 91)  # 31+29+31, leap year
    assert Quarter(2023, 4).days == 92  # 31+30+31
    assert q.prev() == Quarter(2023, 4) and q.last_year() == Quarter(2023, 1)
    assert Quarter(2023, 4).next() == q
    assert Quarter.of(date(2023, 11, 19)) == Quarter(2023, 4)
    assert q.months == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def test_quarter_labels() -> None:
    assert Quarter(2023, 4).label("zh") == "2023年第四季度"
    assert Quarter(2023, 4).label("en") == "Q4 2023"
    assert str(Quarter(2023, 4)) == "2023Q4"


def test_cli_rejects_a_bad_quarter_with_exit_2() -> None:
    @click.command()
    @quarter_option
    def cmd(quarter: Quarter) -> None:
        click.echo(str(quarter))

    runner = CliRunner()
    ok = runner.invoke(cmd, ["--quarter", "2023-q4"])
    assert ok.exit_code == 0 and ok.output.strip() == "2023Q4"
    bad = runner.invoke(cmd, ["--quarter", "Q4-2023"])
    assert bad.exit_code == 2 and '"Q4-2023" is not a quarter' in bad.output
