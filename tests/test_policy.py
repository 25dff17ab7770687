from fractions import Fraction

import numpy as np
import pytest

import kaikit as kk
from kaikit import pipeline, policy

EVEN = {"compute": 1 / 3, "talent": 1 / 3, "startups": 1 / 3}


def test_assumptions_state_their_basis_and_come_from_the_data():
    rates = policy.assumptions()
    gpu_cost, _, basis, source = rates["gpu_cost_krw"]
    plans = kk.load("korea_gpu_plans").set_index("plan_id").loc["msit_2025_supplementary_10k"]
    assert gpu_cost == pytest.approx(plans["budget_krw_trillion"] * 1e12 / plans["gpus"]) and source == plans["source_id"]
    assert rates["student_year_cost_krw"][2].startswith("가정")   # the kit's default language
    assert all(basis.split(":")[0] in ("계산", "인용", "가정") for _, _, basis, _ in rates.values())
    kk.setup(lang="en")
    english = policy.assumptions()
    assert english["student_year_cost_krw"][2].startswith("assumption")
    assert all(basis.split(":")[0] in ("derived", "cited", "assumption") for _, _, basis, _ in english.values())
    assert [v[0] for v in english.values()] == [v[0] for v in rates.values()], "only the words change"


def test_money_converts_at_the_stated_rates():
    out = policy.mix(5.0, {"compute": 1.0, "talent": 0.0, "startups": 0.0})
    years = policy.LAST_YEAR - policy.FIRST_YEAR + 1
    assert out["gpus_bought"] == pytest.approx(5e12 * years / policy.assumptions()["gpu_cost_krw"][0])
    assert out["compute_2030"] == pytest.approx(out["compute_today"] + out["gpus_bought"])
    assert out["extra_intake"] == 0 and out["extra_workforce_2030"] == 0 and out["startups"] == 0


def test_talent_money_flows_through_todays_pipeline_rates():
    out = policy.mix(1.0, {"compute": 0.0, "talent": 1.0, "startups": 0.0})
    intake = 1e12 / (policy.STUDY_YEARS * policy.COST_PER_STUDENT_YEAR_KRW)
    assert out["extra_intake"] == pytest.approx(intake)
    params = {**pipeline.scenario_parameters("today"), "cohort": intake, "medical_pull": 0.0, "foreign_inflow": 0.0}
    stocks = {s: 0.0 for s in pipeline.STOCKS}
    for _ in range(policy.LAST_YEAR - policy.FIRST_YEAR + 1):
        stocks = pipeline.step(stocks, params)
    assert out["extra_workforce_2030"] == pytest.approx(pipeline.outcome(stocks))


def test_outcomes_scale_with_the_budget():
    small, large = policy.mix(1.0, EVEN), policy.mix(3.0, EVEN)
    for key in ("gpus_bought", "extra_intake", "extra_workforce_2030", "startups"):
        assert large[key] == pytest.approx(3 * small[key])


@pytest.mark.parametrize("budget, shares, error", [
    (-1, EVEN, ValueError), ("big", EVEN, ValueError), (1.0, {"compute": 1.0}, KeyError),
    (1.0, {"compute": 0.5, "talent": 0.5, "startups": 0.5}, ValueError),
    (1.0, {"compute": -0.2, "talent": 0.6, "startups": 0.6}, ValueError),
])
def test_bad_budgets_and_splits_are_refused(budget, shares, error):
    with pytest.raises(error):
        policy.mix(budget, shares)


def test_budget_and_shares_may_be_numpy_numbers_or_fractions():
    shares = {area: Fraction(1, 3) for area in policy.AREAS}
    assert policy.mix(np.float32(2.0), shares) == pytest.approx(policy.mix(2.0, EVEN))
    assert policy.mix(np.int64(2), EVEN) == pytest.approx(policy.mix(2.0, EVEN))
    with pytest.raises(ValueError):
        policy.mix(np.float64("nan"), EVEN)
