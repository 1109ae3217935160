"""Render time of the rendered (matplotlib) charts of one typical deck.

Renders 8 charts a QBR deck carries (monthly sales vs last year vs target pace, 5 quarters,
categories, top-10 SKUs with growth, growth waterfall, support by type, receivables aging, weekly
sales with alert weeks) at typical slide-box sizes, in a fresh process so the first-import cost
(matplotlib, fonts) is measured apart from the per-chart time. `--out DIR` also writes the PNGs
for a person to look at.

    python benchmarks/bench_charts.py [--rounds 5] [--lang zh|en] [--out DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EMU = 914_400  # per inch; a 16:9 slide is 13.33 x 7.5 in
HALF = (int(6.0 * EMU), int(4.0 * EMU))  # half-slide box
WIDE = (int(12.3 * EMU), int(4.6 * EMU))  # full-width box under a title
TALL = (int(6.0 * EMU), int(5.6 * EMU))  # half-width, full-height box

MONTHS = ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]
SKUS = [
    "金禾 5L 一级压榨花生油",
    "金禾 1.8L 花生油",
    "福满园 东北大米 10kg",
    "福满园 五常大米 5kg",
    "金禾 非转基因大豆油 5L",
    "香满楼 特级生抽 500ml",
    "香满楼 老抽王",
    "金禾 玉米油 4L",
    "福满园 挂面 1kg",
    "香满楼 蚝油 700g",
]


def deck_charts() -> dict[str, tuple[dict[str, Any], tuple[int, int]]]:
    """name -> (chart data, (width EMU, height EMU))."""
    sales = [820, 760, 905, 880, 940, 1010, 990, 1050, None, None, None, None]  # 万; Sep.. not yet
    return {
        "monthly_sales": (
            {
                "kind": "column_line",
                "unit": "money",
                "categories": MONTHS,
                "series": [
                    {"name": "本年销售", "values": [v * 1e4 if v else None for v in sales]},
                    {
                        "name": "去年同期",
                        "values": [v * 1e4 for v in (700, 690, 800, 830, 860, 900, 950, 930, 980, 1000, 1100, 1300)],
                        "kind": "column",
                    },
                    {"name": "目标进度", "values": [v * 1e4 for v in range(850, 1090, 20)], "kind": "line"},
                ],
            },
            WIDE,
        ),
        "quarters": (
            {
                "kind": "column",
                "unit": "money",
                "categories": ["2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2"],
                "series": [{"name": "销售额", "values": [2.31e7, 2.52e7, 2.98e7, None, 2.76e7]}],
                "reference": {"value": 2.6e7, "label": "季度目标 2,600万"},
            },
            HALF,
        ),
        "categories": (
            {
                "kind": "bar",
                "unit": "money",
                "categories": ["食用油", "大米", "调味品", "面制品", "杂粮"],
                "series": [
                    {"name": "本季", "values": [1.24e7, 8.6e6, 3.9e6, 2.1e6, 6.5e5]},
                    {"name": "去年同期", "values": [1.1e7, 9.0e6, 3.1e6, 2.2e6, None]},
                ],
            },
            HALF,
        ),
        "top_skus": (
            {
                "kind": "bar",
                "unit": "money",
                "categories": SKUS,
                "series": [
                    {
                        "name": "销售额",
                        "values": [4.2e6, 3.1e6, 2.8e6, 2.2e6, 1.9e6, 1.5e6, 1.2e6, 9.8e5, 7.6e5, 5.4e5],
                    },
                    {
                        "name": "同比",
                        "kind": "label",
                        "unit": "pct",
                        "values": [0.123, -0.045, 0.31, 0.02, None, -0.18, 0.066, 0.0, 1.25, -0.3],
                    },
                ],
            },
            TALL,
        ),
        "growth_bridge": (
            {
                "kind": "waterfall",
                "unit": "money",
                "categories": ["去年同期", "食用油", "大米", "调味品", "面制品", "杂粮", "其他", "本季"],
                "series": [{"name": "销售额", "values": [2.59e7, 1.4e6, -4.0e5, 8.0e5, -1.0e5, None, 3.0e5, None]}],
            },
            WIDE,
        ),
        "support": (
            {
                "kind": "donut",
                "unit": "money",
                "categories": ["堆头陈列", "促销员", "买赠", "DM 海报", "新品进场费"],
                "series": [{"name": "支持费用", "values": [3.2e5, 2.4e5, 1.6e5, 4.5e4, None]}],
            },
            HALF,
        ),
        "ar_aging": (
            {
                "kind": "stacked",
                "unit": "money",
                "categories": ["未到期", "1-30天", "31-60天", "61-90天", ">90天"],
                "series": [
                    {"name": "普通账款", "values": [3.8e6, 1.2e6, 4.0e5, 1.5e5, 8.0e4]},
                    {"name": "促销扣款", "values": [6.0e5, 3.0e5, None, 5.0e4, 2.0e4]},
                ],
            },
            HALF,
        ),
        "weekly": (
            {
                "kind": "line",
                "unit": "money",
                "categories": [f"第{w}周" for w in range(1, 14)],
                "series": [
                    {
                        "name": "本年",
                        "values": [
                            2.1e6,
                            2.3e6,
                            1.9e6,
                            None,
                            2.4e6,
                            2.2e6,
                            1.5e6,
                            1.4e6,
                            2.0e6,
                            2.5e6,
                            None,
                            2.6e6,
                            None,
                        ],
                    },
                    {
                        "name": "去年",
                        "values": [
                            1.9e6,
                            2.0e6,
                            2.1e6,
                            2.0e6,
                            2.2e6,
                            2.1e6,
                            2.3e6,
                            2.2e6,
                            2.1e6,
                            2.4e6,
                            2.3e6,
                            2.5e6,
                            2.4e6,
                        ],
                    },
                ],
                "highlight": [6, 7],
            },
            WIDE,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--out", type=Path, help="write each chart's PNG into this folder")
    args = parser.parse_args()

    started = time.perf_counter()
    from qbr.charts import render_chart

    charts = deck_charts()
    name, (data, size) = next(iter(charts.items()))
    render_chart(data, *size, lang=args.lang)  # imports matplotlib, finds fonts, warms caches
    first = time.perf_counter() - started
    print(f"first import + first chart: {first:.2f} s")

    # wall time and CPU time: on a shared machine the CPU time is the steadier figure
    times: dict[str, list[float]] = {name: [] for name in charts}
    cpu: dict[str, list[float]] = {name: [] for name in charts}
    for _ in range(args.rounds):
        for name, (data, size) in charts.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            png = render_chart(data, *size, lang=args.lang)
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{name}_{args.lang}.png").write_bytes(png)
    total = total_cpu = 0.0
    print(f"{'chart':15s} {'wall':>9s} {'cpu':>9s}  box")
    for name, values in times.items():
        median, median_cpu = statistics.median(values), statistics.median(cpu[name])
        total, total_cpu = total + median, total_cpu + median_cpu
        width, height = charts[name][1]
        print(
            f"{name:15s} {median * 1000:6.0f} ms {median_cpu * 1000:6.0f} ms  {width / EMU:.1f}x{height / EMU:.1f} in"
        )
    print(
        f"{'all charts':15s} {total * 1000:6.0f} ms {total_cpu * 1000:6.0f} ms  "
        "(median per chart, summed; goal < 500 ms)"
    )


if __name__ == "__main__":
    main()
