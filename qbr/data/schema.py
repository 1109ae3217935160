"""The input tables of the spec: their columns, value kinds, keys and header aliases.

Stage: shared by load (header mapping, parsing), validate (keys, references, enums) and `init`
(the header workbook). Pure data; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

# Value kinds a column can have; load.py has one parser per kind.
TEXT, ID, MONEY, NUMBER, DATE, QUARTER, CHANNEL, SUPPORT_TYPE, SECTION, YESNO, STATUS = (
    "text",
    "id",
    "money",
    "number",
    "date",
    "quarter",
    "channel",
    "support_type",
    "section",
    "yesno",
    "status",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    zh: str = ""  # the header a Chinese ERP export most often uses; also a built-in alias
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    required: bool
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    zh: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _c(name: str, kind: str, required: bool = False, zh: str = "", doc: str = "") -> Column:
    return Column(name, kind, required, zh, doc)


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "customers",
            True,
            (
                _c("customer_id", ID, True, "客户编码", "unique customer code"),
                _c("name", TEXT, True, "客户名称"),
                _c("channel", CHANNEL, True, "渠道", "modern, traditional, special or fresh"),
                _c("region", TEXT, False, "区域"),
                _c("sales_rep", TEXT, False, "业务员"),
                _c("key_account", YESNO, False, "核心客户", "yes/no overrides the rules; blank = rules"),
                _c("name_en", TEXT, False, "英文名称", "the name English decks show (blank = name)"),
            ),
            key=("customer_id",),
            zh="客户",
        ),
        Table(
            "products",
            True,
            (
                _c("sku", ID, True, "商品编码"),
                _c("name", TEXT, True, "商品名称"),
                _c("category", TEXT, True, "品类"),
                _c("brand", TEXT, False, "品牌"),
                _c("unit_cost", MONEY, False, "单位成本", "cost of one unit, for lines without cost"),
                _c("name_en", TEXT, False, "英文名称", "the name English decks show (blank = name)"),
                _c("category_en", TEXT, False, "英文品类", "the category English decks show (blank = category)"),
            ),
            key=("sku",),
            zh="商品",
        ),
        Table(
            "sales",
            True,
            (
                _c("date", DATE, True, "日期"),
                _c("customer_id", ID, True, "客户编码"),
                _c("sku", ID, True, "商品编码"),
                _c("qty", NUMBER, True, "数量"),
                _c("amount", MONEY, True, "金额", "net sales after discounts"),
                _c("store_id", ID, False, "门店编码"),
                _c("cost", MONEY, False, "成本", "cost of the line; else qty x unit_cost"),
            ),
            zh="销售",
        ),
        Table(
            "targets",
            False,
            (
                _c("customer_id", ID, True, "客户编码"),
                _c("quarter", QUARTER, True, "季度", "written 2023Q4"),
                _c("target", MONEY, True, "目标"),
            ),
            key=("customer_id", "quarter"),
            zh="目标",
        ),
        Table(
            "support",
            False,
            (
                _c("date", DATE, True, "日期"),
                _c("customer_id", ID, True, "客户编码"),
                _c(
                    "type",
                    SUPPORT_TYPE,
                    True,
                    "费用类型",
                    "display, promotion, free_goods, rebate, listing, posm or other",
                ),
                _c("amount", MONEY, True, "金额"),
                _c("activity_id", ID, False, "活动编码"),
                _c("note", TEXT, False, "备注"),
            ),
            zh="费用支持",
        ),
        Table(
            "promoters",
            False,
            (
                _c("customer_id", ID, True, "客户编码"),
                _c("promoter", TEXT, True, "促销员"),
                _c("start_date", DATE, True, "开始日期"),
                _c("end_date", DATE, True, "结束日期"),
                _c("cost", MONEY, True, "费用", "cost of the whole assignment"),
                _c("store_id", ID, False, "门店编码"),
            ),
            zh="促销员",
        ),
        Table(
            "activities",
            False,
            (
                _c("activity_id", ID, True, "活动编码"),
                _c("customer_id", ID, True, "客户编码"),
                _c("name", TEXT, True, "活动名称"),
                _c("start_date", DATE, True, "开始日期"),
                _c("end_date", DATE, True, "结束日期"),
                _c("type", TEXT, False, "活动类型"),
                _c("skus", TEXT, False, "活动商品", "SKUs separated by ; (blank = all products)"),
                _c("description", TEXT, False, "活动说明"),
                _c("name_en", TEXT, False, "英文名称", "the name English decks show (blank = name)"),
                _c(
                    "description_en",
                    TEXT,
                    False,
                    "英文说明",
                    "the description English decks show (blank = description)",
                ),
            ),
            key=("activity_id",),
            zh="活动",
        ),
        Table(
            "receivables",
            False,
            (
                _c("customer_id", ID, True, "客户编码"),
                _c("invoice_no", ID, True, "发票号"),
                _c("invoice_date", DATE, True, "开票日期"),
                _c("due_date", DATE, True, "到期日"),
                _c("amount", MONEY, True, "金额"),
                _c("paid_date", DATE, False, "回款日期"),
                _c("paid_amount", MONEY, False, "回款金额", "defaults to amount when paid_date is set"),
            ),
            key=("invoice_no",),
            zh="应收",
        ),
        Table(
            "notes",
            False,
            (
                _c("customer_id", ID, True, "客户编码"),
                _c("quarter", QUARTER, True, "季度"),
                _c("section", SECTION, True, "类别", "highlight, issue or plan"),
                _c("text", TEXT, True, "内容"),
                _c("owner", TEXT, False, "负责人"),
                _c("due", DATE, False, "完成日期"),
                _c(
                    "status",
                    STATUS,
                    False,
                    "状态",
                    "a plan row reviewed a quarter later: done, partly or not_done (blank = not yet reviewed)",
                ),
                _c("result", TEXT, False, "结果", "what the plan achieved, in words"),
                # the owner's own words in English, for English decks (blank = as written)
                _c("text_en", TEXT, False, "英文内容", "the text English decks show (blank = text)"),
                _c("result_en", TEXT, False, "英文结果", "the result English decks show (blank = result)"),
            ),
            zh="备注",
        ),
        Table(
            "plans",
            False,
            (
                _c("customer_id", ID, True, "客户编码"),
                _c("quarter", QUARTER, True, "季度", "written 2024Q1"),
                _c("type", SUPPORT_TYPE, True, "费用类型", "as in support: display, promotion, ..."),
                _c("amount", MONEY, True, "计划金额", "the money we plan to invest"),
                _c("activity_id", ID, False, "活动编码", "the planned activity this money is for"),
                _c("note", TEXT, False, "备注"),
            ),
            zh="投入计划",
        ),
        Table(
            "sellout",
            False,
            (
                _c("date", DATE, True, "日期", "the day, or the week, the row reports"),
                _c("customer_id", ID, True, "客户编码"),
                _c("sku", ID, True, "商品编码"),
                _c("qty", NUMBER, True, "销量", "units the customer sold to shoppers (POS)"),
                _c("store_id", ID, False, "门店编码", "blank = the customer as a whole"),
                _c("amount", MONEY, False, "销售额", "the customer's own sales value (retail price)"),
                _c("stock_qty", NUMBER, False, "库存", "units in the store at the end of the row's day or week"),
            ),
            key=("date", "customer_id", "store_id", "sku"),
            zh="终端销售",
        ),
        Table(
            "stores",
            False,
            (
                _c("store_id", ID, True, "门店编码"),
                _c("customer_id", ID, True, "客户编码"),
                _c("name", TEXT, True, "门店名称"),
                _c("city", TEXT, False, "城市"),
                _c("name_en", TEXT, False, "英文名称", "the name English decks show (blank = name)"),
            ),
            key=("store_id",),
            zh="门店",
        ),
    ]
}

CHANNELS = ("modern", "traditional", "special", "fresh")
CHANNEL_ALIASES: dict[str, str] = {
    **{c: c for c in CHANNELS},
    "现代渠道": "modern",
    "现代": "modern",
    "ka": "modern",
    "商超": "modern",
    "传统渠道": "traditional",
    "传统": "traditional",
    "流通": "traditional",
    "特殊渠道": "special",
    "特殊": "special",
    "特渠": "special",
    "生鲜渠道": "fresh",
    "生鲜": "fresh",
}

SUPPORT_TYPES = ("display", "promotion", "free_goods", "rebate", "listing", "posm", "other")
SUPPORT_TYPE_ALIASES: dict[str, str] = {
    **{t: t for t in SUPPORT_TYPES},
    "free goods": "free_goods",
    "陈列费": "display",
    "陈列": "display",
    "促销费": "promotion",
    "促销": "promotion",
    "搭赠": "free_goods",
    "赠品": "free_goods",
    "返利": "rebate",
    "进场费": "listing",
    "条码费": "listing",
    "物料": "posm",
    "物料费": "posm",
    "其他": "other",
    "其它": "other",
}

SECTIONS = ("highlight", "issue", "plan")
SECTION_ALIASES: dict[str, str] = {
    **{s: s for s in SECTIONS},
    "亮点": "highlight",
    "问题": "issue",
    "计划": "plan",
    "下季度计划": "plan",
}

STATUSES = ("done", "partly", "not_done")
STATUS_ALIASES: dict[str, str] = {
    **{s: s for s in STATUSES},
    "not done": "not_done",
    "partly done": "partly",
    "partial": "partly",
    "完成": "done",
    "已完成": "done",
    "部分完成": "partly",
    "未完成": "not_done",
}

YES_WORDS = {"yes", "y", "true", "1", "是", "核心"}
NO_WORDS = {"no", "n", "false", "0", "否", "非核心"}

# Built-in header aliases beyond each column's `zh` (headers are compared after lower-casing and
# removing spaces). Table-specific ones win over generic ones.
GENERIC_ALIASES: dict[str, str] = {
    "客户代码": "customer_id",
    "客户编号": "customer_id",
    "客户id": "customer_id",
    "客户": "name",
    "商品代码": "sku",
    "商品编号": "sku",
    "物料编码": "sku",
    "存货编码": "sku",
    "销售日期": "date",
    "单据日期": "date",
    "销售数量": "qty",
    "销量": "qty",
    "销售额": "amount",
    "销售金额": "amount",
    "含税金额": "amount",
    "净额": "amount",
    "销售成本": "cost",
    "成本金额": "cost",
    "门店": "store_id",
    "门店代码": "store_id",
    "季度目标": "target",
    "目标金额": "target",
    "单位": "unit",
    "发票号码": "invoice_no",
    "应收金额": "amount",
    "到期日期": "due_date",
    "回款金额": "paid_amount",
    "收款日期": "paid_date",
    "收款金额": "paid_amount",
    "费用金额": "amount",
}
TABLE_ALIASES: dict[str, dict[str, str]] = {
    "products": {"商品名称": "name", "品名": "name", "类别": "category", "分类": "category"},
    "stores": {"门店名称": "name"},
    "activities": {"活动名称": "name"},
    "support": {"类型": "type", "费用项目": "type"},
    "notes": {"类型": "section", "完成情况": "status", "执行结果": "result"},
    "plans": {"类型": "type", "费用项目": "type", "金额": "amount", "预算": "amount"},
    "sellout": {
        "数量": "qty",
        "零售数量": "qty",
        "金额": "amount",
        "零售额": "amount",
        "库存数量": "stock_qty",
        "库存量": "stock_qty",
        "门店库存": "stock_qty",
        "期末库存": "stock_qty",
    },
}

# Rows whose first cells say this are ERP totals, not data.
TOTAL_WORDS = ("合计", "总计", "小计", "total", "totals", "grand total", "subtotal")


def header_key(text: object) -> str:
    """Normalise a header cell for alias lookup: trim, lower-case, drop spaces and BOM."""
    return "".join(str(text).replace("\ufeff", "").split()).lower()


def builtin_aliases(table: Table) -> dict[str, str]:
    """Header key -> canonical column, for the columns this table has."""
    names = set(table.column_names)
    out: dict[str, str] = {}
    for alias, name in GENERIC_ALIASES.items():
        if name in names:
            out[header_key(alias)] = name
    for col in table.columns:
        if col.zh:
            out[header_key(col.zh)] = col.name
    for alias, name in TABLE_ALIASES.get(table.name, {}).items():
        out[header_key(alias)] = name
    for name in names:
        out[header_key(name)] = name
    return out
