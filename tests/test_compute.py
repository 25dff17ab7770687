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


def test_documented_compute_sums_existing_clusters():
    clusters = kk.load("ai_clusters")
    korea = clusters[(clusters["iso3"] == "KOR") & (clusters["status"] == "Existing")]["h100_equivalents"].sum()
    totals = compute.documented_compute()
    assert totals["KOR"] == pytest.approx(korea)
    assert totals.index[0] == "USA" and totals.is_monotonic_decreasing
