"""The 화수분 talent pipeline: a small, deterministic, yearly stock-and-flow model.

Four stocks of people, counted once a year:

    students ──graduation──▶ early_career ──promotion──▶ experienced ──retirement──▶
       ▲  \\                    ▲     \\                    ▲    \\
    intake  emigration       foreign   emigration        returns  emigration
 (cohort less the               arrivals      \\              │       │
  medical pull)                                ▼             │       ▼
                                              abroad ◀───────┴───────┘  (Korean AI talent working abroad)

Every flow out of a stock is a fixed share of that stock per year (a *rate*); the intake, the medical pull and
foreign arrivals are set from outside. Because every exit is proportional to its stock, each stock settles where
what flows in equals what flows out: ``stock = inflow / exit rate`` (see ``steady_state``).

>>> params = scenario_parameters("today")
>>> round(steady_state(params)["students"])  # 10,000 x (1 - 0.3) / (0.25 + 0.02)
25926
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ._validate import UnknownNameError, check_named_numbers, is_number
from .data import load
from .i18n import message

__all__ = ["DOMESTIC", "ENTRY_AGE", "EXITS", "LEVERS", "OUTCOMES", "PARAMETERS", "STOCKS", "UNCERTAINTY",
           "cohort_scale", "compare_bands", "draw_parameters", "final_stocks", "flows", "labels", "outcome",
           "outcome_by_year", "scenario_parameters", "sensitivity", "simulate", "simulate_band", "simulate_by_year",
           "steady_state", "step", "validate"]

STOCKS = ("students", "early_career", "experienced", "abroad")
DOMESTIC = ("early_career", "experienced")  # the AI workforce in Korea

# name -> kind: "rate" (share of a stock per year, 0..1), "share" (0..1) or "people" (people per year, >= 0)
PARAMETERS = {
    "cohort": "people",                   # school leavers a year able and willing to study AI/CS, before the pull
    "medical_pull": "share",              # share of that cohort diverted to medicine
    "graduation_rate": "rate",            # students -> early career
    "student_emigration": "rate",         # students -> abroad (study abroad and stay)
    "promotion_rate": "rate",             # early career -> experienced
    "early_emigration": "rate",           # early career -> abroad
    "experienced_emigration": "rate",     # experienced -> abroad
    "retirement_rate": "rate",            # experienced (and abroad) -> leave the workforce
    "return_rate": "rate",                # abroad -> experienced (return migration)
    "foreign_inflow": "people",           # foreign AI talent arriving a year, into early career
}
# The rates that drain each stock: together they may not exceed 1 (nobody leaves twice in a year).
EXITS = {
    "students": ("graduation_rate", "student_emigration"),
    "early_career": ("promotion_rate", "early_emigration"),
    "experienced": ("experienced_emigration", "retirement_rate"),
    "abroad": ("return_rate", "retirement_rate"),
}
OUTCOMES = ("workforce", "experienced", "abroad", "brain_drain_ratio")
# The parameters a policy can move (retirement and graduation are demography and course length, not levers).
LEVERS = ("cohort", "medical_pull", "student_emigration", "early_emigration", "experienced_emigration",
          "return_rate", "foreign_inflow")
# How far each assumption could be off, as a relative half-width: 0.5 means anywhere from half to 1.5 times the value
# assumed (see ``simulate_band``). Assumptions with no bundled figure get ±50%; those fixed by how long a degree, an
# early career or a working life lasts get ±20%. The cohort is the model's scale, not an assumption about Korea: its
# change over time comes from births (``cohort_scale``).
UNCERTAINTY = {
    "medical_pull": 0.5,            # one survey of the very top (all 125 chose medicine); the wider cohort's share
                                    # is a guess
    "graduation_rate": 0.2,         # a degree of 3.3 to 5 years
    "student_emigration": 0.5,      # no Korean figure
    "promotion_rate": 0.2,          # 4 to 6 years in early career
    "early_emigration": 0.5,        # no Korean figure
    "experienced_emigration": 0.5,  # a net LinkedIn figure used as a gross rate
    "retirement_rate": 0.2,         # a working life of 25 to 38 years
    "return_rate": 0.5,             # no figure
    "foreign_inflow": 0.5,          # no figure
}
ENTRY_AGE = 19   # entry year minus birth year: the 2007 cohort entered university in 2026 (see ``cohort_scale``)


def validate(params: dict[str, float]) -> dict[str, float]:
    """Check a parameter mapping and return it as a dict of floats; raise a clear error otherwise.

    >>> validate({**scenario_parameters("today"), "medical_pull": 1.5})
    Traceback (most recent call last):
    ...
    ValueError: medical_pull은(는) 0과 1 사이의 비율이어야 합니다 (받은 값: 1.5).
    """
    if not isinstance(params, dict):
        raise TypeError(message("pipeline_params_type", got=type(params).__name__))
    unknown = sorted(set(params) - set(PARAMETERS))
    missing = [name for name in PARAMETERS if name not in params]
    if unknown or missing:
        raise UnknownNameError(message("pipeline_params_keys", unknown=", ".join(unknown) or "-",
                                       missing=", ".join(missing) or "-", expected=", ".join(PARAMETERS)))
    checked = {}
    for name, kind in PARAMETERS.items():
        value = params[name]
        if not is_number(value):
            raise TypeError(message("pipeline_param_number", name=name, got=value))
        if kind == "people" and value < 0:
            raise ValueError(message("pipeline_param_people", name=name, got=value))
        if kind != "people" and not 0 <= value <= 1:
            raise ValueError(message("pipeline_param_rate", name=name, got=value))
        checked[name] = float(value)
    for stock, rates in EXITS.items():
        total = sum(checked[rate] for rate in rates)
        if total > 1 + 1e-12:
            raise ValueError(message("pipeline_exits", stock=stock, rates=" + ".join(rates), total=total))
    return checked


def _validate_stocks(stocks):
    if not isinstance(stocks, dict) or set(stocks) != set(STOCKS):
        raise UnknownNameError(message("pipeline_stocks_keys", expected=", ".join(STOCKS)))
    for name in STOCKS:
        value = stocks[name]
        if not is_number(value) or value < 0:
            raise ValueError(message("pipeline_stock_value", name=name, got=value))
    return {name: float(stocks[name]) for name in STOCKS}


def _flows(s, p):
    return {
        "intake": p["cohort"] * (1 - p["medical_pull"]),
        "medical_pull": p["cohort"] * p["medical_pull"],
        "graduation": p["graduation_rate"] * s["students"],
        "student_emigration": p["student_emigration"] * s["students"],
        "foreign_inflow": p["foreign_inflow"],
        "promotion": p["promotion_rate"] * s["early_career"],
        "early_emigration": p["early_emigration"] * s["early_career"],
        "experienced_emigration": p["experienced_emigration"] * s["experienced"],
        "retirement": p["retirement_rate"] * s["experienced"],
        "returns": p["return_rate"] * s["abroad"],
        "retirement_abroad": p["retirement_rate"] * s["abroad"],
    }


def _step(s, p):
    f = _flows(s, p)
    emigration = f["student_emigration"] + f["early_emigration"] + f["experienced_emigration"]
    return {
        "students": s["students"] + f["intake"] - f["graduation"] - f["student_emigration"],
        "early_career": (s["early_career"] + f["graduation"] + f["foreign_inflow"] - f["promotion"]
                         - f["early_emigration"]),
        "experienced": s["experienced"] + f["promotion"] + f["returns"] - f["experienced_emigration"] - f["retirement"],
        "abroad": s["abroad"] + emigration - f["returns"] - f["retirement_abroad"],
    }


def flows(stocks: dict[str, float], params: dict[str, float]) -> dict[str, float]:
    """The year's flows (people) between stocks, given the stocks at the start of the year."""
    return _flows(_validate_stocks(stocks), validate(params))


def step(stocks: dict[str, float], params: dict[str, float]) -> dict[str, float]:
    """The stocks one year later: each stock plus what flowed in, minus what flowed out.

    >>> params = scenario_parameters("today")
    >>> after = step({"students": 1000, "early_career": 0, "experienced": 0, "abroad": 0}, params)
    >>> round(after["early_career"])  # 250 graduates + 200 foreign arrivals
    450
    """
    return _step(_validate_stocks(stocks), validate(params))


def steady_state(params: dict[str, float]) -> dict[str, float]:
    """The stocks at which inflows equal outflows, in closed form.

    Students and early career settle at ``inflow / exit rate``. Experienced people at home and Korean talent
    abroad feed each other (emigration out, returns back), so those two solve a pair of linear equations.
    Raises ValueError when a stock has no way out (it would grow for ever).
    """
    p = validate(params)
    _check_ways_out(p)
    return _steady(p)


def _check_ways_out(p):
    """Raise when a stock has no way out (for one set of parameters, or any of many drawn ones)."""
    for rates in (("graduation_rate", "student_emigration"), ("promotion_rate", "early_emigration"),
                  ("retirement_rate",)):
        if np.any(sum(p[rate] for rate in rates) == 0):
            raise ValueError(message("pipeline_no_steady_state"))


def _steady(p):
    """``steady_state`` without the checks; works on floats and on arrays of drawn parameters alike."""
    exit_students = p["graduation_rate"] + p["student_emigration"]
    exit_early = p["promotion_rate"] + p["early_emigration"]
    students = p["cohort"] * (1 - p["medical_pull"]) / exit_students
    early = (p["graduation_rate"] * students + p["foreign_inflow"]) / exit_early
    # experienced: (e + r) X = promotion + g_return * A ;  abroad: (g_return + r) A = emigration_in + e X
    e, r, back = p["experienced_emigration"], p["retirement_rate"], p["return_rate"]
    into_experienced = p["promotion_rate"] * early
    into_abroad = p["student_emigration"] * students + p["early_emigration"] * early
    experienced = (into_experienced * (back + r) + back * into_abroad) / ((e + r) * (back + r) - back * e)
    abroad = (into_abroad + e * experienced) / (back + r)
    return {"students": students, "early_career": early, "experienced": experienced, "abroad": abroad}


def simulate(params: dict[str, float], years: int = 25, start: dict[str, float] | None = None) -> pd.DataFrame:
    """Run the model for ``years`` years from ``start`` (default: the steady state of ``params``).

    Returns a tidy DataFrame with one row per year and stock: ``year`` (0 = start), ``stock``, ``people``.
    """
    if not is_number(years, whole=True) or years < 1:
        raise ValueError(message("positive_integer", name="years", got=years))
    p = validate(params)
    stocks = _validate_stocks(start) if start is not None else steady_state(p)
    rows = [(0, name, stocks[name]) for name in STOCKS]
    for year in range(1, years + 1):
        stocks = _step(stocks, p)
        rows += [(year, name, stocks[name]) for name in STOCKS]
    return pd.DataFrame(rows, columns=["year", "stock", "people"])


def outcome(stocks: dict[str, float] | pd.Series, name: str = "workforce") -> float:
    """A single number that summarises the stocks: the domestic AI ``workforce`` (early career + experienced),
    ``experienced``, ``abroad``, or ``brain_drain_ratio`` (talent abroad per person in the workforce)."""
    if name not in OUTCOMES:
        raise ValueError(message("pipeline_outcome", got=name, choices=", ".join(OUTCOMES)))
    workforce = sum(stocks[stock] for stock in DOMESTIC)
    if name == "workforce":
        return workforce
    if name == "brain_drain_ratio":
        return stocks["abroad"] / workforce if workforce else math.inf
    return stocks[name]


def final_stocks(params: dict[str, float], years: int | None, start: dict[str, float] | None) -> dict[str, float]:
    """The stocks after ``years`` years from ``start`` (``steady_state`` of params when ``years`` is None)."""
    p = validate(params)
    if years is None:
        return steady_state(p)
    stocks = _validate_stocks(start) if start is not None else steady_state(p)
    for _ in range(years):
        stocks = _step(stocks, p)
    return stocks


def sensitivity(params: dict[str, float], outcome_name: str = "workforce", change: float = 0.2,
                years: int | None = None, start: dict[str, float] | None = None,
                levers: Iterable[str] | None = None) -> pd.DataFrame:
    """How much each lever moves an outcome when it is lowered and raised by ``change`` (relative, e.g. 0.2 = ±20%).

    ``levers`` defaults to ``LEVERS``, the parameters a policy can move.
    Rates are kept within [0, 1]. With ``years=None`` the outcome is read at the steady state, otherwise after that
    many years from ``start``. Returns one row per lever, largest swing first: ``lever``, ``low_value``,
    ``high_value``, ``outcome_low``, ``outcome_high``, ``swing`` (outcome_high - outcome_low) and ``base``.
    """
    p = validate(params)
    if not 0 < change < 1:
        raise ValueError(message("pipeline_change", got=change))
    base = outcome(final_stocks(p, years, start), outcome_name)
    rows = []
    for lever in levers or LEVERS:
        values = []
        for factor in (1 - change, 1 + change):
            value = p[lever] * factor
            if PARAMETERS[lever] != "people":
                value = min(value, 1.0)
            values.append(value)
        results = []
        for value in values:
            varied = {**p, lever: value}
            try:
                results.append(outcome(final_stocks(validate(varied), years, start), outcome_name))
            except ValueError:  # the change would push a stock's exits past 100%: leave the lever where it was
                results.append(base)
        rows.append({"lever": lever, "low_value": values[0], "high_value": values[1],
                     "outcome_low": results[0], "outcome_high": results[1],
                     "swing": results[1] - results[0], "base": base})
    table = pd.DataFrame(rows)
    return table.reindex(table["swing"].abs().sort_values(ascending=False).index).reset_index(drop=True)


def labels() -> dict[str, str]:
    """Names of the stocks and levers in the current language, e.g. for ``run["stock"].map(labels())``."""
    return {name: message(f"{kind}_{name}") for kind, names in (("stock", STOCKS), ("lever", LEVERS))
            for name in names}


def scenario_parameters(name: str, table: pd.DataFrame | None = None) -> dict[str, float]:
    """The parameters of the named preset in ``pipeline_scenarios`` (e.g. "today", "hwasubun") as a dict."""
    table = load("pipeline_scenarios") if table is None else table
    names = list(dict.fromkeys(table["scenario"]))
    if name not in names:
        raise UnknownNameError(message("pipeline_scenario", got=name, choices=", ".join(names)))
    rows = table[table["scenario"] == name]
    return validate({row.parameter: float(row.value) for row in rows.itertuples()})


# --- year by year: the cohort from births, a policy that lasts one year ----------------------------------------

def cohort_scale(births: pd.DataFrame | pd.Series, base_year: int = 2026, entry_age: int = ENTRY_AGE,
                 until: int | None = None) -> pd.Series:
    """The size of each year's university entry cohort relative to ``base_year``'s, from the births ``entry_age``
    years earlier: the model's ``cohort`` times this scale is that year's cohort.

    ``births`` is the ``births`` table (columns ``year`` and ``births``) or a Series of births indexed by year.
    Returns a Series named ``cohort_scale``, indexed by entry year (birth year + ``entry_age``), equal to 1 in
    ``base_year``. Births after the data are not known: ``until`` (an entry year) extends the Series that far by
    holding the last known cohort, an assumption to state whenever you use it.

    >>> births = pd.Series({2007: 500_000, 2008: 450_000, 2009: 400_000})
    >>> cohort_scale(births, base_year=2026).to_dict()
    {2026: 1.0, 2027: 0.9, 2028: 0.8}
    >>> cohort_scale(births, base_year=2027, until=2029).round(3).to_dict()
    {2026: 1.111, 2027: 1.0, 2028: 0.889, 2029: 0.889}
    """
    if isinstance(births, pd.DataFrame):
        missing = [column for column in ("year", "births") if column not in births.columns]
        if missing:
            raise UnknownNameError(message("unknown_column", column=missing[0],
                                           available=", ".join(map(str, births.columns))))
        births = births.set_index("year")["births"]
    if not isinstance(births, pd.Series) or births.empty:
        raise TypeError(message("pipeline_births_type", got=type(births).__name__))
    births = births.sort_index().astype(float)
    if not (births > 0).all():
        raise ValueError(message("pipeline_births_value"))
    for name, value in (("base_year", base_year), ("entry_age", entry_age)):
        if not is_number(value, whole=True):
            raise TypeError(message("pipeline_param_number", name=name, got=value))
    born = base_year - entry_age
    if born not in births.index:
        raise UnknownNameError(message("pipeline_base_year", base=base_year, born=born, age=entry_age,
                                       first=births.index.min() + entry_age, last=births.index.max() + entry_age))
    scale = births / births[born]
    scale.index = (scale.index + entry_age).astype(int)
    if until is not None:
        if not is_number(until, whole=True):
            raise TypeError(message("pipeline_param_number", name="until", got=until))
        last = int(scale.index.max())
        if until > last:
            scale = pd.concat([scale, pd.Series(scale.iloc[-1], index=range(last + 1, int(until) + 1))])
        scale = scale.loc[:until]
    scale.index.name, scale.name = "entry_year", "cohort_scale"
    return scale


def simulate_by_year(params: dict[str, float], start: dict[str, float] | None = None,
                     **by_year: pd.Series | dict[int, float]) -> pd.DataFrame:
    """Run the model one calendar year at a time, with some parameters taking a different value each year.

    Each keyword names a parameter and gives its value year by year: a Series (or dict) indexed by calendar year, such
    as ``cohort=params["cohort"] * cohort_scale(births)`` or ``medical_pull={2025: 0.45, 2026: 0.3}``. They must all
    cover the same run of consecutive years; other parameters keep their value from ``params``. ``start`` holds the
    stocks at the end of the year before the first (default: the steady state of ``params``).

    Returns a tidy DataFrame like ``simulate``'s with ``year`` the calendar year; the first year's rows are ``start``.

    >>> params = scenario_parameters("today")
    >>> run = simulate_by_year(params, cohort={2026: 10_000, 2027: 5_000})
    >>> run["year"].unique().tolist()
    [2025, 2026, 2027]
    >>> round(run.query("year == 2027 and stock == 'students'")["people"].item())  # 25,926 x 0.73 + 5,000 x 0.7
    22426
    """
    p = validate(params)
    if not by_year:
        raise ValueError(message("pipeline_by_year_empty"))
    unknown = sorted(set(by_year) - set(PARAMETERS))
    if unknown:
        raise UnknownNameError(message("pipeline_params_keys", unknown=", ".join(unknown), missing="-",
                                       expected=", ".join(PARAMETERS)))
    paths = {name: pd.Series(values, dtype=float).sort_index() for name, values in by_year.items()}
    years = list(next(iter(paths.values())).index)
    consecutive = years and all(is_number(y, whole=True) for y in years) and years == list(
        range(int(years[0]), int(years[0]) + len(years)))
    if not consecutive or any(list(path.index) != years for path in paths.values()):
        raise ValueError(message("pipeline_by_year_years", names=", ".join(paths)))
    stocks = _validate_stocks(start) if start is not None else steady_state(p)
    first = int(years[0])
    rows = [(first - 1, name, stocks[name]) for name in STOCKS]
    for year in years:
        that_year = validate({**p, **{name: path[year] for name, path in paths.items()}})
        stocks = _step(stocks, that_year)
        rows += [(int(year), name, stocks[name]) for name in STOCKS]
    return pd.DataFrame(rows, columns=["year", "stock", "people"])


def outcome_by_year(run: pd.DataFrame, name: str = "workforce") -> pd.Series:
    """An outcome (see ``outcome``) for every year of a run of ``simulate`` or ``simulate_by_year``, as a Series
    indexed by year.

    >>> run = simulate(scenario_parameters("today"), years=2)
    >>> outcome_by_year(run).round().tolist()
    [215078.0, 215078.0, 215078.0]
    """
    if name not in OUTCOMES:
        raise ValueError(message("pipeline_outcome", got=name, choices=", ".join(OUTCOMES)))
    wide = run.pivot(index="year", columns="stock", values="people")
    values = _outcome_arrays({stock: wide[stock].to_numpy() for stock in STOCKS}, name)
    return pd.Series(values, index=wide.index, name=name)


# --- uncertainty: the same model run with many draws of its assumptions ------------------------------------------

def _outcome_arrays(stocks, name):
    workforce = sum(stocks[stock] for stock in DOMESTIC)
    if name == "workforce":
        return workforce
    if name == "brain_drain_ratio":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(workforce > 0, stocks["abroad"] / np.where(workforce > 0, workforce, 1), math.inf)
    return stocks[name]


def _check_ranges(ranges):
    ranges = UNCERTAINTY if ranges is None else ranges
    check_named_numbers(
        ranges, PARAMETERS, lambda width: is_number(width) and 0 <= width <= 1,
        not_a_dict=lambda got: message("pipeline_ranges_type", got=got),
        unknown=lambda names: message("pipeline_ranges_keys", unknown=names, expected=", ".join(PARAMETERS)),
        bad_value=lambda name, width: message("pipeline_range_value", name=name, got=width))
    return {name: float(ranges.get(name, 0.0)) for name in PARAMETERS}


def _draw(p, ranges, draws, seed):
    """``draws`` sets of parameters as arrays. The random numbers depend on ``seed`` and ``draws`` only, so two
    scenarios drawn with the same seed get the same relative shifts: their runs can be compared draw by draw."""
    if not is_number(draws, whole=True) or draws < 1:
        raise ValueError(message("positive_integer", name="draws", got=draws))
    widths = _check_ranges(ranges)
    uniform = np.random.default_rng(seed).random((int(draws), len(PARAMETERS)))
    drawn = {}
    for column, (name, kind) in enumerate(PARAMETERS.items()):
        values = p[name] * (1 + widths[name] * (2 * uniform[:, column] - 1))
        drawn[name] = np.clip(values, 0, None if kind == "people" else 1)
    for stock, rates in EXITS.items():
        over = sum(drawn[rate] for rate in rates) > 1 + 1e-12
        if over.any():
            raise ValueError(message("pipeline_band_exits", stock=stock, rates=" + ".join(rates),
                                     count=int(over.sum()), draws=int(draws)))
    return drawn


def draw_parameters(params: dict[str, float], ranges: dict[str, float] | None = None, draws: int = 200,
                    seed: int | None = 0) -> pd.DataFrame:
    """``draws`` sets of parameters, each within ``ranges`` of ``params``: one row per draw, one column per parameter.

    ``ranges`` maps a parameter to a relative half-width (0.5: anywhere from half to 1.5 times its value, uniformly);
    parameters it leaves out stay as they are; the default is ``UNCERTAINTY``. Rates are kept within [0, 1]. The same
    ``seed`` gives the same draws, and the same relative shifts to any other scenario drawn with it.

    >>> table = draw_parameters(scenario_parameters("today"), {"medical_pull": 0.5}, draws=3)
    >>> bool(table["medical_pull"].between(0.15, 0.45).all()), bool((table["cohort"] == 10_000).all())
    (True, True)
    """
    return pd.DataFrame(_draw(validate(params), ranges, draws, seed), columns=list(PARAMETERS))


def _outcome_paths(scenarios, ranges, years, draws, seed, start, outcome_name):
    """For each parameter set in ``scenarios``: (its path as given, the paths of its draws), arrays of shape
    (years + 1,) and (years + 1, draws). All scenarios and draws run together, one array element each."""
    if not is_number(years, whole=True) or years < 1:
        raise ValueError(message("positive_integer", name="years", got=years))
    if outcome_name not in OUTCOMES:
        raise ValueError(message("pipeline_outcome", got=outcome_name, choices=", ".join(OUTCOMES)))
    sets = []
    for params in scenarios:
        p = validate(params)
        drawn = _draw(p, ranges, draws, seed)
        sets.append({name: np.concatenate([[p[name]], drawn[name]]) for name in PARAMETERS})
    together = {name: np.concatenate([one[name] for one in sets]) for name in PARAMETERS}
    if start is None:   # each run from its own steady state
        _check_ways_out(together)
        stocks = _steady(together)
    else:
        stocks = {name: np.full(len(together["cohort"]), value) for name, value in _validate_stocks(start).items()}
    path = [_outcome_arrays(stocks, outcome_name)]
    for _ in range(int(years)):
        stocks = _step(stocks, together)
        path.append(_outcome_arrays(stocks, outcome_name))
    path = np.array(path)
    size = int(draws) + 1
    return [(path[:, i * size], path[:, i * size + 1:(i + 1) * size]) for i in range(len(sets))]


def _check_percentiles(percentiles):
    if (not isinstance(percentiles, (tuple, list)) or len(percentiles) != 2
            or not all(is_number(value) for value in percentiles) or not 0 <= percentiles[0] < percentiles[1] <= 100):
        raise ValueError(message("pipeline_percentiles", got=percentiles))


def _band(central, paths, percentiles):
    low, median, high = np.percentile(paths, [percentiles[0], 50, percentiles[1]], axis=1)
    return pd.DataFrame({"year": range(len(central)), "central": central, "low": low, "median": median, "high": high})


def simulate_band(params: dict[str, float], ranges: dict[str, float] | None = None, years: int = 25,
                  draws: int = 200, seed: int | None = 0, start: dict[str, float] | None = None,
                  outcome_name: str = "workforce", percentiles: tuple[float, float] = (10, 90)) -> pd.DataFrame:
    """Run the model ``draws`` times with its assumptions drawn within ``ranges`` (see ``draw_parameters``) and
    return, for every year, the outcome of ``params`` as given (``central``) and the spread of the draws: ``low`` and
    ``high`` (the ``percentiles``, by default the 10th and 90th: the middle 80% of the runs) and ``median``.

    All draws run at once (NumPy arrays, one element per draw), so 200 draws cost about as much as a few runs.
    With ``start`` every run starts from the same stocks; without it, each from its own steady state. The band shows
    what the assumptions' ranges imply, not how likely anything is: the ranges are themselves assumptions.

    >>> today = scenario_parameters("today")
    >>> band = simulate_band(today, years=10, start=steady_state(today))
    >>> list(band.columns), len(band)
    (['year', 'central', 'low', 'median', 'high'], 11)
    >>> bool((band["low"] <= band["central"]).all() and (band["central"] <= band["high"]).all())
    True
    """
    _check_percentiles(percentiles)
    [(central, paths)] = _outcome_paths([params], ranges, years, draws, seed, start, outcome_name)
    return _band(central, paths, percentiles)


def compare_bands(params_a: dict[str, float], params_b: dict[str, float], ranges: dict[str, float] | None = None,
                  years: int = 25, draws: int = 200, seed: int | None = 0, start: dict[str, float] | None = None,
                  outcome_name: str = "workforce",
                  percentiles: tuple[float, float] = (10, 90)) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Scenarios A and B under the same uncertainty: ``(band_a, band_b, share)``, the two bands of ``simulate_band``
    and the share of draws in which A's outcome after ``years`` is larger than B's.

    Both are drawn with the same seed, so each draw shifts both scenarios' assumptions by the same relative amounts:
    A and B are compared like for like, draw by draw, which is why ``share`` can be 1 while their bands overlap.

    >>> today = scenario_parameters("today")
    >>> stop_pull = scenario_parameters("stop_medical_pull")
    >>> band_a, band_b, share = compare_bands(stop_pull, today, start=steady_state(today))
    >>> share
    1.0
    """
    _check_percentiles(percentiles)
    (central_a, paths_a), (central_b, paths_b) = _outcome_paths([params_a, params_b], ranges, years, draws, seed,
                                                                 start, outcome_name)
    share = float(np.mean(paths_a[-1] > paths_b[-1]))
    return _band(central_a, paths_a, percentiles), _band(central_b, paths_b, percentiles), share
