import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402


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
