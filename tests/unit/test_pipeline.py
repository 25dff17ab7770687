import math

import numpy as np
import pandas as pd
import pytest

import kaikit as kk
from kaikit import pipeline as pl

PRESETS = ["today", "hwasubun", "import_talent", "stop_medical_pull"]
EMPTY = {"students": 0.0, "early_career": 0.0, "experienced": 0.0, "abroad": 0.0}


@pytest.fixture
def today():
    return pl.scenario_parameters("today")


def test_step_moves_people_along_the_flows(today):
    stocks = {"students": 1000, "early_career": 2000, "experienced": 3000, "abroad": 400}
    after = pl.step(stocks, today)
    p = today
    intake = p["cohort"] * (1 - p["medical_pull"])
    assert after["students"] == pytest.approx(1000 + intake - 1000 * (p["graduation_rate"] + p["student_emigration"]))
    assert after["early_career"] == pytest.approx(
        2000 + 1000 * p["graduation_rate"] + p["foreign_inflow"] - 2000 * (p["promotion_rate"] + p["early_emigration"]))
    assert after["experienced"] == pytest.approx(
        3000 + 2000 * p["promotion_rate"] + 400 * p["return_rate"]
        - 3000 * (p["experienced_emigration"] + p["retirement_rate"]))
    assert after["abroad"] == pytest.approx(
        400 + 1000 * p["student_emigration"] + 2000 * p["early_emigration"] + 3000 * p["experienced_emigration"]
        - 400 * (p["return_rate"] + p["retirement_rate"]))


def test_step_does_not_change_its_inputs(today):
    stocks = dict(EMPTY, students=10.0)
    pl.step(stocks, today)
    assert stocks == dict(EMPTY, students=10.0)


def test_people_are_conserved_apart_from_entries_and_retirements(today):
    stocks = {"students": 500, "early_career": 700, "experienced": 900, "abroad": 300}
    f = pl.flows(stocks, today)
    after = pl.step(stocks, today)
    change = sum(after.values()) - sum(stocks.values())
    assert change == pytest.approx(f["intake"] + f["foreign_inflow"] - f["retirement"] - f["retirement_abroad"])


@pytest.mark.parametrize("preset", PRESETS)
def test_steady_state_matches_a_long_simulation(preset):
    params = pl.scenario_parameters(preset)
    stocks = dict(EMPTY)
    for _ in range(3000):
        stocks = pl.step(stocks, params)
    for name, value in pl.steady_state(params).items():
        assert stocks[name] == pytest.approx(value, rel=1e-6), name


@pytest.mark.parametrize("preset", PRESETS)
def test_steady_state_is_a_fixed_point(preset):
    params = pl.scenario_parameters(preset)
    steady = pl.steady_state(params)
    assert pl.step(steady, params) == pytest.approx(steady)


def test_students_settle_at_inflow_over_exit_rate(today):
    steady = pl.steady_state(today)
    inflow = today["cohort"] * (1 - today["medical_pull"])
    assert steady["students"] == pytest.approx(inflow / (today["graduation_rate"] + today["student_emigration"]))


def test_no_steady_state_without_a_way_out(today):
    with pytest.raises(ValueError, match="정상 상태"):
        pl.steady_state({**today, "retirement_rate": 0.0})


def test_simulate_returns_a_tidy_table_starting_from_the_given_stocks(today):
    run = pl.simulate(today, years=10, start=EMPTY)
    assert list(run.columns) == ["year", "stock", "people"]
    assert len(run) == 11 * 4 and run["year"].max() == 10
    assert (run[run["year"] == 0]["people"] == 0).all()
    last = run[run["year"] == 10].set_index("stock")["people"]
    stocks = dict(EMPTY)
    for _ in range(10):
        stocks = pl.step(stocks, today)
    assert last.to_dict() == pytest.approx(stocks)


def test_simulate_defaults_to_the_steady_state(today):
    run = pl.simulate(today, years=5)
    wide = run.pivot(index="year", columns="stock", values="people")
    assert (wide.max() - wide.min()).abs().max() < 1e-6 * wide.max().max()


@pytest.mark.parametrize("years", [0, -3, 2.5, "10", True])
def test_simulate_rejects_bad_years(today, years):
    with pytest.raises(ValueError, match="years"):
        pl.simulate(today, years=years)


@pytest.mark.parametrize("name, value, error, words", [
    ("medical_pull", 1.2, ValueError, "0과 1 사이"),
    ("return_rate", -0.1, ValueError, "0과 1 사이"),
    ("foreign_inflow", -5, ValueError, "0 이상"),
    ("cohort", "many", TypeError, "숫자"),
    ("cohort", float("nan"), TypeError, "숫자"),
    ("graduation_rate", True, TypeError, "숫자"),
])
def test_parameters_are_validated_with_clear_messages(today, name, value, error, words):
    with pytest.raises(error, match=words):
        pl.validate({**today, name: value})


def test_numpy_numbers_are_accepted_as_parameters_stocks_and_years(today):
    as_numpy = {name: (np.float32 if name.endswith("rate") else np.float64)(value) for name, value in today.items()}
    assert pl.validate(as_numpy) == pytest.approx(pl.validate(today), rel=1e-6)
    start = {name: np.int64(round(value)) for name, value in pl.steady_state(today).items()}
    assert len(pl.simulate(today, years=np.int64(3), start=start)) == 4 * len(pl.STOCKS)
    with pytest.raises(ValueError, match="years"):
        pl.simulate(today, years=np.float64(3.0))


def test_exits_from_one_stock_cannot_exceed_everyone(today):
    with pytest.raises(ValueError, match="students"):
        pl.validate({**today, "graduation_rate": 0.9, "student_emigration": 0.2})


def test_unknown_and_missing_parameters_are_named(today):
    params = dict(today)
    del params["cohort"]
    params["cohrt"] = 1
    with pytest.raises(KeyError) as error:
        pl.validate(params)
    assert "cohrt" in str(error.value) and "cohort" in str(error.value)
    with pytest.raises(TypeError):
        pl.validate([1, 2, 3])


def test_messages_follow_the_language(today):
    kk.setup(lang="en")
    with pytest.raises(ValueError, match="between 0 and 1"):
        pl.validate({**today, "medical_pull": 2})


def test_bad_stocks_are_refused(today):
    with pytest.raises(KeyError):
        pl.step({"students": 1}, today)
    with pytest.raises(ValueError, match="students"):
        pl.step(dict(EMPTY, students=-1), today)


def test_outcomes(today):
    stocks = {"students": 10, "early_career": 20, "experienced": 30, "abroad": 25}
    assert pl.outcome(stocks) == 50
    assert pl.outcome(stocks, "brain_drain_ratio") == 0.5
    assert pl.outcome(dict(EMPTY, abroad=1), "brain_drain_ratio") == math.inf
    with pytest.raises(ValueError, match="workforce"):
        pl.outcome(stocks, "happiness")


def test_sensitivity_ranks_levers_by_their_swing(today):
    table = pl.sensitivity(today)
    assert list(table["lever"]) and set(table["lever"]) == set(pl.LEVERS)
    assert table["swing"].abs().is_monotonic_decreasing
    pull = table.set_index("lever").loc["medical_pull"]
    assert pull["low_value"] == pytest.approx(0.3 * 0.8) and pull["high_value"] == pytest.approx(0.3 * 1.2)
    # more medical pull, fewer students, smaller workforce
    assert pull["outcome_high"] < pull["base"] < pull["outcome_low"]
    expected = pl.outcome(pl.steady_state({**today, "medical_pull": 0.36}))
    assert pull["outcome_high"] == pytest.approx(expected)


def test_sensitivity_after_some_years_from_a_start(today):
    start = pl.steady_state(today)
    table = pl.sensitivity(today, years=10, start=start).set_index("lever")
    assert table["base"].tolist() == pytest.approx([pl.outcome(start)] * len(table))
    inflow = table.loc["foreign_inflow"]
    run = pl.simulate({**today, "foreign_inflow": inflow["high_value"]}, years=10, start=start)
    final = run[run["year"] == 10].set_index("stock")["people"]
    assert inflow["outcome_high"] == pytest.approx(pl.outcome(final))


def test_sensitivity_keeps_rates_within_bounds(today):
    table = pl.sensitivity({**today, "medical_pull": 0.95}, change=0.5).set_index("lever")
    assert table.loc["medical_pull", "high_value"] == 1.0


@pytest.mark.parametrize("change", [0, 1, -0.2, 1.5])
def test_sensitivity_change_must_be_a_fraction(today, change):
    with pytest.raises(ValueError, match="change"):
        pl.sensitivity(today, change=change)


def test_every_preset_is_complete_and_its_basis_is_stated():
    table = kk.load("pipeline_scenarios")
    for preset in PRESETS:
        rows = table[table["scenario"] == preset]
        assert set(rows["parameter"]) == set(pl.PARAMETERS)
    derived = table[table["basis"] != "assumption"]
    assert derived["source_id"].notna().all()
    assert table["note_en"].str.len().gt(10).all() and table["note_ko"].str.len().gt(5).all()


def test_unknown_scenario_lists_the_presets():
    with pytest.raises(KeyError, match="hwasubun"):
        pl.scenario_parameters("utopia")


def test_presets_tell_the_story_the_lesson_tells():
    workforce = {p: pl.outcome(pl.steady_state(pl.scenario_parameters(p))) for p in PRESETS}
    assert workforce["today"] < min(workforce["hwasubun"], workforce["import_talent"], workforce["stop_medical_pull"])


# --- the cohort from births ---------------------------------------------------------------------------------------

@pytest.fixture
def births():
    return kk.load("births")


def test_cohort_scale_is_births_nineteen_years_earlier_relative_to_the_base_year(births):
    by_year = births.set_index("year")["births"]
    scale = pl.cohort_scale(births, base_year=2026)
    assert scale.name == "cohort_scale" and scale.index.name == "entry_year"
    assert list(scale.index) == [year + pl.ENTRY_AGE for year in by_year.index]
    assert scale[2026] == 1.0
    assert scale[2043] == pytest.approx(by_year[2024] / by_year[2007])   # the 2024 cohort against the 2007 one
    assert scale[2043] < 0.5 < scale.min() + 0.5                          # the cohort halves


def test_cohort_scale_takes_any_base_year_entry_age_and_a_series(births):
    by_year = births.set_index("year")["births"]
    scale = pl.cohort_scale(by_year, base_year=2035)
    assert scale[2035] == 1.0 and scale[2040] == pytest.approx(by_year[2021] / by_year[2016])
    older = pl.cohort_scale(births, base_year=2026, entry_age=20)
    assert older[2026] == 1.0 and older[2027] == pytest.approx(by_year[2007] / by_year[2006])


def test_cohort_scale_holds_the_last_known_cohort_until_asked_and_no_further(births):
    scale = pl.cohort_scale(births, base_year=2026, until=2060)
    assert scale.index.max() == 2060 and list(scale.index) == list(range(scale.index.min(), 2061))
    assert (scale.loc[2043:] == scale[2043]).all()
    assert pl.cohort_scale(births, until=2030).index.max() == 2030


def test_cohort_scale_explains_a_base_year_outside_the_births(births):
    with pytest.raises(KeyError, match="2031.*2024–2043"):   # born in 2031; the births give entry years 2024-2043
        pl.cohort_scale(births, base_year=2050)
    with pytest.raises(ValueError):
        pl.cohort_scale(pd.Series({2007: 100.0, 2008: 0.0}))
    with pytest.raises(KeyError, match="births"):
        pl.cohort_scale(births.rename(columns={"births": "count"}))


# --- year-by-year runs ----------------------------------------------------------------------------------------------

def test_a_path_that_never_changes_is_the_plain_simulation(today):
    start = pl.steady_state(pl.scenario_parameters("hwasubun"))
    same_pull = pd.Series(today["medical_pull"], index=range(2025, 2035))
    by_year = pl.simulate_by_year(today, start=start, medical_pull=same_pull)
    plain = pl.simulate(today, years=10, start=start)
    assert by_year["year"].min() == 2024 and by_year["year"].max() == 2034
    assert by_year["people"].to_numpy() == pytest.approx(plain["people"].to_numpy())
    assert pl.outcome_by_year(by_year).to_numpy() == pytest.approx(pl.outcome_by_year(plain).to_numpy())


def test_each_year_uses_its_own_value_and_stocks_carry_a_one_year_change(today):
    steady = pl.steady_state(today)
    years = range(2025, 2061)
    once = pd.Series(today["medical_pull"], index=years)
    once[2025] = 0.45
    run = pl.simulate_by_year(today, start=steady, medical_pull=once)
    students_2025 = run.query("year == 2025 and stock == 'students'")["people"].item()
    assert students_2025 == pytest.approx(pl.step(steady, {**today, "medical_pull": 0.45})["students"])
    loss = pl.outcome_by_year(run) - pl.outcome(steady)
    assert loss.max() <= 1e-6 and loss.min() < 0                 # fewer people for a while...
    assert abs(loss.iloc[-1]) < abs(loss.min())                  # ...then the dent fades as they would have retired


def test_a_cohort_by_year_from_births_shrinks_the_workforce_slowly(today, births):
    steady = pl.steady_state(today)
    scale = pl.cohort_scale(births, base_year=2026, until=2060).loc[2026:]
    run = pl.simulate_by_year(today, start=steady, cohort=today["cohort"] * scale)
    workforce = pl.outcome_by_year(run)
    students = run.query("stock == 'students'").set_index("year")["people"]
    assert (workforce <= workforce[2025] + 1e-6).all() and workforce[2060] < workforce[2043] < workforce[2025]
    # students follow the cohort within a few years; the workforce lags behind it (a stock drains slowly)
    assert students[2050] / students[2025] == pytest.approx(scale[2050], rel=0.05)
    assert workforce[2050] / workforce[2025] > scale[2050] + 0.2


@pytest.mark.parametrize("by_year, error", [
    ({}, ValueError),
    ({"cohrt": {2026: 1.0}}, KeyError),
    ({"cohort": {2026: 1.0, 2028: 1.0}}, ValueError),
    ({"cohort": {2026: 1.0, 2027: 1.0}, "medical_pull": {2027: 0.3, 2028: 0.3}}, ValueError),
    ({"medical_pull": {2026: 1.5}}, ValueError),
])
def test_year_by_year_values_are_checked(today, by_year, error):
    with pytest.raises(error):
        pl.simulate_by_year(today, **by_year)


# --- uncertainty ----------------------------------------------------------------------------------------------------

def test_draws_stay_within_their_ranges_and_repeat_with_the_seed(today):
    drawn = pl.draw_parameters(today, draws=500, seed=3)
    assert list(drawn.columns) == list(pl.PARAMETERS) and len(drawn) == 500
    for name, width in pl.UNCERTAINTY.items():
        assert drawn[name].between(today[name] * (1 - width) - 1e-12, today[name] * (1 + width) + 1e-12).all(), name
        assert drawn[name].std() > 0, name
    assert (drawn["cohort"] == today["cohort"]).all()            # not in UNCERTAINTY: the scale stays
    assert drawn.equals(pl.draw_parameters(today, draws=500, seed=3))
    assert not drawn.equals(pl.draw_parameters(today, draws=500, seed=4))
    assert pl.draw_parameters({**today, "medical_pull": 0.9}, {"medical_pull": 0.5})["medical_pull"].max() == 1.0


@pytest.mark.parametrize("ranges, error", [
    ([0.5], TypeError), ({"happiness": 0.5}, KeyError), ({"medical_pull": 1.5}, ValueError),
    ({"medical_pull": -0.1}, ValueError),
])
def test_bad_ranges_are_refused_with_what_to_do(today, ranges, error):
    with pytest.raises(error):
        pl.draw_parameters(today, ranges)


def test_ranges_that_would_make_people_leave_twice_are_refused(today):
    with pytest.raises(ValueError, match="students"):
        pl.draw_parameters({**today, "graduation_rate": 0.7}, {"graduation_rate": 0.5, "student_emigration": 0.5})


@pytest.mark.parametrize("preset", PRESETS)
def test_the_band_contains_the_run_as_assumed(preset):
    start = pl.steady_state(pl.scenario_parameters("today"))
    for begin in (start, None):
        band = pl.simulate_band(pl.scenario_parameters(preset), years=30, start=begin)
        assert (band["low"] <= band["central"] + 1e-6).all() and (band["central"] <= band["high"] + 1e-6).all()
        assert (band["low"] <= band["median"]).all() and (band["median"] <= band["high"]).all()
        assert (band["high"] - band["low"]).iloc[-1] > 0.05 * band["central"].iloc[-1], "a band, not a line"


def test_the_central_line_is_the_plain_simulation(today):
    start = pl.steady_state(pl.scenario_parameters("hwasubun"))
    band = pl.simulate_band(today, years=20, start=start)
    assert band["year"].tolist() == list(range(21))
    as_assumed = pl.outcome_by_year(pl.simulate(today, 20, start=start))
    assert band["central"].to_numpy() == pytest.approx(as_assumed.to_numpy())
    assert band.loc[0, "low"] == pytest.approx(band.loc[0, "high"])   # the same start for every run


def test_the_band_narrows_to_the_line_when_nothing_is_uncertain(today):
    start = pl.steady_state(pl.scenario_parameters("hwasubun"))
    for ranges in ({}, {name: 0.0 for name in pl.PARAMETERS}):
        band = pl.simulate_band(today, ranges, years=15, start=start)
        for column in ("low", "median", "high"):
            assert band[column].to_numpy() == pytest.approx(band["central"].to_numpy(), rel=1e-12)


def test_the_band_is_what_many_separate_runs_give(today):
    """The vectorised run equals running the model once per draw."""
    start = pl.steady_state(today)
    drawn = pl.draw_parameters(today, draws=40, seed=7)
    finals = [pl.outcome(pl.final_stocks(row._asdict(), 12, start)) for row in drawn.itertuples(index=False)]
    band = pl.simulate_band(today, years=12, draws=40, seed=7, start=start, percentiles=(25, 75))
    assert band.iloc[-1]["low"] == pytest.approx(np.percentile(finals, 25))
    assert band.iloc[-1]["median"] == pytest.approx(np.percentile(finals, 50))
    assert band.iloc[-1]["high"] == pytest.approx(np.percentile(finals, 75))
    abroad = pl.simulate_band(today, years=12, draws=40, seed=7, start=start, outcome_name="abroad")
    assert abroad.iloc[-1]["median"] == pytest.approx(
        np.median([pl.final_stocks(row._asdict(), 12, start)["abroad"] for row in drawn.itertuples(index=False)]))


def test_the_band_is_the_same_with_the_same_seed_and_wider_with_wider_ranges(today):
    start = pl.steady_state(today)
    first, again = (pl.simulate_band(today, years=25, start=start, seed=11) for _ in range(2))
    assert first.equals(again)
    assert not first.equals(pl.simulate_band(today, years=25, start=start, seed=12))
    narrow = pl.simulate_band(today, {name: width / 2 for name, width in pl.UNCERTAINTY.items()}, years=25, start=start)
    width = lambda band: (band["high"] - band["low"]).iloc[-1]  # noqa: E731
    assert width(narrow) < width(first)


def test_comparing_two_scenarios_draw_by_draw(today):
    start = pl.steady_state(today)
    stop = pl.scenario_parameters("stop_medical_pull")
    band_a, band_b, share = pl.compare_bands(stop, today, start=start)
    assert share == 1.0                                          # less pull, more people, whatever the other values
    assert band_a.equals(pl.simulate_band(stop, start=start)) and band_b.equals(pl.simulate_band(today, start=start))
    imports = pl.scenario_parameters("import_talent")
    ahead = pl.compare_bands(stop, imports, start=start)[2]
    behind = pl.compare_bands(imports, stop, start=start)[2]
    assert 0 < ahead < 1 and ahead + behind == pytest.approx(1)   # a close call: it depends on the assumptions


@pytest.mark.parametrize("settings", [{"draws": 0}, {"draws": 2.5}, {"years": 0}, {"percentiles": (90, 10)},
                                      {"percentiles": (10,)}, {"outcome_name": "happiness"}])
def test_band_settings_are_checked(today, settings):
    with pytest.raises(ValueError):
        pl.simulate_band(today, **settings)
