"""The field-sales family (chapter 05): salespeople and their territories (``salespeople.csv``,
``assignments.csv``) and the 2025 sales plan (``plan_customers.csv``, ``plan_products.csv``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import Context, CustomerLatent, person, stream
from .geo import CITIES
from .orders import product_catalogue


def salespeople(seed: int, customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Salespeople and territories (专人管理): each region gets one salesperson per about 85
    customers; a region's customers, ordered by city and longitude, are cut into contiguous
    territories, so a salesperson's customers are near one another. The office (``base_lat``,
    ``base_lon``) is the centre of the base city, where visit routes start."""
    rng = stream(seed, "salespeople")
    centre = {c[2]: (c[3], c[4]) for c in CITIES}
    rows, assign = [], []
    k = 0
    for region in sorted(customers["region"].unique()):
        sub = customers[customers["region"] == region].sort_values(["city", "lon", "customer_id"], kind="stable")
        n_sp = max(1, int(round(len(sub) / 85)))
        cuts = np.array_split(np.arange(len(sub)), n_sp)
        for part in cuts:
            k += 1
            sid = f"S{k:02d}"
            terr = sub.iloc[part]
            base = terr["city"].mode().iloc[0]
            rows.append((sid, region, base, *centre[base]))
            assign.append(pd.DataFrame({"customer_id": terr["customer_id"].to_numpy(), "salesperson_id": sid}))
    people = pd.DataFrame(rows, columns=["salesperson_id", "region", "base_city", "base_lat", "base_lon"])
    people.insert(1, "name", person(rng, len(people)))
    people["hired"] = (np.datetime64("2012-01-01") + rng.integers(0, 4000, len(people))).astype(str)
    assignments = pd.concat(assign, ignore_index=True).sort_values("customer_id", kind="stable").reset_index(drop=True)
    return people, assignments


def plans(seed: int, lat: CustomerLatent, ids: np.ndarray, customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2025 sales plan: each trading customer's expected share of its region's sales, and
    the intended product mix. The planners knew the customers' size only roughly (log-normal
    error), which is why actual shares fall short of or beat the plan."""
    rng = stream(seed, "plans")
    region = customers.set_index("customer_id")["region"].reindex(ids).to_numpy()
    active = ~np.isnat(lat.first_trade) & (lat.first_trade < np.datetime64("2025-12-31"))
    guess = lat.rate * lat.size ** 0.5 * np.exp(rng.normal(0, 0.35, len(ids))) * active
    df = pd.DataFrame({"customer_id": ids, "region": region, "w": guess})
    df = df[df["w"] > 0]
    df["expected_share_of_region"] = (df["w"] / df.groupby("region")["w"].transform("sum")).round(6)
    cust_plan = df[["customer_id", "expected_share_of_region"]].sort_values("customer_id").reset_index(drop=True)
    prods = product_catalogue()
    mix = np.exp(rng.normal(0, 0.25, len(prods)))
    w = prods["list_price"].to_numpy() ** 0.3 * mix
    prod_plan = pd.DataFrame({"product_id": prods["product_id"], "expected_share": (w / w.sum()).round(6)})
    return cust_plan, prod_plan



def build(ctx: Context) -> dict[str, pd.DataFrame]:
    """The family's four tables; needs ``ctx.ids`` and the customers table."""
    customers = ctx.tables["customers"]
    people, assignments = salespeople(ctx.seed, customers)
    plan_c, plan_p = plans(ctx.seed, ctx.latent, ctx.ids, customers)
    return {"salespeople": people, "assignments": assignments, "plan_customers": plan_c,
            "plan_products": plan_p}
