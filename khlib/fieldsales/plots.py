"""Route maps (路线图) for :class:`khlib.fieldsales.Route`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._deprecation import renamed_kwargs
from .routes import Route


@renamed_kwargs(labels="annotate")
def plot_route(route: Route, ax=None, *, annotate: bool | None = None, title: str | None = None,
               color: str = "#1f4e79"):
    """Map-style plot of a :class:`Route` (路线图) in longitude/latitude with the aspect of a
    map at that latitude: numbered stops, arrows in visiting order, the origin as a star."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 7))
    s = route.stops
    path = s if not route.closed else pd.concat([s, s.iloc[:1]])
    x, y = path["lon"].to_numpy(), path["lat"].to_numpy()
    for i in range(len(path) - 1):
        ax.annotate("", xy=(x[i + 1], y[i + 1]), xytext=(x[i], y[i]),
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=1.8, alpha=0.8, shrinkA=8, shrinkB=8))
    cust = s[s["kind"] == "customer"]
    ax.scatter(cust["lon"], cust["lat"], s=260, color="white", edgecolor=color, linewidth=2, zorder=3)
    for _, r in cust.iterrows():
        ax.text(r["lon"], r["lat"], str(r["seq"]), ha="center", va="center", fontsize=11, color=color, zorder=4)
    home = s[s["kind"] == "origin"]
    ax.scatter(home["lon"], home["lat"], marker="*", s=500, color="#c00000", zorder=5)
    show = annotate if annotate is not None else len(s) <= 16
    if show:
        for _, r in s.iterrows():
            text = str(r["name"])
            ax.annotate(text, (r["lon"], r["lat"]), xytext=(9, 7), textcoords="offset points", fontsize=12)
    mid = np.radians(s["lat"].mean())
    ax.set_aspect(1 / max(np.cos(mid), 0.1))
    ax.ticklabel_format(useOffset=False, style="plain")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(5))  # long longitudes do not run into each other
    ax.set_xlabel("经度")
    ax.set_ylabel("纬度")
    ax.margins(0.12)
    ax.set_title(title or f"拜访路线：{route.n_customers} 家客户，{route.distance_km:,.1f} km"
                          f"（按名册顺序 {route.naive_km:,.1f} km，节省 {route.saving:.0%}）")
    return ax


# --------------------------------------------------------------------------------------------
# Monthly visit calendar (月度拜访日程).
