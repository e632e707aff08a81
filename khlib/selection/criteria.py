"""Selection criteria as numbers (选择标准的量化): AHP weights from pairwise judgements, a
weighted multi-criteria score, and how stable the ranking is when the weights move.

The analytic hierarchy process (层次分析法, Saaty 1980) is one eigenvector: numpy's, checked
against Saaty's (2008) published example (tests/selection/test_criteria.py). The PyPI package
ahpy gives the same weights; it is not worth a dependency for one eigenvector.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import fail

#: Saaty's (1980) random consistency index RI by matrix size n (the mean consistency index of
#: random reciprocal matrices). Alonso & Lamata (2006) give slightly different values from
#: larger simulations (0.5245 for n = 3, 0.8815, 1.1086, 1.2479 …); the consistency ratio uses
#: Saaty's, as the literature does.
RANDOM_INDEX: dict[int, float] = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
                                  9: 1.45, 10: 1.49}

#: Saaty's scale runs from 1/9 to 9.
_LOW, _HIGH = 1 / 9, 9.0


def ahp_matrix(judgements: Mapping[tuple[str, str], float], criteria: Sequence[str]) -> pd.DataFrame:
    """The reciprocal pairwise comparison matrix (判断矩阵) from one judgement per pair:
    ``{("购买力", "距离"): 5, …}`` means 购买力 is 5 times as important as 距离 (Saaty's 1–9
    scale; 1/3 for "a little less important"). Either order of a pair may be given, not both;
    the diagonal is 1 and ``a[j, i] = 1 / a[i, j]``.

    >>> ahp_matrix({("a", "b"): 3}, ["a", "b"]).loc["b", "a"].round(4)
    np.float64(0.3333)
    """
    names = list(criteria)
    if len(set(names)) != len(names):
        raise fail(f"准则名称重复：{names}。", f"Duplicated criteria: {names}.")
    pos = {c: i for i, c in enumerate(names)}
    a = np.ones((len(names), len(names)))
    seen: set[frozenset] = set()
    for (x, y), value in judgements.items():
        if x not in pos or y not in pos or x == y:
            raise fail(f"判断 ({x!r}, {y!r}) 不是两个不同的准则；准则：{names}。",
                       f"Judgement ({x!r}, {y!r}) is not a pair of two different criteria; criteria: {names}.")
        key = frozenset((x, y))
        if key in seen:
            raise fail(f"准则对 ({x}, {y}) 给了两次判断。", f"The pair ({x}, {y}) is judged twice.")
        seen.add(key)
        v = float(value)
        if not np.isfinite(v) or not _LOW - 1e-9 <= v <= _HIGH + 1e-9:
            raise fail(f"判断 ({x}, {y}) = {value!r} 超出 Saaty 标度 1/9 到 9。",
                       f"Judgement ({x}, {y}) = {value!r} is outside Saaty's scale 1/9 to 9.")
        a[pos[x], pos[y]], a[pos[y], pos[x]] = v, 1 / v
    missing = [(names[i], names[j]) for i in range(len(names)) for j in range(i + 1, len(names))
               if frozenset((names[i], names[j])) not in seen]
    if missing:
        raise fail(f"缺少 {len(missing)} 对准则的判断，例如 {missing[:3]}。",
                   f"{len(missing)} pair(s) of criteria have no judgement, e.g. {missing[:3]}.")
    return pd.DataFrame(a, index=names, columns=names)


@dataclass(frozen=True)
class AHPResult:
    """AHP weights and their consistency (层次分析法结果)."""

    weights: pd.Series  #: the principal eigenvector, summing to 1
    lambda_max: float  #: the principal eigenvalue (n for a consistent matrix)
    ci: float  #: consistency index (λmax − n) / (n − 1)
    ri: float  #: Saaty's random index for n
    cr: float  #: consistency ratio CI / RI (0 for n ≤ 2)

    @property
    def consistent(self) -> bool:
        """CR below Saaty's threshold 0.1 (一致性可以接受)."""
        return self.cr < 0.1


def ahp_weights(pairwise: pd.DataFrame, *, max_cr: float | None = 0.10) -> AHPResult:
    """Weights from a pairwise comparison matrix by the analytic hierarchy process (层次分析法):
    the principal right eigenvector normalised to sum to 1; λmax, the consistency index
    CI = (λmax − n)/(n − 1) and the consistency ratio CR = CI / RI (:data:`RANDOM_INDEX`).

    A matrix whose CR exceeds ``max_cr`` is an error naming the most inconsistent judgement
    (the pair whose entry is furthest from the ratio of the weights): the judgements contradict
    each other and the weights should not be used (``max_cr=None`` accepts it anyway).
    The matrix must be square with the same labels on both axes, positive, 1 on the diagonal
    and reciprocal (``a[j, i] = 1 / a[i, j]``).
    """
    matrix = pairwise if isinstance(pairwise, pd.DataFrame) else pd.DataFrame(pairwise)
    n = matrix.shape[0]
    if matrix.shape != (n, n) or n == 0 or list(matrix.index) != list(matrix.columns):
        raise fail("判断矩阵必须是方阵，行和列是同一组准则、顺序相同。",
                   "The comparison matrix must be square with the same criteria, in the same order, on both axes.")
    if n > max(RANDOM_INDEX):
        raise fail(f"最多支持 {max(RANDOM_INDEX)} 个准则（Saaty 的随机一致性指标表），这里有 {n} 个。",
                   f"At most {max(RANDOM_INDEX)} criteria are supported (Saaty's random index table); got {n}.")
    a = matrix.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(a).all() or (a <= 0).any():
        raise fail("判断矩阵的元素必须是正数。", "The entries of a comparison matrix must be positive numbers.")
    names = list(matrix.index)
    if not np.allclose(np.diag(a), 1.0, rtol=1e-9, atol=1e-9):
        raise fail("判断矩阵的对角线必须是 1（每个准则与自己同样重要）。", "The diagonal of a comparison matrix must be 1.")
    bad = ~np.isclose(a * a.T, 1.0, rtol=1e-6, atol=0)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise fail(f"判断矩阵不是互反的：[{names[i]}, {names[j]}] = {a[i, j]:.4g}，而 [{names[j]}, {names[i]}] = "
                   f"{a[j, i]:.4g}，应为 {1 / a[i, j]:.4g}。",
                   f"The comparison matrix is not reciprocal: [{names[i]}, {names[j]}] = {a[i, j]:.4g} but "
                   f"[{names[j]}, {names[i]}] = {a[j, i]:.4g}, expected {1 / a[i, j]:.4g}.")
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    w = np.abs(vectors[:, k].real)  # Perron vector: one sign; abs makes it positive
    w = w / w.sum()
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    result = AHPResult(pd.Series(w, index=names, name="weight"), lam, ci, ri, cr)
    if max_cr is not None and cr > max_cr:
        dev = np.abs(np.log(a * w[None, :] / w[:, None]))
        i, j = np.unravel_index(np.argmax(dev), dev.shape)
        raise fail(f"判断矩阵不一致：一致性比率 CR = {cr:.3f} > {max_cr}（层次分析法的惯例）。最矛盾的判断是 "
                   f"[{names[i]}, {names[j]}] = {a[i, j]:.3g}（按其余判断约为 {w[i] / w[j]:.3g}）。请重新比较，"
                   "或传 max_cr=None 仍然使用这些权重。",
                   f"The comparison matrix is inconsistent: consistency ratio CR = {cr:.3f} > {max_cr}. The most "
                   f"inconsistent judgement is [{names[i]}, {names[j]}] = {a[i, j]:.3g} (the others imply about "
                   f"{w[i] / w[j]:.3g}). Revise it, or pass max_cr=None to use the weights anyway.")
    return result


def normalise_weights(weights: Mapping[str, float] | pd.Series) -> pd.Series:
    """Weights rescaled to sum to 1 (权重归一化); negative or all-zero weights are an error.

    >>> normalise_weights({"a": 2, "b": 6}).tolist()
    [0.25, 0.75]
    """
    w = pd.Series(weights, dtype=float)
    if w.isna().any() or (w < 0).any():
        raise fail(f"权重必须是非负数：{w.to_dict()}。", f"Weights must be non-negative numbers: {w.to_dict()}.")
    if w.sum() <= 0:
        raise fail("权重全为 0：至少要有一个准则的权重大于 0。", "All weights are 0: at least one must be positive.")
    return w / w.sum()


def _checked_weights(table: pd.DataFrame, weights) -> pd.Series:
    w = pd.Series(weights, dtype=float)
    missing = [c for c in w.index if c not in table.columns]
    if missing:
        raise fail(f"权重中的准则 {missing} 不是表格的列；表格的列：{list(table.columns)}。",
                   f"Weighted criteria {missing} are not columns of the table; it has {list(table.columns)}.")
    if w.isna().any() or (w < 0).any():
        raise fail(f"权重必须是非负数：{w.to_dict()}。", f"Weights must be non-negative numbers: {w.to_dict()}.")
    if abs(w.sum() - 1) > 1e-6:
        raise fail(f"权重之和是 {w.sum():.6g}，应为 1。可以用 kh.selection.normalise_weights(weights) 先归一化。",
                   f"The weights add up to {w.sum():.6g}, not 1; rescale them with kh.selection.normalise_weights(weights).")
    return w


def _scaled(table: pd.DataFrame, columns, higher_is_better: Mapping[str, bool] | None, scale: str) -> pd.DataFrame:
    """Each criterion on 0–100, 100 = best."""
    if scale not in ("minmax", "rank"):
        raise fail(f"scale 应为 'minmax' 或 'rank'，而不是 {scale!r}。", f"scale must be 'minmax' or 'rank', not {scale!r}.")
    up = dict(higher_is_better or {})
    unknown = [c for c in up if c not in columns]
    if unknown:
        raise fail(f"higher_is_better 中的 {unknown} 不是加权的准则。", f"higher_is_better names {unknown}, not weighted criteria.")
    out = {}
    for c in columns:
        x = pd.to_numeric(table[c], errors="coerce").astype(float)
        if x.isna().any():
            raise fail(f"准则 '{c}' 有 {int(x.isna().sum())} 个缺失或非数值：{list(table.index[x.isna()][:5])}。",
                       f"Criterion '{c}' is missing or not a number for {int(x.isna().sum())} row(s): "
                       f"{list(table.index[x.isna()][:5])}.")
        if not up.get(c, True):
            x = -x
        if scale == "rank":
            s = (x.rank(method="average") - 1) / max(len(x) - 1, 1) * 100
        else:
            span = x.max() - x.min()
            s = (x - x.min()) / span * 100 if span > 0 else pd.Series(50.0, index=x.index)
        out[c] = s.astype(float)
    return pd.DataFrame(out, index=table.index)


def _ranks(scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Ranks (1 = best) of each column of ``scores``; ties broken by id for determinism."""
    tie = np.argsort(np.argsort(ids.astype(str), kind="stable"), kind="stable")
    order = np.lexsort((np.broadcast_to(tie[:, None], scores.shape), -scores), axis=0)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[0] + 1)[:, None], axis=0)
    return ranks


def weighted_score(table: pd.DataFrame, weights: Mapping[str, float] | pd.Series, *,
                   higher_is_better: Mapping[str, bool] | None = None, scale: str = "minmax") -> pd.DataFrame:
    """Weighted multi-criteria score (多准则加权评分), one row per prospect.

    Each weighted criterion (a column of ``table``) is rescaled to 0–100 with 100 the best:
    ``scale="minmax"`` maps the worst value to 0 and the best to 100, ``"rank"`` uses the
    percentile rank; a criterion where lower is better (price sensitivity, distance) is named in
    ``higher_is_better`` with False. A column with one value for everyone scores 50. The score is
    Σ weight × scaled value; ``rank`` 1 is the best (ties in the order of the ids).

    ``weights`` must be ≥ 0 and sum to 1 (:func:`normalise_weights` rescales them); a weight
    for a column that is not in ``table`` or a criterion with missing values is an error.

    >>> t = pd.DataFrame({"size": [10, 20, 30], "km": [5, 50, 20]}, index=["x", "y", "z"])
    >>> weighted_score(t, {"size": 0.5, "km": 0.5}, higher_is_better={"km": False})[["score", "rank"]]
           score  rank
    x  50.000000     2
    y  25.000000     3
    z  83.333333     1
    """
    w = _checked_weights(table, weights)
    scaled = _scaled(table, list(w.index), higher_is_better, scale)
    score = scaled.to_numpy() @ w.to_numpy()
    out = scaled.copy()
    out["score"] = score
    out["rank"] = _ranks(score[:, None], np.asarray(table.index))[:, 0]
    return out


def rank_stability(table: pd.DataFrame, weights: Mapping[str, float] | pd.Series | Sequence[Mapping[str, float]], *,
                   higher_is_better: Mapping[str, bool] | None = None, top_n: int = 20, n_draws: int = 1000,
                   concentration: float = 50.0, seed: int = 2024, scale: str = "minmax") -> pd.DataFrame:
    """How stable the ranking is when the weights move (排名稳定性).

    ``weights`` are the base weights: ``n_draws`` weight vectors are drawn from a Dirichlet
    distribution centred on them (``concentration`` κ: the larger, the closer to the base;
    κ = 50 moves a weight of 0.2 by about ±0.06), or ``weights`` is a list of weight mappings
    (several instructors' or managers' weights) used as they are. For each prospect: its
    ``base_rank``, ``in_top_share`` (share of the weight vectors that put it in the top ``top_n``),
    ``median_rank`` and the 5%–95% range of its rank (``rank_p05``, ``rank_p95``). Seeded and
    vectorised: one matrix product for all draws.
    """
    if isinstance(weights, Sequence) and not isinstance(weights, (str, pd.Series)):
        sets = [_checked_weights(table, w) for w in weights]
        if not sets:
            raise fail("weights 列表是空的。", "The list of weights is empty.")
        cols = list(sets[0].index)
        if any(list(s.index) != cols for s in sets):
            raise fail("每组权重必须包含同样的准则、同样的顺序。", "Every set of weights must name the same criteria in the same order.")
        base = sets[0]
        draws = np.array([s.to_numpy() for s in sets]).T
    else:
        base = _checked_weights(table, weights)
        cols = list(base.index)
        if concentration <= 0 or n_draws < 1:
            raise fail("concentration 必须大于 0，n_draws 至少为 1。", "concentration must be > 0 and n_draws >= 1.")
        rng = np.random.default_rng(seed)
        alpha = np.maximum(base.to_numpy() * concentration, 1e-3)  # a zero weight stays near zero
        draws = rng.dirichlet(alpha, size=n_draws).T
    if not 1 <= top_n <= len(table):
        raise fail(f"top_n 应在 1 与 {len(table)} 之间。", f"top_n must be between 1 and {len(table)}.")
    scaled = _scaled(table, cols, higher_is_better, scale).to_numpy()
    ids = np.asarray(table.index)
    ranks = _ranks(scaled @ draws, ids)
    base_rank = _ranks((scaled @ base.to_numpy())[:, None], ids)[:, 0]
    return pd.DataFrame({
        "base_rank": base_rank,
        "in_top_share": (ranks <= top_n).mean(axis=1),
        "median_rank": np.median(ranks, axis=1),
        "rank_p05": np.quantile(ranks, 0.05, axis=1),
        "rank_p95": np.quantile(ranks, 0.95, axis=1),
    }, index=table.index)
