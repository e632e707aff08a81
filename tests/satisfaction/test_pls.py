"""PLS path modelling reproduces the published ECSI model on the mobile-phone data (Tenenhaus et al.,
2005): SmartPLS 2.0.M3's output shipped with the R package semPLS (tests/SmartPLS/results/ecsi/,
8 decimals, items standardised, unit start weights, stop at 1e-7) in the path and centroid
schemes, and Monecke & Leisch's (2012, JSS 48(3), p. 18) 3-decimal table (centroid)."""

import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.satisfaction import pls_path_model

BLOCKS = {"Image": [f"IMAG{i}" for i in range(1, 6)], "Expectation": [f"CUEX{i}" for i in range(1, 4)],
          "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
          "Satisfaction": [f"CUSA{i}" for i in range(1, 4)], "Complaints": ["CUSCO"],
          "Loyalty": [f"CUSL{i}" for i in range(1, 4)]}
PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"), ("Expectation", "Quality"),
         ("Expectation", "Value"), ("Expectation", "Satisfaction"), ("Quality", "Value"), ("Quality", "Satisfaction"),
         ("Value", "Satisfaction"), ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"),
         ("Complaints", "Loyalty")]
# SmartPLS 2.0.M3, semPLS tests/SmartPLS/results/ecsi/pathWeighting/pathCoefficients.txt
SMARTPLS_PATH = [0.50491393, 0.17873950, 0.19575534, 0.55674896, 0.04998839, 0.06252287, 0.55830438, 0.51202394,
                 0.19476510, 0.52806625, 0.48547762, 0.06692607]
# ... centroid/pathCoefficients.txt
SMARTPLS_CENTROID = [0.50470564, 0.17883348, 0.19535971, 0.55724786, 0.05078755, 0.06442534, 0.55721686, 0.51254524,
                     0.19181566, 0.52609731, 0.48347472, 0.07123241]
# Monecke & Leisch (2012), p. 18: print(pathCoeff(ecsi)), centroid scheme
JSS = [0.505, 0.179, 0.195, 0.557, 0.051, 0.064, 0.557, 0.513, 0.192, 0.526, 0.483, 0.071]
# R² and GoF worked out from SmartPLS's weights and cross-loadings (path scheme): with unit-variance
# scores cor(LV_a, LV_b) = Σ w_h × crossloading(x_h, LV_a); R²_j = β_jᵀ r_j; GoF = √(mean communality of
# the blocks with more than one item × mean R²). SmartPLS 2.0 printed no R² file for this model.
R2_PATH = {"Expectation": 0.254938, "Quality": 0.309969, "Value": 0.345279, "Satisfaction": 0.681078,
           "Complaints": 0.278854, "Loyalty": 0.456944}
GOF_PATH = 0.471753
# pathWeighting/crossLoadings.txt, own block
LOADINGS_PATH = {"IMAG1": 0.74520807, "CUEX3": 0.60781262, "PERQ2": 0.63814644, "PERV2": 0.93962478,
                 "CUSA3": 0.85669268, "CUSL2": 0.20202172, "CUSCO": 1.0}


@pytest.fixture(scope="module")
def mobi():
    return kh.datasets.load_mobi()


def test_reproduces_smartpls_path_scheme(mobi):
    r = pls_path_model(mobi, BLOCKS, PATHS)
    assert list(zip(r.paths["source"], r.paths["target"])) == PATHS
    assert r.paths["coef"].to_numpy() == pytest.approx(SMARTPLS_PATH, abs=1e-7)
    assert r.r_squared.to_dict() == pytest.approx(R2_PATH, abs=1e-6)
    assert r.gof == pytest.approx(GOF_PATH, abs=1e-6)
    assert r.loadings[list(LOADINGS_PATH)].to_numpy() == pytest.approx(list(LOADINGS_PATH.values()), abs=1e-7)
    assert r.respondents == 250 and r.scheme == "path"
    assert np.allclose(r.scores.std(ddof=1), 1.0) and np.allclose(r.scores.mean(), 0.0)


def test_reproduces_smartpls_and_the_jss_table_centroid(mobi):
    r = pls_path_model(mobi, BLOCKS, PATHS, scheme="centroid")
    assert r.paths["coef"].to_numpy() == pytest.approx(SMARTPLS_CENTROID, abs=1e-7)
    assert r.paths["coef"].round(3).tolist() == JSS


def test_missing_answers_and_errors(mobi):
    gaps = mobi.astype("float64")
    gaps.iloc[[0, 1, 2], gaps.columns.get_loc("CUSA2")] = np.nan
    assert pls_path_model(gaps, BLOCKS, PATHS).respondents == 250  # mean replacement
    assert pls_path_model(gaps, BLOCKS, PATHS, missing="listwise").respondents == 247
    nullable = mobi.astype("Int64")
    assert pls_path_model(nullable, BLOCKS, PATHS).paths["coef"].to_numpy() == pytest.approx(SMARTPLS_PATH, abs=1e-7)
    with pytest.raises(KhlibInputError, match="cycle"):
        pls_path_model(mobi, BLOCKS, [*PATHS, ("Loyalty", "Image")])
    with pytest.raises(KhlibInputError, match="two different constructs"):
        pls_path_model(mobi, BLOCKS, [("Image", "Trust")])
    with pytest.raises(KhlibInputError, match="not numbers"):
        pls_path_model(mobi.assign(CUSCO=mobi["CUSCO"].astype(object).where(mobi.index > 0, "不适用")), BLOCKS, PATHS)
    with pytest.raises(KhlibInputError, match="on no path"):
        pls_path_model(mobi, {**BLOCKS, "Extra": ["CUSL2"]} | {"Loyalty": ["CUSL1", "CUSL3"]}, PATHS)
    with pytest.raises(KhlibInputError, match="scheme"):
        pls_path_model(mobi, BLOCKS, PATHS, scheme="smart")
