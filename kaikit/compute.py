"""Compute gaps: how fast a country behind must grow to catch up, and when it would.

>>> years_to_catch_up(behind=1_000, behind_growth=1.0, ahead=8_000, ahead_growth=0.0)
3.0
>>> years_to_catch_up(behind=1_000, behind_growth=0.3, ahead=8_000, ahead_growth=0.5)
inf
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._validate import is_number
from .data import load
from .i18n import message

__all__ = ["BASE_YEAR", "ROWS", "STATUSES", "catch_up_year", "documented_clusters", "documented_compute",
           "documented_power", "trajectory", "years_to_catch_up"]

BASE_YEAR = 2025  # the documented clusters run to late 2025


STATUSES = ("Existing", "Planned", "Decommissioned")
ROWS = ("standard", "all")


def documented_compute(status: str = "Existing", rows: str | None = None) -> pd.Series:
    """H100-equivalents in documented AI clusters, by country (Epoch AI), largest first.

    By default this follows the source's own rule: clusters that exist now **and** that Epoch AI marks
    "Include in Standard Analysis" (the ``standard_analysis`` column of ``ai_clusters``). Epoch AI's GPU
    clusters data (https://epoch.ai/data/gpu-clusters, CC BY 4.0) keeps rows it leaves out of its own totals;
    in the bundled snapshot the flag is set exactly on existing clusters that are a single cluster, are not
    marked "Possible Duplicate" (e.g. a paper re-describing a cluster already listed) and are not "Unlikely".
    Summing every existing row counts some clusters twice: China's total, mostly anonymised rows, about doubles.

    ``status`` picks "Existing" (the default), "Planned" or "Decommissioned" clusters. ``rows`` is "standard"
    (Epoch's standard analysis) or "all" (every row, to show what the rule removes); ``None`` means
    "standard" for existing clusters and "all" otherwise, because Epoch's standard analysis holds existing
    clusters only. Planned compute does not exist yet: show it apart, never add it to the existing total.

    >>> totals = documented_compute()                 # Epoch's rule: existing, standard analysis
    >>> every_row = documented_compute(rows="all")    # every existing row, duplicates included
    >>> bool(every_row["CHN"] > totals["CHN"])
    True
    >>> planned = documented_compute(status="Planned")  # shown apart, never summed in
    """
    totals = documented_clusters(status, rows).groupby("iso3")["h100_equivalents"].sum()
    return totals.sort_values(ascending=False)


def documented_power(status: str = "Existing", rows: str | None = None) -> pd.Series:
    """Power capacity (MW) of documented AI clusters, by country, largest first; the rows as ``documented_compute``
    picks them. Countries whose clusters give no power figure are left out.

    >>> bool(documented_power("Planned")["KOR"] > documented_power()["KOR"])   # Korea's plans dwarf what exists
    True
    """
    totals = documented_clusters(status, rows).groupby("iso3")["power_mw"].sum(min_count=1)
    return totals.dropna().sort_values(ascending=False)


def documented_clusters(status: str = "Existing", rows: str | None = None) -> pd.DataFrame:
    """The rows of ``ai_clusters`` that ``documented_compute`` sums (see there for ``status`` and ``rows``)."""
    if status not in STATUSES:
        raise ValueError(message("compute_choice", got=status, choices=", ".join(STATUSES)))
    if rows is None:
        rows = "standard" if status == "Existing" else "all"
    if rows not in ROWS:
        raise ValueError(message("compute_choice", got=rows, choices=", ".join(ROWS)))
    clusters = load("ai_clusters")
    chosen = clusters["status"] == status
    if rows == "standard":
        chosen &= clusters["standard_analysis"]
    return clusters[chosen]


def _check(name, value, minimum, strict=False):
    if not is_number(value):
        raise TypeError(message("compute_number", name=name, got=value))
    if value < minimum or (strict and value == minimum):
        raise ValueError(message("compute_minimum", name=name, minimum=minimum, got=value))


def trajectory(start: float, growth: float, years: int) -> np.ndarray:
    """``start`` growing by ``growth`` a year (0.5 = +50%), for years 0..``years``: a numpy array."""
    _check("start", start, 0)
    _check("growth", growth, -1, strict=True)
    return float(start) * (1 + float(growth)) ** np.arange(years + 1)  # floats, whatever numbers came in


def years_to_catch_up(behind: float, behind_growth: float, ahead: float, ahead_growth: float) -> float:
    """Years until ``behind`` (growing at ``behind_growth`` a year) reaches ``ahead`` (growing at ``ahead_growth``).

    0 if it is not behind; ``math.inf`` ("never") when it does not grow faster, or starts from nothing.
    Growth compounds yearly: solve behind·(1+g_b)^t = ahead·(1+g_a)^t for t.
    """
    for name, value in (("behind", behind), ("ahead", ahead)):
        _check(name, value, 0)
    for name, value in (("behind_growth", behind_growth), ("ahead_growth", ahead_growth)):
        _check(name, value, -1, strict=True)
    if behind >= ahead:
        return 0.0
    if behind == 0 or behind_growth <= ahead_growth:
        return math.inf
    return math.log(ahead / behind) / math.log((1 + behind_growth) / (1 + ahead_growth))


def catch_up_year(years: float, base_year: int = BASE_YEAR) -> int | None:
    """The calendar year by which a gap of ``years`` (from ``years_to_catch_up``) closes, or None for never."""
    return None if math.isinf(years) else base_year + math.ceil(years)
