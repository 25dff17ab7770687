import math

import numpy as np
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
