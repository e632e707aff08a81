"""Shared fixtures.

Session fixtures are built once per test process (``-n 2``: once per worker) and shared by
every test that asks for them: the company tables, the 2025 customer summary and its ABC
grades, the CDNOW calibration summary. A test must not modify them — take ``.copy()`` first;
each of them checks at the end of the session that its content is unchanged and fails the
run otherwise.
"""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import khlib as kh  # noqa: E402
from tests.samples import CDNOW_PERIODS, YEAR_2025  # noqa: E402


def _fingerprint(value):
    """Content of a frame / Series (or a tuple of them) as a comparable value."""
    if isinstance(value, tuple):
        return tuple(_fingerprint(v) for v in value)
    frame = value.to_frame() if isinstance(value, pd.Series) else value
    return (tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), tuple(map(str, frame.index.names)),
            int(pd.util.hash_pandas_object(frame, index=True).sum()), len(frame))


def _shared(request, value):
    """Hand out ``value`` to the whole session and check at its end that no test changed it."""
    before = _fingerprint(value)

    def unchanged():
        assert _fingerprint(value) == before, (
            f"a test modified the session fixture '{request.fixturename}'; copy it before changing it")

    request.addfinalizer(unchanged)
    return value


# ------------------------------------------------------------------ the company's tables
@pytest.fixture(scope="session")
def customers(request):
    return _shared(request, kh.datasets.load_customers())


@pytest.fixture(scope="session")
def orders(request):
    return _shared(request, kh.datasets.load_orders())


@pytest.fixture(scope="session")
def products(request):
    return _shared(request, kh.datasets.load_products())


@pytest.fixture(scope="session")
def inventory(request):
    return _shared(request, kh.datasets.load_inventory())


@pytest.fixture(scope="session")
def invoices(request):
    return _shared(request, kh.datasets.load_invoices())


@pytest.fixture(scope="session")
def payments(request):
    return _shared(request, kh.datasets.load_payments())


@pytest.fixture(scope="session")
def salespeople(request):
    return _shared(request, kh.datasets.load_salespeople())


@pytest.fixture(scope="session")
def assignments(request):
    return _shared(request, kh.datasets.load_assignments())


@pytest.fixture(scope="session")
def plans(request):
    """``kh.datasets.load_plans()``: (the sales plan per customer, the product plan)."""
    return _shared(request, kh.datasets.load_plans())


@pytest.fixture(scope="session")
def sales_plan(plans):
    """The 2025 sales plan per customer (expected share of the region), ``plans[0]``."""
    return plans[0]


@pytest.fixture(scope="session")
def dealer_inventory(request):
    return _shared(request, kh.datasets.load_dealer_inventory())


# ------------------------------------------------------------------ summaries
@pytest.fixture(scope="session")
def summary_2025(request, orders):
    """``kh.customer_summary`` of the company's 2025 orders (one row per customer)."""
    return _shared(request, kh.customer_summary(orders, **YEAR_2025))


@pytest.fixture(scope="session")
def graded_2025(request, summary_2025):
    """``kh.abc_grade`` of the 2025 summary."""
    return _shared(request, kh.abc_grade(summary_2025))


@pytest.fixture(scope="session")
def cdnow_summary(request):
    """The CDNOW sample's BTYD summary: calibration to 1997-09-30, holdout to 1998-06-30 (weeks)."""
    return _shared(request, kh.btyd_summary(kh.datasets.load_cdnow(), customer="customer_id", date="date",
                                            amount="amount", **CDNOW_PERIODS))


# ------------------------------------------------------------------ small frames and isolation
@pytest.fixture
def lines() -> pd.DataFrame:
    """A small, hand-checkable set of order lines."""
    return pd.DataFrame({
        "order_id": ["o1", "o1", "o2", "o3", "o4", "o5"],
        "line_no": [1, 2, 1, 1, 1, 1],
        "customer_id": ["a", "a", "a", "b", "c", "c"],
        "order_date": ["2025-01-02", "2025-01-02", "2025-03-01", "2025-02-10", "2024-12-30", "2025-03-31"],
        "product_id": ["p1", "p2", "p1", "p2", "p1", "p1"],
        "quantity": [1, 2, 1, 5, 1, 1],
        "amount": [100.0, 40.0, 60.0, 500.0, 10.0, 20.0],
    })


@pytest.fixture(autouse=True)
def _restore_display_options():
    """kh.setup_notebook() sets pandas display options globally; keep tests independent."""
    yield
    pd.reset_option("^display")
