"""An illustrative policy mixer: split a yearly AI budget between compute, talent and start-ups and see what it
buys by 2030, through the compute arithmetic of lesson 02 and the talent pipeline of lesson 05.

This is a teaching model, not a forecast: every conversion rate is listed by ``assumptions()`` with its basis.

>>> outcome = mix(budget_trillion=2.0, shares={"compute": 0.5, "talent": 0.3, "startups": 0.2})
>>> round(outcome["gpus_bought"])
34247
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from . import compute, pipeline
from ._validate import UnknownNameError, is_number
from .data import load
from .i18n import message

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["APPLYING_KINDS", "AREAS", "COST_PER_STUDENT_YEAR_KRW", "FIRST_YEAR", "H100", "JURISDICTIONS",
           "LAST_YEAR", "REACTOR_MW", "REACTOR_SOURCE", "STUDY_YEARS", "assumptions", "gpus_to_mw",
           "implied_mw_per_1000_gpus", "mix", "power_assumptions", "reactors_for", "rules_in_force", "rules_timeline",
           "shares_from_weights"]

AREAS = ("compute", "talent", "startups")
FIRST_YEAR, LAST_YEAR = 2026, 2030
STUDY_YEARS = 4  # a four-year degree, as in the pipeline presets (graduation rate 0.25)
COST_PER_STUDENT_YEAR_KRW = 20_000_000  # assumption: no figure in the kit


def assumptions() -> dict[str, tuple[float, str, str, str | None]]:
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


def shares_from_weights(weights: dict[str, float]) -> dict[str, float]:
    """Relative weights per area (e.g. sliders from 0 to 10) as shares adding up to 1; all zero means an even split."""
    total = sum(weights.values())
    if total == 0:
        return {area: 1 / len(AREAS) for area in AREAS}
    return {area: weights[area] / total for area in AREAS}


def _check_mix(budget_trillion, shares):
    if not is_number(budget_trillion) or budget_trillion < 0:
        raise ValueError(message("policy_budget", got=budget_trillion))
    if not isinstance(shares, dict) or set(shares) != set(AREAS):
        raise UnknownNameError(message("policy_areas", expected=", ".join(AREAS)))
    if any(not is_number(share) or share < 0 for share in shares.values()) \
            or not math.isclose(sum(shares.values()), 1.0, abs_tol=1e-6):
        raise ValueError(message("policy_shares", got=shares))


def mix(budget_trillion: float, shares: dict[str, float]) -> dict[str, float]:
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


# --- the rules: what applies where on a date (lesson 06, section 9) -------------------------------------------------

APPLYING_KINDS = ("in_force", "applies", "new_date")  # original_date rows were moved by the Digital Omnibus: never
JURISDICTIONS = ("KOR", "EU")


def rules_in_force(date: str | pd.Timestamp, jurisdiction: str | None = None) -> pd.DataFrame:
    """The rows of ``ai_rules_timeline`` that apply on ``date`` (anything ``pandas.Timestamp`` reads): kind in_force,
    applies or new_date and date on or before ``date``, oldest first; only ``jurisdiction`` ("KOR" or "EU") if given.
    Superseded original dates (kind original_date) never count: the Digital Omnibus moved them.

    >>> list(rules_in_force("2025-03-01", "EU")["event_id"])
    ['eu_in_force', 'eu_prohibitions_literacy']
    >>> len(rules_in_force("2026-01-21", "KOR")), len(rules_in_force("2026-01-22", "KOR"))
    (0, 1)
    """
    if jurisdiction is not None and jurisdiction not in JURISDICTIONS:
        raise ValueError(message("rules_jurisdiction", got=jurisdiction, choices=", ".join(JURISDICTIONS)))
    table = rules_timeline(date)   # one place decides what applies
    chosen = table["state"] == "applies"
    if jurisdiction is not None:
        chosen &= table["jurisdiction"] == jurisdiction
    return table[chosen].drop(columns="state").reset_index(drop=True)


def rules_timeline(date: str | pd.Timestamp) -> pd.DataFrame:
    """Every dated row of ``ai_rules_timeline`` with its standing on ``date``: ``state`` is "applies" (counted by
    ``rules_in_force``), "scheduled" (a later applying date), "superseded" (an original date the Digital Omnibus
    moved), "step" (a step of a law that took place by ``date``) or "later" (a step after ``date``).

    >>> table = rules_timeline("2026-09-01").set_index("event_id")["state"]
    >>> table["eu_high_risk_annex_iii_original"], table["eu_high_risk_annex_iii_new"], table["kor_in_force"]
    ('superseded', 'scheduled', 'applies')
    """
    import pandas as pd

    when = pd.Timestamp(date)
    rules = load("ai_rules_timeline").sort_values(["date", "event_id"]).reset_index(drop=True)
    past = pd.to_datetime(rules["date"]) <= when
    applying = rules["kind"].isin(APPLYING_KINDS)
    state = pd.Series("later", index=rules.index)
    state[~applying & past] = "step"
    state[applying & past] = "applies"
    state[applying & ~past] = "scheduled"
    state[rules["kind"] == "original_date"] = "superseded"
    return rules.assign(state=state)


# --- power: from GPUs to megawatts (lesson 06, section 6) -------------------------------------------------------------

H100 = "NVIDIA H100 SXM5 80GB"


def implied_mw_per_1000_gpus(chip_type: str = H100, status: str = "Existing") -> pd.Series:
    """Megawatts per 1,000 chips implied by Epoch AI's documented clusters of one chip type (``ai_clusters``: power_mw
    ÷ chip_quantity × 1,000), one value per cluster with both figures, named by cluster_id; existing clusters counted
    as ``kk.compute.documented_power`` counts them (Epoch's standard analysis). The spread across clusters shows how
    firm a single factor is.

    >>> round(float(implied_mw_per_1000_gpus().median()), 2)
    1.43
    """
    rows = compute.documented_clusters(status)
    rows = rows[(rows["chip_type"] == chip_type) & rows["chip_quantity"].notna() & rows["power_mw"].notna()
                & (rows["chip_quantity"] > 0)]
    factor = rows["power_mw"].astype(float) / rows["chip_quantity"].astype(float) * 1000
    return factor.set_axis(rows["cluster_id"]).sort_values()


def power_assumptions() -> dict[str, tuple[float, str, str, str | None]]:
    """The defaults of ``gpus_to_mw``: name -> (value, unit, basis, source_id or None), in the kit's language."""
    factor = implied_mw_per_1000_gpus()
    return {
        "watts_per_gpu": (float(factor.median()) * 1000, message("unit_watts_per_gpu"),
                          message("basis_watts_per_gpu", n=len(factor), low=factor.min() * 1000,
                                  high=factor.max() * 1000), "epoch_gpu_clusters"),
        "overhead": (1.0, message("unit_overhead"), message("basis_overhead"), None),
    }


# One reactor's output, to set a power plan beside: the net electrical output of one APR-1400 unit (Shin Kori 4),
# as World Nuclear News reported from KHNP (datasets/sources.csv row REACTOR_SOURCE).
REACTOR_MW = 1340
REACTOR_SOURCE = "wnn_2019_shin_kori_4"


def reactors_for(mw: float) -> float:
    """How many APR-1400 units' net output ``mw`` megawatts of capacity equals (``REACTOR_MW`` each).

    >>> round(reactors_for(3_000), 2)
    2.24
    """
    if not is_number(mw) or mw < 0:
        raise ValueError(message("power_input", name="mw", minimum=0, got=mw))
    return mw / REACTOR_MW


def gpus_to_mw(gpus: float, watts_per_gpu: float | None = None, overhead: float | None = None) -> float:
    """Power capacity (MW) for ``gpus`` GPUs: gpus × watts_per_gpu × overhead ÷ 1,000,000. By default
    ``watts_per_gpu`` is the median all-in watts per H100 implied by documented clusters (chips, servers, network
    and cooling together, see ``implied_mw_per_1000_gpus``) and ``overhead`` 1.0 (nothing added on top of that); give
    a chip's own power instead and put the rest of the facility into ``overhead`` (a PUE-like factor, at least 1).

    >>> round(gpus_to_mw(10_000, watts_per_gpu=1_000, overhead=1.5), 1)
    15.0
    """
    defaults = power_assumptions()
    watts_per_gpu = defaults["watts_per_gpu"][0] if watts_per_gpu is None else watts_per_gpu
    overhead = defaults["overhead"][0] if overhead is None else overhead
    for name, value, minimum in (("gpus", gpus, 0), ("watts_per_gpu", watts_per_gpu, 0), ("overhead", overhead, 1)):
        if not is_number(value) or value < minimum:
            raise ValueError(message("power_input", name=name, minimum=minimum, got=value))
    return gpus * watts_per_gpu * overhead / 1e6
