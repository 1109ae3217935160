"""A ¥3万-a-quarter shop as a data folder: two SKUs delivered once a week, nothing else.

No support, promoters, activities, receivables or notes, one delivery of the same size every
week (so no weekly alert): the deck has nothing to say about investment, promoters, receivables
or alerts and must drop those slides.

Saturdays from 2022-10-01 to 2023-12-30. 2022: SKU A ¥1,300 + SKU B ¥800 a week; 2023: A ¥1,500 +
B ¥800. 2023Q4 has 13 Saturdays (Oct 7 .. Dec 30): 13 x 2,300 = ¥29,900; 2022Q4 has 14
(Oct 1 .. Dec 31): 14 x 2,100 = ¥29,400. YoY = 29,900 / 29,400 - 1 = +1.7 %. A zero line on
2023-12-31 makes the data reach the quarter's end.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

SHOP = "SHOP"


def write_small_shop(folder: Path, toml: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "customers.csv").write_text(
        "customer_id,name,channel,region,sales_rep,key_account\nSHOP,街角粮油店,traditional,杭嘉湖区,刘洋,yes\n",
        encoding="utf-8",
    )
    (folder / "products.csv").write_text(
        "sku,name,category,brand,unit_cost\nA,金禾 5L 花生油,粮油,金禾,80\nB,清泉 550ml 矿泉水,饮料,清泉,0.9\n",
        encoding="utf-8",
    )
    lines = ["date,customer_id,sku,qty,amount"]
    day = date(2022, 10, 1)
    while day <= date(2023, 12, 30):
        a = 1500 if day.year == 2023 else 1300
        lines += [f"{day},SHOP,A,10,{a}", f"{day},SHOP,B,100,800"]
        day += timedelta(days=7)
    lines.append("2023-12-31,SHOP,B,0,0")  # the data runs to the quarter's end: 2023Q4 is complete
    (folder / "sales.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "qbr.toml").write_text('[distributor]\nname = "星河商贸"\n' + toml, encoding="utf-8")
    return folder
