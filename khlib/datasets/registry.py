"""The registry of the course data (数据表登记): one entry per file in ``data/``.

Each :class:`Table` says what the file is (key, file name, Chinese title and description, the
chapters that use it, whether it is synthetic or real and where real data come from), how to
read it (loader name, columns kept as strings, date columns, encoding, separator) and, for the
synthetic files, which generator family writes it and how (float format, column formats).
Everything else reads this one list: the loaders in :mod:`khlib.datasets`, the generator in
:mod:`khlib.datasets.generate` (file names, encodings, formats), the chapter 00 tour
(``kh.dataset_tour()``) and the test that checks ``data/README.md``.

>>> TABLES["orders"].file
'orders.csv.gz'
>>> table("analyst_sample_gbk.csv").encoding
'gbk'
>>> TABLES["plan_products"].call
'kh.datasets.load_plans()[1]'
>>> [(t.key, t.cite) for t in TABLES.values() if not t.synthetic]
[('cdnow', 'Fader, Hardie & Lee (2005)'), ('mobi', 'Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005)'), ('rossi', 'Rossi, Berk & Lenihan (1980)')]
"""

from __future__ import annotations

from dataclasses import dataclass

from .._errors import fail

#: The generator families (modules of :mod:`khlib.datasets.generate`) in the order they run.
FAMILIES: tuple[str, ...] = ("customers", "orders", "fieldsales", "receivables", "dealers", "service", "leads", "survey", "complaints")


@dataclass(frozen=True)
class Table:
    """One data file: what it is, how to read it and, if synthetic, how it is written."""

    key: str  #: short name: ``load(key)``, ``data_path(key)``
    file: str  #: file name in ``data/``
    title: str  #: Chinese title (中文名称)
    description: str  #: one short line in Chinese (fits pandas' 50-column cells in the tour)
    chapters: tuple[str, ...]  #: the chapters whose notebooks read it ("00", "05", ...)
    loader: str  #: name of the loader function in :mod:`khlib.datasets`
    strings: tuple[str, ...] = ()  #: columns kept as strings (ids, phone numbers, months)
    dates: tuple[str, ...] = ()  #: columns parsed as dates
    family: str | None = None  #: the generator family that writes it (None: real data)
    encoding: str = "utf-8"
    origin: str = "synthetic"  #: "synthetic" (made by the generator) or "real"
    source: str = ""  #: for real data: the reference to cite, "Authors (year), ..."
    part: int | None = None  #: position in the tuple the loader returns (``load_plans``)
    float_format: str = "%.2f"  #: how the generator writes float columns
    formats: tuple[tuple[str, str], ...] = ()  #: (column, format) written with more digits
    names: tuple[str, ...] = ()  #: column names of a file without a header row
    sep: str = ","  #: field separator (a regular expression for whitespace-separated text)
    date_format: str | None = None  #: format of the date columns (None: ISO dates)

    def __post_init__(self) -> None:
        if self.origin not in ("synthetic", "real"):
            raise fail(f"数据表 {self.key}：来源必须是 synthetic 或 real，而不是 {self.origin!r}。",
                       f"Table {self.key}: origin must be 'synthetic' or 'real', not {self.origin!r}.")
        if (self.family is None) == self.synthetic or (self.family and self.family not in FAMILIES):
            raise fail(f"数据表 {self.key}：合成数据需要生成器族（{', '.join(FAMILIES)} 之一），真实数据不需要。",
                       f"Table {self.key}: a synthetic table needs a generator family (one of "
                       f"{', '.join(FAMILIES)}), a real one none.")
        if not self.synthetic and "(" not in self.source:
            raise fail(f"数据表 {self.key}：真实数据必须注明出处（作者 (年份)）。",
                       f"Table {self.key}: real data need a source to cite, 'Authors (year), ...'.")

    @property
    def synthetic(self) -> bool:
        """True for the files the generator writes."""
        return self.origin == "synthetic"

    @property
    def cite(self) -> str:
        """The short reference of real data, "Authors (year)"; empty for synthetic tables."""
        return self.source[: self.source.index(")") + 1] if self.source else ""

    @property
    def call(self) -> str:
        """The call that loads the table, as a student types it."""
        return f"kh.datasets.{self.loader}()" + ("" if self.part is None else f"[{self.part}]")

    def read_options(self) -> dict:
        """Keyword arguments of :func:`pandas.read_csv` for this file (dates are parsed after)."""
        opts: dict = {"dtype": dict.fromkeys(self.strings, str), "encoding": self.encoding}
        if self.sep != ",":
            opts["sep"] = self.sep
        if self.names:
            opts.update(header=None, names=list(self.names))
        return opts


_CUSTOMER_ID = ("customer_id",)

#: Every data file, in the order of ``data/README.md``: key -> :class:`Table`.
TABLES: dict[str, Table] = {t.key: t for t in [
    Table("customers", "customers.csv", "客户资料卡",
          "每客户一行：类别、行业、区域、联系人、规模、信用",
          ("00", "01", "02", "03", "04", "05", "06", "08"), "load_customers", strings=("customer_id", "phone"),
          dates=("founded", "first_trade_date"), family="customers",
          formats=(("lat", "{:.4f}"), ("lon", "{:.4f}"))),
    Table("products", "products.csv", "产品目录", "36 种产品：类别、计量单位、标价与单位成本",
          ("00", "01", "02", "04", "05", "08"), "load_products", strings=("product_id",), family="orders"),
    Table("inventory", "inventory.csv", "月均库存",
          "各产品月均库存：数量与成本金额，2024–2025",
          ("05",), "load_inventory", strings=("product_id", "month"), family="orders"),
    Table("orders", "orders.csv.gz", "订单明细",
          "2024–2025 年每一行订单：客户、产品、数量、金额",
          ("00", "01", "02", "03", "04", "05", "06", "07", "08"), "load_orders", strings=("order_id", *_CUSTOMER_ID, "product_id"),
          dates=("order_date",), family="orders"),
    Table("analyst_sample", "analyst_sample_gbk.csv", "经销商 ERP 导出的订单",
          "GBK 编码的 ERP 导出订单：练习读取自己的数据",
          ("00", "04"), "load_analyst_sample", strings=("单据编号", "客户代码", "存货编码", "日期", "价税合计"),
          family="orders", encoding="gbk"),
    Table("salespeople", "salespeople.csv", "业务员",
          "姓名、区域、常驻城市与办公地点坐标、入职日期",
          ("02", "03", "04", "05"), "load_salespeople", strings=("salesperson_id",), family="fieldsales"),
    Table("assignments", "assignments.csv", "客户的负责业务员",
          "每个客户（含潜在客户）的负责业务员", ("02", "04", "05", "06"), "load_assignments",
          strings=(*_CUSTOMER_ID, "salesperson_id"), family="fieldsales"),
    Table("plan_customers", "plan_customers.csv", "2025 年客户销售计划",
          "各交易客户预期占本区域销售额的比例", ("05",), "load_plans", strings=_CUSTOMER_ID,
          family="fieldsales", part=0, float_format="%.6f"),
    Table("plan_products", "plan_products.csv", "2025 年产品销售计划",
          "各产品预期占公司销售额的比例", ("05",), "load_plans",
          strings=("product_id",), family="fieldsales", part=1, float_format="%.6f"),
    Table("invoices", "invoices.csv.gz", "发票", "每笔订单一张发票：开票日、到期日、金额",
          ("00", "04", "05", "08"), "load_invoices", strings=("invoice_id", "order_id", *_CUSTOMER_ID),
          dates=("invoice_date", "due_date"), family="receivables"),
    Table("payments", "payments.csv.gz", "收款",
          "截至 2025-12-31 的收款：日期与金额", ("00", "04", "05", "08"), "load_payments",
          strings=("payment_id", "invoice_id", *_CUSTOMER_ID), dates=("payment_date",),
          family="receivables"),
    Table("dealer_inventory", "dealer_inventory.csv.gz", "经销商月均库存",
          "经销商各产品的 2025 年月均库存与金额", ("05",),
          "load_dealer_inventory", strings=(*_CUSTOMER_ID, "product_id", "month"), family="dealers"),
    Table("activities", "activities.csv.gz", "服务活动记录",
          "2024–2025 年每次配送、拜访、电话支持与催款", ("02", "06", "07", "08"), "load_activities",
          strings=("activity_id", *_CUSTOMER_ID, "order_id", "invoice_id", "salesperson_id"), dates=("date",),
          family="service", formats=(("quantity", "{:.12g}"),)),
    Table("leads", "leads.csv.gz", "销售线索",
          "每条销售线索：开发方法、成本、各阶段日期、金额",
          ("03",), "load_leads", strings=("lead_id", *_CUSTOMER_ID, "salesperson_id"),
          dates=("development_date", "initiation_date", "proposal_date", "bidding_date", "negotiation_date",
                 "implementation_date", "lost_date"), family="leads"),
    Table("survey", "survey.csv.gz", "客户满意度调查",
          "2025 年四期满意度问卷：1–5 分各题与 0–10 推荐",
          ("06", "07", "08"), "load_survey", strings=("response_id", *_CUSTOMER_ID, "wave"), dates=("date",), family="survey"),
    Table("complaints", "complaints.csv.gz", "客户投诉记录",
          "每件投诉一行：类别、原因、文本、受理与解决时间",
          ("07", "08"), "load_complaints", strings=("complaint_id", *_CUSTOMER_ID, "order_id"),
          dates=("received", "resolved"), family="complaints"),
    Table("cdnow", "cdnow_sample.txt", "CDNOW 顾客购买记录",
          "1997 年一季度 CDNOW 新顾客到 1998 年 6 月的购买",
          ("01",), "load_cdnow", strings=("master_id", "customer_id", "date"), dates=("date",),
          origin="real", names=("master_id", "customer_id", "date", "cds", "amount"), sep=r"\s+",
          date_format="%Y%m%d",
          source="Fader, Hardie & Lee (2005), “Counting your customers” the easy way: An alternative "
                 "to the Pareto/NBD model, Marketing Science 24(2), 275–284; the file CDNOW_sample.txt "
                 "distributed by Fader and Hardie with their papers"),
    Table("mobi", "ecsi_mobi.csv", "ECSI 手机用户满意度调查",
          "ECSI 模型的 250 份手机用户问卷，24 题", ("06",), "load_mobi", origin="real",
          source="Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005), PLS path modeling, Computational Statistics & "
                 "Data Analysis 48(1), 159–205; the 250 × 24 ECSI mobile-phone data as distributed with the R packages "
                 "semPLS (Monecke & Leisch, 2012) and seminr"),
    Table("rossi", "rossi.csv", "Rossi 刑释人员再犯数据",
          "432 名刑释人员一年内是否再被捕及其特征", ("08",), "load_rossi", origin="real",
          source="Rossi, Berk & Lenihan (1980), Money, Work and Crime: Some Experimental Results, Academic Press; "
                 "the 0/1-coded file distributed with the Python package lifelines (MIT licence), as analysed in "
                 "Fox & Weisberg's appendix on Cox regression to An R Companion to Applied Regression"),
]}


def table(name: str) -> Table:
    """The registry entry of a table by its key (``"orders"``) or file name (``"orders.csv.gz"``).

    >>> table("orders.csv.gz").key
    'orders'
    """
    if name in TABLES:
        return TABLES[name]
    for t in TABLES.values():
        if t.file == name:
            return t
    raise fail(f"没有名为 '{name}' 的数据表；可用的有：{', '.join(TABLES)}。",
               f"No data table named '{name}'; the registered ones are: {', '.join(TABLES)}.")
