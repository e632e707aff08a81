"""One vocabulary (术语表): what every parameter name means, and the Chinese label of every column.

Code speaks English snake_case; students read Chinese. Two tables keep the two apart and
consistent:

- :data:`PARAMETERS` — one meaning per parameter name across khlib. A date period is always
  ``start``/``end`` (whole days, :mod:`khlib.periods`); a route's starting point is ``origin``;
  ``customer`` names the column of customer ids while ``customer_id`` is one id value;
  ``margin`` is money per period while ``margin_rate`` is a share; ``visit_plan`` is the visit
  rules per grade while ``sales_plan`` is the planned sales shares. A test walks every public
  function and fails on a parameter name that is not in this table.
- :data:`LABELS` — the Chinese label shown for each English column name; :func:`labelled`
  renames a frame's columns for display, :func:`label` looks one up.
"""

from __future__ import annotations

import pandas as pd

#: parameter name -> (meaning in English, 中文含义). Names used only by the internal helpers
#: (those documented in their own private modules) are listed too, so that the test covers all.
PARAMETERS: dict[str, tuple[str, str]] = {
    # --- periods and dates
    "start": ("first day of a period (inclusive, whole day)", "期间开始日（含当天）"),
    "end": ("last day of a period (inclusive, whole day)", "期间结束日（含当天全天）"),
    "asof": ("the day a state is measured on (recency, balances)", "观察日（计算最近购买、余额的日期）"),
    "month": ("a calendar month such as '2026-01'", "月份，如 '2026-01'"),
    "months": ("a number of months (length of a period)", "月数（期间长度）"),
    "month_choices": ("months offered in a picker", "下拉框中可选的月份"),
    "months_back": ("look-back window in months before a month", "向前回看的月数"),
    "calibration_end": ("last day of the BTYD calibration period", "BTYD 校准期结束日"),
    "observation_end": ("last day of the BTYD holdout period", "BTYD 留出期结束日"),
    "days": ("a number of days (length of a window)", "天数（窗口长度）"),
    "workdays": ("the working days to plan on (dates)", "用于排程的工作日（日期）"),
    "dates": ("a datetime column to test", "要判断的日期列"),
    "holidays": ("dates to remove from the working days", "从工作日中去掉的日期"),
    "extra_workdays": ("dates to add to the working days", "补充的工作日"),
    "calendar": ("holiday calendar: 'cn' or None; or a visit calendar table", "节假日日历（'cn' 或 None）；或拜访日程表"),
    "freq": ("period length code: 'Y', 'Q' or 'M'", "期间长度代码"),
    "unit": ("BTYD time unit: 'D', 'W' or 'M'", "BTYD 时间单位"),
    "t": ("a length of time in the model's unit", "时间长度（模型单位）"),
    "years": ("a number of years", "年数"),
    "week": ("the n-th week of a month (1 = first)", "本月第几周"),
    # --- columns of the caller's tables (column NAMES)
    "customer": ("name of the column with customer ids", "客户编号所在的列名"),
    "date": ("name of the column with order dates", "订单日期所在的列名"),
    "amount": ("name of the column with amounts", "金额所在的列名"),
    "order": ("name of the column with order ids", "订单号所在的列名"),
    "line": ("name of the column with line numbers", "行号所在的列名"),
    "product": ("name of the column with product ids", "产品编号所在的列名"),
    "quantity": ("name of the column with quantities", "数量所在的列名"),
    "id": ("name of the id column of a generic table (stops, roster)", "通用表中编号所在的列名"),
    "grade": ("name of the grade column; or one grade label", "等级所在的列名；或一个等级"),
    "value": ("name of the column graded or summed (e.g. 'sales')", "用于分级或汇总的数值列名"),
    "sales": ("name of the sales column", "销售额所在的列名"),
    "gross_profit": ("name of the gross-profit column", "毛利所在的列名"),
    "avg_stock": ("name of the average-stock column", "平均库存所在的列名"),
    "expected": ("name of the column with the planned share", "计划占比所在的列名"),
    "recency": ("BTYD/RFM recency: a column name in fit and rfm_scores, values in predictions",
                "最近购买：拟合和 RFM 中为列名，预测中为数值"),
    "frequency": ("BTYD/RFM frequency: a column name in fit and rfm_scores, values in predictions",
                  "购买频次：拟合和 RFM 中为列名，预测中为数值"),
    "monetary": ("name of the RFM monetary column", "RFM 金额列名"),
    "monetary_value": ("BTYD mean spend: a column name in fit, values in predictions", "平均消费：拟合中为列名，预测中为数值"),
    "T": ("BTYD customer age: a column name in fit, values in predictions", "客户观察时长：拟合中为列名，预测中为数值"),
    "lat": ("name of the latitude column; or latitudes", "纬度列名；或纬度数值"),
    "lon": ("name of the longitude column; or longitudes", "经度列名；或经度数值"),
    "label": ("name of the column with display names", "显示名称所在的列名"),
    "by": ("name of the column (or columns) to group by", "分组列名"),
    "group": ("name of a column whose groups must not share a day", "同一天不混排的分组列名"),
    "column": ("name of the column being converted", "正在转换的列名"),
    "sheet_name": ("Excel sheet name or position", "Excel 工作表名称或序号"),
    "header": ("row of a file's header (0-based, as in pandas), or 'auto' to find it under title rows",
               "表头所在行（从 0 数起），或 'auto'：在标题行下自动查找"),
    # --- id VALUES
    "customer_id": ("one customer's id (a value, not a column name)", "一个客户的编号（取值，不是列名）"),
    "customer_ids": ("a list of customer ids", "客户编号列表"),
    "ids": ("a column of ids to check", "待检查的编号列"),
    "who": ("a salesperson's name or id", "业务员姓名或编号"),
    "name": ("a name: data file key, or a company name to shorten", "名称：数据文件键名，或要缩写的公司名称"),
    # --- tables
    "orders": ("order lines (one row per order line)", "订单明细（每行一条订单行）"),
    "customers": ("the customer table (one row per customer)", "客户表（每个客户一行）"),
    "products": ("the product table", "产品表"),
    "inventory": ("monthly stock per product", "产品月度库存"),
    "invoices": ("invoice lines", "发票明细"),
    "payments": ("payment lines", "收款明细"),
    "salespeople": ("the salesperson table", "业务员表"),
    "assignments": ("customer -> salesperson assignments", "客户—业务员分配表"),
    "sales_plan": ("planned sales share per customer (销售计划)", "销售计划（各客户的计划占比）"),
    "visit_plan": ("visit and call rules per grade and role (拜访计划)", "拜访计划（各等级、各角色的拜访与电话频率）"),
    "policy": ("credit policy per grade", "分级信用政策"),
    "credit": ("output of credit_check", "信用额度检查表"),
    "summary": ("one row per customer (or product), e.g. customer_summary", "汇总表：每个客户（或产品）一行"),
    "graded": ("a summary with a grade column", "带等级列的汇总表"),
    "grades": ("grades per customer (Series or frame)", "各客户的等级"),
    "scores": ("output of rfm_scores", "RFM 评分表"),
    "scorecard": ("output of product_scorecard", "产品贡献分析表"),
    "matrix": ("a grade-migration matrix", "等级迁移矩阵"),
    "roster": ("a salesperson's customer roster", "客户名册"),
    "stops": ("customers to route, with coordinates", "要排路线的客户（含坐标）"),
    "route": ("a Route", "一条路线"),
    "track": ("output of tracking_curve", "累计购买跟踪表"),
    "fit": ("output of frequency_fit", "频次拟合表"),
    "history": ("output of alive_history", "存活概率历史"),
    "tables": ("keyword arguments of salesperson_plan, as a dict", "salesperson_plan 的参数字典"),
    "table": ("a per-product table of totals", "各产品合计表"),
    "frame": ("a table with a date column", "带日期列的表"),
    "df": ("a table", "数据表"),
    "data": ("a summary frame or a Series of values to grade", "待分级的汇总表或数值序列"),
    "raw": ("a file's bytes", "文件的字节"),
    "out": ("a table to write", "要写出的表"),
    "xw": ("an open pandas ExcelWriter", "已打开的 ExcelWriter"),
    "values": ("a column of values", "一列取值"),
    "clv": ("predicted CLV per customer", "各客户的预测终身价值"),
    "initial": ("an already computed plan to start a widget from", "预先算好的计划"),
    # --- money and rates
    "margin": ("margin in money per period", "每期毛利（金额）"),
    "margin_rate": ("margin as a share of spend", "毛利率（占消费额的比例）"),
    "annual_profit": ("profit per customer per year (money)", "每位客户每年的利润（金额）"),
    "acquisition_cost": ("cost of winning one customer (money)", "获客成本（金额）"),
    "retention_cost": ("cost of keeping a customer per year (money)", "每年的维系成本（金额）"),
    "programme_cost": ("cost of a retention programme per customer per year", "保留计划每位客户每年的成本"),
    "churn": ("share of customers lost per period", "每期流失率"),
    "new_churn": ("churn after a retention programme", "实施保留计划后的流失率"),
    "retention": ("share of customers kept per period (1 - churn)", "每期保留率"),
    "retentions": ("several retention rates", "多个保留率"),
    "points": ("a change in percentage points", "百分点变化"),
    "discount": ("discount rate per period", "每期贴现率"),
    "monthly_discount": ("discount rate per month", "月贴现率"),
    "timing": ("cash-flow timing convention of a CLV formula", "CLV 公式的现金流时点约定"),
    "periods_per_month": ("model time units per month", "每月包含的模型时间单位数"),
    "round_to": ("round recommendations up to a multiple of this", "建议额度取整的倍数"),
    "tolerance": ("flag when actual ÷ planned is below this", "实际÷计划低于此值即预警"),
    "annual_rate": ("annual interest rate, 0.03 for 3%", "年利率（0.03 表示 3%）"),
    "threshold": ("the high/low split of RFM scores", "RFM 高低分界"),
    "late_share": ("D grade: least share of due invoices paid late", "D 类：逾期付款发票占比的下限"),
    "days_late": ("D grade: least average days late of the late invoices", "D 类：逾期发票平均逾期天数的下限"),
    "from_grades": ("D grade: the grades that can become D (order little)", "D 类：可降为 D 类的等级（订货少）"),
    # --- grading
    "cuts": ("cumulative-share cut points of ABC", "ABC 的累计占比分界点"),
    "tops": ("top shares of customers for the pyramid grades", "金字塔各级的客户比例"),
    "labels": ("the labels themselves (grades, names)", "标签本身（等级、名称）"),
    "names": ("display names per key", "各键的显示名称"),
    "top": ("a top share of customers (e.g. 0.2)", "头部客户比例（如 0.2）"),
    "top_grade": ("the grade used as the bar (e.g. 'A')", "作为标杆的等级（如 'A'）"),
    "ungraded": ("label for customers without a grade", "无等级客户的标签"),
    "bins": ("number of score levels", "评分档数"),
    "new_label": ("label of customers new in the second period", "新增客户的标签"),
    "lost_label": ("label of customers gone in the second period", "流失客户的标签"),
    "normalize": ("show shares instead of counts", "显示占比而非户数"),
    "role": ("who visits: 业务员, 销售经理 …", "拜访角色"),
    "visit_level": ("use the 'low' or 'high' frequency of the visit plan", "采用拜访计划频率的下限或上限"),
    "activity": ("拜访 (visit) or 电话 (call)", "活动类型：拜访或电话"),
    # --- routes
    "origin": ("(lat, lon) where a route starts and ends", "路线的出发点（纬度, 经度）"),
    "origin_label": ("display name of the origin", "出发点名称"),
    "max_origin_km": ("beyond this, a day's route starts at its first customer", "超过此距离时从首个客户出发"),
    "closed": ("return to the origin at the end", "是否返回出发点"),
    "route_order": ("customer ids in visiting order", "按拜访顺序排列的客户编号"),
    "no_improvement": ("solver stops after this many iterations without improvement", "无改进迭代次数上限"),
    "time_limit": ("solver safety cap in seconds", "求解时间上限（秒）"),
    "seed": ("random seed", "随机种子"),
    "route_kw": ("further keyword arguments of visit_route", "传给 visit_route 的其他参数"),
    # --- models and self-checks
    "params": ("model parameter values, in the model's order", "模型参数值（按模型的顺序）"),
    "x": ("repeat purchases per customer (FHL's notation x)", "各客户的重复购买次数（论文记号 x）"),
    "tx": ("time of the last purchase (FHL's notation t_x)", "最后一次购买的时点（论文记号 t_x）"),
    "m": ("mean spend per customer (FHL's notation m̄)", "各客户的平均消费（论文记号 m̄）"),
    "hessian": ("also return the Hessian", "同时返回 Hessian 矩阵"),
    "guess": ("starting parameter values of an optimiser", "优化的初始参数值"),
    "loglik": ("a log-likelihood function", "对数似然函数"),
    "shapes": ("names of shape parameters that must stay finite", "须保持有限的形状参数名"),
    "before": ("grades of the earlier period", "前一期的等级"),
    "after": ("grades of the later period", "后一期的等级"),
    "answer": ("a student's answer to an exercise", "学生的答案"),
    "truth": ("the right answer", "正确答案"),
    "rel_tol": ("relative tolerance", "相对误差容限"),
    "abs_tol": ("absolute tolerance", "绝对误差容限"),
    "city": ("a city name", "城市名称"),
    "out_dir": ("a folder to write to", "输出文件夹"),
    "argv": ("command-line arguments", "命令行参数"),
    "ctx": ("the generator's shared state (seed, latent traits, tables so far)", "数据生成器的共享状态"),
    "rng": ("a numpy random generator", "随机数生成器"),
    "float_format": ("how floats are written to CSV", "CSV 中浮点数的格式"),
    "bg": ("a fitted BG/NBD model", "已拟合的 BG/NBD 模型"),
    "gg": ("a fitted Gamma-Gamma model", "已拟合的 Gamma-Gamma 模型"),
    "n": ("a count", "个数"),
    "max_x": ("largest repeat-purchase count shown separately", "单独列出的最大重复购买次数"),
    # --- display, files, setup
    "ax": ("matplotlib axes to draw on", "绘图坐标轴"),
    "title": ("plot or table title", "标题"),
    "color": ("a colour", "颜色"),
    "annotate": ("write names next to the points", "是否在点旁标注名称"),
    "label_top": ("how many of the largest items to name", "标注名称的最大项目数"),
    "highlight": ("a stage to highlight", "要突出显示的阶段"),
    "unit_label": ("axis label of the time unit", "时间单位的坐标轴标签"),
    "precision": ("decimals shown", "显示的小数位数"),
    "index": ("write the index too", "是否写出索引"),
    "path": ("a file path", "文件路径"),
    "encoding": ("a text encoding", "文本编码"),
    "sep": ("a CSV separator", "CSV 分隔符"),
    "kwargs": ("further keyword arguments passed on", "其他参数"),
    "cols": ("column-name keyword arguments (customer=, date=, amount=)", "列名映射参数"),
    "allow_negative": ("accept negative amounts (returns, netted by the summaries)", "允许负金额（退货，汇总按净额计算）"),
    "dayfirst": ("read dates with the year last as day/month/year (True) or month/day/year (False)",
                 "年份在后的日期按日/月/年（True）或月/日/年（False）读取"),
    "decimal": ("the decimal separator of numbers: '.' or ','", "数字的小数分隔符：'.' 或 ','"),
    "check_duplicates": ("fail on duplicated order lines", "检查重复订单行"),
    "check_ids": ("fail on missing customer ids", "检查客户编号缺失"),
    "empty_ok": ("return an empty result instead of failing", "允许结果为空"),
    "projector": ("large type for a projector", "投影用大字号"),
    "directory": ("a folder", "文件夹"),
    "config_dir": ("a Jupyter config folder", "Jupyter 配置文件夹"),
    "font_url": ("URL of the web font", "网页字体地址"),
    "notebook_dir": ("the folder with the notebooks", "笔记本所在文件夹"),
    "mask_personal": ("show personal details of people (names, phone numbers) de-identified", "隐去个人信息（姓名、电话）"),
    "parts": ("further values that make an id unique", "使编号唯一的其他取值"),
    "prefix": ("prefix of an id", "编号前缀"),
    "region": ("a region to show first", "初始显示的地区"),
    "what": ("what a value is, for the error message", "错误信息中的名称"),
    # --- display (kh.show)
    "rows": ("how many rows a displayed table shows (None = all)", "表格显示的行数（None 为全部）"),
    "decimals": ("decimal places of displayed numbers", "显示的小数位数"),
    "formats": ("column -> format string or function for display", "各列的显示格式"),
    "caption": ("a caption shown above a table", "表格标题"),
    "with_year": ("whether a displayed date includes the year", "显示日期时是否带年份"),
    "chapter": ("a chapter number as two digits, e.g. '04'", "章号"),
    # --- chapter 02: cost to serve, customer profit, growth model, prospects
    "activities": ("service-activity lines (one row per delivery, visit, call, reminder …)", "服务活动记录（每次配送、拜访、通话、催款一行）"),
    "rates": ("cost per driver unit of each activity (activity -> CNY)", "各活动每单位作业量的成本（活动 → 元）"),
    "costs": ("cost to serve per customer (activity_costs output)", "每个客户的服务成本表"),
    "margins": ("sales and gross margin per customer (customer_margin output)", "每个客户的销售额与毛利表"),
    "unit_cost": ("name of the unit-cost column of the products table", "产品表中单位成本的列名"),
    "list_price": ("name of the list-price column of the products table", "产品表中标价的列名"),
    "activity_date": ("name of the date column of the activity lines", "活动记录的日期列名"),
    "driver": ("name of the cost-driver quantity column of the activity lines", "活动记录的作业量列名"),
    "profit": ("customer profit table (customer_profit output)", "客户利润表"),
    "groups": ("a Series mapping customer id to its group", "客户编号 → 分组的序列"),
    "features": ("a table of model features, one row per customer", "模型特征表（每个客户一行）"),
    "outcome": ("0/1 outcome per customer (1 = grew into an A customer)", "每个客户的 0/1 结果（1 = 成长为 A 类）"),
    "numeric": ("names of numeric feature columns", "数值特征列名"),
    "categorical": ("names of categorical feature columns", "类别特征列名"),
    "log": ("numeric feature columns taken as log(1 + x)", "取 log(1+x) 的数值特征列"),
    "score": ("a score per customer (higher = more likely)", "每个客户的得分（越高越可能）"),
    "probability": ("a predicted probability per customer", "每个客户的预测概率"),
    "level": ("confidence level of an interval, e.g. 0.95", "区间的置信水平"),
    "n_boot": ("number of bootstrap resamples", "自助法重抽样次数"),
    "cohort_start": ("first day of the acquisition cohort", "获客批次开始日"),
    "cohort_end": ("last day of the acquisition cohort", "获客批次结束日"),
    "outcome_start": ("first day of the period in which the outcome is measured", "结果观察期开始日"),
    "outcome_end": ("last day of the period in which the outcome is measured", "结果观察期结束日"),
    "attributes": ("names of record-card columns used as attributes", "作为特征的客户资料卡列名"),
    "first_trade": ("name of the first-trade-date column of the customer table (None: first order)", "客户表中首次交易日期的列名"),
    "employees": ("numbers of employees", "员工人数"),
    "edges": ("cut points between size classes", "规模档的分界值"),
    "size_edges": ("employee counts that separate 小/中/大", "划分小/中/大的员工人数"),
    "prospects": ("the prospects' records, one row per prospect", "潜在客户表（每个潜在客户一行）"),
    "peers": ("current customers used as the prospects' peers", "作为参照的现有客户表"),
    "growth": ("probability of growing into an A customer, per prospect", "每个潜在客户成长为 A 类的概率"),
    "bases": ("latitude/longitude of each prospect's salesperson office", "每个潜在客户的业务员驻地坐标"),
    "policy_scores": ("business policy -> partnership score", "经营方针 → 合作意愿分值"),
    "category": ("name of the product-category column", "产品类别列名"),
    "lat1": ("latitudes of the first points", "起点纬度"),
    "lon1": ("longitudes of the first points", "起点经度"),
    "lat2": ("latitudes of the second points", "终点纬度"),
    "lon2": ("longitudes of the second points", "终点经度"),
}

#: English column name -> Chinese label shown to students (显示标签). One table for the course.
LABELS: dict[str, str] = {
    "term": "术语", "english": "英文", "chapter": "章", "definition": "释义",  # the glossary (glossary())
    "column_name": "列名（英文）", "display_label": "显示标签",  # this table itself (glossary notebook)
    "customer_id": "客户编号", "product_id": "产品编号", "order_id": "订单号", "line_no": "行号",
    "order_date": "订单日期", "amount": "金额", "quantity": "数量", "name": "名称", "short_name": "简称",
    "kind": "客户类型", "segment": "客户类别", "region": "地区", "city": "城市", "category": "品类",
    "orders": "订单数", "lines": "订单行数", "sales": "销售额", "first_date": "首次购买日",
    "last_date": "最近购买日", "recency_days": "距最近购买天数", "tenure_days": "首购至今天数",
    "mean_order": "平均单笔金额", "customers": "客户数", "grade": "等级", "share": "占比",
    "cum_share": "累计占比", "customer_share": "客户数占比", "value_share": "金额占比",
    "cost": "成本", "gross_profit": "毛利", "margin_rate": "毛利率", "avg_stock": "平均库存",
    "turnover": "周转率", "cross_ratio": "交叉比率", "contribution_ratio": "贡献比率", "abc": "ABC 等级",
    "balance": "应收余额", "overdue_90": "逾期超90天金额", "credit_limit": "信用额度", "utilisation": "额度使用率",
    "over_limit": "超额度", "recommended": "建议额度", "action": "建议措施", "terms_days": "账期（天）",
    "monthly": "月均进货额", "frequency": "重复购买次数", "recency": "最近购买时点", "T": "观察时长",
    "monetary_value": "平均消费", "clv": "客户终身价值", "p_alive": "仍活跃概率", "days_overdue": "逾期天数",
    "paid": "已收款", "invoice_date": "开票日期", "due_date": "到期日", "invoice_id": "发票号",
    "top_share": "大客户占比", "actual_share": "实际占比", "ratio": "实际/计划", "flag": "预警",
    "expected_share": "计划占比", "share_of_region": "占地区销售额", "visits": "月拜访次数",
    "date": "日期", "weekday": "星期", "activity": "活动", "visit": "第几次", "origin": "出发点",
    "km": "里程（km）", "naive_km": "名册顺序里程（km）", "saving": "节省比例", "stops": "拜访家数", "rank": "排名",
    "customer_sales": "客户采购额", "company_sales": "公司销售额", "company_share": "公司占比",
    "diff_pp": "差异（百分点）", "not_due": "未到期", "overdue_1_30": "逾期1-30天",
    "overdue_31_60": "逾期31-60天", "overdue_61_90": "逾期61-90天", "overdue_90_plus": "逾期90天以上",
    "overdue_share": "逾期占比", "R": "R 分", "F": "F 分", "M": "M 分",
    # --- chapter blocks: each chapter adds the labels it needs below its own line
    # --- 00
    "growth_potential": "发展潜力", "attitude": "合作态度", "competitor_position": "与竞争对手的关系",
    "sales_capability": "销售能力", "business_policy": "经营方针", "staff_quality": "人员素质",
    "employees": "员工人数", "assets_10k": "资产（万元）", "legal_rep": "法人代表", "contact": "联系人",
    "phone": "电话", "address": "地址", "founded": "成立日期", "first_trade_date": "首次交易日期",
    "org_form": "组织形式", "industry": "行业", "payment_terms_days": "付款期限（天）",
    "sales_2024": "2024 年销售额", "sales_2025": "2025 年销售额", "growth_2025": "2025 年增长率",
    "buyers_2025": "2025 年下单客户数",
    # --- 01
    "alive_start": "年初在册概率", "alive_end": "年末在册概率", "cum_years": "累计在册年数", "margin": "每期毛利",
    "discount_factor": "贴现因子", "present_value": "现值", "cumulative": "累计现值", "estimate": "估计值",
    "std_err": "标准误", "ci_low": "95% 区间下限", "ci_high": "95% 区间上限", "published": "论文公布值",
    "rel_diff": "相对差异", "frequency_holdout": "留出期购买次数", "monetary_holdout": "留出期平均消费",
    "duration_holdout": "留出期时长", "expected_holdout": "留出期预测购买次数", "retention": "留存率",
    "total": "合计", "mean": "平均值", "value_12m": "未来12个月毛利现值", "year": "年份",
    # --- 02
    # --- 03
    # --- 04
    "invoices_due": "到期发票数", "late_invoices": "逾期付款发票数", "late_share": "逾期付款比例",
    "mean_days_late": "平均逾期天数", "overdue_balance": "逾期应收余额", "pays_late": "付款拖延",
    "salespeople": "负责业务员人数", "salesperson_id": "业务员编号", "salesperson": "业务员",
    "pyramid_grade": "金字塔等级",
    "rfm_code": "RFM 代码", "rfm_total": "RFM 总分", "mean_recency": "平均距最近购买天数",
    "a_customers": "A 类客户数", "role": "角色", "mean_value": "户均金额",
    # --- 05
    "purchase_share": "客户采购占比",
    "expected_share_of_region": "计划占地区比例", "interest": "利息成本", "mean_days_overdue": "平均逾期天数（按余额加权）",
    "sales_rank": "销售额排名", "gp_rank": "毛利额排名", "rank_change": "名次变化", "gp_share": "毛利占比",
    "cum_gp_share": "累计毛利占比", "gp_abc": "毛利 ABC", "stock_note": "库存说明", "channel": "渠道",
    "policy": "信用政策", "terms_multiple": "额度倍数（账期进货额）", "plan_flag": "计划检查", "days": "天数",
    "exhaustive_km": "穷举最优里程（km）", "pyvrp_km": "PyVRP 里程（km）", "n_orders": "顺序种数",
    "index": "结构指数（客户÷公司）",
    "product": "产品",
    # --- 06
    # --- 07
    # --- 08
}


def label(name: str) -> str:
    """The Chinese label of a column name (显示标签); the name itself when it has none.

    >>> label("recency_days"), label("自定义")
    ('距最近购买天数', '自定义')
    """
    return LABELS.get(str(name), str(name))


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with Chinese column (and index) labels for display; the data and the
    input are unchanged.

    >>> labelled(pd.DataFrame({"sales": [1.0]}, index=pd.Index(["a"], name="customer_id")))
                  销售额
    客户编号
    a           1.0
    """
    out = df.rename(columns=label)
    if out.index.name is not None:
        out.index = out.index.rename(label(out.index.name))
    return out


#: Columns that hold a share (0–1) and are shown as a percentage, besides any name containing
#: ``share`` or ending in ``_rate`` (占比类列，显示为百分数).
PERCENT_COLUMNS: frozenset[str] = frozenset({
    "p_alive", "utilisation", "saving", "retention", "churn", "discount_rate", "response_rate",
    "conversion", "win_rate", "hit_rate", "gini",
})


def is_percent(name: object) -> bool:
    """True for a column shown as a percentage (占比类列).

    >>> is_percent("cum_share"), is_percent("margin_rate"), is_percent("sales")
    (True, True, False)
    """
    n = str(name)
    return "share" in n or n.endswith("_rate") or n in PERCENT_COLUMNS


#: The course glossary (课程术语表): Chinese term -> (English term, chapter where it is taught,
#: one-line definition in Chinese). One translation per term; the glossary notebook and the
#: chapters' first-use brackets use these English words. Each chapter keeps its own block.
TERMS: dict[str, tuple[str, str, str]] = {
    # --- 00 导论
    "客户管理": ("customer management", "00", "围绕客户资料、交易、关系和风险进行的持续管理活动"),
    "客户资料卡": ("customer record card", "00", "记录客户基础资料、特征、业务状况和交易现状的卡片"),
    "客户关系生命周期": ("customer relationship life cycle", "00", "从认识、选择、开发到忠诚与流失的客户关系全过程"),
    "狭义客户信息": ("customer information in the narrow sense", "00", "客户的基础资料：它是谁、在哪里、怎样联系、谁来决策"),
    "广义客户信息": ("customer information in the broad sense", "00", "与客户有关的全部信息：基础资料之外还有交易、信用、需求、关系与竞争状况"),
    "巡视管理": ("field visit management", "00", "业务员定期拜访客户，在现场了解经营与需求并更新资料"),
    "关系管理": ("relationship management", "00", "与客户的决策人和使用者保持沟通、建立信任的管理"),
    "筛选管理": ("customer screening", "00", "定期按价值给客户分级，培养、维持或淘汰，把资源投向最值得的客户"),
    "动态管理": ("dynamic management", "00", "资料随客户变化不断更新，而不是一次建档永不更新"),
    "个人信息": ("personal information", "00", "与已识别或可识别的自然人有关的各种信息（《个人信息保护法》第四条）"),
    "最小必要原则": ("data minimisation (minimum necessary)", "00", "收集个人信息限于实现处理目的的最小范围（《个人信息保护法》第六条）"),
    "去标识化": ("de-identification", "00", "处理个人信息，使其在不借助额外信息时无法识别特定自然人"),
    "合成数据": ("synthetic data", "00", "由带固定种子的生成器按设定规则产生、而非实际记录的数据"),
    # --- 01 客户价值
    "客户终身价值": ("customer lifetime value (CLV)", "01", "客户在整个关系期间带来的利润的现值，减去获取和服务成本"),
    "留存率": ("retention rate", "01", "一期开始时的客户中到期末仍留下的比例"),
    "流失率": ("churn rate", "01", "一期开始时的客户中在期内流失的比例，等于 1 − 留存率"),
    "贴现率": ("discount rate", "01", "把未来的钱折算成今天的钱所用的利率"),
    "顾客": ("customer", "01", "没有名字的购买者：企业不知道他是谁、买过什么"),
    "客户": ("client", "01", "有名字、有档案、有交易记录的购买者"),
    "预期寿命": ("expected lifetime", "01", "客户平均留多少期；流失率不变时等于 1/流失率"),
    "获客成本": ("acquisition cost", "01", "赢得一位新客户所花的费用（一次性）"),
    "保留计划": ("retention programme", "01", "为降低流失率而对现有客户持续投入的计划"),
    "盈亏平衡成本": ("break-even cost", "01", "使有、无保留计划的 CLV 相等的每期计划成本上限"),
    "契约型关系": ("contractual setting", "01", "客户离开时要办手续（如销户），流失看得见"),
    "非契约型关系": ("non-contractual setting", "01", "客户离开时不通知企业，流失看不见"),
    "BG/NBD 模型": ("BG/NBD model", "01", "描述非契约型客户的重复购买与不可见流失的概率模型"),
    "Gamma-Gamma 模型": ("Gamma-Gamma model", "01", "描述客户每次购买金额的概率模型"),
    "仍活跃概率": ("probability alive, P(alive)", "01", "根据购买历史估计的客户尚未流失的概率"),
    "校准期": ("calibration period", "01", "用来拟合模型的时间段"),
    "留出期": ("holdout period", "01", "不参与拟合、用来检验预测的时间段"),
    # --- 02 客户选择
    # --- 03 客户开发
    # --- 04 客户分级
    "ABC 分类法": ("ABC analysis", "04", "按累计销售额占比把客户分为 A、B、C 三级"),
    "客户金字塔": ("customer pyramid", "04", "按客户排名（前 1%、5%、20%）把客户分为四层"),
    "颜色管理": ("colour management", "04", "每个等级一种颜色，用在所有报表、名册和图表上"),
    "RFM 模型": ("RFM model", "04", "按最近购买、购买频率和购买金额给客户打分并细分"),
    "二八法则": ("Pareto principle, 80/20 rule", "04", "少数客户（约 20%）带来大部分销售额（约 80%）的经验规律"),
    "帕累托曲线": ("Pareto curve", "04", "客户按销售额从大到小排列后，累计销售额占比随累计客户占比变化的曲线"),
    "D 类客户": ("grade D customer", "04", "付款拖延、订货少而要求多的客户；本课程按逾期付款比例和平均逾期天数从 C 类中划出"),
    "逾期付款比例": ("late-payment share", "04", "到期发票中晚于到期日结清或仍未结清的张数占比"),
    "客户经理制": ("account-manager system", "04", "每位重点客户由一位客户经理（业务员）专人负责"),
    "分级拜访计划": ("visit plan by grade", "04", "按客户等级规定业务员和各级管理者拜访、电话的频率"),
    "等级迁移矩阵": ("grade migration matrix", "04", "两期等级的交叉表：行是前一期等级，列是后一期等级"),
    "最近购买": ("recency", "04", "RFM 中的 R：最近一次购买距观察日的天数，越小越好"),
    "购买频率": ("frequency", "04", "RFM 中的 F：期间内的订单数，越多越好"),
    "购买金额": ("monetary value", "04", "RFM 中的 M：期间内的购买金额，越大越好"),
    # --- 05 交易分析
    "交叉比率": ("cross ratio", "05", "毛利率 × 周转率，衡量一种产品的综合获利能力"),
    "贡献比率": ("contribution ratio", "05", "交叉比率 × 销售额占比"),
    "应收账款账龄": ("receivables ageing", "05", "按逾期天数分段统计的应收账款余额"),
    "交易分析": ("transaction analysis", "05", "把订单、发票和收款记录变成客户、产品和信用上的行动"),
    "客户构成分析": ("customer composition analysis", "05", "按地区、行业、渠道等维度小计客户的销售额和占比"),
    "大客户占比": ("top-customer share", "05", "一组客户中销售额最大的前 20% 客户贡献的销售额占比"),
    "计划占比": ("planned share", "05", "年初计划中一位客户或一种产品应占的销售额比例"),
    "毛利率": ("gross margin rate", "05", "毛利 ÷ 销售额"),
    "毛利额": ("gross profit", "05", "销售额 − 销售成本，按金额而不是比率"),
    "周转率": ("inventory turnover", "05", "销售额 ÷ 平均库存（按年计），库存一年周转几次"),
    "产品结构": ("product mix", "05", "一位客户或全公司的销售额在各品类、各产品之间的分布"),
    "应收账款": ("accounts receivable", "05", "已开票发货、尚未收回的货款"),
    "应收账款周转天数": ("days sales outstanding (DSO)", "05", "应收余额 ÷ 近期赊销额 × 天数，平均多少天收回货款"),
    "信用额度": ("credit limit", "05", "允许一位客户同时欠款的最高金额"),
    "逾期利息成本": ("interest cost of overdue receivables", "05", "逾期余额 × 逾期天数 × 年利率 ÷ 365：晚收回的钱损失的利息"),
    "贷款市场报价利率": ("loan prime rate (LPR)", "05", "由全国银行间同业拆借中心每月公布的贷款参考利率"),
    "路序分析": ("route sequencing", "05", "为一天要拜访的客户求总路程最短的拜访顺序"),
    "旅行商问题": ("travelling salesman problem (TSP)", "05", "经过每个地点一次并回到起点、总路程最短的路线问题"),
    "穷举法": ("exhaustive search, brute force", "05", "把所有可能的顺序都算一遍，取最短的"),
    "月度拜访日程": ("monthly visit calendar", "05", "按等级的拜访频率把拜访排到当月工作日上"),
    "未交易客户": ("customer without orders", "05", "名册上有、但在分析期内没有下单的客户；不同于第 04 章的 D 类"),
    # --- 06 客户沟通与满意
    # --- 07 客户投诉
    # --- 08 客户忠诚与流失
}


def glossary(chapter: str | None = None) -> pd.DataFrame:
    """The course glossary (课程术语表) as a table: one row per term of :data:`TERMS` with the
    columns ``chapter`` (where it is taught), ``term`` (Chinese), ``english`` and ``definition``;
    sorted by chapter, then by term (Unicode order: Latin terms first, then the characters in
    radical-and-stroke order). ``chapter`` ('00'–'08') keeps one chapter's terms.

    >>> g = glossary("04")
    >>> list(g.columns), len(g) == sum(c == "04" for _, c, _ in TERMS.values())
    (['chapter', 'term', 'english', 'definition'], True)
    """
    chapters = [f"{i:02d}" for i in range(9)]
    if chapter is not None and chapter not in chapters:
        from ._errors import fail

        raise fail(f"chapter 应是 '00' 到 '08' 之间的两位章号，收到的是 {chapter!r}。",
                   f"chapter must be a two-digit chapter number '00'-'08', got {chapter!r}.")
    out = pd.DataFrame([(ch, term, en, definition) for term, (en, ch, definition) in TERMS.items()],
                       columns=["chapter", "term", "english", "definition"])
    if chapter is not None:
        out = out[out["chapter"] == chapter]
    return out.sort_values(["chapter", "term"], kind="stable").reset_index(drop=True)
