"""Self-checks of chapter 05 交易分析（上）: customer and product composition, margin, turnover,
cross ratio (notebook ``05_transactions``). The exercises of 05（下） are in :mod:`.ch05b`."""

from __future__ import annotations

import warnings

import pandas as pd

from .. import datasets
from ..summary import product_summary
from ..transactions import HAND_EXAMPLE, composition, product_ratios, product_scorecard
from .feedback import TODO, Feedback, close, number, unanswered

_Y2025 = dict(start="2025-01-01", end="2025-12-31")


def _scorecard() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the four service products have no stock (expected)
        sc = product_scorecard(datasets.load_orders(), datasets.load_products(), datasets.load_inventory(), **_Y2025)
    return sc.join(datasets.load_products().set_index("product_id")[["name", "category"]])


def _category_totals() -> pd.DataFrame:
    """2025 sales and gross profit per product category, summed over the order lines by
    :func:`khlib.summary.product_summary` (cost = quantity × unit cost)."""
    orders, products = datasets.load_orders(), datasets.load_products().set_index("product_id")
    cat = orders["product_id"].map(products["category"])
    cost = orders["quantity"] * orders["product_id"].map(products["unit_cost"])
    sales = product_summary(orders.assign(product_id=cat), **_Y2025)["sales"]
    costs = product_summary(orders.assign(product_id=cat, amount=cost), **_Y2025)["sales"]
    return pd.DataFrame({"sales": sales, "gross_profit": sales - costs})


def q05_1(answer) -> Feedback:
    """练习 5.1（基础）：例题中把 丁 文件柜 的平均库存压缩一半（100 → 50 万元），销售额和毛利不变，
    它的交叉比率变为多少？"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个数（交叉比率），你给的是 {answer!r}。")
    row = HAND_EXAMPLE.loc["丁 文件柜"]
    old = float(product_ratios(HAND_EXAMPLE)["cross_ratio"]["丁 文件柜"])
    right = float(row["gross_profit"] / row["sales"] * (row["sales"] / (row["avg_stock"] / 2)))
    if close(v, right, rel_tol=0.01):
        return Feedback(True, f"交叉比率从 {old:.2f} 升到 {right:.2f}：库存减半，周转率翻倍，毛利率不变。"
                              "压库存和提毛利一样能提高交叉比率。")
    if close(v, old, rel_tol=0.01):
        return Feedback(False, "这是压缩库存之前的值：平均库存变了，周转率也要跟着变。")
    if close(v, old / 2, rel_tol=0.01):
        return Feedback(False, "方向反了：库存在周转率的分母上，库存减少，周转率和交叉比率应当上升。")
    return Feedback(False, "交叉比率 = 毛利率 × 周转率；想一想哪一个因子受平均库存影响，又怎样变化。")


def q05_2(answer) -> Feedback:
    """练习 5.2（基础）：按行业（industry）小计 2025 年销售额，销售额最大的行业占全公司的比例（0–1 的小数）。"""
    if unanswered(answer):
        return TODO
    v = number(answer)
    if v is None:
        return Feedback(False, f"答案应是一个 0–1 之间的小数，你给的是 {answer!r}。")
    orders, customers = datasets.load_orders(), datasets.load_customers()
    ind = composition(orders, customers, "industry", **_Y2025)
    seg = composition(orders, customers, "segment", **_Y2025)
    right = float(ind["share"].iloc[0])
    if v > 1.5 and close(v / 100, right, abs_tol=0.001):
        return Feedback(False, "单位不对：比例请写成 0–1 之间的小数，不是百分数。")
    if close(v, right, abs_tol=0.001):
        return Feedback(True, f"{ind.index[0]} 占 {right:.1%}：行业和客户类型（经销商 {seg.loc['经销商', 'share']:.1%}）"
                              "高度重合——批发零售业的客户大多是经销商。")
    if close(v, float(seg["share"].iloc[0]), abs_tol=0.001):
        return Feedback(False, "这是客户类型（segment）中经销商的占比；题目问的是行业（industry）。")
    if close(v, float(ind["top_share"].iloc[0]), abs_tol=0.001):
        return Feedback(False, "这是该行业内前 20% 大客户的占比（大客户占比），不是行业占全公司的比例。")
    return Feedback(False, "检查期间是否只取 2025 年，以及分母是否是全公司的销售额。")


def q05_3(answer) -> Feedback:
    """练习 5.3（进阶）：按品类（category）汇总 2025 年的销售额和毛利额，哪个品类按毛利额排名比按销售额排名
    上升最多？写出品类名称。"""
    if unanswered(answer):
        return TODO
    cat = _category_totals()
    rank_s = cat["sales"].rank(ascending=False, method="first")
    rank_g = cat["gross_profit"].rank(ascending=False, method="first")
    change = rank_s - rank_g
    right = str(change.idxmax())
    got = str(answer).strip()
    if got == right:
        return Feedback(True, f"{right}：销售额第 {rank_s[right]:.0f} 名，毛利额第 {rank_g[right]:.0f} 名，"
                              f"毛利率 {cat.loc[right, 'gross_profit'] / cat.loc[right, 'sales']:.1%}。"
                              "只看销售额会低估它。")
    if got not in set(cat.index.astype(str)):
        return Feedback(False, f"品类名称应是 {sorted(cat.index.astype(str))} 之一。")
    if got == str(change.idxmin()):
        return Feedback(False, "方向反了：这是按毛利额排名下降最多的品类。")
    if got == str(cat["gross_profit"].idxmax()):
        return Feedback(False, "这是毛利额最大的品类，但它按销售额也排第一，名次没有变化。")
    if rank_s[got] == rank_g[got]:
        return Feedback(False, "这个品类两种排名相同；先按品类把两列加总，再分别排名、相减。")
    return Feedback(False, "这个品类名次有变化，但不是上升最多的；比较每个品类 销售额名次 − 毛利额名次。")


def q05_4(answer) -> Feedback:
    """练习 5.4（挑战，决策）：公司要从按销售额划为 C 类的产品中停掉一种，以释放库存资金。
    标准：每元库存一年赚回的毛利最少（交叉比率最低）。该停哪一种？写出产品编号。"""
    if unanswered(answer):
        return TODO
    sc = _scorecard()
    c = sc[sc["abc"] == "C"]
    stocked = c.dropna(subset=["cross_ratio"])
    right = str(stocked["cross_ratio"].idxmin())
    got = str(answer).strip().upper()
    r = stocked.loc[right]
    if got == right:
        return Feedback(True, f"{right} {r['name']}：交叉比率 {r['cross_ratio']:.2f}，毛利率 {r['margin_rate']:.1%}，"
                              f"压着 {r['avg_stock']:,.0f} 元库存，一年只赚 {r['gross_profit']:,.0f} 元毛利。"
                              "停掉前还要问：它是否带动硒鼓、墨盒等耗材的销售？（讨论题）")
    if got in set(c.index) and pd.isna(c.loc[got, "cross_ratio"]):
        return Feedback(False, "这是没有库存的服务类产品：交叉比率无定义，停掉它释放不了任何库存资金。")
    if got == str(c["sales"].idxmin()):
        return Feedback(False, "这是销售额最小的产品；标准是交叉比率，不是销售额。")
    if got == str(stocked["turnover"].idxmin()):
        return Feedback(False, "这是周转最慢的产品；交叉比率还要乘上毛利率。")
    if got == str(stocked["contribution_ratio"].idxmin()):
        return Feedback(False, "这是贡献比率最低的产品：贡献比率又乘了销售占比；题目的标准是每元库存的毛利，即交叉比率。")
    if got in set(sc.index) and got not in set(c.index):
        return Feedback(False, f"{got} 按销售额不是 C 类；只在 C 类产品（abc 列）中选。")
    return Feedback(False, "先筛出 C 类中有库存（交叉比率有定义）的产品，再按交叉比率比较。")
