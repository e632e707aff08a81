"""Small frames shared by several test modules.

- Hand-made tables of chapter 05, small enough to check by hand (five products over one year,
  four invoices, five customers in two regions).
- :func:`small_company`: a slice of the company's tables (two salespeople's first customers,
  with their orders, invoices, payments and plan rows) on which every khlib function runs in
  milliseconds; the immutability test calls the whole public API on it.

Module-level frames are shared: tests must not modify them (``.assign`` / ``.copy()`` first).
"""

import pandas as pd

#: The year the company's summaries cover, and the CDNOW calibration / holdout periods.
YEAR_2025 = dict(start="2025-01-01", end="2025-12-31")
CDNOW_PERIODS = dict(calibration_end="1997-09-30", observation_end="1998-06-30")

# ------------------------------------------------------------------ chapter 05 by hand
#: Five products, one year (12 months of stock).
PRODUCTS = pd.DataFrame({"product_id": list("ABCDE"), "unit_cost": [60.0, 30.0, 8.0, 50.0, 100.0]})
ORDERS = pd.DataFrame({
    "order_id": ["o1", "o2", "o3", "o4", "o5"], "customer_id": ["x"] * 5,
    "order_date": ["2025-03-01"] * 5, "product_id": list("ABCDE"),
    "quantity": [100, 100, 500, 10, 10], "amount": [10000.0, 5000.0, 5000.0, 1000.0, 1500.0]})
INVENTORY = pd.DataFrame({"product_id": [p for p in "ABCDE" for _ in range(12)],
                          "month": [f"2025-{m:02d}" for _ in "ABCDE" for m in range(1, 13)],
                          "avg_stock_value": [2000.0] * 12 + [3000.0] * 12 + [500.0] * 12 + [1000.0] * 12 + [0.0] * 12})

#: Four invoices of three customers and two payments (asof 2025-12-31: i1 600 open and 91 days
#: past due, i2 paid, i3 11 days past due, i4 not due).
INVOICES = pd.DataFrame({"invoice_id": ["i1", "i2", "i3", "i4"], "customer_id": ["a", "a", "b", "c"],
                         "invoice_date": ["2025-09-01", "2025-10-15", "2025-11-20", "2025-12-20"],
                         "due_date": ["2025-10-01", "2025-11-14", "2025-12-20", "2026-01-19"],
                         "amount": [1000.0, 500.0, 300.0, 200.0]})
PAYMENTS = pd.DataFrame({"invoice_id": ["i1", "i2"], "customer_id": ["a", "a"],
                         "payment_date": ["2025-09-25", "2025-12-01"], "amount": [400.0, 500.0]})

#: Five customers in two regions with credit limits, and the order lines of four of them.
CUSTOMERS = pd.DataFrame({"customer_id": list("abcde"), "region": ["东", "东", "东", "西", "西"],
                          "credit_limit": [500, 1000, 100, 0, 50]})
REGION_LINES = pd.DataFrame({"customer_id": list("abcd"), "order_date": ["2025-05-01"] * 4,
                             "amount": [600.0, 300.0, 100.0, 400.0]})


# ------------------------------------------------------------------ a slice of the company
SMALL_SALESPEOPLE = ("S01", "S02")
SMALL_PER_SALESPERSON = 8


def small_company(*, customers, orders, products, inventory, invoices, payments, salespeople, assignments,
                  sales_plan) -> dict[str, pd.DataFrame]:
    """The first customers of two salespeople and everything that belongs to them (fresh
    frames; the inputs are not modified). Keys are khlib's parameter names."""
    mine = assignments[assignments["salesperson_id"].isin(SMALL_SALESPEOPLE)]
    mine = mine.groupby("salesperson_id", sort=True).head(SMALL_PER_SALESPERSON).reset_index(drop=True)
    ids = set(mine["customer_id"])

    def rows(df):
        return df[df["customer_id"].isin(ids)].reset_index(drop=True)

    return dict(customers=rows(customers), orders=rows(orders), products=products.copy(),
                inventory=inventory.copy(), invoices=rows(invoices), payments=rows(payments),
                salespeople=salespeople[salespeople["salesperson_id"].isin(SMALL_SALESPEOPLE)].reset_index(drop=True),
                assignments=mine, sales_plan=rows(sales_plan))
