"""English names: an optional `name_en` (and a product's `category_en`) is what an English deck shows."""

from __future__ import annotations

import shutil
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
