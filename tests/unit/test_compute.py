import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import kaikit as kk
from kaikit import compute


def test_catch_up_solves_compound_growth():
    years = compute.years_to_catch_up(1_000, 0.5, 50_000, 0.2)
    assert 1_000 * 1.5 ** years == pytest.approx(50_000 * 1.2 ** years)


@pytest.mark.parametrize("behind_growth, ahead_growth", [(0.3, 0.3), (0.2, 0.5), (-0.1, 0.0)])
def test_never_when_not_growing_faster(behind_growth, ahead_growth):
    assert compute.years_to_catch_up(10, behind_growth, 100, ahead_growth) == math.inf
    assert compute.catch_up_year(math.inf) is None


def test_already_ahead_or_level_is_zero_years():
    assert compute.years_to_catch_up(100, 0.0, 100, 0.9) == 0.0
    assert compute.years_to_catch_up(200, 0.0, 100, 0.9) == 0.0


def test_starting_from_nothing_never_catches_up():
    assert compute.years_to_catch_up(0, 5.0, 1, 0.0) == math.inf


def test_shrinking_leader_can_be_caught_without_growth():
    assert compute.years_to_catch_up(50, 0.0, 100, -0.5) == pytest.approx(1.0)


def test_catch_up_year_rounds_up_from_the_base_year():
    assert compute.catch_up_year(3.0) == compute.BASE_YEAR + 3
    assert compute.catch_up_year(3.2) == compute.BASE_YEAR + 4


@pytest.mark.parametrize("args, error", [
    ((-1, 0.1, 10, 0.1), ValueError), ((1, -1.0, 10, 0.1), ValueError), ((1, 0.1, 10, -2), ValueError),
    (("1", 0.1, 10, 0.1), TypeError), ((1, float("nan"), 10, 0.1), TypeError), ((True, 0.1, 10, 0.1), TypeError),
])
def test_bad_inputs_are_refused(args, error):
    with pytest.raises(error):
        compute.years_to_catch_up(*args)


@pytest.mark.parametrize("number", [np.int64, np.float32, Fraction])
def test_numpy_and_fraction_numbers_are_numbers(number):
    """A value read from a table is a numpy number: it must work like the Python number it holds."""
    expected = compute.years_to_catch_up(1_000, 0.5, 8_000, 0.0)
    assert compute.years_to_catch_up(number(1_000), 0.5, number(8_000), 0.0) == pytest.approx(expected)
    assert compute.trajectory(number(100), 0.1, 3) == pytest.approx(compute.trajectory(100, 0.1, 3))


@pytest.mark.parametrize("value", [np.bool_(True), np.float64("nan"), Decimal("1000")])
def test_numpy_bool_numpy_nan_and_decimal_are_refused_as_numbers(value):
    with pytest.raises(TypeError, match="behind"):
        compute.years_to_catch_up(value, 0.5, 8_000, 0.0)


def test_trajectory_compounds_yearly():
    assert compute.trajectory(100, 0.1, 3) == pytest.approx(np.array([100, 110, 121, 133.1]))
    with pytest.raises(ValueError, match="growth"):
        compute.trajectory(100, -1.5, 3)


def existing_standard_sum(clusters, iso3):
    """Epoch AI's rule, written out in the test: existing clusters in its standard analysis."""
    chosen = (clusters["iso3"] == iso3) & (clusters["status"] == "Existing") & clusters["standard_analysis"]
    return clusters.loc[chosen, "h100_equivalents"].sum()


def test_documented_compute_sums_existing_clusters_in_epochs_standard_analysis():
    clusters = kk.load("ai_clusters")
    totals = compute.documented_compute()
    assert totals.index[0] == "USA" and totals.is_monotonic_decreasing
    for iso3 in ("KOR", "CHN", "USA", "JPN"):
        assert totals[iso3] == pytest.approx(existing_standard_sum(clusters, iso3))
    assert set(totals.index) == set(clusters.loc[(clusters["status"] == "Existing")
                                                 & clusters["standard_analysis"], "iso3"].dropna())


def test_rows_left_out_of_the_standard_analysis_are_not_counted_by_default():
    clusters = kk.load("ai_clusters")
    left_out = clusters[(clusters["status"] == "Existing") & ~clusters["standard_analysis"]]
    assert len(left_out) > 0 and "KOR" in set(left_out["iso3"])  # e.g. a paper re-describing a Naver cluster
    totals, every_row = compute.documented_compute(), compute.documented_compute(rows="all")
    for iso3, value in left_out.groupby("iso3")["h100_equivalents"].sum().items():
        assert every_row[iso3] - totals.get(iso3, 0.0) == pytest.approx(value)
    # China's total roughly doubles when the rows Epoch leaves out are summed too
    assert every_row["CHN"] > 1.5 * totals["CHN"]


def test_planned_clusters_never_enter_the_existing_total():
    clusters = kk.load("ai_clusters")
    planned = clusters[clusters["status"] == "Planned"]
    assert not clusters.loc[clusters["status"] != "Existing", "standard_analysis"].any()
    existing = clusters[clusters["status"] == "Existing"].groupby("iso3")["h100_equivalents"].sum()
    for rows in ("standard", "all"):
        totals = compute.documented_compute(rows=rows)
        assert (totals <= existing.reindex(totals.index) + 1e-6).all()
    korea_planned = planned.loc[planned["iso3"] == "KOR", "h100_equivalents"].sum()
    assert korea_planned > 100 * compute.documented_compute()["KOR"]  # Korea's ~3 GW plan alone is ~5.1M
    shown_apart = compute.documented_compute(status="Planned")
    assert shown_apart["KOR"] == pytest.approx(korea_planned)
    assert compute.documented_compute(status="Planned", rows="standard").empty


@pytest.mark.parametrize("arguments", [{"rows": "everything"}, {"status": "existing"}, {"status": None}])
def test_documented_compute_names_its_choices(arguments):
    with pytest.raises(ValueError, match="standard, all|Existing, Planned"):
        compute.documented_compute(**arguments)
