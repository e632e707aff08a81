"""What every generator family shares: the seed and the data window, one random stream per
table, the customers' hidden traits, random people's names and the byte-stable CSV writer.

Design, so that later chapters can add tables without changing existing files:

* every table draws from its own random stream, ``stream(seed, "orders")``: adding a new table
  (receivables, visits, surveys...) never shifts the numbers of an existing one;
* customers carry *latent* traits (size, purchase rate, spend level, churn time) that are drawn
  once in :func:`customer_latent` and never written to disk; a later table that needs them
  (say, payment behaviour that depends on size) calls the same function and gets the same
  values;
* nothing is planted: the ABC shares, the Pareto curve and the grade migration come out of a
  purchase process (Poisson orders at a customer-specific rate, log-normal customer size,
  churn), not out of a target distribution.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .geo import CITIES

SEED = 20240101
START = pd.Timestamp("2024-01-01")
END = pd.Timestamp("2025-12-31")
COMPANY = "鸿文办公设备有限公司"

N_ESTABLISHED = 2150  # trading before the order window opens
N_FIRST_2024 = 300  # first order during 2024 (old customers by the end of 2025)
N_NEW = 400  # first order during 2025: 新客户 at the end of the data
N_POTENTIAL = 400  # prospects, no order yet: 潜在客户

SEGMENTS = ("经销商", "企业", "机构")

_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲丹辉鹏建国志宏海波宁鑫浩宇欣怡佳琪晨阳雪梅林斌俊峰亮健文博嘉瑞欢颖晓东凯晶琳飞龙")


def stream(seed: int, table: str) -> np.random.Generator:
    """An independent random stream per table, stable across code changes elsewhere."""
    return np.random.default_rng([seed, zlib.crc32(table.encode("utf-8"))])


@dataclass(frozen=True)
class CustomerLatent:
    """Traits the generator draws once per customer and never writes to disk."""

    segment: np.ndarray  # 经销商 / 企业 / 机构
    size: np.ndarray  # log-normal scale of the business (1 = typical)
    rate: np.ndarray  # expected orders per month in a normal month
    first_trade: np.ndarray  # datetime64[D], NaT for prospects
    churn: np.ndarray  # datetime64[D] after which the customer buys nothing (NaT: never)
    discount: np.ndarray  # negotiated discount off list price
    city_index: np.ndarray  # index into CITIES


def customer_latent(seed: int = SEED) -> CustomerLatent:
    """The hidden traits of every customer, in latent order (before the customers table
    shuffles the rows): the same seed always gives the same traits."""
    rng = stream(seed, "customer-latent")
    n = N_ESTABLISHED + N_FIRST_2024 + N_NEW + N_POTENTIAL
    segment = rng.choice(np.array(SEGMENTS), size=n, p=[0.22, 0.53, 0.25])
    weights = np.array([c[5] for c in CITIES])
    city_index = rng.choice(len(CITIES), size=n, p=weights / weights.sum())
    # Size: log-normal; dealers resell to many end users and buy more.
    seg_scale = np.select([segment == "经销商", segment == "企业"], [2.6, 1.0], 0.8)
    size = seg_scale * np.exp(rng.normal(0.0, 0.85, size=n))
    # Orders per month grow with size (less than proportionally); gamma noise between firms.
    base_rate = np.select([segment == "经销商", segment == "企业"], [2.1, 1.15], 0.95)
    rate = base_rate * size**0.5 * rng.gamma(2.5, 1 / 2.5, size=n)
    # First trade: established customers before the window, then 2024 and 2025 newcomers.
    first = np.empty(n, dtype="datetime64[D]")
    a, b, c = N_ESTABLISHED, N_ESTABLISHED + N_FIRST_2024, N_ESTABLISHED + N_FIRST_2024 + N_NEW
    day0 = np.datetime64("2012-01-01")
    first[:a] = day0 + rng.integers(0, (np.datetime64("2023-12-31") - day0).astype(int), size=a)
    first[a:b] = np.datetime64("2024-01-15") + rng.integers(0, 340, size=b - a)
    first[b:c] = np.datetime64("2025-01-06") + rng.integers(0, 330, size=c - b)
    first[c:] = np.datetime64("NaT")
    # Churn: an established customer leaves during the window with probability 16%, a
    # newcomer with 30% (new relationships are fragile), uniformly after its first order.
    churn = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    p_churn = np.where(np.arange(n) < a, 0.16, 0.30)
    leaves = (rng.random(n) < p_churn) & (np.arange(n) < c)
    window_start = np.maximum(first, np.datetime64(START.date()))
    span = (np.datetime64(END.date()) - window_start).astype(int)
    offset = (rng.random(n) * np.maximum(span, 1)).astype(int)
    churn[leaves] = (window_start + offset)[leaves]
    # Negotiated discounts: dealers get trade discounts, big enterprises volume discounts,
    # institutions tender prices.
    discount = np.select(
        [segment == "经销商", segment == "企业"],
        [rng.uniform(0.18, 0.28, n), np.clip(0.03 * np.log1p(size) + rng.uniform(0, 0.05, n), 0, 0.15)],
        rng.uniform(0.05, 0.10, n),
    )
    return CustomerLatent(segment, size, rate, first, churn, discount.round(3), city_index)


@dataclass
class Context:
    """What the families share while :func:`khlib.datasets.generate.generate` runs: the seed,
    the hidden customer traits, the public customer id of each latent customer (``ids[i]``,
    set by the customers family) and the tables built so far (key -> DataFrame)."""

    seed: int
    latent: CustomerLatent
    ids: np.ndarray | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def person(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` random Chinese personal names (a common surname and one or two given characters)."""
    sur = rng.choice(_SURNAMES, size=n)
    g1 = rng.choice(_GIVEN, size=n)
    g2 = rng.choice(_GIVEN, size=n)
    two = rng.random(n) < 0.7
    return [s + a + (b if t else "") for s, a, b, t in zip(sur, g1, g2, two)]


def write_csv(df: pd.DataFrame, path: Path, encoding: str = "utf-8", float_format: str = "%.2f") -> None:
    """Write ``df`` as CSV with ``\\n`` line ends and a fixed float format; gzip (no timestamp
    in the header) when the name ends in ``.gz``: the same frame always gives the same bytes."""
    text = df.to_csv(index=False, lineterminator="\n", float_format=float_format)
    data = text.encode(encoding)
    if path.suffix == ".gz":
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as fh:
            fh.write(data)
        data = buf.getvalue()
    path.write_bytes(data)
