"""Three ways to look at one indicator — absolute, per person, share of the world — and growth rates.

>>> cagr(100, 200, 5)  # doubling in five years
0.1486983549970351
"""

import pandas as pd

from .arguments import is_number
from .data import load
from .i18n import message

VIEWS = ("absolute", "per_capita", "share")
# indicator -> (table, value column, world-total column or None)
INDICATORS = {
    "publications": ("ai_publications", "articles", "world_articles"),
    "semiconductor_patents": ("semiconductor_patents", "patents", "world_patents"),
    "investment": ("ai_private_investment", "investment_usd", None),
}


def _number(name, value):
    if not is_number(value):
        raise TypeError(message("compute_number", name=name, got=value))


def cagr(first, last, years):
    """Compound annual growth rate from ``first`` to ``last`` over ``years`` years (0.15 = 15% a year)."""
    for name, value in (("first", first), ("last", last), ("years", years)):
        _number(name, value)
    if first <= 0 or last < 0 or years <= 0:
        raise ValueError(message("measures_cagr", first=first, last=last, years=years))
    return (last / first) ** (1 / years) - 1


def per_capita(values, population, per=1_000_000):
    """``values`` per ``per`` people (per million by default); missing where the population is unknown."""
    return values / population * per


def share_of(values, total):
    """``values`` as a percentage of ``total``."""
    return 100 * values / total


def view(indicator, how="absolute"):
    """A tidy table ``iso3``, ``year``, ``value`` of an indicator seen ``absolute``, ``per_capita`` (per million
    people, World Bank 2014 population) or as a ``share`` (%) of the world total (of all listed countries where the
    source gives no world total)."""
    if indicator not in INDICATORS:
        raise KeyError(message("measures_indicator", got=indicator, choices=", ".join(INDICATORS)))
    if how not in VIEWS:
        raise ValueError(message("measures_view", got=how, choices=", ".join(VIEWS)))
    name, column, world = INDICATORS[indicator]
    table = load(name)[["iso3", "year", column] + ([world] if world else [])]
    if how == "absolute":
        values = table[column]
    elif how == "per_capita":
        population = table["iso3"].map(load("countries").set_index("iso3")["population"])
        values = per_capita(table[column], population)
    else:
        total = table[world] if world else table.groupby("year")[column].transform("sum")
        values = share_of(table[column], total)
    return pd.DataFrame({"iso3": table["iso3"], "year": table["year"], "value": values.astype("float64")})
