"""Probabilistic models of non-contractual customers (非契约型客户的概率模型)：见第01章 客户价值。

BG/NBD (Fader, Hardie & Lee 2005) for repeat purchases and Gamma-Gamma (Fader, Hardie & Lee
2005, "RFM and CLV") for spend, fitted by maximum likelihood on the output of
:func:`khlib.summary.btyd_summary` with their analytic gradients (see
:mod:`khlib.value.fitting`), and the per-customer CLV that combines them.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
from scipy import special

from .._deprecation import renamed_kwargs
from .._errors import examples, fail, not_fitted
from ._inputs import btyd_values, count, positive, rate
from .fitting import FitResult, maximum_likelihood

__all__ = ["BetaGeoModel", "GammaGammaModel", "btyd_columns", "customer_lifetime_value"]


def btyd_columns(summary: pd.DataFrame, cols: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """The columns ``cols`` of a BTYD summary as float arrays (读取 BTYD 汇总列); a clear error
    when one is missing (summarise first) or has missing, infinite or negative values, naming the
    customers (the summary's index)."""
    missing = [c for c in cols if c not in summary.columns]
    if missing:
        raise fail(f"缺少列 {missing}：请先用 kh.btyd_summary(orders, calibration_end=...) 汇总。",
                   f"Columns {missing} not found: summarise with kh.btyd_summary(orders, calibration_end=...) first.")
    out = []
    for c in cols:
        v = pd.to_numeric(summary[c], errors="coerce").to_numpy(dtype=float)
        bad = ~(np.isfinite(v) & (v >= 0))
        if bad.any():
            shown = examples(summary.index[bad], v[bad].tolist())
            raise fail(f"列 '{c}' 有 {int(bad.sum())} 个缺失、无穷或负值：客户 {shown}。",
                       f"Column '{c}' has {int(bad.sum())} missing, infinite or negative value(s): customer(s) {shown}.")
        out.append(v)
    return tuple(out)


def _numerical(out: np.ndarray, what: str) -> np.ndarray:
    """Predictions from valid inputs are finite; when rounding makes one infinite or NaN, say so."""
    if not np.isfinite(out).all():
        raise fail(f"{what} 的数值计算溢出（参数或输入过于极端），结果不可用。",
                   f"{what} overflowed (extreme parameters or inputs): the result cannot be used.")
    return out[()]  # a scalar for one customer


def _mixture_term(w: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Σ w(1 − w) d dᵀ over customers: the Hessian of log(e^A3 + e^A4) beyond the weighted
    Hessians of A3 and A4, with d = ∇A4 − ∇A3. Summed pair by pair with numpy's pairwise sums,
    not a BLAS product, so the result does not depend on the number of threads."""
    k = len(d)
    c = w * (1 - w)
    out = np.empty((k, k))
    for i in range(k):  # over the 4 parameters, not over customers
        for j in range(i, k):
            out[i, j] = out[j, i] = (c * d[i] * d[j]).sum()
    return out


class _FittedModel:
    """Shared by the models: the fit result and access to fitted parameters."""

    names: list[str] = []
    what = ""

    def __init__(self) -> None:
        self.result: FitResult | None = None

    def _p(self) -> np.ndarray:
        if self.result is None:
            raise not_fitted(self.what)
        return self.result.params.to_numpy()

    @property
    def params(self) -> pd.Series:
        """Fitted parameters (参数估计值)."""
        self._p()
        return self.result.params


class BetaGeoModel(_FittedModel):
    """BG/NBD model (BG/NBD 模型) of repeat purchases for non-contractual customers (Fader,
    Hardie & Lee 2005): while alive, a customer buys as a Poisson process with rate λ ~
    Gamma(r, α); after each purchase it drops out with probability p ~ Beta(a, b).

    ``fit(summary)`` takes the ``frequency``, ``recency`` and ``T`` columns of
    :func:`khlib.summary.btyd_summary`. On the CDNOW sample with a 39-week calibration period it
    reproduces the published r = 0.243, α = 4.414, a = 0.793, b = 2.426.
    """

    names = ["r", "alpha", "a", "b"]
    what = "BG/NBD"

    # -- likelihood
    @staticmethod
    def loglik(params, x, tx, T, *, hessian: bool = False):
        """Log-likelihood summed over customers and its gradient in (r, α, a, b), with
        ``hessian=True`` also the Hessian (FHL 2005, eq. 6): ℓ = A1 + A2 + log(e^A3 + [x > 0] e^A4).
        ``w`` is the share of the second term, the posterior probability that the customer
        dropped out right after its last purchase, so ∇ℓ = ∇(A1 + A2) + (1 − w)∇A3 + w∇A4."""
        r, alpha, a, b = params
        has = x > 0
        bx1 = np.where(has, b + x - 1, 1.0)  # b + x − 1 ≥ b > 0 where it is used
        rx, aT, atx = r + x, alpha + T, alpha + tx
        l_T, l_tx = np.log(aT), np.log(atx)
        A12 = (special.gammaln(rx) - special.gammaln(r) + r * np.log(alpha) + special.gammaln(a + b)
               + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x))
        A3 = -rx * l_T
        A4 = np.where(has, np.log(a) - np.log(bx1) - rx * l_tx, -np.inf)
        lse = np.logaddexp(A3, A4)
        w = np.exp(A4 - lse)  # 0 where x = 0
        zero = np.zeros_like(x)
        psi_ab, psi_abx = special.digamma(a + b), special.digamma(a + b + x)
        # per-customer gradients (rows r, α, a, b) of A1 + A2, A3 and A4
        d12 = np.array([special.digamma(rx) - special.digamma(r) + np.log(alpha), r / alpha + zero,
                        psi_ab - psi_abx, psi_ab + special.digamma(b + x) - special.digamma(b) - psi_abx])
        d3 = np.array([-l_T, -rx / aT, zero, zero])
        d4 = np.array([-l_tx, -rx / atx, 1 / a + zero, -1 / bx1])
        ll, grad = float((A12 + lse).sum()), (d12 + (1 - w) * d3 + w * d4).sum(axis=1)
        if not hessian:
            return ll, grad
        tri = partial(special.polygamma, 1)
        t_ab, t_abx = tri(a + b), tri(a + b + x)
        H = np.zeros((4, 4))
        H[0, 0] = (tri(rx) - tri(r)).sum()
        H[0, 1] = (1 / alpha - (1 - w) / aT - w / atx).sum()
        H[1, 1] = (-r / alpha**2 + rx * ((1 - w) / aT**2 + w / atx**2)).sum()
        H[2, 2] = (t_ab - t_abx - w / a**2).sum()
        H[2, 3] = (t_ab - t_abx).sum()
        H[3, 3] = (t_ab + tri(b + x) - tri(b) - t_abx + w / bx1**2).sum()
        H = np.triu(H) + np.triu(H, 1).T
        return ll, grad, H + _mixture_term(w, d4 - d3)

    def fit(self, summary: pd.DataFrame, *, frequency: str = "frequency", recency: str = "recency",
            T: str = "T", guess=(1.0, 1.0, 1.0, 1.0)) -> "BetaGeoModel":
        """Maximum-likelihood fit (最大似然估计) from the starting values ``guess`` (r, α, a, b), with standard errors
        from the observed information; see :mod:`khlib.value.fitting`."""
        x, tx, TT = btyd_columns(summary, (frequency, recency, T))
        x, tx, TT = btyd_values(frequency=x, recency=tx, T=TT, labels=summary.index)
        if len(x) == 0:
            raise fail("汇总表是空的。", "The summary is empty.")
        if not (x > 0).any():
            raise fail("所有客户都只买过一次（frequency 全为 0）：无法估计重复购买模型，请延长校准期。",
                       "Every customer bought only once (all frequency = 0): a repeat-purchase model cannot "
                       "be estimated; lengthen the calibration period.")
        self.result = maximum_likelihood(lambda p, **kw: self.loglik(p, x, tx, TT, **kw), guess, self.names,
                                         len(x), self.what, shapes=("r", "a", "b"))
        return self

    # -- predictions
    @staticmethod
    def _count(params, t, x, T):
        """E[Y(t)] of a customer known to be alive at T. FHL's ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x;
        c; z), c = a+b+x−1, is computed after Euler's transformation as (1−z)^(a−1) ₂F₁(a+b−1−r,
        a−1; c; z), which stays finite for large x (the original overflows to inf × 0 = NaN). Where
        scipy's ₂F₁ fails (whole c − a − b, i.e. r − a a whole number, z near 1) FHL's form is
        used, then c nudged by 1e-12 (₂F₁ is smooth in c); what is still not finite is an error."""
        r, alpha, a, b = params
        aT, c = alpha + T, a + b + x - 1
        z, stay = t / (aT + t), aT / (aT + t)
        with np.errstate(all="ignore"):
            term = stay ** (a - 1) * special.hyp2f1(a + b - 1 - r, a - 1, c, z)
            for other in (lambda: stay ** (r + x) * special.hyp2f1(r + x, b + x, c, z),
                          lambda: stay ** (a - 1) * special.hyp2f1(a + b - 1 - r, a - 1, c * (1 + 1e-12), z)):
                lost = ~np.isfinite(term)
                if lost.any():
                    term = np.where(lost, other(), term)
            return c / (a - 1) * (1 - term)

    @staticmethod
    def _alive(params, x, tx, T):
        """P(alive) = 1 / (1 + [x > 0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)), in logs (no overflow)."""
        r, alpha, a, b = params
        log_odds = np.log(a) - np.log(b + np.maximum(x, 1) - 1) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        return np.where(x > 0, special.expit(-log_odds), 1.0)[()]  # a scalar for one customer

    def expected_purchases(self, t, frequency, recency, T) -> np.ndarray:
        """E[Y(t) | x, t_x, T]: expected purchases in the next ``t`` periods (未来 t 期的预期购买次数).
        Inputs are checked: frequency whole ≥ 0, 0 ≤ recency ≤ T, T and t finite ≥ 0."""
        p = self._p()
        t, x, tx, TT = btyd_values(t=t, frequency=frequency, recency=recency, T=T)
        return _numerical(self._count(p, t, x, TT) * self._alive(p, x, tx, TT), "expected_purchases")

    def probability_alive(self, frequency, recency, T) -> np.ndarray:
        """P(alive | x, t_x, T) (客户仍“活着”的概率); 1 for customers with no repeat purchase."""
        p = self._p()
        return self._alive(p, *btyd_values(frequency=frequency, recency=recency, T=T))

    def expected_repeat_purchases(self, t) -> np.ndarray:
        """E[X(t)]: expected repeat purchases of a new customer in its first ``t`` periods."""
        p = self._p()
        (t,) = btyd_values(t=t)
        return _numerical(self._count(p, t, 0.0, 0.0), "expected_repeat_purchases")

    def probability_of_n_purchases(self, t, n: int) -> np.ndarray:
        """P(X(t) = n): probability that a new customer makes exactly ``n`` repeat purchases in
        its first ``t`` periods (FHL 2005, eq. 8); vectorised over ``t``."""
        r, alpha, a, b = self._p()
        t, n = np.atleast_1d(btyd_values(t=t)[0]), count(n, "n", low=0)
        lb = special.betaln(a, b)
        p = alpha / (alpha + t)
        q = t / (alpha + t)
        logq = np.log(np.where(q > 0, q, 1e-300))
        out = np.exp(special.betaln(a, b + n) - lb + special.gammaln(r + n) - special.gammaln(r)
                     - special.gammaln(n + 1) + r * np.log(p) + n * logq)
        if n > 0:
            j = np.arange(n)
            coef = np.exp(special.gammaln(r + j) - special.gammaln(r) - special.gammaln(j + 1))
            partial = p ** r * (coef[None, :] * np.exp(j[None, :] * logq[:, None])).sum(axis=1)
            out = out + np.exp(special.betaln(a + 1, b + n - 1) - lb) * (1 - partial)
        return out


class GammaGammaModel(_FittedModel):
    """Gamma-Gamma model of spend per transaction (Gamma-Gamma 消费金额模型; Fader, Hardie & Lee
    2005, "RFM and CLV"): a customer's transactions vary around its mean spend, which varies
    across customers; assumes spend is independent of frequency (check the correlation).

    ``fit(summary)`` uses customers with at least one repeat purchase (``frequency > 0``) and their
    ``monetary_value`` (mean repeat spend). On CDNOW: p ≈ 6.25, q ≈ 3.74, γ ≈ 15.44.
    """

    names = ["p", "q", "gamma"]
    what = "Gamma-Gamma"

    @staticmethod
    def loglik(params, x, m, *, hessian: bool = False):
        """Log-likelihood of the mean spends ``m`` over ``x`` transactions, summed over
        customers, and its gradient in (p, q, γ); with ``hessian=True`` also the Hessian."""
        p, q, g = params
        px, gxm = p * x, g + x * m
        l_gxm = np.log(gxm)
        psi_pxq = special.digamma(px + q)
        ll = (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(g)
              + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * l_gxm)
        grad = np.array([
            (x * (psi_pxq - special.digamma(px) + np.log(m) + np.log(x) - l_gxm)).sum(),
            (psi_pxq - special.digamma(q) + np.log(g) - l_gxm).sum(),
            (q / g - (px + q) / gxm).sum(),
        ])
        if not hessian:
            return float(ll.sum()), grad
        t_pxq = special.polygamma(1, px + q)
        H = np.empty((3, 3))
        H[0, 0] = (x**2 * (t_pxq - special.polygamma(1, px))).sum()
        H[0, 1] = H[1, 0] = (x * t_pxq).sum()
        H[0, 2] = H[2, 0] = -(x / gxm).sum()
        H[1, 1] = (t_pxq - special.polygamma(1, q)).sum()
        H[1, 2] = H[2, 1] = (1 / g - 1 / gxm).sum()
        H[2, 2] = (-q / g**2 + (px + q) / gxm**2).sum()
        return float(ll.sum()), grad, H

    def fit(self, summary: pd.DataFrame, *, frequency: str = "frequency",
            monetary_value: str = "monetary_value", guess=(1.0, 1.0, 1.0)) -> "GammaGammaModel":
        """Maximum-likelihood fit (最大似然估计) from the starting values ``guess`` (p, q, γ in units of the mean
        spend); see :mod:`khlib.value.fitting`."""
        x, m = btyd_columns(summary, (frequency, monetary_value))
        x, m = btyd_values(frequency=x, monetary_value=m, labels=summary.index)
        keep = x > 0
        if keep.sum() < 3:
            raise fail("少于 3 位客户有重复购买：无法估计消费金额模型。",
                       "Fewer than 3 customers with repeat purchases: the spend model cannot be estimated.")
        x, m = x[keep], m[keep]
        # Fit on spend in units of its mean (gamma scales with money, p and q do not), then
        # convert back: stable whatever the currency.
        c = float(m.mean())
        res = maximum_likelihood(lambda p, **kw: self.loglik(p, x, m / c, **kw), guess, self.names, len(x),
                                 self.what, shapes=("p", "q"))
        res.params["gamma"] *= c
        res.std_err["gamma"] *= c
        res.log_likelihood = float(res.log_likelihood - len(m) * np.log(c))  # density of spend in its own units
        self.result = res
        with np.errstate(all="ignore"):  # NaN, without a RuntimeWarning, when every spend is the same
            self.result.extra["corr_frequency_spend"] = float(np.corrcoef(x, m)[0, 1])
        return self

    def expected_spend(self, frequency, monetary_value) -> np.ndarray:
        """E[M | x, m̄] (预期平均消费): a weighted average of the population mean γp/(q−1) and the
        customer's own mean, the weight on its own growing with its number of purchases."""
        p, q, g = self._p()
        if q <= 1:
            raise fail(f"Gamma-Gamma 的 q = {q:.3g} ≤ 1：总体平均消费 γp/(q−1) 不存在，无法预测消费。",
                       f"Gamma-Gamma q = {q:.3g} <= 1: the population mean spend γp/(q−1) is infinite; "
                       "spend cannot be predicted.")
        x, m = btyd_values(frequency=frequency, monetary_value=monetary_value)
        pop = g * p / (q - 1)
        w = p * x / (p * x + q - 1)
        return (1 - w) * pop + w * m


@renamed_kwargs(margin="margin_rate")
def customer_lifetime_value(bg: BetaGeoModel, gg: GammaGammaModel, summary: pd.DataFrame, *,
                            months: int = 12, monthly_discount: float = 0.01, margin_rate: float = 1.0,
                            periods_per_month: float = 365.25 / 12 / 7) -> pd.Series:
    """Per-customer discounted CLV (个体客户终身价值) from the two models: expected purchases in
    each coming month (BG/NBD) × expected spend (Gamma-Gamma) × ``margin_rate`` (the share of
    spend kept as margin, 毛利率; 1 = value of sales), discounted monthly at
    ``monthly_discount`` and summed over ``months``. ``periods_per_month`` converts months into
    the summary's time unit (weeks by default). The old keyword ``margin=`` still works, with a
    deprecation warning. Every input is checked: ``months`` a whole number ≥ 1,
    ``monthly_discount`` in [0, 1) (0.01 = 1% a month), ``margin_rate`` in (0, 1],
    ``periods_per_month`` > 0, and the summary's values per customer."""
    months, per = count(months, "months"), positive(periods_per_month, "periods_per_month")
    d = rate(monthly_discount, "monthly_discount", meaning=("0.01 即每月 1%", "0.01 = 1% a month"))
    margin_rate = rate(margin_rate, "margin_rate", zero=False, one=True, meaning=("0.3 即 30% 的毛利率", "0.3 = 30% margin"))
    x, tx, T, m = btyd_columns(summary, ("frequency", "recency", "T", "monetary_value"))
    x, tx, T, m = btyd_values(frequency=x, recency=tx, T=T, monetary_value=m, labels=summary.index)
    spend = gg.expected_spend(x, m)
    total = np.zeros(len(x))
    prev = np.zeros(len(x))
    for k in range(1, months + 1):  # over months, vectorised over customers
        cum = bg.expected_purchases(k * per, x, tx, T)
        total += (cum - prev) * spend * margin_rate / (1 + d) ** k
        prev = cum
    return pd.Series(total, index=summary.index, name="clv")
