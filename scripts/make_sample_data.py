"""Generate the seeded sample data of a fictional distributor, 星河商贸 (Xinghe Trading).

星河商贸 is a food-and-beverage distributor in 华东 (Shanghai, Zhejiang, southern Jiangsu) that
sells 粮油, drinks, snacks, seasonings, dairy, instant food and beer/wine to hypermarket chains,
wholesalers and small shops, fresh supermarkets and special-channel customers (CNPC fuel-station
convenience stores, a post-office e-shop, a hospital, a university canteen). The data covers
2022-01-01 .. 2023-12-31 and carries planted "stories" (a declining chain, a new customer, an
activity with a visible uplift, a weekly drop, overdue receivables ...) that tests and demos rely
on; `sample_data/README.md`, written by this script, lists them with their figures.

Usage:
    python scripts/make_sample_data.py [--out sample_data]
        the committed sample (deterministic: two runs give byte-identical files);
    python scripts/make_sample_data.py --scale-customers 1000 --scale-lines 2000000 --out DIR
        a big synthetic data set of the same shape for benchmarks (vectorised, not committed).

Everything random comes from `numpy.random.default_rng` with a fixed seed. CSV files are UTF-8
(no BOM) with the canonical English headers of `qbr/data/schema.py`, "\\n" line ends, money with two
decimals and blanks for missing values.
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20231231
START = pd.Timestamp("2022-01-01")
END = pd.Timestamp("2023-12-31")
DAYS = pd.date_range(START, END, freq="D")
N_DAYS = len(DAYS)
DAY_STR = np.array(DAYS.strftime("%Y-%m-%d"), dtype=object)
QUARTERS = [f"{y}Q{q}" for y in (2022, 2023) for q in (1, 2, 3, 4)]

CNY = [pd.Timestamp("2022-02-01"), pd.Timestamp("2023-01-22"), pd.Timestamp("2024-02-10")]
MID_AUTUMN = [pd.Timestamp("2022-09-10"), pd.Timestamp("2023-09-29")]

DISTRIBUTOR = "星河商贸有限公司（Xinghe Trading）"

# Planted stories (also written to README.md).
DROP_CUSTOMER = "CNPC"
DROP_WEEK = pd.Timestamp("2023-11-20")  # Monday
DROP_SKUS = {"LY-0001": 0.10, "LY-0002": 0.40, "LY-0006": 0.60}  # sku -> share of normal sales left
RESTOCK_WEEK = pd.Timestamp("2023-11-27")
RESTOCK_FACTOR = 1.45
ACTIVITY_ID = "ACT-2023-011"
NEW_CUSTOMER, NEW_CUSTOMER_START = "KA-008", pd.Timestamp("2023-07-10")
DECLINING, DECLINING_FRESH, LOW_MARGIN = "KA-003", "FR-004", "KA-006"
UNKNOWN_COST_SKUS = ("LY-0011", "RZ-0006")
# ¥: a SKU selling less than this per delivery is reordered only every few deliveries
LOT = {"modern": 3000.0, "special": 1000.0, "fresh": 1500.0, "traditional": 1000.0, "CNPC": 400.0}
COST_ON_LINES = ("CNPC", "KA-001", "KA-002")  # buy the blank-cost SKUs with sales.cost given
NO_COST_BUYERS = {"LY-0011": ("SP-001",), "RZ-0006": ("FR-002",)}  # buy them without cost


# ----------------------------------------------------------------------------------------------
# Products
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: str
    brand: str
    unit_cost: float | None  # None = blank in products.csv
    true_cost: float  # what the goods really cost (used for prices and for sales.cost)
    pop: float  # popularity within its category
    tags: tuple[str, ...] = ()  # gift, summer, winter, chilled, beer
    launch: str | None = None


def _p(
    sku: str,
    name: str,
    cat: str,
    brand: str,
    cost: float | None,
    pop: float,
    tags: tuple[str, ...] = (),
    launch: str | None = None,
    true_cost: float | None = None,
) -> Product:
    return Product(
        sku, name, cat, brand, cost, true_cost if true_cost is not None else float(cost or 0), pop, tags, launch
    )


PRODUCTS: list[Product] = [
    _p("LY-0001", "金禾丰 5L 压榨一级花生油", "粮油", "金禾丰", 96.50, 10, ("gift",)),
    _p("LY-0002", "金禾丰 5L 黄金比例食用调和油", "粮油", "金禾丰", 54.80, 9, ("gift",)),
    _p("LY-0003", "金禾丰 1.8L 压榨一级花生油", "粮油", "金禾丰", 38.20, 5),
    _p("LY-0004", "金禾丰 5L 非转基因大豆油", "粮油", "金禾丰", 47.60, 6),
    _p("LY-0005", "金禾丰 4L 压榨玉米油", "粮油", "金禾丰", 51.90, 5, ("gift",)),
    _p("LY-0006", "谷满仓 10kg 东北长粒香大米", "粮油", "谷满仓", 52.00, 9, ("gift",)),
    _p("LY-0007", "谷满仓 5kg 五常稻花香大米", "粮油", "谷满仓", 44.50, 6, ("gift",)),
    _p("LY-0008", "谷满仓 5kg 苏北软香米", "粮油", "谷满仓", 21.80, 7),
    _p("LY-0009", "谷满仓 2.5kg 高筋小麦粉", "粮油", "谷满仓", 9.60, 4),
    _p("LY-0010", "谷满仓 1kg 鸡蛋挂面", "粮油", "谷满仓", 6.20, 4),
    _p("LY-0011", "金禾丰 2.5L 冷榨山茶油礼盒", "粮油", "金禾丰", None, 3, ("gift",), "2023-08-01", 152.00),
    _p("YL-0001", "山溪 饮用天然水 550ml×24瓶/箱", "饮料", "山溪", 17.80, 10, ("summer",)),
    _p("YL-0002", "山溪 饮用天然水 1.5L×12瓶/箱", "饮料", "山溪", 16.90, 5, ("summer",)),
    _p("YL-0003", "冰晶 冰红茶 500ml×15瓶/箱", "饮料", "冰晶", 27.50, 8, ("summer",)),
    _p("YL-0004", "冰晶 茉莉绿茶 500ml×15瓶/箱", "饮料", "冰晶", 27.50, 6, ("summer",)),
    _p("YL-0005", "果乐多 100%橙汁 1L×6瓶/箱", "饮料", "果乐多", 41.80, 4, ("gift",)),
    _p("YL-0006", "果乐多 芒果汁饮料 450ml×15瓶/箱", "饮料", "果乐多", 32.60, 4, ("summer",)),
    _p("YL-0007", "劲跑 维生素运动饮料 600ml×15瓶/箱", "饮料", "劲跑", 44.90, 5, ("summer",)),
    _p("YL-0008", "咖客 即饮拿铁咖啡 280ml×15瓶/箱", "饮料", "咖客", 57.60, 4),
    _p("YL-0009", "椰岛风 生榨椰子汁 1L×12盒/箱", "饮料", "椰岛风", 65.80, 4, ("gift",)),
    _p("YL-0010", "山溪 饮用天然水 5L×4桶/箱", "饮料", "山溪", 18.60, 3),
    _p("XX-0001", "脆乐坊 原味薯片 70g×22袋/箱", "休闲食品", "脆乐坊", 51.70, 7),
    _p("XX-0002", "脆乐坊 番茄味薯片 70g×22袋/箱", "休闲食品", "脆乐坊", 51.70, 5),
    _p("XX-0003", "麦香园 苏打饼干 400g×12盒/箱", "休闲食品", "麦香园", 86.40, 4),
    _p("XX-0004", "麦香园 巧克力夹心饼干 390g×12盒/箱", "休闲食品", "麦香园", 79.20, 4),
    _p("XX-0005", "坚果派 每日坚果 25g×30袋礼盒", "休闲食品", "坚果派", 68.00, 6, ("gift",)),
    _p("XX-0006", "坚果派 盐焗开心果 500g罐装", "休闲食品", "坚果派", 38.50, 4, ("gift",)),
    _p("XX-0007", "甜心 什锦水果糖 1kg袋装", "休闲食品", "甜心", 21.60, 3, ("gift",)),
    _p("XX-0008", "麦香园 手撕面包 1kg箱装", "休闲食品", "麦香园", 17.90, 5),
    _p("TW-0001", "禾润 特级生抽 1.28L", "调味品", "禾润", 9.80, 10),
    _p("TW-0002", "禾润 红烧老抽 500ml", "调味品", "禾润", 6.50, 6),
    _p("TW-0003", "禾润 鲜味蚝油 700g", "调味品", "禾润", 7.20, 6),
    _p("TW-0004", "老陈坊 山西陈醋 500ml", "调味品", "老陈坊", 5.10, 5),
    _p("TW-0005", "味之源 鸡精 200g", "调味品", "味之源", 6.80, 5),
    _p("TW-0006", "味之源 精制食用盐 400g", "调味品", "味之源", 1.60, 6),
    _p("TW-0007", "禾润 零添加酱油 500ml", "调味品", "禾润", 11.50, 4),
    _p("TW-0008", "味之源 牛油火锅底料 150g", "调味品", "味之源", 6.90, 4, ("winter",)),
    _p("TW-0009", "老陈坊 葱姜料酒 500ml", "调味品", "老陈坊", 4.20, 4),
    _p("RZ-0001", "蓝湖牧场 纯牛奶 250ml×24盒/箱", "乳制品", "蓝湖牧场", 47.50, 10, ("gift",)),
    _p("RZ-0002", "蓝湖牧场 高钙牛奶 250ml×12盒礼盒", "乳制品", "蓝湖牧场", 32.80, 6, ("gift",)),
    _p("RZ-0003", "蓝湖牧场 原味酸奶 200g×12杯", "乳制品", "蓝湖牧场", 31.60, 6, ("chilled",)),
    _p("RZ-0004", "蓝湖牧场 鲜牛奶 950ml", "乳制品", "蓝湖牧场", 10.90, 6, ("chilled",)),
    _p("RZ-0005", "蓝湖牧场 儿童成长牛奶 190ml×15盒", "乳制品", "蓝湖牧场", 38.80, 4, ("gift",)),
    _p(
        "RZ-0006",
        "蓝湖牧场 A2β-酪蛋白纯牛奶 250ml×10盒礼盒",
        "乳制品",
        "蓝湖牧场",
        None,
        3,
        ("gift",),
        "2023-04-10",
        51.50,
    ),
    _p("FB-0001", "面面香 红烧牛肉面 100g×24袋/箱", "方便食品", "面面香", 41.80, 8),
    _p("FB-0002", "面面香 老坛酸菜牛肉面 120g×24袋/箱", "方便食品", "面面香", 43.60, 6),
    _p("FB-0003", "面面香 桶装红烧牛肉面 ×12桶/箱", "方便食品", "面面香", 37.90, 6),
    _p("FB-0004", "速达 自热米饭 275g", "方便食品", "速达", 12.40, 4),
    _p("FB-0005", "速达 玉米热狗肠 30g×10支", "方便食品", "速达", 9.20, 5),
    _p("FB-0006", "速达 三鲜速冻水饺 1kg", "方便食品", "速达", 15.80, 4, ("chilled", "winter")),
    _p("FB-0007", "速达 经典午餐肉罐头 340g", "方便食品", "速达", 11.60, 4),
    _p("FB-0008", "面面香 柳州螺蛳粉 320g", "方便食品", "面面香", 8.30, 4),
    _p("JS-0001", "清溪 清爽啤酒 500ml×12罐/箱", "酒水", "清溪", 32.80, 6, ("summer", "beer")),
    _p("JS-0002", "清溪 纯生啤酒 330ml×24罐/箱", "酒水", "清溪", 54.20, 5, ("summer", "beer")),
    _p("JS-0003", "江南春 五年陈花雕黄酒 500ml×12瓶/箱", "酒水", "江南春", 72.00, 4, ("winter",)),
    _p("JS-0004", "古井坊 52度浓香白酒 500ml×2瓶礼盒", "酒水", "古井坊", 198.00, 3, ("gift",)),
]
SKUS = [p.sku for p in PRODUCTS]
SKU_IDX = {s: i for i, s in enumerate(SKUS)}
CATEGORIES = ["粮油", "饮料", "休闲食品", "调味品", "乳制品", "方便食品", "酒水"]
TRUE_COST = np.array([p.true_cost for p in PRODUCTS])

# Value share of each category by buyer profile.
PROFILES: dict[str, dict[str, float]] = {
    "modern": {
        "粮油": 0.30,
        "饮料": 0.18,
        "休闲食品": 0.14,
        "调味品": 0.09,
        "乳制品": 0.14,
        "方便食品": 0.08,
        "酒水": 0.07,
    },
    "traditional": {
        "粮油": 0.36,
        "饮料": 0.20,
        "休闲食品": 0.07,
        "调味品": 0.15,
        "乳制品": 0.04,
        "方便食品": 0.12,
        "酒水": 0.06,
    },
    "fresh": {
        "粮油": 0.24,
        "饮料": 0.09,
        "休闲食品": 0.07,
        "调味品": 0.16,
        "乳制品": 0.30,
        "方便食品": 0.11,
        "酒水": 0.03,
    },
    "eshop": {"粮油": 0.45, "饮料": 0.10, "休闲食品": 0.25, "乳制品": 0.15, "酒水": 0.05},
    "hospital": {"饮料": 0.30, "休闲食品": 0.15, "乳制品": 0.35, "方便食品": 0.20},
    "canteen": {"粮油": 0.60, "调味品": 0.30, "方便食品": 0.10},
}
# CNPC's assortment is hand-made: fuel-station stores sell 粮油 as gifts and for points redemption.
CNPC_SHARES: dict[str, float] = {
    "LY-0001": 0.16,
    "LY-0002": 0.12,
    "LY-0006": 0.10,
    "LY-0007": 0.05,
    "LY-0004": 0.04,
    "LY-0003": 0.03,
    "LY-0011": 0.02,
    "YL-0001": 0.05,
    "YL-0003": 0.03,
    "YL-0004": 0.02,
    "YL-0007": 0.03,
    "YL-0008": 0.03,
    "YL-0009": 0.02,
    "XX-0001": 0.02,
    "XX-0002": 0.015,
    "XX-0005": 0.03,
    "XX-0006": 0.02,
    "RZ-0001": 0.04,
    "RZ-0002": 0.03,
    "RZ-0005": 0.02,
    "RZ-0006": 0.015,
    "FB-0003": 0.025,
    "FB-0004": 0.02,
    "FB-0005": 0.015,
    "FB-0007": 0.01,
    "JS-0002": 0.015,
    "JS-0004": 0.02,
}


# ----------------------------------------------------------------------------------------------
# Customers and stores
# ----------------------------------------------------------------------------------------------


@dataclass
class Customer:
    cid: str
    name: str
    channel: str
    region: str
    rep: str
    key_account: str = ""
    quarterly: float = 0.0  # 2022 average quarterly sales, ¥
    growth: float = 0.08  # yearly
    per_week: int = 1  # deliveries a week
    profile: str = ""
    n_skus: int = 56
    start: str | None = None
    terms: int = 30  # payment terms, days
    pay_delay: tuple[int, int] = (0, 12)  # days after due
    city: str = ""
    stores: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # id, name, city, opened


CUSTOMERS: list[Customer] = [
    Customer(
        "KA-001",
        "汇润隆大卖场（华东区）",
        "modern",
        "上海区",
        "王磊",
        "",
        4_000_000,
        0.12,
        2,
        "modern",
        56,
        terms=90,
        pay_delay=(0, 15),
    ),
    Customer(
        "KA-002",
        "家佳福超市连锁",
        "modern",
        "杭嘉湖区",
        "李娜",
        "",
        3_200_000,
        0.10,
        2,
        "modern",
        54,
        terms=60,
        pay_delay=(0, 10),
    ),
    Customer(
        "KA-003",
        "欧尚达量贩超市",
        "modern",
        "苏南区",
        "孙浩",
        "",
        3_000_000,
        0.07,
        1,
        "modern",
        50,
        terms=60,
        pay_delay=(3, 20),
    ),
    Customer(
        "KA-004",
        "万众佳超市",
        "modern",
        "苏南区",
        "孙浩",
        "no",
        2_600_000,
        0.06,
        1,
        "modern",
        48,
        terms=60,
        pay_delay=(10, 40),
    ),
    Customer("KA-005", "乐惠购超市连锁", "modern", "宁绍区", "李娜", "", 1_500_000, 0.05, 1, "modern", 44, terms=60),
    Customer("KA-006", "永兴隆超市", "modern", "杭嘉湖区", "王磊", "", 1_800_000, 0.18, 1, "modern", 44, terms=60),
    Customer("KA-007", "鑫乐购超市", "modern", "苏南区", "孙浩", "", 1_000_000, 0.08, 1, "modern", 40, terms=45),
    Customer(
        "KA-008",
        "优鲜汇购物中心超市",
        "modern",
        "上海区",
        "王磊",
        "",
        1_450_000,
        0.0,
        1,
        "modern",
        46,
        start="2023-07-10",
        terms=60,
    ),
    Customer(
        "CNPC",
        "中国石油昆仑好客便利店（华东片区）",
        "special",
        "杭嘉湖区",
        "张伟",
        "",
        2_350_000,
        0.03,
        1,
        "cnpc",
        terms=60,
        pay_delay=(5, 25),
    ),
    Customer(
        "SP-001",
        "中国邮政 邮乐优选 e-shop（浙江）",
        "special",
        "杭嘉湖区",
        "张伟",
        "",
        420_000,
        0.15,
        2,
        "eshop",
        16,
        terms=60,
    ),
    Customer(
        "SP-002",
        "康宁医院后勤服务中心（职工超市）",
        "special",
        "杭嘉湖区",
        "张伟",
        "",
        150_000,
        0.05,
        1,
        "hospital",
        14,
        terms=90,
    ),
    Customer(
        "SP-003",
        "东湖大学后勤集团（学生食堂）",
        "special",
        "宁绍区",
        "赵敏",
        "",
        320_000,
        0.06,
        2,
        "canteen",
        12,
        terms=90,
    ),
    Customer("FR-001", "鲜丰源生鲜超市", "fresh", "杭嘉湖区", "陈静", "", 1_150_000, 0.10, 2, "fresh", 30, terms=45),
    Customer("FR-002", "菜篮子生鲜连锁", "fresh", "上海区", "陈静", "", 900_000, 0.12, 2, "fresh", 28, terms=45),
    Customer("FR-003", "绿叶鲜生超市", "fresh", "宁绍区", "陈静", "", 700_000, 0.08, 2, "fresh", 24, terms=45),
    Customer("FR-004", "每日鲜生鲜超市", "fresh", "苏南区", "孙浩", "", 650_000, 0.04, 2, "fresh", 24, terms=45),
    Customer("FR-005", "谷田生鲜", "fresh", "杭嘉湖区", "陈静", "", 450_000, 0.09, 2, "fresh", 20, terms=30),
    Customer("FR-006", "邻家鲜果蔬超市", "fresh", "宁绍区", "赵敏", "", 350_000, 0.07, 2, "fresh", 18, terms=30),
]

_TRADITIONAL = [
    ("杭州四季青粮油批发部", "杭嘉湖区", "刘洋", 460_000, 2, 26),
    ("宁波江东副食品批发商行", "宁绍区", "赵敏", 420_000, 2, 26),
    ("绍兴柯桥食品批发部", "宁绍区", "赵敏", 380_000, 2, 24),
    ("嘉兴南湖烟酒副食批发", "杭嘉湖区", "刘洋", 240_000, 1, 20),
    ("苏州吴中惠民粮油店", "苏南区", "孙浩", 210_000, 1, 18),
    ("湖州德顺粮油商行", "杭嘉湖区", "刘洋", 190_000, 1, 18),
    ("无锡兴隆副食品商店", "苏南区", "孙浩", 170_000, 1, 16),
    ("上海闵行佳美食杂店", "上海区", "王磊", 150_000, 1, 16),
    ("杭州拱墅好邻里便利店", "杭嘉湖区", "刘洋", 130_000, 1, 14),
    ("余姚阿明副食店", "宁绍区", "赵敏", 120_000, 1, 14),
    ("桐乡金桥烟酒副食", "杭嘉湖区", "刘洋", 115_000, 1, 14),
    ("昆山乐家便利超市", "苏南区", "孙浩", 105_000, 1, 13),
    ("诸暨福源粮油批发", "宁绍区", "赵敏", 100_000, 1, 13),
    ("海宁百顺便利店", "杭嘉湖区", "刘洋", 92_000, 1, 12),
    ("常熟永丰副食商行", "苏南区", "孙浩", 88_000, 1, 12),
    ("慈溪鸿运烟酒店", "宁绍区", "赵敏", 82_000, 1, 12),
    ("上海宝山红星食杂店", "上海区", "王磊", 78_000, 1, 11),
    ("安吉县城鑫达二批商行", "杭嘉湖区", "刘洋", 72_000, 1, 14),  # TR-018: key_account yes
    ("德清小林食品商行", "杭嘉湖区", "刘洋", 68_000, 1, 11),
    ("上虞张记副食店", "宁绍区", "赵敏", 64_000, 1, 10),
    ("江阴旺角便利店", "苏南区", "孙浩", 60_000, 1, 10),
    ("萧山老王便利店", "杭嘉湖区", "刘洋", 56_000, 1, 10),
    ("奉化惠民烟酒商行", "宁绍区", "赵敏", 52_000, 1, 10),
    ("太仓邻里副食店", "苏南区", "孙浩", 50_000, 1, 10),
]
for _i, (_name, _region, _rep, _q, _pw, _n) in enumerate(_TRADITIONAL, start=1):
    CUSTOMERS.append(
        Customer(
            f"TR-{_i:03d}",
            _name,
            "traditional",
            _region,
            _rep,
            "yes" if _i == 18 else "",
            _q,
            0.04 + 0.02 * (_i % 5),
            _pw,
            "traditional",
            _n,
            terms=30,
            pay_delay=(-3, 10),
        )
    )

CNPC_STORES: list[tuple[str, str, str, str | None]] = [
    ("CNPC-HZ01", "昆仑好客 杭州文一西路加油站便利店", "杭州", None),
    ("CNPC-HZ02", "昆仑好客 杭州石祥路加油站便利店", "杭州", None),
    ("CNPC-HZ03", "昆仑好客 杭州萧山机场路加油站便利店", "杭州", None),
    ("CNPC-HZ04", "昆仑好客 杭州余杭临平加油站便利店", "杭州", None),
    ("CNPC-NB01", "昆仑好客 宁波鄞州环城南路加油站便利店", "宁波", None),
    ("CNPC-NB02", "昆仑好客 宁波北仑新碶加油站便利店", "宁波", "2023-04-01"),
    ("CNPC-SX01", "昆仑好客 绍兴柯桥笛扬路加油站便利店", "绍兴", None),
    ("CNPC-SX02", "昆仑好客 绍兴越城二环北路加油站便利店", "绍兴", None),
    ("CNPC-JX01", "昆仑好客 嘉兴南湖中环东路加油站便利店", "嘉兴", None),
    ("CNPC-JX02", "昆仑好客 嘉兴沪杭高速嘉兴服务区加油站便利店", "嘉兴", None),
    ("CNPC-HU01", "昆仑好客 湖州吴兴二环西路加油站便利店", "湖州", None),
    ("CNPC-SZ01", "昆仑好客 苏州吴中东方大道加油站便利店", "苏州", None),
    ("CNPC-SZ02", "昆仑好客 苏州工业园区星湖街加油站便利店", "苏州", "2023-04-01"),
    ("CNPC-WX01", "昆仑好客 无锡滨湖梁溪路加油站便利店", "无锡", None),
]
CUST = {c.cid: c for c in CUSTOMERS}
CUST["CNPC"].stores = CNPC_STORES
CIDS = [c.cid for c in CUSTOMERS]
CIDX = {c: i for i, c in enumerate(CIDS)}


# ----------------------------------------------------------------------------------------------
# Activities (the sales generator applies `uplift` on their skus and days)
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    aid: str
    cid: str
    name: str
    type: str
    start: str
    end: str
    skus: tuple[str, ...]  # () = all products
    uplift: float
    description: str
    support: tuple[tuple[str, float, str], ...]  # (type, amount, note)


GIFT = ("LY-0001", "JS-0004", "XX-0005", "RZ-0002")
ACTIVITIES: list[Activity] = [
    Activity(
        "ACT-2022-001",
        "KA-001",
        "2022 春节年货节",
        "节日促销",
        "2022-01-06",
        "2022-01-30",
        GIFT,
        1.35,
        "年货礼盒堆头 + 满 199 减 20",
        (("promotion", 45000, "年货节满减补贴"), ("posm", 6000, "堆头围板、吊旗")),
    ),
    Activity(
        "ACT-2022-002",
        "CNPC",
        "加油满额送好礼·春节",
        "加油站联动",
        "2022-01-10",
        "2022-01-31",
        ("LY-0001", "LY-0002", "LY-0006"),
        1.30,
        "加油满 300 元加 1 元换购粮油",
        (("free_goods", 38000, "换购粮油搭赠"), ("posm", 5000, "站点海报")),
    ),
    Activity(
        "ACT-2022-003",
        "KA-002",
        "五一粮油节",
        "节日促销",
        "2022-04-25",
        "2022-05-05",
        ("LY-0001", "LY-0002", "LY-0004", "LY-0006", "LY-0008"),
        1.30,
        "粮油第二件半价",
        (("promotion", 20000, "第二件半价补差"),),
    ),
    Activity(
        "ACT-2022-004",
        "SP-001",
        "618 邮乐优选年中大促",
        "电商大促",
        "2022-06-01",
        "2022-06-18",
        ("XX-0005", "LY-0001", "RZ-0002"),
        1.40,
        "平台首页资源位 + 满减券",
        (("promotion", 15000, "满减券补贴"), ("other", 8000, "平台资源位服务费")),
    ),
    Activity(
        "ACT-2022-005",
        "KA-001",
        "夏日冰饮节",
        "季节促销",
        "2022-07-01",
        "2022-07-31",
        ("YL-0001", "YL-0003", "YL-0004", "YL-0007", "JS-0001"),
        1.30,
        "冰柜陈列 + 整箱特价",
        (("display", 30000, "冰饮节地堆"), ("promotion", 20000, "整箱特价补贴")),
    ),
    Activity(
        "ACT-2022-006",
        "CNPC",
        "中秋礼盒季",
        "节日促销",
        "2022-08-20",
        "2022-09-09",
        ("LY-0001", "RZ-0002", "XX-0005", "JS-0004"),
        1.40,
        "中秋礼盒收银台陈列 + 团购",
        (("promotion", 30000, "团购让利"), ("free_goods", 12000, "买礼盒送挂面"), ("posm", 4000, "礼盒展架")),
    ),
    Activity(
        "ACT-2022-007",
        "KA-003",
        "国庆黄金周",
        "节日促销",
        "2022-09-28",
        "2022-10-07",
        ("YL-0001", "YL-0003", "XX-0001", "XX-0002", "FB-0003"),
        1.25,
        "出游零食饮料组合装",
        (("promotion", 12000, "组合装让利"),),
    ),
    Activity(
        "ACT-2023-001",
        "KA-002",
        "2023 春节年货节",
        "节日促销",
        "2023-01-01",
        "2023-01-20",
        GIFT,
        1.35,
        "年货礼盒专区 + 会员满减",
        (("promotion", 40000, "年货节满减补贴"), ("posm", 5000, "年货专区物料"), ("display", 20000, "年货专区端架")),
    ),
    Activity(
        "ACT-2023-002",
        "CNPC",
        "加油送粮油·春节",
        "加油站联动",
        "2023-01-02",
        "2023-01-20",
        ("LY-0001", "LY-0002", "LY-0006"),
        1.30,
        "加油满 300 元加 1 元换购粮油",
        (("free_goods", 45000, "换购粮油搭赠"), ("posm", 6000, "站点海报、价签")),
    ),
    Activity(
        "ACT-2023-003",
        "KA-001",
        "A2 牛奶新品上市",
        "新品推广",
        "2023-04-10",
        "2023-05-07",
        ("RZ-0006",),
        1.50,
        "新品上市试饮 + 第二件 8 折（新品无活动前销售，基线为 0）",
        (("promotion", 18000, "新品试饮及折扣补贴"), ("posm", 3000, "新品价签、跳跳卡")),
    ),
    Activity(
        "ACT-2023-004",
        "SP-001",
        "618 邮乐优选年中大促",
        "电商大促",
        "2023-06-01",
        "2023-06-18",
        ("XX-0005", "LY-0001", "RZ-0002"),
        1.40,
        "平台首页资源位 + 满减券",
        (("promotion", 16000, "满减券补贴"), ("other", 8000, "平台资源位服务费")),
    ),
    Activity(
        "ACT-2023-005",
        "KA-001",
        "夏日冰饮节",
        "季节促销",
        "2023-07-01",
        "2023-07-31",
        ("YL-0001", "YL-0003", "YL-0004", "YL-0007", "JS-0001"),
        1.30,
        "冰柜陈列 + 整箱特价",
        (("display", 32000, "冰饮节地堆"), ("promotion", 22000, "整箱特价补贴")),
    ),
    Activity(
        "ACT-2023-006",
        "KA-008",
        "新店开业 进场促销",
        "新客开发",
        "2023-07-10",
        "2023-07-30",
        (),
        1.20,
        "新客户开业全场 9 折（开业前无销售，基线为 0）",
        (("promotion", 25000, "开业折扣补贴"), ("posm", 4000, "开业物料")),
    ),
    Activity(
        "ACT-2023-007",
        "KA-002",
        "中秋团购季",
        "节日促销",
        "2023-09-05",
        "2023-09-28",
        ("LY-0001", "LY-0005", "RZ-0002", "XX-0005", "JS-0004"),
        1.35,
        "企业团购礼盒",
        (("promotion", 28000, "团购让利"), ("free_goods", 9000, "礼盒搭赠")),
    ),
    Activity(
        "ACT-2023-008",
        "CNPC",
        "中秋国庆·加油送好礼",
        "加油站联动",
        "2023-09-08",
        "2023-09-28",
        ("LY-0001", "LY-0011", "RZ-0002", "XX-0005", "JS-0004"),
        1.40,
        "加油满 500 元礼盒 9 折",
        (("promotion", 35000, "礼盒折扣补贴"), ("free_goods", 15000, "搭赠挂面"), ("posm", 5000, "礼盒展架")),
    ),
    Activity(
        "ACT-2023-009",
        "FR-001",
        "店庆周 全场满减",
        "店庆",
        "2023-10-10",
        "2023-10-16",
        (),
        1.25,
        "全场满 100 减 10（全部商品）",
        (("promotion", 12000, "店庆满减补贴"), ("posm", 2000, "店庆物料")),
    ),
    Activity(
        "ACT-2023-010",
        "KA-002",
        "会员日 双倍积分",
        "会员活动",
        "2023-10-20",
        "2023-10-22",
        ("XX-0001", "XX-0002", "XX-0005", "YL-0003"),
        1.15,
        "客户自费会员活动，我司无费用投入",
        (),
    ),
    Activity(
        ACTIVITY_ID,
        "CNPC",
        "双十一粮油节",
        "加油站联动",
        "2023-11-01",
        "2023-11-12",
        ("LY-0001", "LY-0002", "LY-0006", "LY-0007"),
        1.50,
        "14 座站点粮油堆头 + 加油满 200 元粮油立减 10 元",
        (("promotion", 60000, "粮油立减补贴"), ("free_goods", 22000, "买大米送挂面"), ("posm", 8000, "堆头围板、海报")),
    ),
    Activity(
        "ACT-2023-012",
        "SP-001",
        "双十一 邮政好物节",
        "电商大促",
        "2023-11-01",
        "2023-11-11",
        ("LY-0011", "XX-0005", "RZ-0002"),
        1.50,
        "好物节专题页 + 满减券",
        (("promotion", 18000, "满减券补贴"), ("other", 6000, "平台资源位服务费")),
    ),
    Activity(
        "ACT-2023-013",
        "KA-003",
        "冬季火锅节",
        "季节促销",
        "2023-11-15",
        "2023-12-10",
        ("TW-0008", "JS-0003", "TW-0001", "FB-0006"),
        1.30,
        "火锅食材组合陈列，挽回客流",
        (("display", 25000, "火锅节端架"), ("promotion", 15000, "组合装让利")),
    ),
    Activity(
        "ACT-2023-014",
        "KA-001",
        "元旦迎新购",
        "节日促销",
        "2023-12-22",
        "2023-12-31",
        GIFT,
        1.25,
        "元旦礼盒特价",
        (("promotion", 25000, "元旦礼盒特价补贴"),),
    ),
]


# ----------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------


def day_index(date: str | pd.Timestamp) -> int:
    return int((pd.Timestamp(date) - START).days)


def bump(days: np.ndarray, center: float, width: float) -> np.ndarray:
    """A smooth 0..1 bump over day indexes."""
    return np.exp(-0.5 * ((days - center) / width) ** 2)


def write_csv(df: pd.DataFrame, path: Path, fast: bool = False) -> None:
    """Deterministic CSV: UTF-8, \\n, floats (all money) with two decimals, blanks for missing.

    `fast` writes through pyarrow (several times faster for millions of rows, same bytes as long as
    no value needs quoting; pyarrow refuses to write one that would)."""
    if not fast:
        df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", float_format="%.2f")
        return
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    cols: dict[str, pa.Array] = {}
    for name in df.columns:
        values = df[name]
        if values.dtype.kind == "f":
            money = pc.round(pa.array(values.to_numpy(), from_pandas=True), 2)
            cols[name] = pc.cast(pc.cast(money, pa.decimal128(18, 2), safe=False), pa.string())
        elif values.dtype.kind in "iu":
            cols[name] = pa.array(values.to_numpy())
        else:
            cols[name] = pa.array(values.astype(object).to_numpy(), type=pa.string(), from_pandas=True)
    with open(path, "wb") as fh:
        fh.write((",".join(df.columns) + "\n").encode("utf-8"))
        pa_csv.write_csv(pa.table(cols), fh, pa_csv.WriteOptions(include_header=False, quoting_style="none"))


def date_text(values: pd.Series) -> np.ndarray:
    """ISO date strings (blank for NaT); fast for dates inside the data range."""
    idx = ((values - START).dt.days).to_numpy(dtype=float)
    inside = ~np.isnan(idx) & (idx >= 0) & (idx < N_DAYS)
    out = np.full(len(values), "", dtype=object)
    out[inside] = DAY_STR[idx[inside].astype(int)]
    rest = ~inside & values.notna().to_numpy()
    out[rest] = values[rest].dt.strftime("%Y-%m-%d").to_numpy()
    return out


def season_matrix() -> np.ndarray:
    """[day, sku] seasonal multiplier: Spring Festival, Mid-Autumn, summer, winter, holidays."""
    d = np.arange(N_DAYS, dtype=float)
    m = np.ones((N_DAYS, len(PRODUCTS)))
    cny_amp = {
        "粮油": 0.55,
        "饮料": 0.35,
        "休闲食品": 0.55,
        "调味品": 0.25,
        "乳制品": 0.45,
        "方便食品": 0.10,
        "酒水": 0.8,
    }
    ma_amp = {
        "粮油": 0.30,
        "饮料": 0.10,
        "休闲食品": 0.15,
        "调味品": 0.05,
        "乳制品": 0.25,
        "方便食品": 0.0,
        "酒水": 0.35,
    }
    for cny in CNY:
        c = float((cny - START).days)
        ramp = np.clip((d - (c - 28)) / 20, 0, 1) * (d < c - 1)  # the 3-4 weeks before
        closed = ((d >= c - 1) & (d < c + 7)) * 0.65  # the holiday week
        lull = ((d >= c + 7) & (d < c + 21)) * 0.25
        for j, p in enumerate(PRODUCTS):
            amp = cny_amp[p.category] + (0.5 if "gift" in p.tags else 0)
            m[:, j] *= (1 + amp * ramp) * (1 - closed) * (1 - lull)
    for ma in MID_AUTUMN:
        c = float((ma - START).days)
        ramp = np.clip((d - (c - 24)) / 12, 0, 1) * (d < c)
        after = ((d >= c) & (d < c + 8)) * 0.15
        for j, p in enumerate(PRODUCTS):
            amp = ma_amp[p.category] + (0.45 if "gift" in p.tags else 0)
            m[:, j] *= (1 + amp * ramp) * (1 - after)
    for year in (2022, 2023):
        mid_july = float((pd.Timestamp(f"{year}-07-20") - START).days)
        summer = bump(d, mid_july, 32)
        winter = bump(d, float((pd.Timestamp(f"{year}-01-10") - START).days), 40) + bump(
            d, float((pd.Timestamp(f"{year}-12-20") - START).days), 35
        )
        golden = bump(d, float((pd.Timestamp(f"{year}-10-01") - START).days), 5)
        for j, p in enumerate(PRODUCTS):
            if "beer" in p.tags:
                m[:, j] *= 1 + 1.0 * summer - 0.35 * winter
            elif "summer" in p.tags:
                m[:, j] *= 1 + 0.6 * summer - 0.15 * winter
            if "winter" in p.tags:
                m[:, j] *= 1 + 0.7 * winter - 0.4 * summer
            if p.category in ("饮料", "休闲食品"):
                m[:, j] *= 1 + 0.15 * golden
            if p.category == "乳制品" and "gift" not in p.tags:
                m[:, j] *= 1 - 0.1 * summer
    for j, p in enumerate(PRODUCTS):
        if p.launch:
            m[: day_index(p.launch), j] = 0.0
    return m


def customer_matrix() -> np.ndarray:
    """[day, customer] multiplier: growth trend, planted declines, start dates, COVID, channel events."""
    d = np.arange(N_DAYS, dtype=float)
    years = d / 365.0
    m = np.ones((N_DAYS, len(CUSTOMERS)))
    in_2023 = d >= day_index("2023-01-01")
    for i, c in enumerate(CUSTOMERS):
        col = (1 + c.growth) ** years
        if c.cid in (DECLINING, DECLINING_FRESH):
            # 2022 normal; from March 2023 a competitor takes shelf space: down to `floor` at year end.
            floor = 0.79 if c.cid == DECLINING else 0.66
            t = np.clip((d - day_index("2023-03-01")) / (N_DAYS - day_index("2023-03-01")), 0, 1)
            col = np.where(in_2023, (1 + c.growth) * (1 - (1 - floor) * t), col)
        if c.start:
            col = col * (d >= day_index(c.start))
            ramp = np.clip((d - day_index(c.start)) / 30, 0, 1)
            col = col * (0.6 + 0.4 * ramp)
        # COVID: Shanghai lock-down April-May 2022, logistics trouble elsewhere; the December 2022 wave.
        shanghai = c.region == "上海区"
        lock = (d >= day_index("2022-04-01")) & (d <= day_index("2022-05-31"))
        col = col * np.where(lock, 0.35 if shanghai else 0.88, 1.0)
        col = col * np.where((d >= day_index("2022-12-10")) & (d <= day_index("2022-12-31")), 0.85, 1.0)
        if c.profile == "canteen":
            for a, b in (
                ("2022-01-15", "2022-02-20"),
                ("2022-07-05", "2022-08-31"),
                ("2023-01-10", "2023-02-12"),
                ("2023-07-01", "2023-08-31"),
            ):
                col = col * np.where((d >= day_index(a)) & (d <= day_index(b)), 0.08, 1.0)
            for year in (2022, 2023):
                col = col * np.where((d >= day_index(f"{year}-10-01")) & (d <= day_index(f"{year}-10-07")), 0.3, 1.0)
        if c.profile == "eshop":
            for year in (2022, 2023):
                col = col * (1 + 0.8 * ((d >= day_index(f"{year}-06-01")) & (d <= day_index(f"{year}-06-18"))))
                col = col * (1 + 1.2 * ((d >= day_index(f"{year}-11-01")) & (d <= day_index(f"{year}-11-11"))))
        if c.channel == "modern":
            for year in (2022, 2023):
                col = col * (1 + 0.12 * ((d >= day_index(f"{year}-11-01")) & (d <= day_index(f"{year}-11-12"))))
        m[:, i] = col
    return m


def customer_shares(rng: np.random.Generator, c: Customer) -> np.ndarray:
    """Value share of each SKU in the customer's purchases (0 = not in its assortment)."""
    shares = np.zeros(len(PRODUCTS))
    if c.profile == "cnpc":
        for sku, s in CNPC_SHARES.items():
            shares[SKU_IDX[sku]] = s
        return shares / shares.sum()
    profile = PROFILES[c.profile]
    chilled_ok = c.profile in ("modern", "fresh", "hospital")
    pop = np.array([p.pop for p in PRODUCTS], dtype=float) * rng.lognormal(0, 0.35, len(PRODUCTS))
    eligible = np.array([p.category in profile and (chilled_ok or "chilled" not in p.tags) for p in PRODUCTS])
    for sku in UNKNOWN_COST_SKUS:  # the blank-cost SKUs only go to the documented buyers
        eligible[SKU_IDX[sku]] = c.cid in COST_ON_LINES or c.cid in NO_COST_BUYERS[sku]
    score = np.where(eligible, pop, 0.0)
    keep = np.argsort(-score, kind="stable")[: c.n_skus]
    keep = keep[score[keep] > 0]
    for sku in UNKNOWN_COST_SKUS:
        if eligible[SKU_IDX[sku]] and SKU_IDX[sku] not in keep:
            keep = np.append(keep, SKU_IDX[sku])
    for cat, cat_share in profile.items():
        idx = [j for j in keep if PRODUCTS[j].category == cat]
        if idx:
            w = pop[idx] / pop[idx].sum()
            shares[idx] = cat_share * w
    return shares / shares.sum()


# ----------------------------------------------------------------------------------------------
# Sales
# ----------------------------------------------------------------------------------------------


def make_prices(rng: np.random.Generator, c: Customer, markup: np.ndarray) -> np.ndarray:
    """The customer's contract unit price of each SKU: 15-40% above cost."""
    lo, hi = {"modern": (0.95, 0.99), "traditional": (1.02, 1.06), "special": (0.99, 1.03), "fresh": (0.98, 1.02)}[
        c.channel
    ]
    ratio = np.clip(markup * rng.uniform(lo, hi, len(PRODUCTS)), 1.16, 1.39)
    raw = TRUE_COST * ratio
    return np.where(raw >= 20, np.round(raw, 1), np.round(raw, 2))


DELIVERY_PATTERNS = {
    1: [(1,), (2,), (3,), (4,), (5,)],
    2: [(0, 3), (1, 4), (2, 5), (3, 6), (0, 4)],
    3: [(0, 2, 4), (1, 3, 5), (0, 3, 6), (1, 3, 6)],
}


def customer_lines(
    i: int, c: Customer, season: np.ndarray, cmult: np.ndarray, markup: np.ndarray, closed: np.ndarray
) -> dict[str, np.ndarray]:
    """All sales lines of one customer. Each customer has its own random stream, so tuning one
    customer's story leaves every other customer's lines unchanged."""
    rng = np.random.default_rng([SEED, 1, i])  # structure: prices, assortment, delivery days
    noise = np.random.default_rng([SEED, 2, i])  # demand noise and order quantities
    prices = make_prices(rng, c, markup)
    shares = customer_shares(rng, c)
    weekday = DAYS.day_of_week.to_numpy()
    if c.stores:
        sizes = rng.lognormal(0, 0.3, len(c.stores))
        old = np.array([s[3] is None for s in c.stores])
        sizes = np.where(old, sizes, 0.6 * sizes)  # new stations are smaller
        sizes = sizes / sizes[old].sum()  # the 2022 base is spread over the stores open in 2022
        points = [(s[0], s[3], float(sz)) for s, sz in zip(c.stores, sizes, strict=True)]
    else:
        points = [("", c.start, 1.0)]
    season_mean = float((season * shares).sum(axis=1)[: day_index("2023-01-01")].mean())
    daily_value = c.quarterly / 91.25 / season_mean
    sku_idx = np.flatnonzero(shares)
    acts = [a for a in ACTIVITIES if a.cid == c.cid]
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for store, opened, size in points:
        patterns = DELIVERY_PATTERNS[c.per_week]
        pattern = patterns[int(rng.integers(len(patterns)))]
        ok = np.isin(weekday, pattern) & ~closed
        if opened:
            ok &= np.arange(N_DAYS) >= day_index(opened)
        days = np.flatnonzero(ok)
        interval = np.diff(days, prepend=days[0] - 7 // c.per_week).astype(float)
        # Expected units sold between two deliveries: [delivery, sku].
        units_per_day = daily_value * size * shares[sku_idx] / prices[sku_idx]
        mu = (interval * noise.lognormal(0, 0.06, len(days)) * cmult[days, i])[:, None] * units_per_day[None, :]
        mu *= season[np.ix_(days, sku_idx)]
        for a in acts:  # the customer orders more of the activity SKUs during the window
            rows = (days >= day_index(a.start)) & (days <= day_index(a.end))
            cols = np.isin(sku_idx, [SKU_IDX[s] for s in a.skus]) if a.skus else np.ones(len(sku_idx), bool)
            mu[np.ix_(rows, cols)] *= a.uplift
        if c.cid == DROP_CUSTOMER:  # the planted weekly drop (out of stock after 双十一), then the restock
            drop_rows = (days >= day_index(DROP_WEEK)) & (days < day_index(DROP_WEEK) + 7)
            restock_rows = (days >= day_index(RESTOCK_WEEK)) & (days < day_index(RESTOCK_WEEK) + 7)
            for s_, left in DROP_SKUS.items():
                col = np.flatnonzero(sku_idx == SKU_IDX[s_])
                mu[drop_rows, col[0]] *= left
                mu[restock_rows, col[0]] *= RESTOCK_FACTOR
        mu *= noise.lognormal(-0.01, 0.15, mu.shape)
        # Replenishment: a SKU worth less than LOT per delivery is reordered every k-th delivery,
        # for what sold since its last order.
        value = mu.mean(axis=0) * prices[sku_idx]
        k = np.clip(np.ceil(LOT.get(c.cid, LOT[c.channel]) / np.maximum(value, 1e-9)), 1, 12).astype(int)
        offset = rng.integers(0, 12, len(sku_idx)) % k
        cum = np.vstack([np.zeros((1, len(sku_idx))), np.cumsum(mu, axis=0)])
        j = np.arange(len(days))[:, None]
        since = cum[j + 1, np.arange(len(sku_idx))] - cum[np.maximum(j + 1 - k, 0), np.arange(len(sku_idx))]
        order = (j + offset) % k == 0
        qty_m = np.where(order, noise.poisson(since), 0)
        r, col = np.nonzero(qty_m > 0)
        parts.append((np.full(len(r), store, dtype=object), days[r], sku_idx[col], qty_m[r, col]))
    store = np.concatenate([p[0] for p in parts])
    day = np.concatenate([p[1] for p in parts])
    sku = np.concatenate([p[2] for p in parts])
    qty = np.concatenate([p[3] for p in parts])

    price = prices[sku]
    disc = np.where(noise.random(len(qty)) < 0.07, noise.uniform(0.02, 0.08, len(qty)), 0.0)
    if c.cid == LOW_MARGIN:  # KA-006's 2023Q4 price war: special prices only 2-4.5% above cost
        low = day >= day_index("2023-10-01")
        disc[low] = 1 - TRUE_COST[sku[low]] * noise.uniform(1.02, 1.045, int(low.sum())) / price[low]
    amount = np.round(qty * price * (1 - disc), 2)

    cost = np.full(len(qty), np.nan)
    unit_cost = np.array([np.nan if p.unit_cost is None else p.unit_cost for p in PRODUCTS])
    if c.cid in COST_ON_LINES:
        given = np.isnan(unit_cost[sku])
        cost[given] = np.round(qty[given] * TRUE_COST[sku[given]], 2)
    extra = ~np.isnan(unit_cost[sku]) & (noise.random(len(qty)) < 0.015)
    cost[extra] = np.round(qty[extra] * unit_cost[sku[extra]] * noise.uniform(0.97, 1.03, int(extra.sum())), 2)
    return {
        "ci": np.full(len(qty), i),
        "store": store,
        "day": day,
        "sku": sku,
        "qty": qty,
        "amount": amount,
        "cost": cost,
    }


def make_sales() -> pd.DataFrame:
    season = season_matrix()
    cmult = customer_matrix()
    markup = np.random.default_rng([SEED, 0]).uniform(1.18, 1.34, len(PRODUCTS))
    closed = np.zeros(N_DAYS, dtype=bool)
    for cny in CNY[:2]:  # no deliveries from 除夕 to 初四
        closed[day_index(cny - pd.Timedelta(days=1)) : day_index(cny + pd.Timedelta(days=4)) + 1] = True
    per = [customer_lines(i, c, season, cmult, markup, closed) for i, c in enumerate(CUSTOMERS)]
    L = {k: np.concatenate([x[k] for x in per]) for k in per[0]}
    ci, day, sku, qty, amount = L["ci"], L["day"], L["sku"], L["qty"], L["amount"]

    # A few returns: part of an earlier line comes back a few days later (none of blank-cost SKUs).
    rng = np.random.default_rng([SEED, 3])
    known = np.array([p.unit_cost is not None for p in PRODUCTS])[sku]
    cnpc = ci == CIDX[DROP_CUSTOMER]
    cand = np.flatnonzero((qty >= 4) & known & (day < N_DAYS - 12) & ~cnpc)
    cand_cnpc = np.flatnonzero((qty >= 4) & known & (day < day_index("2023-09-01")) & cnpc)
    ret = np.sort(np.concatenate([rng.choice(cand, 40, replace=False), rng.choice(cand_cnpc, 4, replace=False)]))
    r_qty = -np.maximum(1, (qty[ret] * rng.uniform(0.1, 0.3, len(ret))).astype(int))
    r_amount = np.round(r_qty * amount[ret] / qty[ret], 2)
    r_day = day[ret] + rng.integers(2, 11, len(ret))

    df = pd.DataFrame(
        {
            "day": np.concatenate([day, r_day]),
            "customer_id": np.array(CIDS, dtype=object)[np.concatenate([ci, ci[ret]])],
            "sku": np.array(SKUS, dtype=object)[np.concatenate([sku, sku[ret]])],
            "qty": np.concatenate([qty, r_qty]).astype(np.int64),
            "amount": np.concatenate([amount, r_amount]),
            "store_id": np.concatenate([L["store"], L["store"][ret]]),
            "cost": np.concatenate([L["cost"], np.full(len(ret), np.nan)]),
        }
    )
    df = df.sort_values(["day", "customer_id", "store_id", "sku", "qty"], kind="stable").reset_index(drop=True)
    df.insert(0, "date", DAYS[df["day"].to_numpy()])
    return df.drop(columns="day")


# ----------------------------------------------------------------------------------------------
# The other tables
# ----------------------------------------------------------------------------------------------


def quarter_of(dates: pd.Series) -> pd.Series:
    return dates.dt.year.astype(str) + "Q" + dates.dt.quarter.astype(str)


def make_targets(rng: np.random.Generator, sales: pd.DataFrame) -> pd.DataFrame:
    q = sales.assign(quarter=quarter_of(sales["date"])).groupby(["customer_id", "quarter"])["amount"].sum()
    no_target = {"SP-002", *[f"TR-{i:03d}" for i in range(20, 25)]}
    rows = []
    for c in CUSTOMERS:
        if c.cid in no_target:
            continue
        for k, quarter in enumerate(QUARTERS):
            actual = q.get((c.cid, quarter), 0.0)
            if actual <= 0 or (c.cid == NEW_CUSTOMER and quarter == "2023Q3"):
                continue  # a new customer gets its first target after its first quarter
            if c.cid == "FR-003" and quarter == "2023Q4":
                continue  # target not yet agreed with the customer
            if k >= 4 and q.get((c.cid, QUARTERS[k - 4]), 0) > 0:
                plan = q[(c.cid, QUARTERS[k - 4])] * (1 + max(c.growth, 0.05) + 0.03)
                target = plan * rng.uniform(0.96, 1.06)
            else:
                target = actual * rng.uniform(0.93, 1.10)
            step = 10_000 if target >= 1_000_000 else 1_000
            rows.append((c.cid, quarter, int(round(target / step) * step)))
    rows += next_quarter_targets(q, {r[0] for r in rows if r[1] == "2023Q4"})
    return pd.DataFrame(rows, columns=["customer_id", "quarter", "target"])


def next_quarter_targets(q: pd.Series, with_q4: set[str]) -> list[tuple[str, str, int]]:
    """2024Q1 targets, agreed before the Q4 review (the plan slide's target and the growth it implies):
    last 2023Q1 x (1 + the customer's growth, at least 5%, + 3%), without a random draw so that the
    tables generated after this one stay byte-identical."""
    rows = []
    for c in CUSTOMERS:
        base = q.get((c.cid, "2023Q1"), 0.0)
        if c.cid not in with_q4 or base <= 0:
            continue
        target = base * (1 + max(c.growth, 0.05) + 0.03)
        step = 10_000 if target >= 1_000_000 else 1_000
        rows.append((c.cid, "2024Q1", int(round(target / step) * step)))
    return rows


def make_receivables(rng: np.random.Generator, sales: pd.DataFrame) -> pd.DataFrame:
    """Monthly invoices (fortnightly for the big three), paid after the terms with some delay."""
    s = sales.copy()
    fortnight = s["customer_id"].isin(["CNPC", "KA-001", "KA-002"])
    month_end = s["date"] + pd.offsets.MonthEnd(0)
    mid = s["date"].dt.to_period("M").dt.to_timestamp() + pd.Timedelta(days=14)
    s["invoice_date"] = np.where(fortnight & (s["date"] <= mid), mid, month_end)
    inv = s.groupby(["invoice_date", "customer_id"], sort=True)["amount"].sum().round(2).reset_index()
    inv = inv[inv["amount"] > 0].reset_index(drop=True)
    seq = inv.groupby(inv["invoice_date"].dt.to_period("M")).cumcount() + 1
    inv["invoice_no"] = "FP" + inv["invoice_date"].dt.strftime("%Y%m") + seq.map("{:04d}".format)
    terms = inv["customer_id"].map({c.cid: c.terms for c in CUSTOMERS})
    inv["due_date"] = inv["invoice_date"] + pd.to_timedelta(terms, unit="D")
    lo = inv["customer_id"].map({c.cid: c.pay_delay[0] for c in CUSTOMERS}).to_numpy()
    hi = inv["customer_id"].map({c.cid: c.pay_delay[1] for c in CUSTOMERS}).to_numpy()
    delay = np.floor(lo + (hi - lo + 1) * rng.random(len(inv))).astype(int)
    paid = inv["due_date"] + pd.to_timedelta(delay, unit="D")
    paid_amount = inv["amount"].to_numpy().copy()
    partial = rng.random(len(inv)) < 0.05  # deductions the customer made (扣款)
    paid_amount[partial] = np.round(paid_amount[partial] * rng.uniform(0.80, 0.97, int(partial.sum())), 2)
    cid = inv["customer_id"]
    # CNPC: July-August 2023 invoices held back over a reconciliation dispute (促销费抵扣对账差异).
    disputed = (cid == "CNPC") & inv["invoice_date"].between("2023-07-01", "2023-08-15")
    paid[disputed] = pd.NaT
    half = (cid == "CNPC") & (inv["invoice_date"] == pd.Timestamp("2023-08-31"))
    paid_amount[half.to_numpy()] = np.round(paid_amount[half.to_numpy()] * 0.5, 2)
    # KA-004: payment dispute since mid-2023 (why key_account = no): short payments, then nothing.
    ka4 = cid == "KA-004"
    short = (ka4 & inv["invoice_date"].between("2023-05-01", "2023-07-31")).to_numpy()
    paid_amount[short] = np.round(paid_amount[short] * rng.uniform(0.6, 0.8, int(short.sum())), 2)
    paid[ka4 & (inv["invoice_date"] >= pd.Timestamp("2023-08-01"))] = pd.NaT
    # Small shops: a couple never paid in full.
    late = cid.isin(["TR-011", "TR-021"]) & inv["invoice_date"].between("2023-06-01", "2023-08-31")
    paid[late] = pd.NaT
    paid[paid > END] = pd.NaT  # not paid by the cut-off
    inv["paid_date"] = paid
    is_paid = paid.notna().to_numpy()
    inv["paid_amount"] = np.where(is_paid, paid_amount, np.nan)
    # Wholesalers' ERP export leaves paid_amount blank when paid in full (defaults to amount).
    blank = (cid.str.startswith("TR-") & (inv["paid_amount"] == inv["amount"])).to_numpy()
    inv.loc[blank, "paid_amount"] = np.nan
    inv = inv.sort_values(["invoice_no"], kind="stable")
    return inv[["customer_id", "invoice_no", "invoice_date", "due_date", "amount", "paid_date", "paid_amount"]]


def make_support(rng: np.random.Generator, sales: pd.DataFrame) -> pd.DataFrame:
    qs = sales.assign(quarter=quarter_of(sales["date"])).groupby(["customer_id", "quarter"])["amount"].sum()
    rows: list[tuple[pd.Timestamp, str, str, float, str, str]] = []
    months = pd.date_range(START, END, freq="MS")
    for c in CUSTOMERS:
        start = pd.Timestamp(c.start) if c.start else START
        if c.channel == "modern":
            fee = round(c.quarterly * rng.uniform(0.008, 0.012) / 100) * 100
            for m in months[months >= start]:
                extra = 1.5 if (c.cid == DECLINING and m >= pd.Timestamp("2023-10-01")) else 1.0
                rows.append((m + pd.Timedelta(days=4), c.cid, "display", fee * extra, "", "端架/堆头陈列费（月）"))
            for k, quarter in enumerate(QUARTERS):
                qend = pd.Period(quarter, freq="Q").end_time.normalize()
                if qs.get((c.cid, quarter), 0) > 0:
                    rate = rng.uniform(0.012, 0.02)
                    rows.append(
                        (
                            qend,
                            c.cid,
                            "rebate",
                            round(qs[(c.cid, quarter)] * rate, 2),
                            "",
                            f"{quarter} 季度返利 {rate:.1%}",
                        )
                    )
                    if k % 2 == 0:
                        rows.append(
                            (
                                qend - pd.Timedelta(days=40),
                                c.cid,
                                "posm",
                                float(rng.integers(15, 50) * 100),
                                "",
                                "价签、爆炸贴、地贴",
                            )
                        )
            if c.cid in ("KA-001", "KA-002"):
                rows.append((pd.Timestamp("2023-04-03"), c.cid, "listing", 12000.0, "", "A2 牛奶新品条码费"))
                rows.append((pd.Timestamp("2023-07-25"), c.cid, "listing", 15000.0, "", "山茶油礼盒新品条码费"))
            if c.cid == NEW_CUSTOMER:
                rows.append((pd.Timestamp("2023-07-03"), c.cid, "listing", 80000.0, "", "新客户进场费（46 个条码）"))
            if c.cid == "KA-001":
                rows.append((pd.Timestamp("2023-03-18"), c.cid, "other", 10000.0, "", "客户年度供应商大会赞助"))
        elif c.cid == "CNPC":
            for m in months:
                n = sum(1 for s in c.stores if s[3] is None or pd.Timestamp(s[3]) <= m)
                rows.append(
                    (m + pd.Timedelta(days=9), c.cid, "display", 1500.0 * n, "", f"{n} 座站点收银台端架陈列费（月）")
                )
            for quarter in QUARTERS:
                qend = pd.Period(quarter, freq="Q").end_time.normalize()
                rows.append(
                    (qend, c.cid, "rebate", round(qs[(c.cid, quarter)] * 0.01, 2), "", f"{quarter} 季度返利 1%")
                )
            rows.append((pd.Timestamp("2023-04-06"), c.cid, "listing", 6000.0, "", "新站（宁波北仑、苏州园区）进场费"))
            rows.append((pd.Timestamp("2023-06-20"), c.cid, "other", 12000.0, "", "油卡积分兑换补贴"))
            rows.append((pd.Timestamp("2023-12-12"), c.cid, "other", 15000.0, "", "油卡积分兑换补贴"))
            rows.append((pd.Timestamp("2023-10-16"), c.cid, "posm", 3600.0, "", "冬季站点海报"))
        elif c.channel == "fresh":
            for m in months[::2]:
                rows.append(
                    (
                        m + pd.Timedelta(days=7),
                        c.cid,
                        "display",
                        round(c.quarterly * rng.uniform(0.004, 0.008) / 100) * 100,
                        "",
                        "冷柜/端架陈列费",
                    )
                )
            rows.append(
                (
                    pd.Timestamp("2023-05-15"),
                    c.cid,
                    "promotion",
                    round(c.quarterly * 0.01 / 100) * 100,
                    "",
                    "五一生鲜节补贴",
                )
            )
        elif c.channel == "traditional" and c.quarterly >= 150_000:
            for quarter in QUARTERS:
                qend = pd.Period(quarter, freq="Q").end_time.normalize()
                rows.append(
                    (qend, c.cid, "rebate", round(qs.get((c.cid, quarter), 0) * 0.015, 2), "", "季度进货返利 1.5%")
                )
            for m in (
                pd.Timestamp("2022-01-05"),
                pd.Timestamp("2022-09-01"),
                pd.Timestamp("2023-01-03"),
                pd.Timestamp("2023-09-05"),
            ):
                rows.append(
                    (m, c.cid, "free_goods", float(rng.integers(20, 60) * 100), "", "节前进货搭赠（挂面、生抽）")
                )
        elif c.channel == "traditional" and c.cid in ("TR-018", "TR-012", "TR-015"):
            rows.append((pd.Timestamp("2023-08-20"), c.cid, "posm", 800.0, "", "门头招牌及货架贴"))
    for a in ACTIVITIES:
        for k, (kind, amount, note) in enumerate(a.support):
            when = pd.Timestamp(a.start) - pd.Timedelta(days=3) if kind == "posm" else pd.Timestamp(a.end)
            when = min(max(when, START), END) + pd.Timedelta(days=0 * k)
            rows.append((when, a.cid, kind, float(amount), a.aid, note))
    df = pd.DataFrame(rows, columns=["date", "customer_id", "type", "amount", "activity_id", "note"])
    return df.sort_values(["date", "customer_id", "type"], kind="stable").reset_index(drop=True)


PROMOTERS: list[tuple[str, str, str, str, float, str]] = [
    # customer, promoter, start, end, cost per day, store
    ("CNPC", "周晓燕", "2022-01-05", "2022-01-30", 260, "CNPC-HZ01"),
    ("CNPC", "吴春梅", "2022-12-10", "2023-01-20", 270, "CNPC-HZ02"),  # crosses 2022Q4 -> 2023Q1
    ("CNPC", "郑丽", "2023-01-03", "2023-01-20", 270, "CNPC-SZ01"),
    ("CNPC", "冯芳", "2023-09-15", "2023-10-15", 280, "CNPC-NB01"),  # crosses 2023Q3 -> 2023Q4
    ("CNPC", "周晓燕", "2023-09-01", "2023-09-28", 280, "CNPC-HZ01"),
    ("CNPC", "何婷", "2023-10-25", "2023-11-15", 280, "CNPC-JX02"),
    ("CNPC", "吴春梅", "2023-10-28", "2023-11-14", 280, "CNPC-HZ03"),
    ("CNPC", "冯芳", "2023-12-11", "2023-12-31", 280, "CNPC-SX01"),
    ("KA-001", "韩雪", "2022-01-04", "2022-01-30", 300, ""),
    ("KA-001", "韩雪", "2023-01-02", "2023-01-20", 300, ""),
    ("KA-001", "曹敏", "2023-06-20", "2023-08-10", 290, ""),  # crosses 2023Q2 -> 2023Q3
    ("KA-001", "韩雪", "2023-10-01", "2023-12-31", 300, ""),
    ("KA-002", "邓佳", "2022-08-25", "2022-10-08", 280, ""),  # crosses 2022Q3 -> 2022Q4
    ("KA-002", "邓佳", "2023-09-05", "2023-10-06", 280, ""),
    ("KA-003", "彭静", "2023-11-15", "2023-12-10", 280, ""),
    ("KA-005", "蒋莉", "2023-01-05", "2023-01-21", 260, ""),
]


def make_promoters() -> pd.DataFrame:
    rows = []
    for cid, name, start, end, per_day, store in PROMOTERS:
        days = (pd.Timestamp(end) - pd.Timestamp(start)).days + 1
        rows.append((cid, name, pd.Timestamp(start), pd.Timestamp(end), float(per_day * days), store))
    return pd.DataFrame(rows, columns=["customer_id", "promoter", "start_date", "end_date", "cost", "store_id"])


# Activities agreed for 2024Q1 (the plan slide of the 2023Q4 review); kept out of ACTIVITIES, which
# shape sales and support, since they have not happened yet.
PLANNED_ACTIVITIES: list[Activity] = [
    Activity("ACT-2024-001", "CNPC", "加油送粮油·春节", "加油站联动", "2024-01-15", "2024-02-09",
             ("LY-0001", "LY-0002", "LY-0006"), 1.0, "加油满 300 元加 1 元换购粮油", ()),
    Activity("ACT-2024-002", "KA-001", "2024 春节年货节", "节日促销", "2024-01-10", "2024-02-09", GIFT, 1.0,
             "年货专区 30 个堆头 + 满 199 减 20", ()),
]  # fmt: skip
# The plans table: the investment planned per account, quarter and type (planned vs actual). CNPC's
# 2023Q4 promotion runs over plan (the 双十一 activity's cost), KA-003's display under it (3 stores
# closed); 2024Q1 carries the budgets of the planned activities.
PLANS = [
    ("CNPC", "2023Q4", "display", 60000, "", "14 座站点粮油堆头"),
    ("CNPC", "2023Q4", "promotion", 50000, "ACT-2023-011", "双十一粮油节"),
    ("CNPC", "2023Q4", "free_goods", 20000, "ACT-2023-011", "双十一换购搭赠"),
    ("CNPC", "2023Q4", "posm", 10000, "", ""),
    ("CNPC", "2023Q4", "rebate", 30000, "", "季度返利"),
    ("KA-001", "2023Q4", "display", 120000, "", ""),
    ("KA-001", "2023Q4", "promotion", 30000, "ACT-2023-014", "元旦迎新购"),
    ("KA-001", "2023Q4", "rebate", 75000, "", ""),
    ("KA-003", "2023Q4", "display", 150000, "", "恢复主通道堆头"),
    ("KA-003", "2023Q4", "promotion", 15000, "ACT-2023-013", "冬季火锅节"),
    ("KA-003", "2023Q4", "rebate", 50000, "", ""),
    ("CNPC", "2024Q1", "promotion", 74000, "ACT-2024-001", "春节加油送粮油"),
    ("CNPC", "2024Q1", "posm", 6000, "ACT-2024-001", "站点海报、价签"),
    ("KA-001", "2024Q1", "display", 60000, "ACT-2024-002", "年货专区 30 个堆头"),
]


def make_plans() -> pd.DataFrame:
    return pd.DataFrame(PLANS, columns=["customer_id", "quarter", "type", "amount", "activity_id", "note"])


def make_activities() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (a.aid, a.cid, a.name, pd.Timestamp(a.start), pd.Timestamp(a.end), a.type, ";".join(a.skus), a.description)
            for a in [*ACTIVITIES, *PLANNED_ACTIVITIES]
        ],
        columns=["activity_id", "customer_id", "name", "start_date", "end_date", "type", "skus", "description"],
    )


# ----------------------------------------------------------------------------------------------
# Facts (for notes and README): computed the spec's way with plain pandas
# ----------------------------------------------------------------------------------------------


def week_sales(sales: pd.DataFrame, cid: str, monday: pd.Timestamp) -> float:
    s = sales[
        (sales["customer_id"] == cid) & (sales["date"] >= monday) & (sales["date"] < monday + pd.Timedelta(days=7))
    ]
    return float(s["amount"].sum())


def weekly_change(sales: pd.DataFrame, first: str, last: str) -> pd.Series:
    """Week (Monday) -> sales change vs the week before, for the weeks starting first..last."""
    monday = sales["date"] - pd.to_timedelta(sales["date"].dt.day_of_week, unit="D")
    weeks = sales.groupby(monday)["amount"].sum()
    return (weeks / weeks.shift(1) - 1).loc[first:last]


def activity_facts(sales: pd.DataFrame, a: Activity) -> dict[str, float]:
    start, end = pd.Timestamp(a.start), pd.Timestamp(a.end)
    s = sales[sales["customer_id"] == a.cid]
    if a.skus:
        s = s[s["sku"].isin(a.skus)]
    days = (end - start).days + 1
    base = s[(s["date"] >= start - pd.Timedelta(days=28)) & (s["date"] < start)]["amount"].sum() / 28
    actual = s[(s["date"] >= start) & (s["date"] <= end)]["amount"].sum() / days
    return {
        "days": days,
        "baseline_daily": base,
        "actual_daily": actual,
        "uplift": actual / base - 1 if base else math.nan,
        "incremental": (actual - base) * days,
        "cost": sum(x[1] for x in a.support),
    }


def quarter_table(sales: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """Per customer and quarter: sales, gross margin (NaN when a line's cost is unknown)."""
    unit = sales["sku"].map(products.set_index("sku")["unit_cost"])
    cost = sales["cost"].fillna(sales["qty"] * unit)
    df = sales.assign(quarter=quarter_of(sales["date"]), line_cost=cost, unknown=cost.isna())
    g = df.groupby(["customer_id", "quarter"]).agg(
        sales=("amount", "sum"), cost=("line_cost", "sum"), unknown=("unknown", "any")
    )
    g["margin"] = np.where(g["unknown"], np.nan, (g["sales"] - g["cost"]) / g["sales"])
    return g


def key_accounts(qt: pd.DataFrame, customers: pd.DataFrame, quarter: str, ly: str) -> dict[str, str]:
    """The spec's key-account rule with the default settings: customer -> reason (key accounts only).

    Ranks are taken among all customers of the channel with sales (overridden ones included)."""
    cur = qt.xs(quarter, level="quarter")
    last = qt.xs(ly, level="quarter")["sales"]
    info = customers.set_index("customer_id")
    out: dict[str, str] = {}
    for channel, top in (("modern", 5), ("traditional", None), ("fresh", 30), ("special", None)):
        ids = [c for c in cur.index if info.loc[c, "channel"] == channel and cur.loc[c, "sales"] > 0]
        ranked = sorted(ids, key=lambda c: -cur.loc[c, "sales"])
        n = math.ceil(len(ranked) * 0.10) if channel == "traditional" else (top or len(ranked))
        for rank, c in enumerate(ranked, start=1):
            flag = info.loc[c, "key_account"] if isinstance(info.loc[c, "key_account"], str) else ""
            if flag == "yes":
                out[c] = "key_account = yes"
                continue
            if flag == "no":
                continue
            margin = cur.loc[c, "margin"]
            yoy = cur.loc[c, "sales"] / last[c] - 1 if last.get(c, 0) > 0 else math.nan
            if channel != "special" and rank > n:
                continue
            if channel != "special" and not math.isnan(margin) and margin < 0.05:
                continue
            if channel != "special" and not math.isnan(yoy) and yoy < -0.20:
                continue
            out[c] = "special: all with sales" if channel == "special" else f"{channel} rank {rank}"
    return out


def fmt_money(x: float) -> str:
    return f"¥{x:,.0f}"


def fmt_pct(x: float) -> str:
    return "n/a" if isinstance(x, float) and math.isnan(x) else f"{x:+.1%}"


# ----------------------------------------------------------------------------------------------
# Notes
# ----------------------------------------------------------------------------------------------


def make_notes(sales: pd.DataFrame, receivables: pd.DataFrame, qt: pd.DataFrame) -> pd.DataFrame:
    act = activity_facts(sales, next(a for a in ACTIVITIES if a.aid == ACTIVITY_ID))
    w0, w1 = week_sales(sales, "CNPC", DROP_WEEK - pd.Timedelta(days=7)), week_sales(sales, "CNPC", DROP_WEEK)
    drop = 1 - w1 / w0
    r = receivables[receivables["customer_id"] == "CNPC"]
    paid = r["paid_amount"].fillna(r["amount"]).where(r["paid_date"].notna(), 0)
    overdue90 = (r["amount"] - paid)[r["due_date"] < END - pd.Timedelta(days=90)].sum()
    yoy3 = qt.loc[(DECLINING, "2023Q4"), "sales"] / qt.loc[(DECLINING, "2022Q4"), "sales"] - 1
    m6 = qt.loc[(LOW_MARGIN, "2023Q4"), "margin"]
    n: list[tuple[str, str, str, str, str, str]] = [
        (
            "CNPC",
            "2023Q3",
            "highlight",
            "新开 2 座站点（宁波北仑、苏州园区）进入稳定期，Q3 14 座站点全部实现动销",
            "",
            "",
        ),
        (
            "CNPC",
            "2023Q3",
            "highlight",
            "中秋国庆“加油送好礼”（ACT-2023-008）礼盒销售超预期，山茶油礼盒新品首发",
            "",
            "",
        ),
        ("CNPC", "2023Q3", "issue", "7-8 月发票因促销费抵扣金额对账差异，客户财务暂缓付款", "", ""),
        ("CNPC", "2023Q3", "plan", "与客户财务完成 7-8 月对账，确认促销费抵扣口径", "张伟", "2023-10-31"),
        ("CNPC", "2023Q3", "plan", "双十一粮油节方案提交客户采购审批", "张伟", "2023-10-15"),
        ("CNPC", "2023Q3", "plan", "请客户开放 14 座站点粮油堆头位", "周敏", "2023-11-01"),
        (
            "CNPC",
            "2023Q4",
            "highlight",
            f"双十一粮油节（{ACTIVITY_ID}）活动单品日均销售较活动前 28 天提升 {act['uplift']:.0%}，"
            "14 座站点全部执行粮油堆头",
            "",
            "",
        ),
        ("CNPC", "2023Q4", "highlight", "油卡积分兑换专区上线，12 月粮油复购明显提升", "", ""),
        (
            "CNPC",
            "2023Q4",
            "issue",
            f"11 月 20 日当周金禾丰 5L 花生油、5L 调和油断货，10kg 东北大米到货延迟，周销售环比下降 {drop:.0%}",
            "",
            "",
        ),
        ("CNPC", "2023Q4", "issue", f"7-8 月发票仍未回款，逾期 90 天以上应收约 {overdue90 / 10000:.0f} 万元", "", ""),
        ("CNPC", "2023Q4", "plan", "请客户财务在 1 月 15 日前完成 7-8 月对账并支付逾期款项", "张伟", "2024-01-15"),
        ("CNPC", "2023Q4", "plan", "请客户协调春节档 14 座站点收银台端架及门口堆头陈列位", "张伟", "2024-01-10"),
        ("CNPC", "2023Q4", "plan", "花生油、调和油建立不少于 2 周销量的安全库存，避免活动后断货", "周敏", "2024-01-05"),
        ("CNPC", "2023Q4", "plan", "春节“加油送粮油”活动方案（预算 8 万元）提交客户审批", "张伟", "2024-01-08"),
        ("KA-001", "2023Q3", "highlight", "夏日冰饮节（ACT-2023-005）饮料销售同比增长明显，冰柜陈列执行率 95%", "", ""),
        ("KA-001", "2023Q3", "plan", "山茶油礼盒、A2 牛奶进入中秋礼盒专区", "王磊", "2023-09-10"),
        (
            "KA-001",
            "2023Q4",
            "highlight",
            "元旦迎新购（ACT-2023-014）礼盒专区提前两周布置，A2 牛奶进入门店前 20 单品",
            "",
            "",
        ),
        ("KA-001", "2023Q4", "issue", "部分门店休闲食品缺货率偏高（约 6%），自动补货参数需调整", "", ""),
        ("KA-001", "2023Q4", "plan", "请客户开放春节年货专区 30 个堆头位", "王磊", "2024-01-05"),
        ("KA-001", "2023Q4", "plan", "与客户采购共同调整休闲食品补货参数", "王磊", "2024-01-20"),
        ("KA-002", "2023Q4", "highlight", "会员日双倍积分（ACT-2023-010）由客户自费开展，零食类带动明显", "", ""),
        ("KA-002", "2023Q4", "plan", "2024 年年度合同续签，争取返利比例不变", "李娜", "2024-01-31"),
        ("KA-003", "2023Q3", "issue", "竞品进场抢占主通道堆头，我司粮油陈列面减少约 30%", "", ""),
        ("KA-003", "2023Q3", "plan", "增加端架陈列投入，争取恢复主通道堆头", "孙浩", "2023-10-31"),
        ("KA-003", "2023Q4", "issue", f"销售同比下滑 {-yoy3:.0%}：竞品低价进场、3 家门店闭店调整", "", ""),
        ("KA-003", "2023Q4", "highlight", "冬季火锅节（ACT-2023-013）调味品、黄酒止跌回升", "", ""),
        ("KA-003", "2023Q4", "plan", "请客户恢复 2 个主通道堆头位，我司承担陈列费", "孙浩", "2024-01-15"),
        ("KA-003", "2023Q4", "plan", "与客户评估闭店门店销量转移方案", "孙浩", "2024-02-28"),
        ("KA-006", "2023Q4", "issue", f"客户要求全线特价应对竞争，Q4 毛利率仅 {m6:.1%}", "", ""),
        ("KA-006", "2023Q4", "plan", "与客户重新谈判 2024 年供价，特价范围收窄到 10 个单品", "王磊", "2024-01-31"),
        ("SP-001", "2023Q4", "highlight", "双十一邮政好物节（ACT-2023-012）山茶油礼盒售罄", "", ""),
        ("SP-001", "2023Q4", "plan", "春节年货专题页提报 5 个礼盒单品", "张伟", "2024-01-05"),
        ("FR-004", "2023Q4", "issue", "客户关闭 2 家门店、竞品生鲜店开在隔壁，销售同比下降超过 30%", "", ""),
        ("FR-004", "2023Q4", "plan", "评估是否继续账期合作，改为现款现货", "孙浩", "2024-01-31"),
        ("TR-001", "2023Q4", "highlight", "四季青批发部春节备货提前，12 月粮油进货同比增长", "", ""),
        ("TR-001", "2023Q4", "plan", "春节前完成 2 次集中备货，搭赠挂面、生抽", "刘洋", "2024-01-20"),
    ]
    df = pd.DataFrame(n, columns=["customer_id", "quarter", "section", "text", "owner", "due"])
    df["due"] = pd.to_datetime(df["due"].replace("", None))
    # last quarter's plans as reviewed in the 2023Q4 meeting (KA-001's is left blank: 待确认)
    reviews = {
        "与客户财务完成 7-8 月对账": ("部分完成", "对账完成，促销费抵扣口径客户财务仍未确认，7-8 月发票未回款"),
        "双十一粮油节方案": ("完成", f"方案获批，{ACTIVITY_ID} 按期执行，活动单品日均提升 {act['uplift']:.0%}"),
        "请客户开放 14 座站点粮油堆头位": ("完成", "14 座站点全部执行粮油堆头"),
        "增加端架陈列投入": ("未完成", "主通道堆头仍被竞品占据，Q4 仅恢复端架"),
    }
    df["status"] = [next((v[0] for k, v in reviews.items() if t.startswith(k)), "") for t in df["text"]]
    df["result"] = [next((v[1] for k, v in reviews.items() if t.startswith(k)), "") for t in df["text"]]
    # the owner's words in English too, for the English decks (text_en / result_en; blank = as written)
    text_en = {
        "新开 2 座站点（宁波北仑、苏州园区）进入稳定期，Q3 14 座站点全部实现动销": "The 2 new stations (Ningbo Beilun, Suzhou Industrial Park) have settled in; all 14 stations sold in Q3",
        "中秋国庆“加油送好礼”（ACT-2023-008）礼盒销售超预期，山茶油礼盒新品首发": 'Mid-Autumn "Fuel up for a gift" (ACT-2023-008) sold more gift boxes than planned; camellia oil gift box launched',
        "7-8 月发票因促销费抵扣金额对账差异，客户财务暂缓付款": "July-August invoices on hold at the customer's finance: the promotion deductions do not reconcile",
        "与客户财务完成 7-8 月对账，确认促销费抵扣口径": "Reconcile July-August with the customer's finance and agree how promotion fees are deducted",
        "双十一粮油节方案提交客户采购审批": "Submit the Singles' Day grain & oil festival plan for the buyer's approval",
        "请客户开放 14 座站点粮油堆头位": "Ask the buyer for grain & oil floor displays in all 14 stations",
        f"双十一粮油节（{ACTIVITY_ID}）活动单品日均销售较活动前 28 天提升 {act['uplift']:.0%}，"
        "14 座站点全部执行粮油堆头": f"Singles' Day grain & oil festival ({ACTIVITY_ID}): daily sales of its SKUs {act['uplift']:.0%} above the 28 "
        "days before; floor displays in all 14 stations",
        "油卡积分兑换专区上线，12 月粮油复购明显提升": "Fuel-card points corner launched; grain & oil repeat purchases up clearly in December",
        f"11 月 20 日当周金禾丰 5L 花生油、5L 调和油断货，10kg 东北大米到货延迟，周销售环比下降 {drop:.0%}": f"Week of 20 Nov: Jinhefeng 5L peanut oil and 5L blended oil out of stock, 10kg northeast rice late; "
        f"sales down {drop:.0%} on the week before",
        f"7-8 月发票仍未回款，逾期 90 天以上应收约 {overdue90 / 10000:.0f} 万元": f"July-August invoices still unpaid: about ¥{overdue90 / 1e6:.2f}M over 90 days overdue",
        "请客户财务在 1 月 15 日前完成 7-8 月对账并支付逾期款项": "Ask the customer's finance to reconcile July-August and pay the overdue by 15 Jan",
        "请客户协调春节档 14 座站点收银台端架及门口堆头陈列位": "Ask the buyer for checkout end caps and entrance displays in all 14 stations for Spring Festival",
        "花生油、调和油建立不少于 2 周销量的安全库存，避免活动后断货": "Hold at least 2 weeks of safety stock of peanut and blended oil, so no stock-out follows an activity",
        "春节“加油送粮油”活动方案（预算 8 万元）提交客户审批": 'Submit the Spring Festival "Fuel up for grain & oil" plan (budget ¥80K) for the buyer\'s approval',
        "夏日冰饮节（ACT-2023-005）饮料销售同比增长明显，冰柜陈列执行率 95%": "Summer cold drinks festival (ACT-2023-005): drinks clearly up on last year; 95% of coolers displayed",
        "山茶油礼盒、A2 牛奶进入中秋礼盒专区": "Camellia oil gift box and A2 milk in the Mid-Autumn gift zone",
        "元旦迎新购（ACT-2023-014）礼盒专区提前两周布置，A2 牛奶进入门店前 20 单品": "New Year's Day shopping (ACT-2023-014): gift zone set up two weeks early; A2 milk among the stores' top 20",
        "部分门店休闲食品缺货率偏高（约 6%），自动补货参数需调整": "Snacks out of stock in some stores (about 6%): the automatic reorder settings need adjusting",
        "请客户开放春节年货专区 30 个堆头位": "Ask the buyer for 30 floor displays in the Spring Festival goods zone",
        "与客户采购共同调整休闲食品补货参数": "Adjust the snacks reorder settings together with the buyer",
        "会员日双倍积分（ACT-2023-010）由客户自费开展，零食类带动明显": "Members' day double points (ACT-2023-010), run at the customer's cost, clearly lifted snacks",
        "2024 年年度合同续签，争取返利比例不变": "Renew the 2024 annual contract, asking to keep the rebate rate",
        "竞品进场抢占主通道堆头，我司粮油陈列面减少约 30%": "A competitor took the main-aisle displays; our grain & oil display space fell by about 30%",
        "增加端架陈列投入，争取恢复主通道堆头": "Invest more in end caps and ask to win back the main-aisle displays",
        f"销售同比下滑 {-yoy3:.0%}：竞品低价进场、3 家门店闭店调整": f"Sales down {-yoy3:.0%} on last year: a low-price competitor, 3 stores closed for refitting",
        "冬季火锅节（ACT-2023-013）调味品、黄酒止跌回升": "Winter hotpot festival (ACT-2023-013): seasonings and rice wine back to growth",
        "请客户恢复 2 个主通道堆头位，我司承担陈列费": "Ask the buyer for 2 main-aisle displays back; we pay the display fee",
        "与客户评估闭店门店销量转移方案": "Assess with the buyer how the closed stores' sales move to others",
        f"客户要求全线特价应对竞争，Q4 毛利率仅 {m6:.1%}": f"The customer asked for special prices on the whole range to fight competition: Q4 margin only {m6:.1%}",
        "与客户重新谈判 2024 年供价，特价范围收窄到 10 个单品": "Renegotiate 2024 prices with the customer, special prices on 10 SKUs only",
        "双十一邮政好物节（ACT-2023-012）山茶油礼盒售罄": "Singles' Day post-office goods fair (ACT-2023-012): camellia oil gift box sold out",
        "春节年货专题页提报 5 个礼盒单品": "Put 5 gift-box SKUs forward for the Spring Festival goods page",
        "客户关闭 2 家门店、竞品生鲜店开在隔壁，销售同比下降超过 30%": "The customer closed 2 stores and a rival fresh store opened next door: sales down over 30% on last year",
        "评估是否继续账期合作，改为现款现货": "Decide whether to keep giving credit or move to cash on delivery",
        "四季青批发部春节备货提前，12 月粮油进货同比增长": "Sijiqing stocked up for Spring Festival early: December grain & oil purchases up on last year",
        "春节前完成 2 次集中备货，搭赠挂面、生抽": "Two stock-ups before Spring Festival, with free noodles and soy sauce",
    }
    result_en = {
        "对账完成，促销费抵扣口径客户财务仍未确认，7-8 月发票未回款": "Reconciled; the customer's finance has not yet agreed the deductions, July-August invoices unpaid",
        f"方案获批，{ACTIVITY_ID} 按期执行，活动单品日均提升 {act['uplift']:.0%}": f"Approved; {ACTIVITY_ID} ran on time, daily sales of its SKUs up {act['uplift']:.0%}",
        "14 座站点全部执行粮油堆头": "Floor displays in all 14 stations",
        "主通道堆头仍被竞品占据，Q4 仅恢复端架": "The competitor still holds the main aisle; only end caps back in Q4",
    }
    df["text_en"] = df["text"].map(text_en).fillna("")
    df["result_en"] = df["result"].map(result_en).fillna("")
    return df


# ----------------------------------------------------------------------------------------------
# README
# ----------------------------------------------------------------------------------------------


def make_readme(out: Path, t: dict[str, pd.DataFrame]) -> str:
    sales, customers, products = t["sales"], t["customers"], t["products"]
    qt = quarter_table(sales, products)
    cn = qt.xs("CNPC", level="customer_id")
    act = {a.aid: activity_facts(sales, a) for a in ACTIVITIES}
    a11 = act[ACTIVITY_ID]
    w_prev, w_drop = (week_sales(sales, "CNPC", DROP_WEEK - pd.Timedelta(days=7)), week_sales(sales, "CNPC", DROP_WEEK))
    cnpc = sales[sales["customer_id"] == "CNPC"]
    per_sku = [
        (
            s,
            cnpc[(cnpc["sku"] == s) & (cnpc["date"] >= DROP_WEEK - pd.Timedelta(days=7)) & (cnpc["date"] < DROP_WEEK)][
                "amount"
            ].sum(),
            cnpc[(cnpc["sku"] == s) & (cnpc["date"] >= DROP_WEEK) & (cnpc["date"] < DROP_WEEK + pd.Timedelta(days=7))][
                "amount"
            ].sum(),
        )
        for s in DROP_SKUS
    ]
    name = dict(zip(products["sku"], products["name"], strict=True))
    ka = key_accounts(qt, customers, "2023Q4", "2022Q4")
    r = t["receivables"]
    paid = r["paid_amount"].fillna(r["amount"]).where(r["paid_date"].notna(), 0)
    r = r.assign(open=r["amount"] - paid, late=(END - r["due_date"]).dt.days)
    # overdue once the payable day has passed: a due date on a day off moves to the next working
    # day (State Council calendar, swapped working weekends included), as qbr reads the spec
    import holidays

    calendar = holidays.China(years=range(2021, 2026))

    def payable(day: pd.Timestamp) -> pd.Timestamp:
        while not calendar.is_working_day(day.date()):
            day += pd.Timedelta(days=1)
        return day

    r = r.assign(overdue=r["due_date"].map(payable) < END)
    rc = r[r["customer_id"] == "CNPC"]
    unknown = sorted({c for (c, q), row in qt.iterrows() if row["unknown"]})
    unknown_q = {c: sorted(q for (cc, q), row in qt.iterrows() if cc == c and row["unknown"]) for c in unknown}
    returns = sales[sales["qty"] < 0]
    q4 = qt.xs("2023Q4", level="quarter")["sales"].sort_values(ascending=False)
    lines = [
        "# Sample data: 星河商贸 (Xinghe Trading), 2022Q1–2023Q4",
        "",
        "Generated by `python scripts/make_sample_data.py` (seeded, deterministic: running it again gives",
        "byte-identical files). Do not edit by hand: change the script and regenerate. Everything here is",
        "fictional: the distributor, the brands and the stores (CNPC / 昆仑好客 is used as the name of a",
        "customer type; its stations and figures are invented).",
        "",
        f"{DISTRIBUTOR} is a food-and-beverage distributor in 华东 (Shanghai, Zhejiang, southern Jiangsu).",
        "Data runs from 2022-01-01 to 2023-12-31 (the cut-off, the last sales date). CSV files are UTF-8",
        "without BOM, canonical English headers, ISO dates, money with two decimals, blanks for missing.",
        "",
        "## Tables",
        "",
        "| file | rows | size | content |",
        "|---|---:|---:|---|",
    ]
    about = {
        "customers": "8 modern (KA-), 24 traditional (TR-), 6 fresh (FR-), 4 special (CNPC, SP-001 e-shop, "
        "SP-002 hospital, SP-003 university canteen)",
        "products": "56 SKUs in 粮油, 饮料, 休闲食品, 调味品, 乳制品, 方便食品, 酒水; two with blank unit_cost",
        "sales": "one line per customer (CNPC: station), delivery day and SKU; deliveries 1-3 times a week",
        "targets": "customer x quarter; some customers have none",
        "support": "display, promotion, free_goods, rebate, listing, posm, other; activity rows carry activity_id",
        "promoters": "CNPC (with store_id) and modern accounts; several cross a quarter boundary",
        "activities": f"{len(ACTIVITIES)} activities, 2022-2023, and {len(PLANNED_ACTIVITIES)} planned for 2024Q1",
        "receivables": "monthly invoices (twice a month for CNPC, KA-001, KA-002)",
        "notes": "highlight / issue / plan for the big accounts, 2023Q3 and 2023Q4; 2023Q3 plans carry their "
        "review (status, result)",
        "plans": "planned investment by account, quarter and type: 2023Q4 (planned vs actual) and 2024Q1",
        "stores": "14 CNPC stations (2 opened 2023-04-01)",
    }
    for table in TABLE_ORDER:
        size = (out / f"{table}.csv").stat().st_size
        lines.append(f"| {table}.csv | {len(t[table]):,} | {size / 1024:,.0f} KB | {about[table]} |")
    lines += [
        "",
        "`qbr.toml` holds the distributor name, language zh and the spec's default key-account and alert",
        "settings.",
        "",
        "## Seasonality and background",
        "",
        "- Spring Festival (2022-02-01, 2023-01-22): orders ramp up over the 3-4 weeks before, gift items",
        "  (oil, rice, baijiu, nuts, milk gift boxes) most; no deliveries 除夕-初四, a lull for two weeks after.",
        "- Mid-Autumn (2022-09-10, 2023-09-29): gift items peak in the 3 weeks before.",
        "- Summer: drinks (+60% at the peak) and beer (about double); hot-pot base, 黄酒, frozen dumplings in winter.",
        "- 双十一: the e-shop SP-001 about doubles 11-01..11-11, modern accounts +12%; 618 for SP-001.",
        "- COVID: Shanghai customers (region 上海区) at 35% in April-May 2022, others at 88%; the",
        "  December 2022 wave takes 15% off everyone. So 2023Q2 YoY is high, especially for 上海区.",
        "- SP-003 (university canteen) almost stops in winter and summer holidays and National Day week.",
        "- Most customers grow 4-18% a year; CNPC also gains two stations on 2023-04-01.",
        f"- Returns: {len(returns)} lines with negative qty and negative amount (never positive amount).",
        "",
        "## Planted stories",
        "",
        "### CNPC (中国石油昆仑好客, channel special, customer_id `CNPC`)",
        "",
        f"- 14 stations in stores.csv ({', '.join(s[0] for s in CNPC_STORES)}); every CNPC sales line has a",
        "  store_id. CNPC-NB02 and CNPC-SZ02 opened 2023-04-01.",
        "- Quarterly sales: " + ", ".join(f"{q} {fmt_money(v)}" for q, v in cn["sales"].items()) + ".",
        f"- 2023Q4: YoY {fmt_pct(cn.loc['2023Q4', 'sales'] / cn.loc['2022Q4', 'sales'] - 1)}, gross margin "
        f"{cn.loc['2023Q4', 'margin']:.1%} (known: the blank-cost SKUs' lines carry sales.cost).",
        f"- Activity **{ACTIVITY_ID} 双十一粮油节**, 2023-11-01..2023-11-12 (12 days), SKUs "
        f"{';'.join(next(a.skus for a in ACTIVITIES if a.aid == ACTIVITY_ID))}: baseline_daily "
        f"{fmt_money(a11['baseline_daily'])}, actual_daily {fmt_money(a11['actual_daily'])}, uplift "
        f"{fmt_pct(a11['uplift'])}, incremental sales {fmt_money(a11['incremental'])}, cost "
        f"{fmt_money(a11['cost'])} (promotion + free_goods + posm support rows), sales ROI "
        f"{a11['incremental'] / a11['cost']:.2f} on the support rows alone (qbr also counts the promoters working "
        "CNPC on those days in its cost, and leaves stock-out weeks out of its lift: `qbr metrics` shows both).",
        f"- **Weekly drop: week starting Monday {DROP_WEEK.date()}** (out of stock after 双十一): CNPC sales "
        f"{fmt_money(w_drop)} vs {fmt_money(w_prev)} the week before ({fmt_pct(w_drop / w_prev - 1)}). Drivers:",
    ]
    for s, before, during in per_sku:
        lines.append(f"  {s} {name[s]}: {fmt_money(before)} -> {fmt_money(during)};")
    lines += [
        f"  the week of {RESTOCK_WEEK.date()} restocks them (+45% on those SKUs). All 2023Q4 CNPC weeks that fell",
        "  by more than 5% vs the week before: "
        + "; ".join(
            f"{d.date()} {fmt_pct(v)}" for d, v in weekly_change(cnpc, "2023-10-02", "2023-12-25").items() if v < -0.05
        )
        + " (after Mid-Autumn/National Day, after the activity, the planted drop,",
        "  after the restock).",
        "- Receivables: invoices twice a month, 60-day terms. Invoices of 2023-07-15, 2023-07-31 and",
        "  2023-08-15 are unpaid (reconciliation dispute), 2023-08-31 paid half: at 2023-12-31 CNPC has "
        f"{fmt_money(rc['open'].sum())} outstanding, {fmt_money(rc[rc['overdue']]['open'].sum())} overdue, "
        f"{fmt_money(rc[rc['overdue'] & (rc['late'] > 90)]['open'].sum())} more than 90 days past due (the",
        "  invoice due Saturday 12-30 is payable on Tuesday 2024-01-02: not yet overdue at 12-31).",
        "- Promoters at stations (store_id set), one assignment 2023-09-15..2023-10-15 crossing 2023Q3/Q4,",
        "  one 2022-12-10..2023-01-20 crossing 2022Q4/2023Q1.",
        "- Notes for 2023Q3 and 2023Q4; 2023Q4 has 4 plan items (2 of them asks of the customer).",
        "",
        "### Other customers",
        "",
    ]
    yoy = lambda c: qt.loc[(c, "2023Q4"), "sales"] / qt.loc[(c, "2022Q4"), "sales"] - 1  # noqa: E731
    lines += [
        f"- **{DECLINING}** (modern, 欧尚达量贩超市) declines through 2023: 2023Q4 sales "
        f"{fmt_money(qt.loc[(DECLINING, '2023Q4'), 'sales'])}, YoY {fmt_pct(yoy(DECLINING))} "
        "(competitor took shelf space); still passes min_growth -20%. Activity ACT-2023-013 tries to help.",
        f"- **{DECLINING_FRESH}** (fresh) YoY {fmt_pct(yoy(DECLINING_FRESH))} in 2023Q4: fails min_growth, "
        "so not a key account although fresh_top = 30 covers all fresh customers.",
        f"- **{LOW_MARGIN}** (modern) price war in 2023Q4: gross margin "
        f"{qt.loc[(LOW_MARGIN, '2023Q4'), 'margin']:.1%} (2023Q3 {qt.loc[(LOW_MARGIN, '2023Q3'), 'margin']:.1%})"
        " - in the modern top 5 by sales but fails min_margin 5%.",
        f"- **{NEW_CUSTOMER}** (modern, 优鲜汇) starts {NEW_CUSTOMER_START.date()}: no sales before 2023Q3, "
        "so YoY is n/a; no target for 2023Q3, a target for 2023Q4; 80,000 listing fee; activity "
        "ACT-2023-006 starts with it (baseline 0, uplift n/a).",
        "- **KA-004** has key_account = `no` (payment dispute since mid-2023: short payments May-July,",
        "  nothing paid for invoices from August) although the rules would pick it.",
        "- **TR-018** (安吉县城鑫达二批商行, small) has key_account = `yes`: the rules would not pick it.",
        "- Activities: ACT-2023-009 (FR-001 店庆周) has blank skus (= all products); ACT-2023-010",
        "  (KA-002 会员日, customer-funded) has no support rows, so cost 0 and ROI n/a; ACT-2023-003",
        "  (KA-001, new SKU RZ-0006 launched on its start day) and ACT-2023-006 have a zero baseline.",
        "- Targets: none at all for SP-002 and TR-020..TR-024; FR-003 has none for 2023Q4 (SP-002 and",
        "  FR-003 are 2023Q4 key accounts without a target); KA-008 none for 2023Q3.",
        "- Receivables: TR-011 and TR-021 left June-August 2023 invoices unpaid; about 5% of invoices",
        "  are short-paid (paid_amount < amount); TR- customers' fully paid rows leave paid_amount blank",
        "  (it defaults to amount).",
        "",
        "### Unknown cost",
        "",
        f"SKUs {' and '.join(UNKNOWN_COST_SKUS)} have a blank unit_cost (new products, cost not yet in the ERP).",
        f"{', '.join(COST_ON_LINES)} buy them with `cost` on every such line, so their margins are known.",
        "Customers with lines of unknown cost (gross margin null in those quarters): "
        + "; ".join(f"{c} ({', '.join(unknown_q[c])})" for c in unknown)
        + ".",
        f"Besides those, {int(sales['cost'].notna().sum()):,} lines carry a cost close to qty x unit_cost.",
        "",
        "## 2023Q4 at a glance",
        "",
        "| customer | channel | sales | YoY | gross margin | key account (default rules) |",
        "|---|---|---:|---:|---:|---|",
    ]
    ch = customers.set_index("customer_id")["channel"]
    for c, v in q4.items():
        ly = qt["sales"].get((c, "2022Q4"), 0)
        m = qt.loc[(c, "2023Q4"), "margin"]
        lines.append(
            f"| {c} | {ch[c]} | {fmt_money(v)} | {fmt_pct(v / ly - 1) if ly else 'n/a'} | "
            f"{'n/a' if math.isnan(m) else f'{m:.1%}'} | {ka.get(c, '')} |"
        )
    lines += [
        "",
        "Key accounts are computed with the defaults of qbr.toml, ranking each channel among all its",
        "customers with sales (customers overridden by key_account included).",
        "",
    ]
    lines += review_readme(t)
    if "sellout" in t:
        lines += sellout_readme(out, t["sellout"], sales)
    return "\n".join(lines)


def review_readme(t: dict[str, pd.DataFrame]) -> list[str]:
    """The review section of README.md: commitments, planned vs actual, next quarter (plain pandas)."""
    notes, plans, support = t["notes"], t["plans"], t["support"]
    reviewed = notes[(notes["quarter"] == "2023Q3") & (notes["section"] == "plan")]
    q4 = support[(support["date"] >= "2023-10-01") & (support["date"] <= "2023-12-31")]
    lines = ["## The review around 2023Q4 (commitments, plan vs actual, next quarter)", ""]
    lines.append("Last quarter's commitments (2023Q3 plan notes, as reviewed in the 2023Q4 meeting):")
    for _, r in reviewed.iterrows():
        lines.append(f"- {r['customer_id']}: {r['text']} — {r['status'] or '(blank: 待确认)'}")
    lines += ["", "Planned vs actual investment in 2023Q4 (plans.csv against support.csv dated in Q4):", ""]
    lines += ["| customer | planned | actual | used |", "|---|---:|---:|---:|"]
    for c in ("CNPC", "KA-001", "KA-003"):
        planned = plans[(plans["customer_id"] == c) & (plans["quarter"] == "2023Q4")]["amount"].sum()
        actual = q4[q4["customer_id"] == c]["amount"].sum()
        lines.append(f"| {c} | {fmt_money(planned)} | {fmt_money(actual)} | {actual / planned:.0%} |")
    targets = t["targets"].set_index(["customer_id", "quarter"])["target"]
    lines += [
        "",
        "Next quarter: 2024Q1 targets for every customer with a 2023Q4 target (CNPC "
        f"{fmt_money(targets[('CNPC', '2024Q1')])}); planned activities "
        + ", ".join(f"{a.aid} {a.cid} {a.name} {a.start}..{a.end}" for a in PLANNED_ACTIVITIES)
        + ", with their budgets in plans.csv; KA-001's 2023Q3 plan note has no status (待确认).",
        "",
    ]
    return lines


def sellout_readme(out: Path, so: pd.DataFrame, sales: pd.DataFrame) -> list[str]:
    """The sellout.csv section of README.md, with its planted 2023Q4 facts."""
    q4 = so[(so["date"] >= "2023-10-01") & (so["customer_id"] == "CNPC")]
    sold = q4.groupby(q4["date"].dt.month)["qty"].sum()
    cnpc = sales[(sales["customer_id"] == "CNPC") & (sales["date"] >= "2023-10-01")]
    cnpc = cnpc[cnpc["sku"].isin(set(q4["sku"]))]
    delivered = cnpc.groupby(cnpc["date"].dt.month)["qty"].sum()
    size = (out / "sellout.csv").stat().st_size
    return [
        "## Sell-out (sellout.csv)",
        "",
        f"| sellout.csv | {len(so):,} | {size / 1024:,.0f} KB | weekly rows dated on the Sunday, 2023-07-09 .. "
        f"2023-12-31: {', '.join(SELLOUT_CUSTOMERS)} |",
        "",
        "The customers' own POS sales (qty, amount at retail price) and the stock at each week's end, as a",
        "fuel-station chain, a KA chain and an e-shop share them: CNPC per station, KA-001 and SP-001 for",
        "the whole account (blank store_id). Stock starts at three weeks of deliveries and moves with",
        "deliveries and shoppers; sell-out lags the September (Mid-Autumn) loading, so October sells out",
        "more than it is delivered (the customer works its stock down) and November restocks.",
        "CNPC 2023Q4 units sold / delivered (SKUs it reports) by month: "
        + ", ".join(f"{m}月 {int(sold[m]):,} / {int(delivered[m]):,}" for m in (10, 11, 12))
        + ".",
        "- Dead stock: " + ", ".join(f"{st} {sku}" for st, sku in SELLOUT_DEAD) + " stop selling from "
        f"{SELLOUT_DEAD_FROM:%Y-%m-%d} while they hold stock; small stations' gift boxes sell nothing in December.",
        "- Shelf gaps: " + ", ".join(f"{st} {sku}" for st, sku in SELLOUT_EMPTY) + " sell out in the last week of",
        "  2023: zero stock on 2023-12-31 after selling.",
        "- Gift boxes (礼盒) sell at 60% of pace in December (loaded for 春节 2024-02-10), so their weeks",
        "  of cover are two to three times the other SKUs'.",
        "- The planted weekly drop (CNPC, week of 2023-11-20) is a sell-in drop: LY-0002 and LY-0006 sell",
        "  out within 3% of their 4-week baseline while stock falls (the customer working down its stock);",
        "  LY-0001's sell-out dips 11%, between steady and a drop.",
        "",
    ]


TABLE_ORDER = [
    "customers",
    "products",
    "sales",
    "targets",
    "support",
    "promoters",
    "activities",
    "receivables",
    "notes",
    "stores",
    "plans",
]
DATES = {
    "sales": ("date",),
    "support": ("date",),
    "promoters": ("start_date", "end_date"),
    "activities": ("start_date", "end_date"),
    "receivables": ("invoice_date", "due_date", "paid_date"),
    "notes": ("due",),
}

QBR_TOML = f"""# qbr settings for the sample data (the spec's defaults, written out)
[distributor]
name = "{DISTRIBUTOR}"

[report]
language = "zh"
currency = "¥"

[key_accounts]
modern_top = 5
traditional_top_pct = 10
fresh_top = 30
special = "all"
min_margin = 0.05
min_growth = -0.20

[alerts]
weekly_drop = 0.05
"""


def write_tables(out: Path, tables: dict[str, pd.DataFrame], fast: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in TABLE_ORDER:
        if name not in tables:
            continue  # the benchmark data has no plans table (an optional table may be absent)
        df = tables[name].copy()
        for col in DATES.get(name, ()):
            df[col] = date_text(df[col])
        write_csv(df, out / f"{name}.csv", fast)
    (out / "qbr.toml").write_text(QBR_TOML, encoding="utf-8", newline="\n")


# -- English names (optional name_en / category_en columns): what English decks show ----------------

CATEGORY_EN = {
    "粮油": "Grain & oil", "饮料": "Beverages", "休闲食品": "Snacks", "调味品": "Condiments",
    "乳制品": "Dairy", "方便食品": "Convenience food", "酒水": "Beer, wine & spirits",
}  # fmt: skip
NAME_EN = {
    # products
    "金禾丰 5L 压榨一级花生油": "Jinhefeng 5L pressed peanut oil",
    "金禾丰 5L 黄金比例食用调和油": "Jinhefeng 5L golden-ratio blended oil",
    "金禾丰 1.8L 压榨一级花生油": "Jinhefeng 1.8L pressed peanut oil",
    "金禾丰 5L 非转基因大豆油": "Jinhefeng 5L non-GMO soybean oil",
    "金禾丰 4L 压榨玉米油": "Jinhefeng 4L pressed corn oil",
    "谷满仓 10kg 东北长粒香大米": "Gumancang 10kg northeast long-grain rice",
    "谷满仓 5kg 五常稻花香大米": "Gumancang 5kg Wuchang fragrant rice",
    "谷满仓 5kg 苏北软香米": "Gumancang 5kg Subei soft rice",
    "谷满仓 2.5kg 高筋小麦粉": "Gumancang 2.5kg bread flour",
    "谷满仓 1kg 鸡蛋挂面": "Gumancang 1kg egg noodles",
    "金禾丰 2.5L 冷榨山茶油礼盒": "Jinhefeng 2.5L cold-pressed camellia oil gift box",
    "山溪 饮用天然水 550ml×24瓶/箱": "Shanxi spring water 550ml×24",
    "山溪 饮用天然水 1.5L×12瓶/箱": "Shanxi spring water 1.5L×12",
    "冰晶 冰红茶 500ml×15瓶/箱": "Bingjing iced black tea 500ml×15",
    "冰晶 茉莉绿茶 500ml×15瓶/箱": "Bingjing jasmine green tea 500ml×15",
    "果乐多 100%橙汁 1L×6瓶/箱": "Guoleduo 100% orange juice 1L×6",
    "果乐多 芒果汁饮料 450ml×15瓶/箱": "Guoleduo mango drink 450ml×15",
    "劲跑 维生素运动饮料 600ml×15瓶/箱": "Jinpao vitamin sports drink 600ml×15",
    "咖客 即饮拿铁咖啡 280ml×15瓶/箱": "Kake ready-to-drink latte 280ml×15",
    "椰岛风 生榨椰子汁 1L×12盒/箱": "Yedaofeng fresh coconut milk 1L×12",
    "山溪 饮用天然水 5L×4桶/箱": "Shanxi spring water 5L×4",
    "脆乐坊 原味薯片 70g×22袋/箱": "Cuilefang original crisps 70g×22",
    "脆乐坊 番茄味薯片 70g×22袋/箱": "Cuilefang tomato crisps 70g×22",
    "麦香园 苏打饼干 400g×12盒/箱": "Maixiangyuan soda crackers 400g×12",
    "麦香园 巧克力夹心饼干 390g×12盒/箱": "Maixiangyuan chocolate sandwich biscuits 390g×12",
    "坚果派 每日坚果 25g×30袋礼盒": "Jianguopai daily nuts 25g×30 gift box",
    "坚果派 盐焗开心果 500g罐装": "Jianguopai salted pistachios 500g jar",
    "甜心 什锦水果糖 1kg袋装": "Tianxin mixed fruit candy 1kg bag",
    "麦香园 手撕面包 1kg箱装": "Maixiangyuan pull-apart bread 1kg",
    "禾润 特级生抽 1.28L": "Herun premium light soy sauce 1.28L",
    "禾润 红烧老抽 500ml": "Herun dark soy sauce 500ml",
    "禾润 鲜味蚝油 700g": "Herun oyster sauce 700g",
    "老陈坊 山西陈醋 500ml": "Laochenfang Shanxi aged vinegar 500ml",
    "味之源 鸡精 200g": "Weizhiyuan chicken bouillon 200g",
    "味之源 精制食用盐 400g": "Weizhiyuan refined salt 400g",
    "禾润 零添加酱油 500ml": "Herun no-additive soy sauce 500ml",
    "味之源 牛油火锅底料 150g": "Weizhiyuan beef-tallow hotpot base 150g",
    "老陈坊 葱姜料酒 500ml": "Laochenfang scallion-ginger cooking wine 500ml",
    "蓝湖牧场 纯牛奶 250ml×24盒/箱": "Lanhu Farm whole milk 250ml×24",
    "蓝湖牧场 高钙牛奶 250ml×12盒礼盒": "Lanhu Farm high-calcium milk 250ml×12 gift box",
    "蓝湖牧场 原味酸奶 200g×12杯": "Lanhu Farm plain yogurt 200g×12",
    "蓝湖牧场 鲜牛奶 950ml": "Lanhu Farm fresh milk 950ml",
    "蓝湖牧场 儿童成长牛奶 190ml×15盒": "Lanhu Farm kids' growth milk 190ml×15",
    "蓝湖牧场 A2β-酪蛋白纯牛奶 250ml×10盒礼盒": "Lanhu Farm A2 milk 250ml×10 gift box",
    "面面香 红烧牛肉面 100g×24袋/箱": "Mianmianxiang braised beef noodles 100g×24",
    "面面香 老坛酸菜牛肉面 120g×24袋/箱": "Mianmianxiang pickled-cabbage beef noodles 120g×24",
    "面面香 桶装红烧牛肉面 ×12桶/箱": "Mianmianxiang braised beef noodle cups ×12",
    "速达 自热米饭 275g": "Suda self-heating rice 275g",
    "速达 玉米热狗肠 30g×10支": "Suda corn hot dogs 30g×10",
    "速达 三鲜速冻水饺 1kg": "Suda frozen three-delicacy dumplings 1kg",
    "速达 经典午餐肉罐头 340g": "Suda classic luncheon meat 340g",
    "面面香 柳州螺蛳粉 320g": "Mianmianxiang Liuzhou snail rice noodles 320g",
    "清溪 清爽啤酒 500ml×12罐/箱": "Qingxi light beer 500ml×12 cans",
    "清溪 纯生啤酒 330ml×24罐/箱": "Qingxi draft beer 330ml×24 cans",
    "江南春 五年陈花雕黄酒 500ml×12瓶/箱": "Jiangnanchun 5-year Huadiao rice wine 500ml×12",
    "古井坊 52度浓香白酒 500ml×2瓶礼盒": "Gujingfang 52% baijiu 500ml×2 gift box",
    # customers
    "汇润隆大卖场（华东区）": "Huirunlong Hypermarkets (East China)",
    "家佳福超市连锁": "Jiajiafu Supermarkets",
    "欧尚达量贩超市": "Oushangda Hypermarket",
    "万众佳超市": "Wanzhongjia Supermarket",
    "乐惠购超市连锁": "Lehuigou Supermarkets",
    "永兴隆超市": "Yongxinglong Supermarket",
    "鑫乐购超市": "Xinlegou Supermarket",
    "优鲜汇购物中心超市": "Youxianhui Mall Supermarket",
    "中国石油昆仑好客便利店（华东片区）": "PetroChina uSmile Stores (East China)",
    "中国邮政 邮乐优选 e-shop（浙江）": "China Post Youle e-shop (Zhejiang)",
    "康宁医院后勤服务中心（职工超市）": "Kangning Hospital Staff Store",
    "东湖大学后勤集团（学生食堂）": "Donghu University Canteens",
    "鲜丰源生鲜超市": "Xianfengyuan Fresh Market",
    "菜篮子生鲜连锁": "Cailanzi Fresh Markets",
    "绿叶鲜生超市": "Lüye Fresh Market",
    "每日鲜生鲜超市": "Meirixian Fresh Market",
    "谷田生鲜": "Gutian Fresh",
    "邻家鲜果蔬超市": "Linjiaxian Fruit & Veg Market",
    "杭州四季青粮油批发部": "Hangzhou Sijiqing Grain & Oil Wholesale",
    "宁波江东副食品批发商行": "Ningbo Jiangdong Food Wholesale",
    "绍兴柯桥食品批发部": "Shaoxing Keqiao Food Wholesale",
    "安吉县城鑫达二批商行": "Anji Xinda Sub-distributor",
    # stores
    "昆仑好客 杭州文一西路加油站便利店": "uSmile Hangzhou Wenyi West Rd",
    "昆仑好客 杭州石祥路加油站便利店": "uSmile Hangzhou Shixiang Rd",
    "昆仑好客 杭州萧山机场路加油站便利店": "uSmile Hangzhou Xiaoshan Airport Rd",
    "昆仑好客 杭州余杭临平加油站便利店": "uSmile Hangzhou Yuhang Linping",
    "昆仑好客 宁波鄞州环城南路加油站便利店": "uSmile Ningbo Yinzhou Huancheng South Rd",
    "昆仑好客 宁波北仑新碶加油站便利店": "uSmile Ningbo Beilun Xinqi",
    "昆仑好客 绍兴柯桥笛扬路加油站便利店": "uSmile Shaoxing Keqiao Diyang Rd",
    "昆仑好客 绍兴越城二环北路加油站便利店": "uSmile Shaoxing Yuecheng 2nd Ring North Rd",
    "昆仑好客 嘉兴南湖中环东路加油站便利店": "uSmile Jiaxing Nanhu Zhonghuan East Rd",
    "昆仑好客 嘉兴沪杭高速嘉兴服务区加油站便利店": "uSmile Jiaxing Hu-Hang Expressway Services",
    "昆仑好客 湖州吴兴二环西路加油站便利店": "uSmile Huzhou Wuxing 2nd Ring West Rd",
    "昆仑好客 苏州吴中东方大道加油站便利店": "uSmile Suzhou Wuzhong Dongfang Ave",
    "昆仑好客 苏州工业园区星湖街加油站便利店": "uSmile Suzhou SIP Xinghu St",
    "昆仑好客 无锡滨湖梁溪路加油站便利店": "uSmile Wuxi Binhu Liangxi Rd",
    # activities
    "2022 春节年货节": "2022 Spring Festival goods fair",
    "加油满额送好礼·春节": "Fill up, get a gift · Spring Festival",
    "五一粮油节": "May Day grain & oil week",
    "618 邮乐优选年中大促": "618 Youle mid-year sale",
    "夏日冰饮节": "Summer cold-drinks festival",
    "中秋礼盒季": "Mid-Autumn gift box season",
    "国庆黄金周": "National Day Golden Week",
    "2023 春节年货节": "2023 Spring Festival goods fair",
    "加油送粮油·春节": "Fill up, get rice & oil · Spring Festival",
    "A2 牛奶新品上市": "A2 milk launch",
    "新店开业 进场促销": "New store opening promotion",
    "中秋团购季": "Mid-Autumn group-buy season",
    "中秋国庆·加油送好礼": "Mid-Autumn & National Day fill-up gifts",
    "店庆周 全场满减": "Anniversary week spend-and-save",
    "会员日 双倍积分": "Member day double points",
    "双十一粮油节": "Singles' Day grain & oil festival",
    "双十一 邮政好物节": "Singles' Day China Post goods festival",
    "冬季火锅节": "Winter hotpot festival",
    "元旦迎新购": "New Year's Day shopping",
    "2024 春节年货节": "2024 Spring Festival goods fair",
}


DESCRIPTION_EN = {
    "年货礼盒堆头 + 满 199 减 20": "New Year goods gift-box displays + ¥20 off ¥199",
    "加油满 300 元加 1 元换购粮油": "Fuel up ¥300, add ¥1 for grain & oil",
    "粮油第二件半价": "Second grain & oil item half price",
    "平台首页资源位 + 满减券": "Home-page slot on the platform + spend-and-save coupons",
    "冰柜陈列 + 整箱特价": "Cooler displays + case price",
    "中秋礼盒收银台陈列 + 团购": "Mid-Autumn gift boxes at the checkouts + group buying",
    "出游零食饮料组合装": "Travel snack and drink bundles",
    "年货礼盒专区 + 会员满减": "New Year gift-box zone + members' spend-and-save",
    "新品上市试饮 + 第二件 8 折（新品无活动前销售，基线为 0）": "Launch tasting + 20% off the second item (new: no sales before, baseline 0)",
    "新客户开业全场 9 折（开业前无销售，基线为 0）": "New customer's opening: 10% off everything (no sales before, baseline 0)",
    "企业团购礼盒": "Corporate gift-box group buying",
    "加油满 500 元礼盒 9 折": "Fuel up ¥500: gift boxes 10% off",
    "全场满 100 减 10（全部商品）": "¥10 off every ¥100 (all products)",
    "客户自费会员活动，我司无费用投入": "Members' event at the customer's cost; no spend of ours",
    "14 座站点粮油堆头 + 加油满 200 元粮油立减 10 元": "Grain & oil displays in 14 stations + ¥10 off grain & oil with ¥200 of fuel",
    "好物节专题页 + 满减券": "Goods-fair feature page + spend-and-save coupons",
    "火锅食材组合陈列，挽回客流": "Hotpot ingredient displays to win back shoppers",
    "元旦礼盒特价": "New Year's Day gift-box prices",
    "年货专区 30 个堆头 + 满 199 减 20": "30 displays in the New Year goods zone + ¥20 off ¥199",
}


def add_english(tables: dict[str, pd.DataFrame]) -> None:
    """name_en (and products' category_en, activities' description_en) where the tables above have
    one; blank keeps the Chinese."""
    for table in ("customers", "products", "stores", "activities"):
        frame = tables[table]
        frame["name_en"] = frame["name"].map(NAME_EN)
    tables["products"]["category_en"] = tables["products"]["category"].map(CATEGORY_EN)
    tables["activities"]["description_en"] = tables["activities"]["description"].map(DESCRIPTION_EN)


def make_sample(out: Path) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    customers = pd.DataFrame(
        [(c.cid, c.name, c.channel, c.region, c.rep, c.key_account) for c in CUSTOMERS],
        columns=["customer_id", "name", "channel", "region", "sales_rep", "key_account"],
    )
    products = pd.DataFrame(
        [(p.sku, p.name, p.category, p.brand, np.nan if p.unit_cost is None else p.unit_cost) for p in PRODUCTS],
        columns=["sku", "name", "category", "brand", "unit_cost"],
    )
    stores = pd.DataFrame(
        [(s[0], "CNPC", s[1], s[2]) for s in CNPC_STORES], columns=["store_id", "customer_id", "name", "city"]
    )
    sales = make_sales()
    receivables = make_receivables(rng, sales)
    tables = {
        "customers": customers,
        "products": products,
        "sales": sales,
        "targets": make_targets(rng, sales),
        "support": make_support(rng, sales),
        "promoters": make_promoters(),
        "activities": make_activities(),
        "receivables": receivables,
        "stores": stores,
        "notes": make_notes(sales, receivables, quarter_table(sales, products)),
        "plans": make_plans(),
    }
    add_english(tables)
    write_tables(out, tables)
    # sell-out last, with its own generator: the tables above stay byte-identical
    tables["sellout"] = make_sellout(sales, products)
    sellout = tables["sellout"].assign(date=date_text(tables["sellout"]["date"]))
    write_csv(sellout, out / "sellout.csv")
    (out / "README.md").write_text(make_readme(out, tables) + "\n", encoding="utf-8", newline="\n")
    return tables


# ----------------------------------------------------------------------------------------------
# Sell-out (the customers' own POS sales and store stock), generated after everything else with
# its own random generator, so that adding it moved no other table by a byte
# ----------------------------------------------------------------------------------------------

SELLOUT_CUSTOMERS = ("CNPC", "KA-001", "SP-001")  # CNPC per station; the others for the whole account
SELLOUT_FIRST_MONDAY = pd.Timestamp("2023-06-05")  # four warm-up weeks before the rows written
SELLOUT_FROM = pd.Timestamp("2023-07-03")  # rows are written from this week (2023Q3 and Q4)
SELLOUT_WEEKS = 30  # 2023-06-05 .. 2023-12-31
# Planted in CNPC's 2023Q4 (sample_data/README.md): two stations stop selling a SKU from late
# November while they still hold it (dead stock), and two stations sell out a SKU in the last week
# of the year (on-shelf gaps going into 春节).
SELLOUT_DEAD = (("CNPC-JX02", "JS-0004"), ("CNPC-HU01", "FB-0003"))
SELLOUT_DEAD_FROM = pd.Timestamp("2023-11-27")
SELLOUT_EMPTY = (("CNPC-HZ01", "YL-0001"), ("CNPC-SZ01", "YL-0001"))


def make_sellout(sales: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """Weekly rows dated on the week's Sunday: units sold, retail value, stock at the week's end.

    Stock behaves as stock does: each (store, SKU) starts with three weeks of its deliveries, grows
    by each week's delivery and falls by what shoppers buy. Shoppers buy about the median delivery
    of the five weeks around (one short delivery does not change what they buy), a little more
    when the shelf is full and less when it runs low (the customer's ordering keeps stock near
    three weeks), never more than the shelf holds. Gift boxes
    (礼盒) sell at 60% of that pace in December: the customer loads them for 春节 (2024-02-10) and
    shoppers buy them in January, so their cover going into the festival is high.
    """
    rng = np.random.default_rng([SEED, 18])
    mondays = SELLOUT_FIRST_MONDAY + pd.to_timedelta(7 * np.arange(SELLOUT_WEEKS), unit="D")
    gifts = set(products.loc[products["name"].str.contains("礼盒"), "sku"])
    rows = []
    for cid in SELLOUT_CUSTOMERS:
        theirs = sales[sales["customer_id"] == cid]
        price = theirs.groupby("sku")["amount"].sum() / theirs.groupby("sku")["qty"].sum()
        mine = theirs[theirs["date"] >= mondays[0]]
        week = ((mine["date"] - mondays[0]).dt.days // 7).to_numpy()
        store = mine["store_id"].fillna("").to_numpy() if cid == "CNPC" else np.full(len(mine), "")
        frame = pd.DataFrame({"store": store, "sku": mine["sku"].to_numpy(), "week": week, "qty": mine["qty"]})
        weekly = frame.groupby(["store", "sku", "week"])["qty"].sum()
        for (st, sku), series in weekly.groupby(level=[0, 1]):
            sellin = np.zeros(SELLOUT_WEEKS)
            idx = series.index.get_level_values(2).to_numpy()
            sellin[idx[idx < SELLOUT_WEEKS]] = series.to_numpy()[idx < SELLOUT_WEEKS]
            sellin = np.maximum(sellin, 0)  # returns go back from the DC, not from the shelf
            retail = float(price[sku]) * rng.uniform(1.22, 1.36)
            noise = rng.lognormal(0, 0.12, SELLOUT_WEEKS)
            target = 3 * sellin.mean()
            stock = round(target)
            for w in range(SELLOUT_WEEKS):
                around = float(np.median(sellin[max(0, w - 2) : w + 3]))
                demand = max(around * noise[w] + 0.25 * (stock - target), 0)
                if sku in gifts and mondays[w].month == 12:
                    demand *= 0.6
                if (st, sku) in SELLOUT_DEAD and mondays[w] >= SELLOUT_DEAD_FROM:
                    demand = 0
                available = stock + sellin[w]
                if (st, sku) in SELLOUT_EMPTY and w == SELLOUT_WEEKS - 1:
                    demand = available
                sold = int(min(round(demand), available))
                stock = int(available - sold)
                if mondays[w] < SELLOUT_FROM or (sold == 0 and stock == 0):
                    continue
                rows.append((mondays[w] + pd.Timedelta(days=6), cid, sku, sold, st, round(sold * retail, 1), stock))
    out = pd.DataFrame(rows, columns=["date", "customer_id", "sku", "qty", "store_id", "amount", "stock_qty"])
    return out.sort_values(["date", "customer_id", "store_id", "sku"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# Scale mode: a big data set of the same shape, fully vectorised
# ----------------------------------------------------------------------------------------------

SCALE_WORDS = np.array(list("鑫隆盛源丰泰兴福佳润华联惠达利和祥康顺安宏瑞恒通"))
SCALE_CITIES = np.array(
    ["上海", "杭州", "宁波", "绍兴", "嘉兴", "湖州", "苏州", "无锡", "常州", "南京", "金华", "台州"]
)
SCALE_SUFFIX = {"modern": "超市连锁", "traditional": "副食商行", "fresh": "生鲜超市", "special": "后勤服务中心"}
REGIONS = np.array(["上海区", "杭嘉湖区", "宁绍区", "苏南区"])
REPS = np.array(["王磊", "李娜", "孙浩", "张伟", "陈静", "刘洋", "赵敏"])


def make_scaled(out: Path, n_customers: int, n_lines: int) -> dict[str, pd.DataFrame]:
    """`n_customers` customers (CNPC first) and `n_lines` sales lines over 2022-2023."""
    rng = np.random.default_rng([SEED, n_customers, n_lines])
    n = max(n_customers, 5)
    shares = {"modern": 0.10, "fresh": 0.10, "special": 0.04}
    counts = {k: max(1, int(n * v)) for k, v in shares.items()}
    counts["traditional"] = n - sum(counts.values())
    prefix = {"modern": "KA", "traditional": "TR", "fresh": "FR", "special": "SP"}
    width = max(3, len(str(n)))
    ids, channels = ["CNPC"], ["special"]
    for ch in ("modern", "traditional", "fresh", "special"):
        k = counts[ch] - (1 if ch == "special" else 0)
        ids += [f"{prefix[ch]}-{i:0{width}d}" for i in range(1, k + 1)]
        channels += [ch] * k
    ids_a, ch_a = np.array(ids, dtype=object), np.array(channels, dtype=object)
    city = SCALE_CITIES[rng.integers(len(SCALE_CITIES), size=n)]
    w1, w2 = SCALE_WORDS[rng.integers(len(SCALE_WORDS), size=n)], SCALE_WORDS[rng.integers(len(SCALE_WORDS), size=n)]
    names = [f"{a}{b}{c}{SCALE_SUFFIX[h]}" for a, b, c, h in zip(city, w1, w2, ch_a, strict=True)]
    names[0] = "中国石油昆仑好客便利店（华东片区）"
    names = [f"{nm}（{i}）" for nm, i in zip(names, ids, strict=True)]  # names stay unique
    key = np.full(n, "", dtype=object)
    key[rng.random(n) < 0.01] = "yes"
    key[rng.random(n) < 0.01] = "no"
    key[0] = ""
    customers = pd.DataFrame(
        {
            "customer_id": ids_a,
            "name": names,
            "channel": ch_a,
            "region": REGIONS[rng.integers(len(REGIONS), size=n)],
            "sales_rep": REPS[rng.integers(len(REPS), size=n)],
            "key_account": key,
        }
    )
    products = pd.DataFrame(
        [(p.sku, p.name, p.category, p.brand, np.nan if p.unit_cost is None else p.unit_cost) for p in PRODUCTS],
        columns=["sku", "name", "category", "brand", "unit_cost"],
    )
    n_stores = max(15, n // 10)
    store_ids = np.array([f"CNPC-{i:04d}" for i in range(1, n_stores + 1)], dtype=object)
    stores = pd.DataFrame(
        {
            "store_id": store_ids,
            "customer_id": "CNPC",
            "name": [
                f"昆仑好客 {c}{i}号加油站便利店"
                for i, c in enumerate(SCALE_CITIES[rng.integers(len(SCALE_CITIES), size=n_stores)], start=1)
            ],
            "city": SCALE_CITIES[rng.integers(len(SCALE_CITIES), size=n_stores)],
        }
    )

    # Sales: customer by size, day by season, SKU by popularity.
    size = {"modern": 3.0, "traditional": 0.3, "fresh": 1.0, "special": 0.8}
    weight = np.array([size[c] for c in channels]) * rng.lognormal(0, 0.8, n)
    weight[0] = weight.max() * 2 + n_stores * 0.05
    m = n_lines
    cust = rng.choice(n, size=m, p=weight / weight.sum())
    season = season_matrix()
    pop = np.array([p.pop for p in PRODUCTS], dtype=float)
    day_w = (season * pop).sum(axis=1) * (1 + 0.1 * np.arange(N_DAYS) / 365)
    day = rng.choice(N_DAYS, size=m, p=day_w / day_w.sum())
    sku = rng.choice(len(PRODUCTS), size=m, p=pop / pop.sum())
    live = season[day, sku] > 0
    sku = np.where(live, sku, SKU_IDX["LY-0001"])  # no sales of a SKU before its launch
    lam = np.where(ch_a[cust] == "traditional", 3.0, 8.0)
    qty = 1 + rng.poisson(lam)
    markup = rng.uniform(1.15, 1.40, len(PRODUCTS))
    amount = np.round(qty * np.round(TRUE_COST * markup, 2)[sku] * (1 - 0.05 * (rng.random(m) < 0.07)), 2)
    ret = rng.random(m) < 0.002
    qty = np.where(ret, -qty, qty)
    amount = np.where(ret, -amount, amount)
    store = np.full(m, "", dtype=object)
    is_cnpc = cust == 0
    store[is_cnpc] = store_ids[rng.integers(n_stores, size=int(is_cnpc.sum()))]
    unit_cost = np.array([np.nan if p.unit_cost is None else p.unit_cost for p in PRODUCTS])
    cost = np.full(m, np.nan)
    given = is_cnpc & np.isnan(unit_cost[sku])
    cost[given] = np.round(qty[given] * TRUE_COST[sku[given]], 2)
    order = np.lexsort((sku, cust, day))
    sales = pd.DataFrame(
        {
            "date": DAYS[day[order]],
            "customer_id": ids_a[cust[order]],
            "sku": np.array(SKUS, dtype=object)[sku[order]],
            "qty": qty[order].astype(np.int64),
            "amount": amount[order],
            "store_id": store[order],
            "cost": cost[order],
        }
    )

    # Per customer and quarter / month aggregates drive targets and receivables.
    qidx = (DAYS.year.to_numpy() - 2022) * 4 + DAYS.quarter.to_numpy() - 1
    qsum = np.zeros((n, 8))
    np.add.at(qsum, (cust, qidx[day]), amount)
    has_t = (qsum > 0) & (rng.random((n, 1)) < 0.9)
    tc, tq = np.nonzero(has_t)
    targets = pd.DataFrame(
        {
            "customer_id": ids_a[tc],
            "quarter": np.array(QUARTERS, dtype=object)[tq],
            "target": (np.round(qsum[tc, tq] * rng.uniform(0.9, 1.15, len(tc)) / 1000) * 1000).astype(np.int64),
        }
    )
    midx = (DAYS.year.to_numpy() - 2022) * 12 + DAYS.month.to_numpy() - 1
    msum = np.zeros((n, 24))
    np.add.at(msum, (cust, midx[day]), amount)
    rc, rm = np.nonzero(msum > 0)
    month_end = pd.date_range(START, END, freq="ME")
    inv_date = month_end[rm]
    terms = np.where(ch_a[rc] == "traditional", 30, 60)
    due = inv_date + pd.to_timedelta(terms, unit="D")
    paid = due + pd.to_timedelta(rng.integers(-5, 30, len(rc)), unit="D")
    paid = paid.where(paid <= END)
    inv_amount = np.round(msum[rc, rm], 2)
    paid_amount = np.where(rng.random(len(rc)) < 0.05, np.round(inv_amount * 0.9, 2), inv_amount)
    receivables = pd.DataFrame(
        {
            "customer_id": ids_a[rc],
            "invoice_no": [f"FP{i:08d}" for i in range(1, len(rc) + 1)],
            "invoice_date": inv_date,
            "due_date": due,
            "amount": inv_amount,
            "paid_date": paid,
            "paid_amount": np.where(paid.isna(), np.nan, paid_amount),
        }
    )

    k = n * 6
    sc = rng.integers(n, size=k)
    support = pd.DataFrame(
        {
            "date": DAYS[rng.integers(N_DAYS, size=k)],
            "customer_id": ids_a[sc],
            "type": np.array(
                ["display", "promotion", "free_goods", "rebate", "listing", "posm", "other"], dtype=object
            )[rng.integers(7, size=k)],
            "amount": np.round(rng.lognormal(8, 1, k), 2),
            "activity_id": "",
            "note": "",
        }
    )
    na = max(10, n // 5)
    ac = np.concatenate([[0], rng.integers(n, size=na - 1)])
    astart = rng.integers(28, N_DAYS - 30, size=na)
    aend = astart + rng.integers(3, 30, size=na)
    act_ids = np.array([f"ACT-{DAYS[s].year}-{i:05d}" for i, s in enumerate(astart, start=1)], dtype=object)
    activities = pd.DataFrame(
        {
            "activity_id": act_ids,
            "customer_id": ids_a[ac],
            "name": "促销活动",
            "start_date": DAYS[astart],
            "end_date": DAYS[aend],
            "type": "节日促销",
            "skus": np.where(rng.random(na) < 0.2, "", "LY-0001;LY-0002;LY-0006"),
            "description": "",
        }
    )
    linked = rng.random(k) < 0.1
    pick = rng.integers(na, size=int(linked.sum()))
    support.loc[linked, "activity_id"] = act_ids[pick]
    support.loc[linked, "customer_id"] = ids_a[ac[pick]]
    support = support.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    npm = max(10, n // 3)
    pc = np.where(rng.random(npm) < 0.3, 0, rng.integers(n, size=npm))
    ps = rng.integers(N_DAYS - 20, size=npm)
    pe = np.minimum(ps + rng.integers(7, 60, size=npm), N_DAYS - 1)
    promoters = pd.DataFrame(
        {
            "customer_id": ids_a[pc],
            "promoter": [f"促销员{i:04d}" for i in range(npm)],
            "start_date": DAYS[ps],
            "end_date": DAYS[pe],
            "cost": ((pe - ps + 1) * 280).astype(float),
            "store_id": np.where(pc == 0, store_ids[rng.integers(n_stores, size=npm)], ""),
        }
    )
    big = np.argsort(-qsum[:, 7], kind="stable")[: max(3, n // 20)]
    notes = pd.DataFrame(
        {
            "customer_id": np.repeat(ids_a[big], 3),
            "quarter": "2023Q4",
            "section": np.tile(np.array(["highlight", "issue", "plan"], dtype=object), len(big)),
            "text": np.tile(np.array(["销售同比增长", "部分单品缺货", "春节备货计划"], dtype=object), len(big)),
            "owner": np.tile(np.array(["", "", "张伟"], dtype=object), len(big)),
            "due": np.tile(pd.to_datetime(pd.Series([None, None, "2024-01-15"])).to_numpy(), len(big)),
        }
    )
    notes["due"] = pd.to_datetime(notes["due"])
    tables = {
        "customers": customers,
        "products": products,
        "sales": sales,
        "targets": targets,
        "support": support,
        "promoters": promoters,
        "activities": activities,
        "receivables": receivables,
        "notes": notes,
        "stores": stores,
    }
    write_tables(out, tables, fast=True)
    (out / "README.md").write_text(
        f"# Synthetic benchmark data\n\n{n} customers, {m:,} sales lines, generated by\n"
        f"`python scripts/make_sample_data.py --scale-customers {n_customers} --scale-lines {n_lines}`.\n"
        "Same tables and columns as sample_data/, no planted stories.\n",
        encoding="utf-8",
        newline="\n",
    )
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "sample_data",
        help="output folder (default: sample_data/ of the repository)",
    )
    parser.add_argument(
        "--seed", type=int, help="another seed: a data set with the same stories and other numbers (for reviews)"
    )
    parser.add_argument("--scale-customers", type=int, help="benchmark mode: number of customers")
    parser.add_argument("--scale-lines", type=int, help="benchmark mode: number of sales lines")
    args = parser.parse_args(argv)
    if args.seed is not None:
        global SEED
        SEED = args.seed
    t0 = time.perf_counter()
    if args.scale_customers or args.scale_lines:
        tables = make_scaled(args.out, args.scale_customers or 1000, args.scale_lines or 2_000_000)
    else:
        tables = make_sample(args.out)
    print(
        f"wrote {args.out}: "
        + ", ".join(f"{k} {len(v):,}" for k, v in tables.items())
        + f" in {time.perf_counter() - t0:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
