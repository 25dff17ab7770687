"""An illustrative policy mixer: split a yearly AI budget between compute, talent and start-ups and see what it
buys by 2030, through the compute arithmetic of lesson 02 and the talent pipeline of lesson 05.

This is a teaching model, not a forecast: every conversion rate is listed by ``assumptions()`` with its basis.

>>> outcome = mix(budget_trillion=2.0, shares={"compute": 0.5, "talent": 0.3, "startups": 0.2})
>>> round(outcome["gpus_bought"])
34247
"""
import math

from .arguments import is_number
from .data import load
from .i18n import message
from . import compute, pipeline

AREAS = ("compute", "talent", "startups")
FIRST_YEAR, LAST_YEAR = 2026, 2030
STUDY_YEARS = 4  # a four-year degree, as in the pipeline presets (graduation rate 0.25)
COST_PER_STUDENT_YEAR_KRW = 20_000_000  # assumption: no figure in the kit


def assumptions():
    """The conversion rates the mixer uses: name -> (value, unit, basis, source_id or None); unit and basis in the
    kit's language (``kk.setup(lang=...)``)."""
    plans = load("korea_gpu_plans").set_index("plan_id")
    purchase = plans.loc["msit_2025_supplementary_10k"]
    gpu_cost = purchase["budget_krw_trillion"] * 1e12 / purchase["gpus"]
    claims = load("seed_claims").set_index("claim_id")
    startup_cost = (claims.loc["s000_21", "figure"] + claims.loc["s000_22", "figure"]) * 1e9
    return {
        "gpu_cost_krw": (gpu_cost, message("unit_gpu_cost"), message("basis_gpu_cost"), purchase["source_id"]),
        "startup_cost_krw": (startup_cost, message("unit_startup_cost"), message("basis_startup_cost"), "seed_000"),
        "student_year_cost_krw": (COST_PER_STUDENT_YEAR_KRW, message("unit_student_year"),
                                  message("basis_student_year"), None),
        "gpu_as_h100": (1.0, message("unit_gpu_as_h100"), message("basis_gpu_as_h100"), None),
    }


def shares_from_weights(weights):
    """Relative weights per area (e.g. sliders from 0 to 10) as shares adding up to 1; all zero means an even split."""
    total = sum(weights.values())
    if total == 0:
        return {area: 1 / len(AREAS) for area in AREAS}
    return {area: weights[area] / total for area in AREAS}


def _check_mix(budget_trillion, shares):
    if not is_number(budget_trillion) or budget_trillion < 0:
        raise ValueError(message("policy_budget", got=budget_trillion))
    if not isinstance(shares, dict) or set(shares) != set(AREAS):
        raise KeyError(message("policy_areas", expected=", ".join(AREAS)))
    if any(not is_number(share) or share < 0 for share in shares.values()) \
            or not math.isclose(sum(shares.values()), 1.0, abs_tol=1e-6):
        raise ValueError(message("policy_shares", got=shares))


def mix(budget_trillion, shares):
    """What ``budget_trillion`` (trillion KRW a year, 2026-2030) split by ``shares`` buys by 2030: GPUs bought and
    Korea's documented compute then; extra AI study places a year, and the extra students
    and domestic AI workforce they add by 2030 through today's pipeline rates; and start-ups supported."""
    _check_mix(budget_trillion, shares)
    rates = {name: value for name, (value, *_rest) in assumptions().items()}
    years = LAST_YEAR - FIRST_YEAR + 1
    yearly = {area: budget_trillion * 1e12 * share for area, share in shares.items()}
    gpus = yearly["compute"] * years / rates["gpu_cost_krw"]
    start_compute = float(compute.documented_compute().get("KOR", 0.0))
    extra_intake = yearly["talent"] / (STUDY_YEARS * rates["student_year_cost_krw"])
    # The pipeline is linear, so the people the extra places add can be followed on their own: today's rates,
    # only the extra intake flowing in, starting from nobody. (Its presets' head counts are an arbitrary scale.)
    extra_only = {**pipeline.scenario_parameters("today"), "cohort": extra_intake, "medical_pull": 0.0,
                  "foreign_inflow": 0.0}  # funded places are filled: no pull on them
    empty = {stock: 0.0 for stock in pipeline.STOCKS}
    added = pipeline.final_stocks(extra_only, years, empty)
    return {
        "gpus_bought": gpus,
        "compute_2030": start_compute + gpus * rates["gpu_as_h100"],
        "compute_today": start_compute,
        "extra_intake": extra_intake,
        "extra_students_2030": added["students"],
        "extra_workforce_2030": pipeline.outcome(added),
        "startups": yearly["startups"] * years / rates["startup_cost_krw"],
    }
