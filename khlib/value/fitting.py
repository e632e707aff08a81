"""Maximum-likelihood fitting that lands on the optimum (最大似然估计)：见第01章 客户价值。

The models of :mod:`khlib.value.models` are fitted here. A fit must give the same digits on
every machine, whatever the CPU, the BLAS library or the number of threads, so it does not stop
"somewhere close" to the optimum:

1. L-BFGS-B over the log-parameters (so every parameter stays positive) with the model's
   **analytic gradient** and tight tolerances, from a fixed start;
2. then **Newton's method** from that point, with the model's analytic Hessian, until the
   Newton step (the distance to the optimum it predicts) is below 1e-9 in every log-parameter,
   i.e. a relative error below 1e-9; that last step is taken too, and as Newton's method
   converges quadratically it leaves the parameters at the optimum up to rounding (fits of
   CDNOW from different starts agree to 1e-13);
3. standard errors from the inverse of the Hessian at that point (the observed information).

Every sum over customers is numpy's pairwise sum, never a BLAS product, so the number of
threads cannot change a digit either.

A fit that cannot get there (a parameter running off to 0 or infinity, a Hessian that is not
positive definite) is flagged ``converged=False`` with a bilingual :class:`ConvergenceWarning`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from scipy import optimize

from .._errors import ConvergenceWarning, warn

__all__ = ["FitResult", "NEWTON_TOLERANCE", "maximum_likelihood"]

#: The fit stops when Newton's step is below this in every log-parameter (relative error).
NEWTON_TOLERANCE = 1e-9
_BOUND = 20.0  # log-parameters stay in [-20, 20]: e^±20 is "ran off to 0 or infinity"
_EPS = np.finfo(float).eps


@dataclass
class FitResult:
    """Parameters, standard errors and fit details of a maximum-likelihood model.

    ``extra`` holds the fit's diagnostics: ``iterations`` (L-BFGS-B), ``newton_steps``,
    ``newton_step`` (the last predicted distance to the optimum, relative) and ``gradient``
    (the largest derivative of the mean log-likelihood in a log-parameter at the end)."""

    params: pd.Series
    std_err: pd.Series
    log_likelihood: float
    n: int
    converged: bool
    message: str
    extra: dict = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """Parameters with standard errors and 95% intervals (参数估计表)."""
        return pd.DataFrame({"estimate": self.params, "std_err": self.std_err,
                             "ci_low": self.params - 1.96 * self.std_err,
                             "ci_high": self.params + 1.96 * self.std_err})


def _newton(f: Callable, lp: np.ndarray, max_steps: int = 20):
    """Newton's method from ``lp`` on ``f(lp) -> (value, gradient, Hessian)``; returns
    (lp, last step size, steps taken, why it failed or None)."""
    steps, size = 0, np.inf
    while True:
        f0, g, H = f(lp)
        try:
            np.linalg.cholesky(H)  # a minimum of f: the Hessian is positive definite
            step = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            return lp, size, steps, ("似然函数在此处不是极大值", "the likelihood has no maximum there")
        size = float(np.max(np.abs(step)))
        if size < NEWTON_TOLERANCE:
            return lp - step, size, steps + 1, None  # the last, tiny step lands on the optimum
        if steps == max_steps:
            return lp, size, steps, ("牛顿迭代次数用完", "Newton's method ran out of steps")
        t = 1.0
        while True:  # halve the step until the likelihood does not fall (within rounding)
            cand = lp - t * step
            if np.all(np.abs(cand) < _BOUND) and f(cand)[0] <= f0 + 16 * _EPS * abs(f0):
                break
            t /= 2
            if t < 1e-6:
                return lp, size, steps, ("牛顿迭代无法继续", "Newton's method could not proceed")
        lp, steps = cand, steps + 1


def maximum_likelihood(loglik: Callable, guess, names: list[str], n: int, what: str,
                       shapes: tuple[str, ...] = ()) -> FitResult:
    """Maximise ``loglik(params, hessian=False) -> (log-likelihood, gradient[, Hessian])``
    (summed over the ``n`` data rows, derivatives with respect to ``params``) over the positive
    parameters ``names`` from the starting values ``guess``. ``shapes`` names the shape parameters that must stay
    within 1e-3 … 1e3 (scale parameters follow the units of time and money and are not checked);
    ``what`` names the model in the warning.

    >>> def loglik(p, hessian=False):  # 10 draws of Gamma(shape 2, rate) with mean 3: rate 2/3
    ...     ll, g, h = 10 * (2 * np.log(p[0]) - 3 * p[0]), [10 * (2 / p[0] - 3)], [[-20 / p[0] ** 2]]
    ...     return (ll, np.array(g), np.array(h)) if hessian else (ll, np.array(g))
    >>> fit = maximum_likelihood(loglik, [1.0], ["rate"], 10, "demo")
    >>> round(float(fit.params["rate"]), 15), round(float(fit.std_err["rate"]), 6)  # √(rate²/20)
    (0.666666666666667, 0.149071)
    """
    def f(lp, hessian=False):  # mean negative log-likelihood and its derivatives in the log-parameters
        p = np.exp(lp)
        out = loglik(p, hessian=hessian)
        g = out[1] * p
        if not hessian:
            return -out[0] / n, -g / n
        return -out[0] / n, -g / n, -(out[2] * np.outer(p, p) + np.diag(g)) / n

    res = optimize.minimize(f, np.log(np.asarray(guess, dtype=float)), jac=True, method="L-BFGS-B",
                            bounds=[(-_BOUND, _BOUND)] * len(names),
                            options={"maxiter": 10_000, "maxfun": 20_000, "ftol": 1e-15, "gtol": 1e-10})
    lp = res.x
    # A shape parameter running off to 0 or infinity (beyond 1e-3 .. 1e3) means the data cannot
    # pin the model down (e.g. nobody ever drops out): the optimiser stops, but not at an optimum.
    shape_idx = [i for i, nm in enumerate(names) if nm in shapes]
    interior = bool(np.all(np.abs(lp[shape_idx]) < np.log(1e3))) and bool(np.all(np.abs(lp) < _BOUND - 0.1))
    with np.errstate(all="ignore"):
        if interior:
            lp, size, steps, why = _newton(partial(f, hessian=True), lp)
        else:
            size, steps = np.inf, 0
            why = ("有参数跑到了取值范围的边缘", "a parameter ran to the edge of its range")
        x = np.exp(lp)
        ll, grad, H = loglik(x, hessian=True)
        try:  # the observed information at the final point
            var = np.diag(np.linalg.inv(-H))
            se = np.sqrt(np.where(var > 0, var, np.nan))
        except np.linalg.LinAlgError:
            se = np.full(len(x), np.nan)
    converged = why is None
    if not converged:
        shown = {k: float(v) for k, v in zip(names, x.round(4))}
        warn(f"{what}：最大似然估计没有收敛（{why[0]}），参数 {shown} 不可靠。",
             f"{what}: the maximum-likelihood fit did not converge ({why[1]}); parameters {shown} are unreliable.",
             category=ConvergenceWarning, stacklevel=3)
    message = (f"converged: {res.nit} L-BFGS-B iterations, then {steps} Newton steps, the last one {size:.1e}"
               if converged else f"did not converge: {why[1]} ({res.message})")
    return FitResult(pd.Series(x, index=names), pd.Series(se, index=names), float(ll), n, converged, message,
                     {"iterations": int(res.nit), "newton_steps": steps, "newton_step": size,
                      "gradient": float(np.max(np.abs(grad * x))) / n})
