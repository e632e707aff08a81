"""PLS path modelling (偏最小二乘路径模型, PLS-PM) for customer satisfaction index models such as
ECSI (image → expectation → quality → value → satisfaction → complaints / loyalty).

Wold's algorithm as in Lohmöller (1989) and Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005):
items standardised, every block in Mode A (reflective), unit start weights; the inner weights
by the ``path`` (default, as SmartPLS and seminr), ``centroid`` or ``factorial`` scheme; the
outer weights iterated until the largest change is below ``tol``; path coefficients by OLS of
each construct's scores on its predecessors. GoF = √(mean communality of the blocks with more
than one item × mean R²).

Why our own ~100 lines of numpy (issue 15's evaluation, on pandas 3.1): plspm 0.5.7 does not run
on pandas 3 (and scales every item by one pooled SD), seminr 0.2.1 has no centroid scheme and no
GoF, openpls-engine 1.13.0 is right with a tight tolerance but about 50 times slower and drops
only rows with a whole block missing under its "casewise" default. This implementation matches
SmartPLS 2.0's published output for the ECSI mobile-phone data to about 1e-8 in all three
schemes (``tests/satisfaction/test_pls.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import fail

SCHEMES = ("path", "centroid", "factorial")
MISSING = ("mean", "listwise")


@dataclass(frozen=True)
class PLSResult:
    """A fitted PLS path model (PLS 路径模型结果)."""

    paths: pd.DataFrame  #: one row per path: source, target, coef
    r_squared: pd.Series  #: per endogenous construct
    loadings: pd.Series  #: per item: correlation with its construct's scores
    weights: pd.Series  #: per item: outer weight (scores have unit variance)
    gof: float  #: goodness of fit (Tenenhaus et al., 2005)
    scores: pd.DataFrame  #: standardised construct scores, one row per respondent used
    iterations: int
    respondents: int  #: rows used (after listwise deletion, or all with mean replacement)
    scheme: str


def _check(blocks: Mapping[str, Sequence[str]], paths: Sequence[tuple[str, str]], columns) -> list[str]:
    if not isinstance(blocks, Mapping) or not blocks:
        raise fail("blocks 应是 {构念: [题目列, …]} 的字典。", "blocks must be a dict {construct: [item columns, ...]}.")
    names = list(blocks)
    seen: dict[str, str] = {}
    for lv, items in blocks.items():
        if not list(items):
            raise fail(f"构念 '{lv}' 没有题目。", f"Construct '{lv}' has no items.")
        missing = [c for c in items if c not in columns]
        if missing:
            raise fail(f"构念 '{lv}' 的题目 {missing} 不在表中。", f"Items {missing} of construct '{lv}' are not in the table.")
        for c in items:
            if c in seen:
                raise fail(f"题目 '{c}' 同时属于 '{seen[c]}' 和 '{lv}'。", f"Item '{c}' belongs to both '{seen[c]}' and '{lv}'.")
            seen[c] = lv
    if not paths:
        raise fail("paths 为空：至少需要一条路径（起点, 终点）。", "paths is empty: give at least one (source, target).")
    for p in paths:
        if len(p) != 2 or p[0] not in blocks or p[1] not in blocks or p[0] == p[1]:
            raise fail(f"路径 {p!r} 应是两个不同构念的 (起点, 终点)；构念有 {names}。",
                       f"Path {p!r} must be (source, target) of two different constructs; constructs: {names}.")
    # acyclic: repeatedly remove constructs without predecessors
    left, edges = set(names), set(map(tuple, paths))
    while left:
        free = {v for v in left if not any(t == v and s in left for s, t in edges)}
        if not free:
            raise fail(f"路径中有循环（{sorted(left)}）：结构模型必须是递归的（无环）。",
                       f"The paths contain a cycle among {sorted(left)}: the structural model must be recursive.")
        left -= free
    isolated = [v for v in names if not any(v in p for p in paths)]
    if isolated:
        raise fail(f"构念 {isolated} 不在任何路径上。", f"Constructs {isolated} are on no path.")
    return names


def _std(a: np.ndarray) -> np.ndarray:
    return (a - a.mean(0)) / a.std(0, ddof=1)


def pls_path_model(data: pd.DataFrame, blocks: Mapping[str, Sequence[str]], paths: Sequence[tuple[str, str]], *,
                   scheme: str = "path", missing: str = "mean", tol: float = 1e-10, max_iter: int = 1000) -> PLSResult:
    """Fit a PLS path model (PLS 路径模型): ``blocks`` maps each construct to its item columns
    (all Mode A), ``paths`` lists (source, target) pairs of the structural model (no cycles).
    ``missing="mean"`` replaces a blank by the item's mean (seminr's default), ``"listwise"``
    drops respondents with any blank; the result says how many rows were used. Items must be
    numbers (prepare survey answers with :func:`khlib.satisfaction.prepare_items` first).
    """
    if scheme not in SCHEMES:
        raise fail(f"scheme 应是 {SCHEMES} 之一，而不是 {scheme!r}。", f"scheme must be one of {SCHEMES}, not {scheme!r}.")
    if missing not in MISSING:
        raise fail(f"missing 应是 {MISSING} 之一，而不是 {missing!r}。", f"missing must be one of {MISSING}, not {missing!r}.")
    names = _check(blocks, paths, data.columns)
    cols = [c for lv in names for c in blocks[lv]]
    x = data[cols].apply(pd.to_numeric, errors="coerce").astype("float64")
    bad = data[cols].notna() & x.isna()
    if bad.to_numpy().any():
        col = bad.columns[bad.any()].tolist()
        raise fail(f"题目 {col} 有不是数字的回答：先用 prepare_items 整理（如“不适用”）。",
                   f"Items {col} have answers that are not numbers: prepare them with prepare_items first (e.g. 不适用).")
    if missing == "listwise":
        x = x.dropna()
    else:
        x = x.fillna(x.mean())
    n = len(x)
    if n < len(names) + 2:
        raise fail(f"可用的受访者只有 {n} 位，太少。", f"Only {n} usable respondents: too few.")
    flat = x.std(ddof=1)
    if (flat == 0).any() or flat.isna().any():
        raise fail(f"题目 {list(flat.index[(flat == 0) | flat.isna()])} 的回答全都一样：无法标准化。",
                   f"Items {list(flat.index[(flat == 0) | flat.isna()])} have one answer only: they cannot be standardised.")
    X = _std(x.to_numpy())
    idx = {lv: [cols.index(c) for c in blocks[lv]] for lv in names}
    k = len(names)
    P = np.zeros((k, k))  # P[target, source] = 1
    for s, t in paths:
        P[names.index(t), names.index(s)] = 1
    adj = np.maximum(P, P.T)
    w = {lv: np.ones(len(idx[lv])) for lv in names}
    it = 0
    for it in range(1, max_iter + 1):
        Y = _std(np.column_stack([X[:, idx[lv]] @ w[lv] for lv in names]))
        R = np.corrcoef(Y, rowvar=False)
        if scheme == "centroid":
            E = np.sign(R) * adj
        elif scheme == "factorial":
            E = R * adj
        else:  # path: predecessors by multiple regression, successors by correlation
            E = np.zeros((k, k))
            for j in range(k):
                pred = np.flatnonzero(P[j])
                if pred.size:
                    E[pred, j] = np.linalg.lstsq(Y[:, pred], Y[:, j], rcond=None)[0]
                succ = np.flatnonzero(P[:, j])
                E[succ, j] = R[succ, j]
        Z = Y @ E
        delta = 0.0
        for j, lv in enumerate(names):
            xb = X[:, idx[lv]]
            wj = xb.T @ Z[:, j] / (n - 1)  # Mode A: covariances with the inner estimate
            wj = wj / np.std(xb @ wj, ddof=1)  # scores with unit variance
            delta = max(delta, float(np.max(np.abs(wj - w[lv]))))
            w[lv] = wj
        if delta < tol:
            break
    else:
        raise fail(f"PLS 在 {max_iter} 次迭代后没有收敛（权重变化 {delta:.2e}）。",
                   f"PLS did not converge in {max_iter} iterations (weight change {delta:.2e}).")
    Y = _std(np.column_stack([X[:, idx[lv]] @ w[lv] for lv in names]))
    rows, r2 = [], {}
    for j, lv in enumerate(names):
        pred = np.flatnonzero(P[j])
        if pred.size:
            b = np.linalg.lstsq(Y[:, pred], Y[:, j], rcond=None)[0]
            rows += [(names[p], lv, float(c)) for p, c in zip(pred, b)]
            r2[lv] = float(1 - np.sum((Y[:, j] - Y[:, pred] @ b) ** 2) / np.sum(Y[:, j] ** 2))
    order = {(s, t): i for i, (s, t) in enumerate(paths)}
    rows.sort(key=lambda r: order[(r[0], r[1])])
    load = {c: float(np.corrcoef(X[:, i], Y[:, j])[0, 1]) for j, lv in enumerate(names) for c, i in zip(blocks[lv], idx[lv])}
    weights = {c: float(v) for lv in names for c, v in zip(blocks[lv], w[lv])}
    comm = [load[c] ** 2 for lv in names if len(blocks[lv]) > 1 for c in blocks[lv]]
    gof = float(np.sqrt(np.mean(comm) * np.mean(list(r2.values())))) if comm and r2 else float("nan")
    return PLSResult(pd.DataFrame(rows, columns=["source", "target", "coef"]), pd.Series(r2, name="r_squared"),
                     pd.Series(load, name="loading"), pd.Series(weights, name="weight"), gof,
                     pd.DataFrame(Y, columns=names, index=x.index), it, n, scheme)
