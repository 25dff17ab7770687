"""Counting AI models by country: the counting rule, the time window and the compute threshold are all choices.

>>> counts = count_by_country("large_scale", 2020, 2024)
>>> counts.index[0]
'USA'
"""
from __future__ import annotations

import pandas as pd

from ._validate import is_number
from .data import load
from .i18n import message

__all__ = ["CATALOGUES", "RULES", "catalogue", "count", "count_by_country", "korean_models", "select"]

CATALOGUES = ("notable", "large_scale")
RULES = ("whole", "fractional")


def catalogue(kind: str = "notable") -> pd.DataFrame:
    """One row per (model, country) link of the ``notable`` or ``large_scale`` Epoch catalogue, with the model's
    name, organisations, publication date, training compute and accessibility, and the country's fractional share."""
    if kind not in CATALOGUES:
        raise ValueError(message("models_catalogue", got=kind, choices=", ".join(CATALOGUES)))
    models = load(f"{kind}_models")
    links = load(f"{kind}_model_countries")
    return links.merge(models, on="model_id")


def select(links: pd.DataFrame, first_year: int | None = None, last_year: int | None = None,
           min_compute: float | None = None) -> pd.DataFrame:
    """The links whose model was published in [first_year, last_year] and, if ``min_compute`` is given, was trained
    with at least that many FLOP (models of unknown compute are then left out)."""
    for name, year in (("first_year", first_year), ("last_year", last_year)):
        if year is not None and not is_number(year, whole=True):
            raise TypeError(message("models_year", name=name, got=year))
    if first_year is not None and last_year is not None and first_year > last_year:
        raise ValueError(message("models_window", first=first_year, last=last_year))
    years = links["publication_date"].dt.year
    keep = pd.Series(True, index=links.index)
    if first_year is not None:
        keep &= years >= first_year
    if last_year is not None:
        keep &= years <= last_year
    if min_compute is not None:
        keep &= links["training_compute_flop"] >= min_compute
    return links[keep.fillna(False)]


def count(links: pd.DataFrame, rule: str = "whole") -> pd.Series:
    """Models per country: ``whole`` counts a co-developed model once for every country involved; ``fractional``
    splits it by the share of its organisations in each country. Largest first."""
    if rule not in RULES:
        raise ValueError(message("models_rule", got=rule, choices=", ".join(RULES)))
    if rule == "whole":
        counts = links.groupby("iso3")["model_id"].nunique().astype("float64")
    else:
        counts = links.groupby("iso3")["fractional_share"].sum()
    return counts.sort_values(ascending=False, kind="stable").rename("models")


def count_by_country(kind: str = "notable", first_year: int | None = None, last_year: int | None = None,
                     min_compute: float | None = None, rule: str = "whole") -> pd.Series:
    """``count`` of ``select``-ed links of a catalogue: the whole pipeline in one call."""
    return count(select(catalogue(kind), first_year, last_year, min_compute), rule)


def korean_models(links: pd.DataFrame) -> pd.DataFrame:
    """The distinct Korean models among ``links``, newest first: name, organisations, date, compute, access."""
    korean = links[links["iso3"] == "KOR"].drop_duplicates("model_id")
    columns = ["model", "organizations", "publication_date", "training_compute_flop", "accessibility"]
    return korean.sort_values("publication_date", ascending=False)[columns].reset_index(drop=True)
