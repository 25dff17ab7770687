"""A composite index of countries' AI position, built from open indicators, with every choice exposed.

Rankings are constructed: which indicators ("pillars"), how each is rescaled, whether it is divided by population,
and how the pillars are weighted all change who comes out on top. This module makes each of those a parameter.

>>> table = indicators()
>>> ranked = build_index(table, {"publications": 1, "compute": 1}, method="rank")
>>> list(ranked.columns)
['iso3', 'score', 'rank']
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ._validate import check_named_numbers, is_number
from .data import load
from .i18n import message

__all__ = ["FOCUS", "METHODS", "PILLARS", "POPULATION_YEAR", "build_index", "composite", "indicators", "labels",
           "normalise", "rank_of", "rank_range"]

# About a dozen countries with data on every pillar (Taiwan, whose population the kit has only from 2023, is left out).
FOCUS = ("USA", "CHN", "GBR", "FRA", "DEU", "CHE", "NLD", "CAN", "ISR", "SGP", "JPN", "KOR", "IND", "AUS")
# pillar -> (unit, can it be divided by population?)
PILLARS = {
    "notable_models": ("models, 2020-2024", True),
    "large_scale_models": ("models, 2020-2025", True),
    "compute": ("H100-equivalents in existing documented clusters", True),
    "top500_share": ("% of TOP500 Rmax, November 2025 (the latest list in the data)", True),
    "publications": ("AI articles, 2022", True),
    "patents_per_million": ("AI patent applications per million people, 2019", False),
    "investment": ("private AI investment 2019-2023, USD", True),
}
METHODS = ("minmax", "rank", "zscore")
# Population used to divide the pillars (World Bank): 2022, the publications year and the middle of the other
# pillars' periods (2019-2025).
POPULATION_YEAR = 2022


def labels() -> dict[str, str]:
    """Names of the pillars in the current language, e.g. for ``table.rename(columns=labels())``."""
    return {pillar: message(f"pillar_{pillar}") for pillar in PILLARS}


def _count_models(models, links, first, last):
    dated = links.merge(models[["model_id", "publication_date"]], on="model_id")
    years = dated["publication_date"].dt.year
    return dated[(years >= first) & (years <= last)].groupby("iso3").size()


def indicators(countries: Iterable[str] = FOCUS) -> pd.DataFrame:
    """One row per country (``iso3``) and one column per pillar, from the bundled tables, plus ``population``
    (in ``POPULATION_YEAR``).

    Models use whole counting (a co-developed model counts for each country). A country with no rows in a table
    gets 0 where absence means none (models, TOP500, clusters) and a missing value otherwise.
    """
    clusters = load("ai_clusters")
    top500 = load("top500_by_country")
    publications = load("ai_publications")
    patents = load("ai_patents_per_million")
    investment = load("ai_private_investment")
    latest_list = top500["list_date"].max()
    columns = {
        "notable_models": _count_models(load("notable_models"), load("notable_model_countries"), 2020, 2024),
        "large_scale_models": _count_models(load("large_scale_models"), load("large_scale_model_countries"),
                                            2020, 2025),
        "compute": clusters[clusters["status"] == "Existing"].groupby("iso3")["h100_equivalents"].sum(),
        "top500_share": top500[top500["list_date"] == latest_list].set_index("iso3")["rmax_share_pct"],
        "publications": publications[publications["year"] == 2022].set_index("iso3")["articles"],
        "patents_per_million": patents[patents["year"] == 2019].set_index("iso3")["applications_per_million"],
        "investment": investment[investment["year"].between(2019, 2023)].groupby("iso3")["investment_usd"].sum(),
    }
    table = pd.DataFrame({"iso3": list(countries)})
    for pillar, series in columns.items():
        values = table["iso3"].map(series).astype("float64")
        if pillar in ("notable_models", "large_scale_models", "compute", "top500_share"):
            values = values.fillna(0.0)  # absent from the list or the catalogue: none counted
        table[pillar] = values
    people = load("population")
    people = people[people["year"] == POPULATION_YEAR].set_index("iso3")["population"]
    table["population"] = table["iso3"].map(people).astype("float64")
    return table


def _check_method(method):
    if method not in METHODS:
        raise ValueError(message("index_method", got=method, choices=", ".join(METHODS)))


def normalise(values: pd.Series, method: str = "minmax") -> pd.Series:
    """Rescale one indicator (a Series) so that pillars in different units can be added.

    - ``minmax``: 0 for the lowest, 1 for the highest.
    - ``rank``: by rank, 0 for the lowest, 1 for the highest (ties share the average rank).
    - ``zscore``: distance from the mean in standard deviations.

    Missing values stay missing. A constant column carries no information: every country gets the middle
    (0.5 for minmax and rank, 0 for zscore).

    >>> normalise(pd.Series([10.0, 20.0, 40.0])).tolist()
    [0.0, 0.3333333333333333, 1.0]
    """
    _check_method(method)
    values = pd.Series(values, dtype="float64")
    present = values.dropna()
    if present.nunique() <= 1:
        middle = 0.0 if method == "zscore" else 0.5
        return values.where(values.isna(), middle)
    if method == "minmax":
        return (values - present.min()) / (present.max() - present.min())
    if method == "rank":
        return (values.rank(method="average") - 1) / (len(present) - 1)
    return (values - present.mean()) / present.std(ddof=0)


def _check_weights(weights, pillars):
    check_named_numbers(
        weights, pillars, lambda weight: is_number(weight) and weight >= 0,
        not_a_dict=lambda got: message("index_weights_type", got=got),
        unknown=lambda names: message("index_unknown_pillar", got=names, choices=", ".join(pillars)),
        bad_value=lambda pillar, weight: message("index_weight_value", pillar=pillar, got=weight))
    if not any(weight > 0 for weight in weights.values()):
        raise ValueError(message("index_all_zero"))


def composite(normalised: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Weighted average of normalised pillars (a DataFrame with those columns), one score per row.

    Pillars with weight 0 are left out. Where a country misses a pillar, the weights of the pillars it has are
    used (its score is the average of what is known, not a zero for what is not).
    """
    _check_weights(weights, [c for c in normalised.columns if c != "iso3"])
    used = {pillar: weight for pillar, weight in weights.items() if weight > 0}
    values = normalised[list(used)]
    weight_row = pd.Series(used, dtype="float64")
    present = values.notna()
    total = (values.fillna(0.0) * weight_row).sum(axis=1)
    available = (present * weight_row).sum(axis=1)
    return (total / available).where(available > 0)


def build_index(table: pd.DataFrame, weights: dict[str, float], method: str = "minmax",
                per_capita: bool = False) -> pd.DataFrame:
    """Score and rank the countries of ``table`` (from ``indicators``): divide by population if ``per_capita``
    (only pillars that are counts), normalise each pillar with ``method``, and take the weighted average.

    Returns ``iso3``, ``score`` and ``rank`` (1 = highest score; ties share the better rank), best first.
    """
    _check_method(method)
    normalised = _prepared(table, method, per_capita)
    scores = composite(normalised, weights)
    result = pd.DataFrame({"iso3": table["iso3"], "score": scores})
    result["rank"] = result["score"].rank(ascending=False, method="min").astype("Int64")
    return result.sort_values(["rank", "iso3"]).reset_index(drop=True)


def rank_of(ranked: pd.DataFrame, iso3: str = "KOR") -> int | None:
    """The rank of ``iso3`` in a table from ``build_index`` (None if it is not ranked)."""
    row = ranked[ranked["iso3"] == iso3]
    return None if row.empty or pd.isna(row["rank"].iloc[0]) else int(row["rank"].iloc[0])


def _prepared(table, method, per_capita):
    """The normalised pillar matrix ``build_index`` uses, before weighting."""
    pillars = [pillar for pillar in PILLARS if pillar in table.columns]
    values = table[pillars].astype("float64")
    if per_capita:
        scalable = [pillar for pillar in pillars if PILLARS[pillar][1]]
        values[scalable] = values[scalable].div(table["population"], axis=0) * 1_000_000
    return values.apply(normalise, method=method)


def rank_range(table: pd.DataFrame, iso3: str = "KOR", method: str = "minmax", per_capita: bool = False,
               levels: Sequence[float] = (0, 1, 2)) -> dict:
    """The best and worst rank ``iso3`` can get when every pillar's weight is one of ``levels``.

    Tries every combination (3 levels and 7 pillars: 2,186 indices, all at once as one matrix product) and returns
    a dict with the ``best`` and ``worst`` ranks and one set of weights that gives each.
    """
    _check_method(method)
    normalised = _prepared(table, method, per_capita)
    pillars = list(normalised.columns)
    grid = np.array([c for c in itertools.product(levels, repeat=len(pillars)) if any(c)], dtype="float64")
    present = normalised.notna().to_numpy(dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = (normalised.fillna(0.0).to_numpy() @ grid.T) / (present @ grid.T)   # countries x combinations
    row = table["iso3"].tolist().index(iso3)
    mine = scores[row]
    ranks = 1 + np.sum(np.nan_to_num(scores, nan=-np.inf) > mine, axis=0)   # ties share the better rank
    ranks = np.where(np.isnan(mine), np.nan, ranks)
    best, worst = int(np.nanargmin(ranks)), int(np.nanargmax(ranks))

    def as_weights(i):
        return dict(zip(pillars, (int(w) if float(w).is_integer() else w for w in grid[i])))

    return {"best": int(ranks[best]), "best_weights": as_weights(best),
            "worst": int(ranks[worst]), "worst_weights": as_weights(worst)}
