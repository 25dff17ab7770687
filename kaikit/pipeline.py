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
import math

import pandas as pd

from .arguments import is_number
from .data import load
from .i18n import message

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


def validate(params):
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
        raise KeyError(message("pipeline_params_keys", unknown=", ".join(unknown) or "-",
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
        raise KeyError(message("pipeline_stocks_keys", expected=", ".join(STOCKS)))
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
        "early_career": s["early_career"] + f["graduation"] + f["foreign_inflow"] - f["promotion"] - f["early_emigration"],
        "experienced": s["experienced"] + f["promotion"] + f["returns"] - f["experienced_emigration"] - f["retirement"],
        "abroad": s["abroad"] + emigration - f["returns"] - f["retirement_abroad"],
    }


def flows(stocks, params):
    """The year's flows (people) between stocks, given the stocks at the start of the year."""
    return _flows(_validate_stocks(stocks), validate(params))


def step(stocks, params):
    """The stocks one year later: each stock plus what flowed in, minus what flowed out.

    >>> params = scenario_parameters("today")
    >>> after = step({"students": 1000, "early_career": 0, "experienced": 0, "abroad": 0}, params)
    >>> round(after["early_career"])  # 250 graduates + 200 foreign arrivals
    450
    """
    return _step(_validate_stocks(stocks), validate(params))


def steady_state(params):
    """The stocks at which inflows equal outflows, in closed form.

    Students and early career settle at ``inflow / exit rate``. Experienced people at home and Korean talent
    abroad feed each other (emigration out, returns back), so those two solve a pair of linear equations.
    Raises ValueError when a stock has no way out (it would grow for ever).
    """
    p = validate(params)
    exit_students = p["graduation_rate"] + p["student_emigration"]
    exit_early = p["promotion_rate"] + p["early_emigration"]
    if exit_students == 0 or exit_early == 0 or p["retirement_rate"] == 0:
        raise ValueError(message("pipeline_no_steady_state"))
    students = p["cohort"] * (1 - p["medical_pull"]) / exit_students
    early = (p["graduation_rate"] * students + p["foreign_inflow"]) / exit_early
    # experienced: (e + r) X = promotion + g_return * A ;  abroad: (g_return + r) A = emigration_in + e X
    e, r, back = p["experienced_emigration"], p["retirement_rate"], p["return_rate"]
    into_experienced = p["promotion_rate"] * early
    into_abroad = p["student_emigration"] * students + p["early_emigration"] * early
    experienced = (into_experienced * (back + r) + back * into_abroad) / ((e + r) * (back + r) - back * e)
    abroad = (into_abroad + e * experienced) / (back + r)
    return {"students": students, "early_career": early, "experienced": experienced, "abroad": abroad}


def simulate(params, years=25, start=None):
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


def outcome(stocks, name="workforce"):
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


def final_stocks(params, years, start):
    """The stocks after ``years`` years from ``start`` (``steady_state`` of params when ``years`` is None)."""
    p = validate(params)
    if years is None:
        return steady_state(p)
    stocks = _validate_stocks(start) if start is not None else steady_state(p)
    for _ in range(years):
        stocks = _step(stocks, p)
    return stocks


def sensitivity(params, outcome_name="workforce", change=0.2, years=None, start=None, levers=None):
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


def labels():
    """Names of the stocks and levers in the current language, e.g. for ``run["stock"].map(labels())``."""
    return {name: message(f"{kind}_{name}") for kind, names in (("stock", STOCKS), ("lever", LEVERS))
            for name in names}


def scenario_parameters(name, table=None):
    """The parameters of the named preset in ``pipeline_scenarios`` (e.g. "today", "hwasubun") as a dict."""
    table = load("pipeline_scenarios") if table is None else table
    names = list(dict.fromkeys(table["scenario"]))
    if name not in names:
        raise KeyError(message("pipeline_scenario", got=name, choices=", ".join(names)))
    rows = table[table["scenario"] == name]
    return validate({row.parameter: float(row.value) for row in rows.itertuples()})
