"""Load the bundled datasets, typed by the Frictionless schema in ``datasets/datapackage.json``.

>>> table = load("top500_by_country")
>>> table.dtypes["systems"]
Int64Dtype()
"""
from __future__ import annotations

import json
import warnings
from functools import lru_cache

import pandas as pd

from ._paths import DATASETS_DIR
from ._validate import UnknownNameError
from .i18n import did_you_mean, get_language, message

__all__ = ["UnknownDatasetError", "cite", "country_names", "data_as_of", "datasets", "date_text", "load"]

# Frictionless field types → pandas dtypes ("date" and "datetime" are parsed separately).
_PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "year": "Int64",
    "number": "float64",
    "boolean": "boolean",
}
_DATE_TYPES = ("date", "datetime")


class UnknownDatasetError(UnknownNameError):
    """A dataset name that is not in the data package (a KeyError whose text reads well)."""


@lru_cache(maxsize=1)
def _package():
    with open(DATASETS_DIR / "datapackage.json", encoding="utf-8") as f:
        return json.load(f)


def _resources():
    return {resource["name"]: resource for resource in _package()["resources"]}


def _resource(name):
    resources = _resources()
    if not isinstance(name, str):
        raise TypeError(message("dataset_name_type", got=type(name).__name__, example=next(iter(resources))))
    if name not in resources:
        suggestion = did_you_mean(name.strip().lower(), resources, cutoff=0.5)
        raise UnknownDatasetError(message(
            "unknown_dataset", name=name, suggestion=suggestion, available=", ".join(sorted(resources))))
    return resources[name]


@lru_cache(maxsize=None)
def _read(name):
    resource = _resource(name)
    fields = resource["schema"]["fields"]
    missing = resource["schema"].get("missingValues", _package().get("missingValues", [""]))
    table = pd.read_csv(
        DATASETS_DIR / resource["path"],
        dtype={f["name"]: _PANDAS_DTYPES[f["type"]] for f in fields if f["type"] in _PANDAS_DTYPES},
        na_values=missing,
        keep_default_na=False,
        encoding="utf-8",
    )
    for field in fields:
        if field["type"] in _DATE_TYPES:
            table[field["name"]] = pd.to_datetime(table[field["name"]], format="ISO8601")
    return table


# The tables this session has loaded (directly or through the kit's functions and widgets), in the order first
# loaded: what kk.data_as_of() reports at the end of a lesson. A dict used as an ordered set.
_LOADED = {}


def load(name: str) -> pd.DataFrame:
    """Return the bundled dataset ``name`` as a new DataFrame, with column types from its schema.

    Integers are nullable ``Int64``, text is ``string`` and dates are ``datetime64``. Each call returns a
    fresh copy, so changing it never changes what the next ``load`` returns.

    >>> load("countries").columns[0]
    'iso3'
    """
    _resource(name)  # a clear error for a bad name before the (cached) read
    _LOADED[name] = None
    return _read(name).copy()


def _title(resource):
    """The resource's title in the current language (``title`` is English, ``title_ko`` Korean)."""
    return resource.get(f"title_{get_language()}") or resource["title"]


def _licences_text(resource, open_only=False):
    """The resource's licences; with ``open_only``, just named open licences (``other-*`` are terms, not licences)."""
    return ", ".join(licence.get("title") or licence["name"] for licence in resource.get("licenses", [])
                     if not (open_only and licence["name"].startswith("other-")))


MAX_SOURCES_IN_A_LINE = 3


def _row_sources_text(source_ids):
    """Original publishers of the given rows of ``sources`` (the outlet read, when it differs, in brackets)."""
    sources = _read("sources").set_index("source_id")
    names = []
    for source_id in dict.fromkeys(source_ids):
        row = sources.loc[source_id]
        if source_id.startswith("seed_") or str(row["publisher"]).startswith("unknown"):
            name = row["title"]  # the seed articles: their title says more than an unknown publisher
        elif pd.isna(row["via"]):
            name = row["publisher"]
        else:
            name = message("cited_via", name=row["publisher"], via=row["via"])
        names.append(name)
    return list(dict.fromkeys(names))


def _shorten(names):
    if len(names) <= MAX_SOURCES_IN_A_LINE:
        return "; ".join(names)
    rest = len(names) - MAX_SOURCES_IN_A_LINE + 1
    return "; ".join(names[:MAX_SOURCES_IN_A_LINE - 1]) + message("and_more", count=rest)


def cite(name: str | list[str] | tuple[str, ...], rows: pd.DataFrame | None = None) -> str:
    """A one-line citation of dataset ``name`` for a chart's source line, in the current language.

    Pass the ``rows`` a chart shows to cite just their sources (tables with a ``source_id`` column); otherwise the
    table's own sources are cited. Long lists are shortened ("... and 3 more").

    ``name`` may also be a list of datasets (a chart built from several): their publishers are cited.

    >>> cite("top500_by_country")  # doctest: +ELLIPSIS
    '출처: TOP500...'
    """
    if isinstance(name, (list, tuple)):
        publishers = [source.get("publisher") or source["title"] for each in name
                      for source in _resource(each).get("sources", [])]
        return f"{message('source_label')}: " + "; ".join(dict.fromkeys(publishers))
    resource = _resource(name)
    if rows is not None and "source_id" in rows.columns:
        sources = _shorten(_row_sources_text(rows["source_id"].dropna()))
    else:
        titles = [s.get(f"title_{get_language()}") or s["title"] for s in resource.get("sources", [])]
        sources = _shorten(titles)
    licences = _licences_text(resource, open_only=True)
    return f"{message('source_label')}: {sources}" + (f" ({licences})" if licences else "")


_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def date_text(iso: str | int) -> str:
    """An ISO date of the data package ("2025", "2025-11", "2025-12-02") as a reader writes it, in the current
    language.

    >>> date_text("2025-11")
    '2025년 11월'
    """
    parts = [int(part) for part in str(iso).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = _MONTH_NAMES[parts[1] - 1] if get_language() == "en" else parts[1]
    values = {"year": parts[0], "month": month}
    if len(parts) == 2:
        return message("month_year", **values)
    return message("day_month_year", **values, day=parts[2])


def _period(resource):
    return resource.get(f"period_{get_language()}") or resource.get("period", "")


def data_as_of(*names: str) -> pd.DataFrame:
    """What the data this notebook showed is as of: for each table it loaded (or each of ``names``), what the
    table holds, the period its rows cover, the date its figures are as of, and its sources — in the current
    language, for reading (``datasets()`` gives the same facts under stable column names, for code).

    >>> data_as_of("population").columns[2]
    '기준일'
    """
    names = names or tuple(_LOADED)
    if not names:
        warnings.warn(message("as_of_nothing_loaded"), stacklevel=2)
    rows = []
    for name in names:
        resource = _resource(name)
        rows.append({
            message("as_of_title"): _title(resource),
            message("as_of_period"): _period(resource),
            message("as_of_date"): date_text(resource["as_of"]) if resource.get("as_of") else "",
            message("as_of_sources"): "; ".join(s.get("publisher") or s["title"] for s in resource.get("sources", [])),
        })
    columns = [message(key) for key in ("as_of_title", "as_of_period", "as_of_date", "as_of_sources")]
    return pd.DataFrame(rows, index=pd.Index(names, name=message("as_of_table")), columns=columns)


def datasets() -> pd.DataFrame:
    """A table of the bundled datasets: name, title, period, as of, rows, source and licence."""
    rows = []
    for name, resource in _resources().items():
        rows.append({
            "name": name,
            "title": _title(resource),
            "period": _period(resource),
            "as_of": resource.get("as_of", ""),
            "rows": len(_read(name)),
            "source": "; ".join(s.get(f"title_{get_language()}") or s["title"] for s in resource.get("sources", [])),
            "licence": _licences_text(resource),
        })
    return pd.DataFrame(rows)


def country_names() -> dict[str, str]:
    """A mapping from ISO 3166 alpha-3 code to the country's name in the current language."""
    countries = _read("countries")
    return dict(zip(countries["iso3"], countries[f"name_{get_language()}"]))
