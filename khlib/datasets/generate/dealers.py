"""The dealers family (chapter 05): the monthly stock the dealers report
(``dealer_inventory.csv.gz``), for the stock turnover per dealer."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import Context, stream
from .orders import product_catalogue


def dealer_inventory(seed: int, orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Monthly average stock at the dealers (经销商月均库存), as they report it each month: for
    every dealer that bought in 2025, each product it bought in 2025 and each month of 2025, the
    units in stock and their value at the dealer's average 2025 purchase price.

    A dealer keeps a number of months of cover of its average monthly purchases: log-normal
    around 1.5 months, but about one dealer in eight overstocks (around 4 months); a smaller
    log-normal spread per dealer and product, and month-to-month noise. Services carry no stock
    and are left out; a stock that rounds to 0 stays in the table (out of stock).
    """
    rng = stream(seed, "dealer-inventory")
    prods = product_catalogue()
    services = prods.loc[prods["purchase_kind"] == "service", "product_id"]
    dealers = customers.loc[customers["segment"] == "经销商", "customer_id"]
    bought = orders[orders["order_date"].str.startswith("2025") & orders["customer_id"].isin(dealers)
                    & ~orders["product_id"].isin(services)]
    pairs = (bought.groupby(["customer_id", "product_id"], sort=True)
             .agg(qty=("quantity", "sum"), amount=("amount", "sum")).reset_index())
    price = (pairs["amount"] / pairs["qty"]).round(2).to_numpy()  # average purchase unit price
    per_month = pairs["qty"].to_numpy() / 12
    dealer, _ = pd.factorize(pairs["customer_id"], sort=True)
    n_dealers, n_pairs = int(dealer.max()) + 1, len(pairs)
    overstock = rng.random(n_dealers) < 0.12
    cover = np.where(overstock, np.exp(rng.normal(np.log(4.0), 0.25, n_dealers)),
                     np.exp(rng.normal(np.log(1.5), 0.35, n_dealers)))  # months of cover per dealer
    cover = cover[dealer] * np.exp(rng.normal(0, 0.3, n_pairs))  # per dealer and product
    noise = np.exp(rng.normal(0, 0.2, (n_pairs, 12)))
    stock = np.round(per_month[:, None] * cover[:, None] * noise).astype(int)
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    return pd.DataFrame({
        "customer_id": np.repeat(pairs["customer_id"].to_numpy(), 12),
        "product_id": np.repeat(pairs["product_id"].to_numpy(), 12),
        "month": np.tile(months, n_pairs),
        "avg_stock_qty": stock.ravel(),
        "avg_stock_value": (stock * price[:, None]).round(2).ravel(),
    })


def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """The dealers' stock; needs the orders and the customers."""
    return {"dealer_inventory": dealer_inventory(ctx.seed, ctx.tables["orders"], ctx.tables["customers"])}
