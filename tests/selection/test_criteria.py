"""AHP against Saaty's published example and random indices; weighted score and rank stability
by hand."""

import numpy as np
import pandas as pd
import pytest

from khlib import KhlibInputError
from khlib.selection import RANDOM_INDEX, ahp_matrix, ahp_weights, normalise_weights, rank_stability, weighted_score

# Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services Sciences
# 1(1), 83-98, Table 2: which drink is consumed more in the US. Published derived weights:
# coffee .177, wine .019, tea .042, beer .116, sodas .190, milk .129, water .327.
DRINKS = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
SAATY = np.array([[1, 9, 5, 2, 1, 1, 1 / 2], [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
                  [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9], [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
                  [1, 9, 4, 2, 1, 2, 1 / 2], [1, 9, 3, 1, 1 / 2, 1, 1 / 3], [2, 9, 9, 3, 2, 3, 1]])


def test_saaty_drinks_example():
    r = ahp_weights(pd.DataFrame(SAATY, index=DRINKS, columns=DRINKS))
    assert r.weights.round(3).tolist() == [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert r.lambda_max == pytest.approx(7.177, abs=5e-4)
    assert r.cr == pytest.approx(0.022, abs=5e-4) and r.consistent


def test_the_matrix_from_judgements_matches_the_table():
    judgements = {(DRINKS[i], DRINKS[j]): SAATY[i, j] for i in range(7) for j in range(i + 1, 7)}
    m = ahp_matrix(judgements, DRINKS)
    assert np.allclose(m.to_numpy(), SAATY)


def test_a_consistent_matrix_gives_its_weights_and_cr_zero():
    w = np.array([0.5, 0.3, 0.15, 0.05])
    names = list("abcd")
    r = ahp_weights(pd.DataFrame(w[:, None] / w[None, :], index=names, columns=names))
    assert np.allclose(r.weights.to_numpy(), w, atol=1e-12)
    assert r.lambda_max == pytest.approx(4.0) and abs(r.cr) < 1e-12


def test_random_index_against_a_simulation():
    """Mean CI of random reciprocal matrices on Saaty's scale is close to Alonso & Lamata's
    (2006) random indices 0.5245, 0.8815, 1.1086, 1.2479 (and to Saaty's rounded table)."""
    scale = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    rng = np.random.default_rng(11)
    for n, expected in {3: 0.5245, 4: 0.8815, 5: 1.1086, 6: 1.2479}.items():
        k = 20_000
        a = np.ones((k, n, n))
        iu = np.triu_indices(n, 1)
        vals = scale[rng.integers(0, len(scale), (k, len(iu[0])))]
        a[:, iu[0], iu[1]] = vals
        a[:, iu[1], iu[0]] = 1 / vals
        lam = np.linalg.eigvals(a).real.max(axis=1)
        ci = (lam - n) / (n - 1)
        assert ci.mean() == pytest.approx(expected, abs=0.02)
        assert RANDOM_INDEX[n] == pytest.approx(expected, abs=0.06)


def test_inconsistent_matrix_is_refused_naming_a_judgement():
    m = ahp_matrix({("a", "b"): 9, ("b", "c"): 9, ("c", "a"): 9}, ["a", "b", "c"])
    with pytest.raises(KhlibInputError, match="inconsistent"):
        ahp_weights(m)
    assert ahp_weights(m, max_cr=None).cr > 1


@pytest.mark.parametrize("judgements, words", [
    ({("a", "b"): 3}, "no judgement"),  # c missing
    ({("a", "b"): 3, ("b", "c"): 2, ("a", "c"): 12}, "outside"),
    ({("a", "b"): 3, ("b", "a"): 2, ("a", "c"): 2, ("b", "c"): 1}, "twice"),
    ({("a", "x"): 3, ("b", "c"): 2, ("a", "c"): 2}, "pair"),
])
def test_bad_judgements(judgements, words):
    with pytest.raises(KhlibInputError, match=words):
        ahp_matrix(judgements, ["a", "b", "c"])


def test_non_reciprocal_matrix_names_the_cell():
    m = pd.DataFrame([[1, 3, 2], [1 / 3, 1, 1], [0.4, 1, 1]], index=list("abc"), columns=list("abc"))
    with pytest.raises(KhlibInputError, match=r"\[a, c\]"):
        ahp_weights(m)


def test_weighted_score_by_hand():
    t = pd.DataFrame({"size": [10, 20, 30], "km": [5, 50, 20]}, index=["x", "y", "z"])
    s = weighted_score(t, {"size": 0.5, "km": 0.5}, higher_is_better={"km": False})
    # size: 0, 50, 100; km (lower better): 100, 0, (50 - 20) / 45 x 100 = 66.67
    assert s["score"].round(4).tolist() == [50.0, 25.0, 83.3333]
    assert s["rank"].tolist() == [2, 3, 1]
    r = weighted_score(t, {"size": 0.5, "km": 0.5}, higher_is_better={"km": False}, scale="rank")
    assert r["score"].tolist() == [50.0, 25.0, 75.0]  # percentile ranks 0/50/100 and 100/0/50


@pytest.mark.parametrize("weights, words", [
    ({"size": 0.5, "km": 0.4}, "add up"), ({"size": 1.2, "km": -0.2}, "non-negative"), ({"size": 0.5, "kg": 0.5}, "kg"),
])
def test_weighted_score_refuses_bad_weights(weights, words):
    t = pd.DataFrame({"size": [10, 20, 30], "km": [5, 50, 20]})
    with pytest.raises(KhlibInputError, match=words):
        weighted_score(t, weights)
    assert normalise_weights({"size": 1, "km": 3}).tolist() == [0.25, 0.75]


def test_weighted_score_missing_values_and_constant_columns():
    t = pd.DataFrame({"a": [1.0, None], "b": [2.0, 2.0]})
    with pytest.raises(KhlibInputError, match="'a'"):
        weighted_score(t, {"a": 0.5, "b": 0.5})
    assert weighted_score(t.fillna(3.0), {"b": 1.0})["b"].tolist() == [50.0, 50.0]


def test_rank_stability():
    rng = np.random.default_rng(3)
    t = pd.DataFrame(rng.random((60, 3)), columns=["p", "q", "r"], index=[f"P{i:02d}" for i in range(60)])
    t.loc["P99"] = [2.0, 2.0, 2.0]  # best on every criterion: first for any weights
    w = {"p": 0.5, "q": 0.3, "r": 0.2}
    st = rank_stability(t, w, top_n=10, n_draws=500)
    assert st.loc["P99", "in_top_share"] == 1.0 and st.loc["P99", "median_rank"] == 1
    assert st.equals(rank_stability(t, w, top_n=10, n_draws=500))  # seeded
    tight = rank_stability(t, w, top_n=10, n_draws=50, concentration=1e9)
    base_top = tight.index[tight["base_rank"] <= 10]
    assert (tight.loc[base_top, "in_top_share"] == 1.0).all() and len(base_top) == 10
    listed = rank_stability(t, [w, {"p": 0.2, "q": 0.3, "r": 0.5}], top_n=10)
    assert set(np.unique(listed["in_top_share"])) <= {0.0, 0.5, 1.0}
