"""Three ways to look at one indicator — absolute, per person, share of the world — and growth rates.

>>> cagr(100, 200, 5)  # doubling in five years
0.1486983549970351
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ._validate import UnknownNameError, is_number
from .data import load
from .i18n import N_, get_language, message

__all__ = ["INDICATORS", "VIEWS", "cagr", "per_capita", "population_in", "share_of", "view", "won_unit"]

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


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate from ``first`` to ``last`` over ``years`` years (0.15 = 15% a year)."""
    for name, value in (("first", first), ("last", last), ("years", years)):
        _number(name, value)
    if first <= 0 or last < 0 or years <= 0:
        raise ValueError(message("measures_cagr", first=first, last=last, years=years))
    return (last / first) ** (1 / years) - 1


def per_capita(values: pd.Series | float, population: pd.Series | float, per: float = 1_000_000) -> pd.Series | float:
    """``values`` per ``per`` people (per million by default); missing where the population is unknown."""
    return values / population * per


def population_in(iso3: Iterable[str], years: Iterable[int]) -> pd.DataFrame:
    """Population for each pair of ``iso3`` and ``years`` (equal-length sequences), from the ``population`` table.

    The population of the same year where the table has it, otherwise of the nearest year it has (2014 for earlier
    years; for Taiwan, 2023 before 2023). Returns a DataFrame with ``population`` (missing where the country has
    none) and ``population_year``, in the order given.

    >>> population_in(["KOR"], [2022])["population_year"].tolist()
    [2022]
    """
    wanted = pd.DataFrame({"iso3": pd.Series(list(iso3), dtype="string"),
                           "year": pd.Series(list(years), dtype="int64")})
    wanted["order"] = range(len(wanted))
    people = load("population")[["iso3", "year", "population"]].rename(columns={"year": "population_year"})
    people["iso3"] = people["iso3"].astype("string")
    people["population_year"] = people["population_year"].astype("int64")
    matched = pd.merge_asof(wanted.sort_values("year"), people.sort_values("population_year"), left_on="year",
                            right_on="population_year", by="iso3", direction="nearest")
    matched = matched.sort_values("order")
    index = iso3.index if isinstance(iso3, pd.Series) else pd.RangeIndex(len(wanted))
    return pd.DataFrame({"population": matched["population"].astype("float64").to_numpy(),
                         "population_year": matched["population_year"].astype("Int64").to_numpy()}, index=index)


# How readers count won: Korean in 조, 억 and 만 (10^12, 10^8, 10^4), English in trillions, billions and millions.
WON_SCALES = {"ko": (1e12, 1e8, 1e4), "en": (1e12, 1e9, 1e6)}
WON_UNIT_NAMES = (N_("won_unit_large"), N_("won_unit_middle"), N_("won_unit_small"))


def won_unit(largest: float) -> tuple[float, str]:
    """The unit to show amounts of won up to ``largest`` won in, for a reader of the kit's language: (divisor, name).

    Korean readers count in 만, 억 and 조 (1억 4,600만 원), English readers in millions and billions: a chart
    divides by the divisor and names the unit on its axis, in the same code for both languages.

    >>> from kaikit.i18n import set_language
    >>> won_unit(2e11)           # the AI innovation fund, 2,000억 원
    (100000000.0, '억 원')
    >>> set_language("en"); won_unit(2e11); set_language("ko")
    (1000000000.0, 'billion KRW')
    """
    _number("largest", largest)
    scales = WON_SCALES[get_language()]
    rung = next((i for i, scale in enumerate(scales) if abs(largest) >= scale), len(scales) - 1)
    return scales[rung], message(WON_UNIT_NAMES[rung])


def share_of(values: pd.Series | float, total: pd.Series | float) -> pd.Series | float:
    """``values`` as a percentage of ``total``."""
    return 100 * values / total


def view(indicator: str, how: str = "absolute") -> pd.DataFrame:
    """A tidy table ``iso3``, ``year``, ``value`` of an indicator seen ``absolute``, ``per_capita`` (per million
    people, population of the same year: see ``population_in``) or as a ``share`` (%) of the world total (of all
    listed countries where the source gives no world total)."""
    if indicator not in INDICATORS:
        raise UnknownNameError(message("measures_indicator", got=indicator, choices=", ".join(INDICATORS)))
    if how not in VIEWS:
        raise ValueError(message("measures_view", got=how, choices=", ".join(VIEWS)))
    name, column, world = INDICATORS[indicator]
    table = load(name)[["iso3", "year", column] + ([world] if world else [])]
    if how == "absolute":
        values = table[column]
    elif how == "per_capita":
        population = population_in(table["iso3"], table["year"])["population"]
        values = per_capita(table[column], population)
    else:
        total = table[world] if world else table.groupby("year")[column].transform("sum")
        values = share_of(table[column], total)
    return pd.DataFrame({"iso3": table["iso3"], "year": table["year"], "value": values.astype("float64")})
