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

from ._parameters import PARAMETERS  # one meaning per parameter name (kept apart: size)

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
    "rate": "成本率", "unit": "单位", "basis": "依据", "cost_to_serve": "服务成本", "profit": "利润",
    "profit_margin": "利润率", "unprofitable": "亏损客户数", "unprofitable_share": "亏损客户占比",
    "profit_share": "利润占比", "auc": "AUC", "auc_low": "AUC 区间下限", "auc_high": "AUC 区间上限", "coef": "系数",
    "odds_ratio": "比值比", "p_value": "p 值", "predicted": "平均预测概率", "grew": "成为 A 类", "observed": "实际比例",
    "score": "得分", "base_rank": "初始排名", "in_top_share": "留在前列的比例", "median_rank": "排名中位数",
    "rank_p05": "排名（5% 分位）", "rank_p95": "排名（95% 分位）", "feature": "特征", "bin": "分组", "model": "模型",
    "purchasing_power": "购买力", "price_sensitivity": "价格敏感度", "cost_to_serve_ratio": "服务成本率",
    "growth": "成长潜力", "partnership": "合作意愿", "distance_km": "距离（公里）", "cost_of_goods": "产品成本",
    "discount": "议价折扣", "products": "产品数", "categories": "品类数", "weight": "权重", "p_grow": "成长概率",
    "cumulative_profit": "累计利润", "cumulative_share": "累计利润占比", "activity_id": "活动编号",
    "const": "常数项",
    # --- 03
    "lead_id": "线索编号", "method": "开发方法", "leads": "线索数", "won": "赢单数", "lost": "丢单数", "open": "进行中",
    "cost_per_lead": "每条线索成本", "conversion": "观察到的赢单率", "posterior_mean": "赢单率后验均值",
    "cost_per_customer": "获客成本", "p_best": "是最优方法的概率", "reached": "到达线索数", "stage": "阶段",
    "exposures": "阶段观察数", "open_leads": "在途线索数", "expected_amount": "预计金额", "won_amount": "赢单金额",
    "forecast_count": "预测赢单数", "forecast_amount": "预测赢单金额", "actual_count": "实际赢单数",
    "actual_amount": "实际赢单金额", "from_pipeline": "其中来自在途线索", "from_new_leads": "其中来自新线索",
    "amount_ratio": "金额折算系数", "error": "误差", "ape": "绝对百分比误差", "count_ape": "赢单数绝对百分比误差",
    "weighted_amount": "加权金额", "new": "本轮新增", "expected_total": "期望累计人数", "simulated_mean": "模拟累计（平均）",
    "simulated_median": "模拟累计（中位数）", "extinction": "链条中断概率（理论）", "simulated_extinct": "链条中断比例（模拟）",
    "risk": "风险分", "verdict": "结论", "risk_band": "风险分段", "need": "需求明确", "schedule": "时间表确定",
    "budget": "预算落实", "competition": "竞争激烈", "decision_makers": "接触到决策者", "goal": "目标",
    "year_goal": "年度目标", "quarter_goal": "季度目标", "quarter": "季度", "month": "月份", "left": "离开数",
    "mean_days": "平均停留天数", "median_days": "停留天数中位数", "expected_steps": "期望阶段数",
    "expected_days": "期望成交天数", "chain_win_rate": "马尔可夫链赢单率", "company": "单位名称", "win_rate": "赢单率",
    "outcome": "结果", "state": "状态", "since": "进入日期",
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
    "aspect": "评价项目", "importance_weight": "重要性权重", "regression_weight": "回归权重", "performance": "表现",
    "importance": "重要性", "expectation": "期望", "perception": "感知", "gap": "差距", "quadrant": "象限",
    "respondents": "受访者数", "alpha": "克朗巴赫 α", "construct": "构念", "item_total_r": "校正题总相关",
    "alpha_if_deleted": "删除该题后的 α", "nps": "净推荐值", "promoters": "推荐者", "passives": "被动者",
    "detractors": "贬损者", "planned": "计划次数", "actual": "实际次数", "met": "达标", "shortfall": "缺口",
    "met_share": "达标比例", "a_unvisited": "未拜访的 A 类客户", "difference": "差值", "own": "本公司",
    "competitor": "主要竞争对手", "higher_share": "评价更高的比例", "lower_share": "评价更低的比例",
    "source": "起点", "target": "终点", "r_squared": "R²", "loading": "载荷", "from_mean": "前一期均值",
    "to_mean": "后一期均值", "from_n": "前一期人数", "to_n": "后一期人数", "change": "变化",
    "items": "题目数", "item": "题目",
    # --- 07
    # --- 08
    "at_risk": "风险集人数", "events": "事件数", "survival": "生存概率", "hazard_ratio": "风险比",
    # chapter 07: complaints, control charts, resolution, recovery, keywords, the iceberg
    "complaint_id": "投诉编号", "received": "受理时间", "complaint_type": "投诉类别", "cause": "投诉原因",
    "severity": "严重程度", "text": "投诉内容", "resolved": "解决时间", "compensation": "赔偿金额",
    "count": "次数", "exposure": "机会数", "u_value": "每单位投诉数", "centre": "中心线", "lcl": "控制下限",
    "ucl": "控制上限", "above": "高于上限", "below": "低于下限", "run_side": "连续同侧", "period": "期间",
    "resolved_share": "已解决比例", "cases": "样本数", "repurchased": "复购数", "orders_before": "之前订单数",
    "orders_after": "之后订单数", "sales_after": "之后销售额", "followed": "观察期完整", "word": "词",
    "tfidf": "TF-IDF", "docs": "含该词的投诉数", "slow_with": "超时比例（含该词）", "slow_without": "超时比例（不含该词）",
    "risk_ratio": "超时风险比", "q_value": "q 值（BH 校正）", "complaints": "投诉数", "target_days": "目标天数",
    "share_resolved_only": "达标比例（只看已解决）", "share_open_as_missed": "达标比例（未解决算超时）",
    "complaints_made": "客户提出的投诉", "recorded": "记录在案的投诉", "dissatisfied": "不满意客户", "silent": "沉默的不满意客户",
    "told_low": "听到抱怨的人（低）", "told_high": "听到抱怨的人（高）", "group": "组别", "band": "之前订单数分段",
    # chapter 08: churn times and definitions, loyalty types, the win-back plan
    "start_date": "起算日", "churn_date": "流失日（或删失日）", "duration_days": "时长（天）", "churned": "是否流失",
    "came_back": "流失后又回来", "churned_span": "按休眠判流失", "churned_p_alive": "按仍活跃概率判流失",
    "rule": "判定规则", "not_returned": "留出期未再下单", "flagged": "判为流失", "flagged_returned": "误报（判流失却又下单）",
    "not_flagged_lost": "漏报（未判流失也未下单）", "precision": "精确率", "recall": "召回率", "accuracy": "准确率",
    "loyalty_attitude": "忠诚态度", "behaviour": "重复购买行为", "high_attitude": "态度高", "high_behaviour": "重复购买多",
    "loyalty_type": "忠诚类型", "lost_h2": "下半年未再下单", "action": "对策", "cohort": "获客队列",
    "p_return": "挽回概率", "annual_profit": "流失前年毛利", "winback_value": "挽回后价值", "offer_cost": "挽回成本",
    "expected_value": "挽回期望净值", "break_even_p": "保本概率", "decision": "挽回决策", "mean_p_return": "平均挽回概率",
    "cumulative_hazard": "累积风险",
    # the report command (kh.report): the roster's views
    "rfm_segment": "RFM 细分", "clv_12m": "未来 12 个月价值",
    "covariate": "协变量", "z": "z 值", "chi2": "卡方", "df": "自由度",
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
    "conversion", "win_rate", "hit_rate", "gini", "profit_margin", "discount", "observed", "predicted", "p_grow",
    "cost_to_serve_ratio", "posterior_mean", "p_best", "ape", "count_ape", "extinction", "simulated_extinct",
    "chain_win_rate",
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
    "客户选择": ("customer selection", "02", "企业按明确的标准决定重点服务、改善或放弃哪些客户，开发哪些潜在客户"),
    "作业成本法": ("activity-based costing (ABC costing)", "02", "把费用按作业（配送、拜访、电话支持……）的作业量和成本率归到客户或产品"),
    "服务成本": ("cost to serve", "02", "服务一位客户所发生的作业成本之和，不含产品成本"),
    "客户利润": ("customer profit", "02", "客户的毛利减去服务成本"),
    "关键客户": ("key account", "02", "对企业特别重要、由专人负责并长期经营的大客户"),
    "潜在客户": ("prospect", "02", "尚未交易、可能成为客户的组织或个人"),
    "逻辑回归": ("logistic regression", "02", "用特征的线性组合估计某事件（如成为 A 类客户）发生概率的回归模型"),
    "比值比": ("odds ratio", "02", "特征变化一个单位时，事件发生比（概率 ÷ 不发生的概率）变为原来的倍数"),
    "ROC 曲线下面积": ("area under the ROC curve (AUC)", "02", "随机取一个正例和一个反例，模型给正例打分更高的概率；0.5 为瞎猜，1 为完美"),
    "留出样本": ("holdout sample", "02", "不参与拟合、只用来检验模型的一组客户"),
    "校准表": ("calibration table", "02", "按预测概率分组，对比每组的平均预测概率与实际发生比例"),
    "洛伦兹曲线": ("Lorenz curve", "02", "客户按数值从小到大排列后，累计数值占比随累计客户占比变化的曲线"),
    "基尼系数": ("Gini coefficient", "02", "衡量集中度的 0 到 1 之间的数：0 为人人相同，越大越集中"),
    "鲸鱼曲线": ("whale curve (customer profitability curve)", "02", "客户按利润从高到低排列后的累计利润占总利润的比例，峰值超过 100%"),
    "层次分析法": ("analytic hierarchy process (AHP)", "02", "由两两比较的判断矩阵求主特征向量得到各准则权重的方法"),
    "判断矩阵": ("pairwise comparison matrix", "02", "第 i 行第 j 列表示准则 i 比准则 j 重要几倍的互反矩阵"),
    "一致性比率": ("consistency ratio (CR)", "02", "判断矩阵的一致性指标除以随机一致性指标；小于 0.1 可以接受"),
    "多准则评分": ("multi-criteria scoring", "02", "把多个标准换算成同一分制后按权重加总的评分"),
    "排名稳定性": ("rank stability", "02", "权重在合理范围内变动时，排名保持不变的程度"),
    # --- 03 客户开发
    # --- 03 客户开发
    "客户开发": ("customer development", "03", "把潜在客户变成现实客户的过程：寻找、审查、接近、成交"),
    "开发方法": ("prospecting method", "03", "寻找潜在客户的途径，如逐户访问、电话、展会、连锁介绍"),
    "MAN 原则": ("MAN (money, authority, need)", "03", "合格的潜在客户要同时有购买力、决定权和需求"),
    "获客成本": ("customer acquisition cost (CAC)", "03", "开发一位新客户平均花费的成本：线索成本之和 ÷ 赢单数"),
    "后验分布": ("posterior distribution", "03", "结合先验与观察数据后，对未知参数（如赢单率）的概率描述"),
    "可信区间": ("credible interval", "03", "后验分布中包含参数一定概率（如 95%）的区间"),
    "连锁介绍": ("chain referral", "03", "请现有客户介绍新客户，新客户再介绍下一批的开发方法"),
    "分支过程": ("branching process (Galton–Watson process)", "03", "每个个体随机产生若干后代、后代再各自繁衍的随机过程"),
    "链条中断概率": ("extinction probability", "03", "分支过程最终没有后代的概率，是 q = G(q) 的最小根"),
    "250 定律": ("Girard's law of 250", "03", "吉拉德的经验：每位顾客背后约有 250 位亲友，会受其口碑影响"),
    "领头羊效应": ("bellwether effect", "03", "行业中有影响力的客户采用后，同行随之跟进"),
    "销售漏斗": ("sales funnel", "03", "线索逐阶段减少的形状：到达每个阶段的线索数与转化比例"),
    "销售管道": ("sales pipeline", "03", "按阶段管理的在途线索与商机：开发、立项、方案、投标、谈判、实施"),
    "吸收马尔可夫链": ("absorbing Markov chain", "03", "有不能离开的吸收状态（如赢单、丢单）的马尔可夫链"),
    "基本矩阵": ("fundamental matrix", "03", "N = (I − Q)⁻¹：从各阶段出发，到吸收前在各阶段的期望停留次数"),
    "加权管道预测": ("weighted pipeline forecast", "03", "在途线索的预计金额乘以所在阶段的赢单概率后加总的预测"),
    "回测": ("backtest", "03", "在过去的时点只用当时可得的数据做预测，再与实际结果比较"),
    "平均绝对百分比误差": ("mean absolute percentage error (MAPE)", "03", "各期 |预测 − 实际| ÷ 实际 的平均值"),
    "季节系数": ("seasonal index", "03", "各月（或季）销售额占全年的平均比例"),
    "线索风险评估": ("lead risk assessment", "03", "按需求、时间表、预算、竞争、决策人五项给线索打分，决定跟进还是放弃"),
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
    "客情": ("working relationship with the customer's people", "06", "企业与客户方具体的人之间的工作关系：信任、沟通与合作"),
    "客户经理制": ("account-manager system", "06", "每位重点客户由一名客户经理统一负责信息、报价、交付与服务的协调"),
    "满意": ("customer satisfaction", "06", "客户把感知到的结果与期望比较后的愉悦或失望"),
    "构念": ("construct", "06", "不能直接观测、由几道题共同测量的概念，如形象、满意、忠诚"),
    "信度": ("reliability", "06", "测量的一致程度：同一构念的几道题是否测的是同一件事"),
    "克朗巴赫 α": ("Cronbach's alpha", "06", "k/(k−1) × (1 − 各题方差之和 ÷ 总分方差)；通常要求 0.7 以上"),
    "反向题": ("reversed item", "06", "措辞与构念方向相反的题目（如“价格偏高”），计算前要反转"),
    "满意度指数": ("satisfaction index", "06", "各项目表现（0–100）按权重加总的综合分"),
    "期望–感知差距": ("expectation–perception gap", "06", "感知减期望；为负表示没有达到客户的期望（SERVQUAL 的思路）"),
    "重要性–表现分析": ("importance–performance analysis (IPA)", "06", "按重要性和表现的平均值把项目分成四个象限，决定改进的重点"),
    "净推荐值": ("Net Promoter Score (NPS)", "06", "推荐者（9–10 分）的百分比减去贬损者（0–6 分）的百分比"),
    "非随机未回答": ("non-random non-response", "06", "是否回答与答案本身有关（如满意的客户更愿意回答），使样本有偏"),
    "韦尔奇 t 检验": ("Welch's t-test", "06", "比较两组（方差可以不同）平均数差异是否显著的检验"),
    "欧洲顾客满意度指数": ("European Customer Satisfaction Index (ECSI)", "06", "形象、期望、感知质量、价值、满意、投诉与忠诚组成的满意度结构模型"),
    "PLS 路径模型": ("PLS path modelling (PLS-PM)", "06", "用偏最小二乘迭代估计构念得分与构念之间路径系数的结构方程方法"),
    "路径系数": ("path coefficient", "06", "结构模型中一个构念对另一个构念的标准化影响"),
    "拟合优度": ("goodness of fit (GoF)", "06", "PLS 模型的整体指标：√(平均共同度 × 平均 R²)"),
    # --- 07 客户投诉
    "客户投诉": ("customer complaint", "07", "客户对产品、合同、运输或服务不满而提出的意见和要求"),
    "索赔": ("claim", "07", "客户因货物损坏、缺陷或违约要求赔偿；先核实、分清责任，再按合同处理"),
    "投诉冰山": ("complaint iceberg", "07", "收到的投诉只是不满意客户的一小部分；由投诉数推算不满意客户与听到抱怨的人"),
    "服务补救悖论": ("service recovery paradox", "07", "投诉处理得好的客户可能比从未遇到问题的客户更忠诚的说法（McCollough & Bharadwaj, 1992）"),
    "控制图": ("control chart", "07", "按时间画出指标及其中心线和控制限，区分异常原因与随机波动（Shewhart）"),
    "c 图": ("c chart", "07", "计数的控制图：中心线 c̄，控制限 c̄ ± 3√c̄"),
    "u 图": ("u chart", "07", "单位机会上计数的控制图：u = c / n，控制限 ū ± 3√(ū / n)"),
    "控制限": ("control limits", "07", "中心线上下 3 倍标准差的界线；超出或连续 8 点在同一侧表示有异常原因"),
    "服务水平": ("service level", "07", "在承诺时间内完成（如 5 天内解决投诉）的比例"),
    "删失": ("censoring", "07", "观察结束时事件还没发生：只知道时长“至少”多少（未解决的投诉、仍在交易的客户）"),
    "Kaplan–Meier 估计": ("Kaplan–Meier estimator", "07", "用每个时点的风险集和事件数估计生存（或完成）比例的方法，能处理删失数据"),
    "混杂因素": ("confounder", "07", "同时影响“原因”和“结果”的第三个因素，会制造虚假的关联（如客户的购买量）"),
    "分词": ("word segmentation", "07", "把没有空格的中文句子切成词；本课程用 jieba 并加入行业词"),
    "停用词": ("stop words", "07", "几乎每篇文本都有、对区分没有帮助的词，分析前去掉"),
    "TF-IDF": ("term frequency–inverse document frequency (TF-IDF)", "07", "词频 × 逆文档频率：在本文中常见、在其他文本中少见的词得分高"),
    "错误发现率": ("false discovery rate (FDR)", "07", "同时做多个检验时，被判为显著的结果中假阳性的期望比例（Benjamini–Hochberg 校正）"),
    # --- 08 客户忠诚与流失
    "客户忠诚": ("customer loyalty", "08", "客户在态度上偏爱、在行为上重复向本企业购买"),
    "钱包份额": ("share of wallet", "08", "客户在本企业的采购占其同类采购总额的比例"),
    "忠诚类型": ("loyalty types", "08", "按相对态度 × 重复购买把客户分为忠诚、潜在忠诚、虚假忠诚、不忠诚（Dick & Basu, 1994）"),
    "虚假忠诚": ("spurious loyalty", "08", "买得多但态度不高：靠惯性或转换成本留下"),
    "潜在忠诚": ("latent loyalty", "08", "态度高但买得少：有障碍阻止购买"),
    "客户流失": ("customer churn", "08", "客户停止向本企业购买；非契约型关系要先给出定义（如超过 N 天无订单）"),
    "获客队列": ("acquisition cohort", "08", "在同一时期（如同一个月）第一次购买的客户"),
    "留出期检验": ("holdout validation", "08", "用观察日以前的数据判断，再用之后的数据检验判断是否正确"),
    "精确率": ("precision", "08", "判为流失的客户中真的流失的比例"),
    "召回率": ("recall", "08", "真的流失的客户中被判为流失的比例"),
    "生存分析": ("survival analysis", "08", "研究事件（流失）何时发生的方法，能处理删失数据"),
    "对数秩检验": ("log-rank test", "08", "检验几组生存曲线是否相同的方法"),
    "Cox 比例风险模型": ("Cox proportional-hazards model", "08", "风险 = 基准风险 × exp(β·x)：同时估计多个因素对流失风险的影响（Cox, 1972）"),
    "风险比": ("hazard ratio", "08", "协变量增加 1 时，任一时刻的流失风险变为原来的倍数 exp(β)"),
    "比例风险假设": ("proportional-hazards assumption", "08", "Cox 模型假设风险比不随时间变化；用 Schoenfeld 残差检验（Grambsch & Therneau, 1994）"),
    "客户挽回": ("customer win-back", "08", "对流失或将要流失的客户采取行动，争取他们回来"),
    "期望价值": ("expected value", "08", "挽回概率 × 挽回后价值 − 挽回成本"),
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
