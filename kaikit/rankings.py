"""Rank countries on one measure, keeping Korea in view.

>>> import pandas as pd
>>> table = pd.DataFrame({"iso3": ["USA", "CHN", "KOR"], "systems": [175, 47, 15]})
>>> rank_countries(table, "systems", n=2)["iso3"].tolist()
['USA', 'CHN', 'KOR']
"""
from __future__ import annotations

import pandas as pd

from ._validate import UnknownNameError, is_number
from .i18n import message

__all__ = ["KOREA", "rank_countries"]

KOREA = "KOR"


def _require_columns(table, columns):
    for column in columns:
        if column not in table.columns:
            raise UnknownNameError(message("unknown_column", column=column,
                                           available=", ".join(map(str, table.columns))))


def rank_countries(table: pd.DataFrame, value: str, n: int = 10, highlight: str = KOREA) -> pd.DataFrame:
    """Rank the rows of ``table`` (one per country, column ``iso3``) by ``value``, largest first.

    Returns the top ``n`` rows plus the ``highlight`` country if it ranks lower, with columns ``rank``
    (1 = largest; ties share the better rank), ``highlighted`` (True for ``highlight``) and
    ``countries`` (how many countries were ranked). Rows with a missing value are not ranked.
    """
    if not is_number(n, whole=True) or n < 1:
        raise ValueError(message("positive_integer", name="n", got=n))
    _require_columns(table, ["iso3", value])
    ranked = table.dropna(subset=[value]).sort_values([value, "iso3"], ascending=[False, True])
    ranked = ranked.assign(
        rank=ranked[value].rank(method="min", ascending=False).astype(int),
        highlighted=ranked["iso3"] == highlight,
        countries=len(ranked),
    )
    keep = (pd.Series(range(len(ranked)), index=ranked.index) < n) | ranked["highlighted"]
    return ranked[keep].reset_index(drop=True)
