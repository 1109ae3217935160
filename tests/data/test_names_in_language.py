"""English names: an optional `name_en` (and a product's `category_en`) is what an English deck shows."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd

from qbr.pipeline import BuildRequest, build_deck, load_data
from qbr.quarter import Quarter

DATA = Path(__file__).resolve().parent.parent / "fixtures"


def _with_english(folder: Path) -> None:
    products = pd.read_csv(folder / "products.csv", dtype=str)
    products["name_en"] = ["Peanut Oil 5L"] + [""] * (len(products) - 1)  # the others keep their name
    products["category_en"] = "Edible oil"
    products.to_csv(folder / "products.csv", index=False)
    customers = pd.read_csv(folder / "customers.csv", dtype=str)
    customers["name_en"] = [f"Customer {c}" for c in customers["customer_id"]]
    customers.to_csv(folder / "customers.csv", index=False)


def test_english_names_replace_the_name_where_given_and_chinese_is_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA / "mini", folder)
    _with_english(folder)
    _, ds = load_data(folder)
    names = list(ds.products["name"])
    en = ds.in_language("en")
    assert list(en.products["name"]) == ["Peanut Oil 5L", *names[1:]]  # blank name_en keeps the name
    assert set(en.products["category"]) == {"Edible oil"}
    assert list(en.customers["name"]) == [f"Customer {c}" for c in ds.customers["customer_id"]]
    assert ds.in_language("zh") is ds and list(ds.products["name"]) == names


def test_without_english_columns_nothing_changes(tmp_path: Path) -> None:
    _, ds = load_data(DATA / "mini")
    en = ds.in_language("en")
    assert list(en.products["name"]) == list(ds.products["name"])
    assert list(en.customers["name"]) == list(ds.customers["name"])


def test_the_english_deck_shows_the_english_customer_name(tmp_path: Path) -> None:
    from pptx import Presentation

    folder = tmp_path / "data"
    shutil.copytree(DATA / "mini", folder)
    _with_english(folder)
    req = BuildRequest(folder, "CNPC", Quarter(2023, 4), out_dir=tmp_path / "out", lang="en", audience="customer")
    deck = Presentation(str(build_deck(req).written[0].path))
    text = "\n".join(sh.text_frame.text for sl in deck.slides for sh in sl.shapes if sh.has_text_frame)
    assert "Customer CNPC" in text and "中石油昆仑好客" not in text


def test_an_english_deck_shows_the_owners_notes_in_english_where_given_and_reads_their_asks() -> None:
    from qbr.context.build import build_context
    from qbr.metrics import customer_metrics, engine_for

    sample = DATA.parent.parent / "sample_data"
    settings, ds = load_data(sample)
    en = ds.in_language("en")
    notes = ds.notes.reset_index(drop=True)
    # every sample note has its English (sample_data/notes.csv): the English dataset shows it
    assert list(en.notes["text"]) == list(notes["text_en"])
    ka = notes[(notes["customer_id"] == "KA-001") & (notes["quarter"] == "2023Q4") & (notes["section"] == "plan")]
    engine = engine_for(en, settings)
    ctx = build_context(engine, customer_metrics(engine, "KA-001", Quarter(2023, 4)), settings, "en", date(2024, 1, 8))
    plan = {e["text"]: e["kind"] for e in ctx["next_plan"]["entries"] if e["kind"] != "activity"}
    # "Ask the buyer for ..." is an ask in English as 请客户... is in Chinese
    assert {t: plan[t] for t in ka["text_en"]} == {
        "Ask the buyer for 30 floor displays in the Spring Festival goods zone": "ask",
        "Adjust the snacks reorder settings together with the buyer": "commitment",
    }
