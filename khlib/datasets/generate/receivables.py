"""The receivables family (chapter 05): one invoice per order (``invoices.csv.gz``) and the
payments against them up to 2025-12-31 (``payments.csv.gz``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import END, Context, CustomerLatent, stream


def receivables(seed: int, lat: CustomerLatent, ids: np.ndarray, orders: pd.DataFrame,
                 customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One invoice per order, due after the customer's payment terms, and the payments against
    them up to 2025-12-31. Each customer has a payment habit (drawn from its own stream): most
    pay around the due date, some habitually late, a few leave invoices unpaid; large invoices
    are sometimes paid in two instalments."""
    rng = stream(seed, "receivables")
    inv = orders.groupby("order_id", sort=True).agg(customer_id=("customer_id", "first"),
                                                   invoice_date=("order_date", "first"),
                                                   amount=("amount", "sum")).reset_index()
    inv["amount"] = inv["amount"].round(2)
    terms = customers.set_index("customer_id")["payment_terms_days"]
    inv_date = pd.to_datetime(inv["invoice_date"])
    due = inv_date + pd.to_timedelta(inv["customer_id"].map(terms).to_numpy(), unit="D")
    # customer habits, indexed like the latent arrays
    pos = pd.Series(np.arange(len(ids)), index=ids)
    n = len(ids)
    habit_late = rng.random(n) < 0.18  # habitually late payers
    mean_delay = np.where(habit_late, rng.uniform(15, 60, n), rng.uniform(-12, -2, n))
    p_never = np.where(rng.random(n) < 0.04, rng.uniform(0.2, 0.6, n), 0.002)
    ci = pos.reindex(inv["customer_id"]).to_numpy()
    delay = np.round(mean_delay[ci] + rng.normal(0, 4, len(inv))).astype(int)
    pay_date = due + pd.to_timedelta(delay, unit="D")
    pay_date = pay_date.where(pay_date >= inv_date, inv_date)
    never = rng.random(len(inv)) < p_never[ci]
    split = (inv["amount"].to_numpy() > 50_000) & (rng.random(len(inv)) < 0.3)
    first_part = np.round(inv["amount"].to_numpy() * np.where(split, rng.uniform(0.3, 0.7, len(inv)), 1.0), 2)
    second_date = pay_date + pd.to_timedelta(rng.integers(10, 45, len(inv)), unit="D")
    end = pd.Timestamp(END)
    p1 = pd.DataFrame({"invoice_id": inv["order_id"].str.replace("SO", "INV", regex=False),
                       "customer_id": inv["customer_id"], "payment_date": pay_date, "amount": first_part})
    p2 = pd.DataFrame({"invoice_id": p1["invoice_id"], "customer_id": inv["customer_id"],
                       "payment_date": second_date, "amount": np.round(inv["amount"].to_numpy() - first_part, 2)})
    pays = pd.concat([p1[~never], p2[~never & split]], ignore_index=True)
    pays = pays[pays["payment_date"] <= end].sort_values(["payment_date", "invoice_id"], kind="stable")
    pays.insert(0, "payment_id", [f"PAY{i + 1:07d}" for i in range(len(pays))])
    pays["payment_date"] = pays["payment_date"].dt.strftime("%Y-%m-%d")
    invoices = pd.DataFrame({"invoice_id": p1["invoice_id"], "order_id": inv["order_id"],
                             "customer_id": inv["customer_id"], "invoice_date": inv["invoice_date"],
                             "due_date": due.dt.strftime("%Y-%m-%d"), "amount": inv["amount"]})
    return invoices, pays.reset_index(drop=True)


def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """Invoices and payments; needs ``ctx.ids``, the orders and the customers."""
    invoices, payments = receivables(ctx.seed, ctx.latent, ctx.ids, ctx.tables["orders"],
                                     ctx.tables["customers"])
    return {"invoices": invoices, "payments": payments}
