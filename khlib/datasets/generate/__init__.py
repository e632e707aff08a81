"""Seeded generator of the fictional company's data (鸿文办公设备有限公司).

Everything in ``data/`` that is synthetic is written by :func:`generate`; the same seed gives
the same files byte for byte (``python -m khlib.datasets generate``). The work is split by
table family, one module each, run in the order of
:data:`khlib.datasets.registry.FAMILIES` (a family reads the tables of the ones before it):

* :mod:`.customers` — the customer records;
* :mod:`.orders` — products, order lines, the company's stock, the analyst's GBK sample;
* :mod:`.fieldsales` — salespeople, their customers, the 2025 plan (chapter 05);
* :mod:`.receivables` — invoices and payments (chapter 05);
* :mod:`.dealers` — the dealers' monthly stock (chapter 05);
* :mod:`.service` — every service activity: deliveries, visits, support calls, returns,
  reminders, late money and write-offs (chapter 02's cost to serve, chapter 06's contact log);
* :mod:`.leads` — the sales leads and their pipeline stages (chapter 03); won leads are the
  newcomers of the customer records;
* :mod:`.survey` — the 2025 customer satisfaction survey, four quarterly waves (chapter 06);
* :mod:`.complaints` — the complaints of 2024–2025 with their Chinese texts (chapter 07), triggered
  by returns, deliveries, support calls and reminders, more often for dissatisfied customers;
* :mod:`.card` — last, the record card's qualitative fields of the customers (potential,
  attitude, competitor position...), generated from the orders and payments above.

:mod:`.common` holds what they share (the seed, one random stream per table, the customers'
hidden traits, the CSV writer) and :mod:`.geo` the cities. Which file a table goes to, in
which encoding and with which float format comes from the registry
(:mod:`khlib.datasets.registry`), which also says which family writes which table: a family
that returns other tables than the registry lists for it is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..._errors import fail
from ..registry import FAMILIES, TABLES, Table
from . import card, complaints, customers, dealers, fieldsales, leads, orders, receivables, service, survey
from .common import COMPANY, SEED, Context, customer_latent, write_csv

__all__ = ["COMPANY", "SEED", "BUILDERS", "generate", "write_table"]

#: family -> its ``build(ctx)``, which returns ``{table key: DataFrame}``.
BUILDERS: dict[str, Callable[[Context], dict[str, pd.DataFrame]]] = {
    "customers": customers.build,
    "orders": orders.build,
    "fieldsales": fieldsales.build,
    "receivables": receivables.build,
    "dealers": dealers.build,
    "service": service.build,
    "leads": leads.build,
    "survey": survey.build,
    "complaints": complaints.build,
}


def write_table(table: Table, df: pd.DataFrame, out: Path) -> Path:
    """Write one table to ``out / table.file`` as the registry says (encoding, float format,
    per-column formats such as the customers' coordinates to four decimals, about 10 m)."""
    if table.formats:
        df = df.assign(**{col: df[col].map(fmt.format) for col, fmt in table.formats})
    path = out / table.file
    write_csv(df, path, encoding=table.encoding, float_format=table.float_format)
    return path


def generate(out_dir: str | Path, seed: int = SEED) -> dict[str, Path]:
    """Write every synthetic file of the company into ``out_dir``; return their paths by key."""
    if tuple(BUILDERS) != FAMILIES:
        raise fail("生成器族与数据表登记不一致。",
                   f"The generator families {tuple(BUILDERS)} differ from the registry's {FAMILIES}.")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = Context(seed, customer_latent(seed))
    for family, build in BUILDERS.items():
        # Every family draws from its own streams, so adding one never changes the files above.
        tables = build(ctx)
        expected = {k for k, t in TABLES.items() if t.family == family}
        if set(tables) != expected:
            raise fail(f"生成器族 {family} 生成的表 {sorted(tables)} 与登记的 {sorted(expected)} 不一致。",
                       f"Generator family {family} built {sorted(tables)}, the registry lists "
                       f"{sorted(expected)}.")
        ctx.tables.update(tables)
    # The record card's qualitative fields read the orders and payments: written last.
    ctx.tables["customers"] = card.card_fields(ctx)
    return {key: write_table(t, ctx.tables[key], out) for key, t in TABLES.items() if t.synthetic}
