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
    assert gpu_cost == pytest.approx(plans["budget_krw_trillion"] * 1e12 / plans["gpus"])
    assert source == plans["source_id"]
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


# --- the rules timeline and the GPU-to-MW calculator (lesson 06) ------------------------------------------------------

def test_rules_in_force_before_and_after_the_key_dates():
    from kaikit.policy import rules_in_force

    assert len(rules_in_force("2026-01-21", "KOR")) == 0, "Korea's Act applies from 2026-01-22, not before"
    assert list(rules_in_force("2026-01-22", "KOR")["event_id"]) == ["kor_in_force"]
    assert len(rules_in_force("2024-07-31")) == 0, "published is not in force"
    assert list(rules_in_force("2024-08-01", "EU")["event_id"]) == ["eu_in_force"]
    assert "eu_gpai" not in set(rules_in_force("2025-08-01", "EU")["event_id"])
    assert "eu_gpai" in set(rules_in_force("2025-08-02", "EU")["event_id"])


def test_superseded_original_dates_never_apply_and_the_new_dates_do():
    from kaikit.policy import rules_in_force, rules_timeline

    late = set(rules_in_force("2030-01-01")["event_id"])
    assert not any(event.endswith("_original") for event in late)
    assert {"eu_high_risk_annex_iii_new", "eu_high_risk_annex_i_new"} <= late
    # between the original Annex III date and the new one, high-risk duties do not apply
    between = rules_timeline("2027-01-01").set_index("event_id")["state"]
    assert between["eu_high_risk_annex_iii_original"] == "superseded"
    assert between["eu_high_risk_annex_iii_new"] == "scheduled"
    assert between["eu_deployer_transparency"] == "applies"
    assert between["eu_omnibus_approved"] == "step"
    with pytest.raises(ValueError, match="KOR"):
        rules_in_force("2026-01-01", "US")


def test_gpus_to_mw_uses_the_factor_the_documented_clusters_imply():
    from kaikit.policy import gpus_to_mw, implied_mw_per_1000_gpus, power_assumptions

    factor = implied_mw_per_1000_gpus()
    assert len(factor) > 10 and factor.min() > 0
    watts, *_rest, source = power_assumptions()["watts_per_gpu"]
    assert watts == pytest.approx(factor.median() * 1000) and source == "epoch_gpu_clusters"
    assert gpus_to_mw(1000) == pytest.approx(factor.median())
    assert gpus_to_mw(2000, watts_per_gpu=700, overhead=1.5) == pytest.approx(2.1)
    assert gpus_to_mw(0) == 0
    for bad in ({"gpus": -1}, {"gpus": 10, "overhead": 0.5}, {"gpus": 10, "watts_per_gpu": "700"}):
        with pytest.raises(ValueError):
            gpus_to_mw(**bad)
    # another chip gives another factor (A100 clusters draw less per chip)
    assert implied_mw_per_1000_gpus("NVIDIA A100").median() < factor.median()


def test_a_power_plan_is_read_in_reactors_of_a_sourced_size():
    sources = kk.load("sources").set_index("source_id")
    assert "1,340" in sources.loc[policy.REACTOR_SOURCE, "title"], "the constant is the figure its source states"
    assert policy.reactors_for(2 * policy.REACTOR_MW) == 2
    planned = kk.compute.documented_power("Planned")["KOR"]
    assert 2 < policy.reactors_for(planned) < 3, "Korea's ~3.1 GW of planned clusters is two to three reactors"
    with pytest.raises(ValueError):
        policy.reactors_for(-1)
