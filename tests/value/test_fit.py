"""Chapter 01 客户价值: the maximum-likelihood fits land on the optimum, so every machine, start
and thread count gives the same digits; analytic derivatives; the margin_rate keyword."""

import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import value as v
from khlib._deprecation import KhlibDeprecationWarning


@pytest.fixture(scope="module")
def cdnow():
    d = kh.datasets.load_cdnow()
    return kh.btyd_summary(d, customer="customer_id", date="date", amount="amount",
                           calibration_end="1997-09-30", observation_end="1998-06-30")


@pytest.fixture(scope="module")
def fits(cdnow):
    return v.BetaGeoModel().fit(cdnow), v.GammaGammaModel().fit(cdnow)


def _arrays(cdnow):
    x, tx, T, m = (cdnow[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    keep = x > 0
    return (x, tx, T), (x[keep], m[keep] / m[keep].mean())


def _fd_gradient(fun, p, h=1e-6):
    out = np.empty(len(p))
    for j in range(len(p)):
        e = np.zeros(len(p))
        e[j] = h * p[j]
        out[j] = (fun(p + e) - fun(p - e)) / (2 * e[j])
    return out


@pytest.mark.parametrize("model,params", [
    ("bg", [0.243, 4.414, 0.793, 2.426]),   # the optimum
    ("bg", [0.9, 12.0, 2.5, 0.6]),          # far from it
    ("gg", [6.25, 3.74, 0.43]),
    ("gg", [1.5, 9.0, 2.0]),
])
def test_analytic_derivatives_match_finite_differences(cdnow, model, params):
    bg_data, gg_data = _arrays(cdnow)
    if model == "bg":
        f = lambda p, **kw: v.BetaGeoModel.loglik(p, *bg_data, **kw)  # noqa: E731
    else:
        f = lambda p, **kw: v.GammaGammaModel.loglik(p, *gg_data, **kw)  # noqa: E731
    p = np.array(params)
    ll, grad, hess = f(p, hessian=True)
    ll2, grad2 = f(p)
    assert ll == ll2 and np.array_equal(grad, grad2)
    np.testing.assert_allclose(grad, _fd_gradient(lambda q: f(q)[0], p), rtol=1e-5, atol=1e-4)
    fd_hess = np.array([_fd_gradient(lambda q: f(q)[1][i], p) for i in range(len(p))])
    np.testing.assert_allclose(hess, fd_hess, rtol=1e-5, atol=1e-4)
    np.testing.assert_array_equal(hess, hess.T)


def test_fits_land_on_the_optimum(fits):
    for m in fits:
        r = m.result
        assert r.converged and r.message.startswith("converged")
        assert r.extra["newton_step"] < v.NEWTON_TOLERANCE
        assert r.extra["gradient"] < 1e-12  # mean log-likelihood per log-parameter


def test_published_cdnow_estimates_to_three_decimals(fits):
    bg, gg = fits
    assert bg.params.round(3).to_dict() == {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert gg.params.round(2).to_dict() == {"p": 6.25, "q": 3.74, "gamma": 15.44}


def test_same_parameters_from_two_starting_points(cdnow, fits):
    bg, gg = fits
    bg2 = v.BetaGeoModel().fit(cdnow, guess=(0.05, 30.0, 4.0, 0.3))
    gg2 = v.GammaGammaModel().fit(cdnow, guess=(20.0, 1.5, 0.05))
    for a, b in ((bg, bg2), (gg, gg2)):
        np.testing.assert_allclose(b.params, a.params, rtol=1e-8, atol=0)
        np.testing.assert_allclose(b.result.std_err, a.result.std_err, rtol=1e-8, atol=0)


_FIT_SCRIPT = """
import json
import khlib as kh
d = kh.datasets.load_cdnow()
s = kh.btyd_summary(d, customer="customer_id", date="date", amount="amount", calibration_end="1997-09-30")
out = {}
for name, m in (("bg", kh.value.BetaGeoModel().fit(s)), ("gg", kh.value.GammaGammaModel().fit(s))):
    out[name] = [m.params.tolist(), m.result.std_err.tolist()]
print(json.dumps(out))
"""


def _fit_with_threads(n: int) -> dict:
    env = dict(os.environ, **{k: str(n) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")})
    done = subprocess.run([sys.executable, "-c", _FIT_SCRIPT], env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_same_parameters_with_one_and_two_threads(fits):
    one, two = _fit_with_threads(1), _fit_with_threads(2)
    for name, model in zip(("bg", "gg"), fits):
        for k, what in enumerate(("params", "std_err")):
            np.testing.assert_allclose(two[name][k], one[name][k], rtol=1e-8, atol=0, err_msg=f"{name} {what}")
        np.testing.assert_allclose(one[name][0], model.params, rtol=1e-8, atol=0)  # and this process


def test_lifetimes_likelihood_and_optimum_agree(cdnow, fits):
    """A peer implementation (lifetimes, dev-only): the same log-likelihood at our parameters,
    an optimum no better than ours, parameters within its optimiser's tolerance."""
    lifetimes = pytest.importorskip("lifetimes")
    bg, gg = fits
    x, tx, T, m = (cdnow[c] for c in ("frequency", "recency", "T", "monetary_value"))
    rep = x > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lb = lifetimes.BetaGeoFitter().fit(x, tx, T)
        lg = lifetimes.GammaGammaFitter().fit(x[rep], m[rep])
        theirs_bg = lb.params_[["r", "alpha", "a", "b"]].to_numpy()
        theirs_gg = lg.params_[["p", "q", "v"]].to_numpy()
        w_bg, w_gg = np.ones(len(x)), np.ones(int(rep.sum()))
        nll_bg = lambda p: lifetimes.BetaGeoFitter._negative_log_likelihood(  # noqa: E731
            np.log(p), x.to_numpy(), tx.to_numpy(), T.to_numpy(), w_bg, 0.0)
        nll_gg = lambda p: lifetimes.GammaGammaFitter._negative_log_likelihood(  # noqa: E731
            np.log(p), x[rep].to_numpy(), m[rep].to_numpy(), w_gg, 0.0)
        # lifetimes' objective is the mean negative log-likelihood
        assert -nll_bg(bg.params.to_numpy()) * len(x) == pytest.approx(bg.result.log_likelihood, rel=1e-12)
        assert -nll_gg(gg.params.to_numpy()) * rep.sum() == pytest.approx(gg.result.log_likelihood, rel=1e-12)
        assert nll_bg(bg.params.to_numpy()) <= nll_bg(theirs_bg)
        assert nll_gg(gg.params.to_numpy()) <= nll_gg(theirs_gg)
    np.testing.assert_allclose(bg.params.to_numpy(), theirs_bg, rtol=1e-5)
    np.testing.assert_allclose(gg.params.to_numpy(), theirs_gg, rtol=1e-5)


def test_margin_rate_and_the_old_margin_keyword(cdnow, fits):
    bg, gg = fits
    full = v.customer_lifetime_value(bg, gg, cdnow)
    kept = v.customer_lifetime_value(bg, gg, cdnow, margin_rate=0.3)
    np.testing.assert_allclose(kept, 0.3 * full, rtol=1e-14)
    with pytest.warns(KhlibDeprecationWarning, match="margin_rate"):
        old = v.customer_lifetime_value(bg, gg, cdnow, margin=0.3)
    pd.testing.assert_series_equal(old, kept)
    with pytest.raises(TypeError, match="margin_rate"):
        v.customer_lifetime_value(bg, gg, cdnow, margin=0.3, margin_rate=0.3)
