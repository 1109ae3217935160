"""Metrics for every customer and every quarter of the sample data: no error, no NaN or inf."""

from __future__ import annotations

import json
import math

from qbr.metrics import customer_metrics, engine_for, metrics_to_dict
from qbr.metrics.accounts import key_accounts
from qbr.pipeline import load_data
from qbr.quarter import Quarter
from tests.conftest import ROOT


def _walk(value: object, path: str) -> None:
    if isinstance(value, float):
        assert math.isfinite(value), path
    elif isinstance(value, dict):
        for k, v in value.items():
            _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk(v, f"{path}[{i}]")


def test_every_customer_and_quarter_of_the_sample_computes_with_honest_nulls() -> None:
    settings, dataset = load_data(ROOT / "sample_data")
    engine = engine_for(dataset, settings)
    quarters = [Quarter(2022, 1).shift(i) for i in range(8)]
    for customer in dataset.customers["customer_id"]:
        for q in quarters:
            d = metrics_to_dict(customer_metrics(engine, str(customer), q))
            _walk(d, f"{customer} {q}")
            json.dumps(d, allow_nan=False)


def test_cnpc_is_a_key_account_in_2023q4_with_its_reason() -> None:
    settings, dataset = load_data(ROOT / "sample_data")
    decision = next(d for d in key_accounts(dataset, settings, Quarter(2023, 4)) if d.customer_id == "CNPC")
    assert decision.key_account and "special" in decision.reason
