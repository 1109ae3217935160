"""The one table of a quarter's scalar figures (KPIs): name, kind, and the words a reader sees.

Stage: metrics (vocabulary only; no computation). Every place that lists, formats or labels the
scalar figures reads this table: the metrics JSON `kpi` object, `qbr metrics`' text view, the
batch manifest and the portfolio overview.

Kinds tell a formatter how a figure reads: money (yuan), growth (a signed change such as YoY),
ratio (a share such as attainment), count, days and rank.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kpi:
    name: str
    kind: str  # money | growth | ratio | count | days | rank
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


# In the order the JSON `kpi` object lists them: the spec's figures, then those qbr derives from
# them (docs/metrics.md, "Figures the deck adds").
KPIS: tuple[Kpi, ...] = (
    Kpi("sales", "money", "销售额", "Sales"),
    Kpi("sales_prev", "money", "上季度销售额", "Sales last quarter"),
    Kpi("sales_ly", "money", "去年同期销售额", "Sales last year"),
    Kpi("qoq", "growth", "环比", "QoQ"),
    Kpi("yoy", "growth", "同比", "YoY"),
    Kpi("target", "money", "目标", "Target"),
    Kpi("attainment", "ratio", "目标达成率", "Attainment"),
    Kpi("gross_profit", "money", "毛利", "Gross profit"),
    Kpi("gross_margin", "ratio", "毛利率", "Gross margin"),
    Kpi("support", "money", "支持费用", "Support"),
    Kpi("promoter_days", "count", "促销员人天", "Promoter days"),
    Kpi("promoter_cost", "money", "促销员费用", "Promoter cost"),
    Kpi("promoters", "count", "促销员人数", "Promoters"),
    Kpi("investment", "money", "费用投入", "Investment"),
    Kpi("expense_ratio", "ratio", "费用率", "Expense ratio"),
    Kpi("ar_outstanding", "money", "应收余额", "AR outstanding"),
    Kpi("ar_overdue", "money", "逾期应收", "AR overdue"),
    Kpi("dso", "days", "应收周转天数", "DSO"),
    Kpi("collected", "money", "本季回款", "Collected"),
    Kpi("collection_rate", "ratio", "回款率", "Collection rate"),
    Kpi("rank", "rank", "销售排名", "Rank"),
    Kpi("share", "ratio", "销售占比", "Share of sales"),
    Kpi("stockout_lost_sales", "money", "断货少卖", "Sales lost to stock-outs"),
    Kpi("target_gap", "money", "距目标差额", "Gap to target"),
    Kpi("contribution", "money", "费用后贡献", "Contribution"),
    Kpi("contribution_margin", "ratio", "贡献率", "Contribution margin"),
    Kpi("promoter_cost_per_day", "money", "促销员人天费用", "Cost per promoter-day"),
    Kpi("gross_profit_known", "money", "毛利额（成本已知部分）", "Gross profit on lines with known cost"),
    Kpi("cost_known_share", "ratio", "成本已知销售占比", "Share of sales with known cost"),
)
KPI_NAMES: tuple[str, ...] = tuple(k.name for k in KPIS)
KPI: dict[str, Kpi] = {k.name: k for k in KPIS}
