"""The review's new input: notes.status/result and the optional plans table load, and bad values in
them are one located error (file, Excel row, column) with exit status 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qbr.cli import main
from qbr.config import Settings
from qbr.data.load import load_dataset


def _notes(folder: Path, status_cells: list[str]) -> None:
    rows = [f"CNPC,2023Q3,plan,action {i},张伟,2023-10-31,{s},result {i}" for i, s in enumerate(status_cells)]
    text = "customer_id,quarter,section,text,owner,due,status,result\n" + "\n".join(rows) + "\n"
    (folder / "notes.csv").write_text(text, encoding="utf-8")


def test_status_words_in_english_and_chinese_load_as_the_spec_codes(mini: Path) -> None:
    _notes(mini, ["done", "部分完成", "未完成", "", "完成", "not done"])
    notes = load_dataset(mini, Settings()).notes
    assert notes["status"].tolist()[:3] == ["done", "partly", "not_done"]
    assert notes["status"].isna().tolist() == [False, False, False, True, False, False]
    assert notes["status"].tolist()[4:] == ["done", "not_done"]
    assert notes["result"].tolist()[0] == "result 0"


def test_a_status_of_maybe_is_a_located_error_with_exit_2(runner: CliRunner, mini: Path) -> None:
    _notes(mini, ["done", "maybe"])
    result = runner.invoke(main, ["validate", "--data", str(mini)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    line = next(ln for ln in result.output.splitlines() if "maybe" in ln)
    # header = row 1, "done" row 2, "maybe" row 3
    for piece in ("notes.csv", "row 3", 'column "status"', "is not a plan status"):
        assert piece in line, (piece, line)


def test_notes_without_the_new_columns_still_load(mini: Path) -> None:
    (mini / "notes.csv").write_text("customer_id,quarter,section,text\nCNPC,2023Q4,plan,action\n", encoding="utf-8")
    notes = load_dataset(mini, Settings()).notes
    assert notes["status"].isna().all() and notes["result"].isna().all()


def test_the_plans_table_loads_with_support_type_words(mini: Path) -> None:
    (mini / "plans.csv").write_text(
        'customer_id,quarter,type,amount,note\nCNPC,2023Q4,陈列费,"¥60,000",堆头\nCNPC,2024Q1,promotion,8000,\n',
        encoding="utf-8",
    )
    plans = load_dataset(mini, Settings()).plans
    assert plans["type"].tolist() == ["display", "promotion"]
    assert plans["amount"].tolist() == [60000.0, 8000.0]


def test_a_plans_row_with_an_unknown_type_is_a_located_error(runner: CliRunner, mini: Path) -> None:
    (mini / "plans.csv").write_text("customer_id,quarter,type,amount\nCNPC,2023Q4,bribe,100\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--data", str(mini)])
    assert result.exit_code == 2, result.output
    line = next(ln for ln in result.output.splitlines() if "bribe" in ln)
    for piece in ("plans.csv", "row 2", 'column "type"', "is not a support type"):
        assert piece in line, (piece, line)


def test_a_data_folder_without_plans_has_an_empty_plans_table(mini: Path) -> None:
    ds = load_dataset(mini, Settings())
    assert not ds.has("plans") and ds.plans.empty
