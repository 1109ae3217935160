"""The weekly alert rule, computed by hand: baseline of several weeks, the account's wobble, noise_k,
the literal week-on-week rule as a special case, and the [alerts] settings in qbr.toml."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qbr.config import load_settings
from qbr.errors import QbrError
from qbr.metrics import compute_metrics
from qbr.metrics.calendar import china_holidays, holiday_name
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q3 = Quarter(2023, 3)

# One line a week (Mondays) from 07-03, the data's first day; B's line keeps every week complete.
# W0 07-03 100, W1 07-10 110, W2 07-17 100, W3 07-24 110, W4 07-31 105, W5 08-07 95, then nothing.
WEEKS = [100.0, 110.0, 100.0, 110.0, 105.0, 95.0]
RULE_SALES = [
    *(sale((date(2023, 7, 3) + timedelta(days=7 * i)).isoformat(), "A", "S1", a) for i, a in enumerate(WEEKS)),
    sale("2023-09-30", "B", "S1", 1.0),
]


def _week5(**rule: float) -> tuple[object, list[date]]:
    m = compute_metrics(make_dataset(sales=RULE_SALES), settings(**rule), "A", Q3)  # type: ignore[arg-type]
    week = next(w for w in m.by_week if w.week_start == date(2023, 8, 7))
    return week, [a.week_start for a in m.alerts]


def test_baseline_is_the_mean_of_the_weeks_before_and_wobble_the_median_absolute_change() -> None:
    week, _ = _week5(baseline_weeks=4, noise_k=3)
    # baseline of W5 = (110 + 100 + 110 + 105) / 4 = 106.25; change = 95 / 106.25 - 1 = -0.105882
    assert week.baseline == pytest.approx(106.25)  # type: ignore[attr-defined]
    assert week.change == pytest.approx(95 / 106.25 - 1)  # type: ignore[attr-defined]
    # changes of the weeks before (W0 has no week in the data before it):
    #   W1 110/100 - 1 = 0.1; W2 100/105 - 1 = -0.047619; W3 110/103.333 - 1 = 0.064516; W4 105/105 - 1 = 0
    # median of |.| = (0.047619 + 0.064516) / 2 = 0.0560676
    assert week.wobble == pytest.approx((5 / 105 + (110 / (310 / 3) - 1)) / 2)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("noise_k", "alert"),
    [
        (3, False),  # limit max(5 %, 3 x 5.61 % = 16.8 %): a fall of 10.6 % is the account's usual noise
        (2, False),  # limit 11.2 %
        (1, True),  # limit 5.61 % < 10.6 %
        (0, True),  # limit 5 %
    ],
)
def test_noise_k_times_the_wobble_raises_the_bar(noise_k: float, alert: bool) -> None:
    _, alerts = _week5(baseline_weeks=4, noise_k=noise_k)
    assert (date(2023, 8, 7) in alerts) is alert


def test_baseline_weeks_sets_how_many_weeks_the_baseline_averages() -> None:
    week, _ = _week5(baseline_weeks=2, noise_k=0)
    # (110 + 105) / 2 = 107.5; 95 / 107.5 - 1 = -0.116279
    assert week.baseline == pytest.approx(107.5)  # type: ignore[attr-defined]
    assert week.change == pytest.approx(95 / 107.5 - 1)  # type: ignore[attr-defined]
    week, _ = _week5(baseline_weeks=1, noise_k=0)
    assert week.change == pytest.approx(95 / 105 - 1)  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_one_baseline_week_and_no_noise_is_exactly_the_week_on_week_rule(seed: int) -> None:
    """An independent route (pandas weekly sums, this week / last week - 1 < -5 %) gives the same weeks."""
    rng = np.random.default_rng(seed)
    start = date(2023, 4, 3)  # a Monday: the data starts on a full week
    rows = []
    for i in range(7 * 39):  # to 2023-12-31
        d = start + timedelta(days=i)
        week_factor = 1 + 0.15 * np.sin(i // 7 * 1.7 + seed)  # weeks swing ±15 %: many alerts
        for store in ("P1", "P2"):
            for sku, rate in (("S1", 100.0), ("S2", 60.0), ("S3", 30.0)):
                amount = round(rate * week_factor * rng.uniform(0.7, 1.3), 2)
                rows.append(sale(d.isoformat(), "A", sku, amount, store_id=store))
    ds = make_dataset(sales=rows)
    frame = pd.DataFrame(rows)
    weekly = frame.groupby(pd.to_datetime(frame["date"]).dt.to_period("W-SUN").dt.start_time)["amount"].sum()
    change = weekly / weekly.shift(1) - 1
    for quarter in (Q3, Quarter(2023, 4)):
        m = compute_metrics(ds, settings(baseline_weeks=1, noise_k=0), "A", quarter)
        in_q = change[(change.index >= pd.Timestamp(quarter.start)) & (change.index <= pd.Timestamp(quarter.end))]
        expected = [t.date() for t, c in in_q.items() if c < -0.05]
        assert [a.week_start for a in m.alerts] == expected
        assert expected  # the data does fall somewhere, or the test proves nothing
        assert not any(a.stockout for a in m.alerts)


def test_alerts_settings_are_read_from_qbr_toml_and_checked(tmp_path: Path) -> None:
    toml = tmp_path / "qbr.toml"
    toml.write_text("[alerts]\nweekly_drop = 0.08\nbaseline_weeks = 6\nnoise_k = 2\n", encoding="utf-8")
    s = load_settings(tmp_path)
    assert (s.alerts.weekly_drop, s.alerts.baseline_weeks, s.alerts.noise_k) == (0.08, 6, 2)
    assert load_settings(tmp_path / "none").alerts.baseline_weeks == 4  # the spec's defaults: 4 weeks, k = 3
    assert load_settings(tmp_path / "none").alerts.noise_k == 3
    for bad, words in (
        ("baseline_weeks = 0", "alerts.baseline_weeks"),
        ("baseline_weeks = 2.5", "alerts.baseline_weeks"),
        ("noise_k = -1", "alerts.noise_k"),
        ('noise_k = "3"', "alerts.noise_k"),
    ):
        toml.write_text(f"[alerts]\n{bad}\n", encoding="utf-8")
        with pytest.raises(QbrError) as err:
            load_settings(tmp_path)
        assert words in str(err.value) and "qbr.toml" in str(err.value)


def test_the_holiday_calendar_knows_the_lunar_festivals() -> None:
    # Spring Festival 2023 fell on 01-22, Mid-Autumn on 09-29, Dragon Boat on 06-22 (lunar dates)
    assert holiday_name(date(2023, 1, 16), date(2023, 1, 22)) == "春节"
    assert holiday_name(date(2023, 9, 25), date(2023, 9, 30)) == "中秋节"
    assert holiday_name(date(2023, 6, 19), date(2023, 6, 25), "en") == "Dragon Boat Festival"
    assert holiday_name(date(2023, 7, 3), date(2023, 8, 31)) is None  # no public holiday in July-August
    assert (date(2024, 2, 10), "春节") in china_holidays(date(2024, 2, 1), date(2024, 2, 29))
