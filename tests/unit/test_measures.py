import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import kaikit as kk
from kaikit import measures


def test_cagr_compounds():
    rate = measures.cagr(100, 300, 4)
    assert 100 * (1 + rate) ** 4 == pytest.approx(300)
    assert measures.cagr(50, 50, 3) == 0
    assert measures.cagr(100, 0, 2) == -1


@pytest.mark.parametrize("args, error", [((0, 10, 2), ValueError), ((10, -1, 2), ValueError), ((10, 20, 0), ValueError),
                                          (("10", 20, 2), TypeError), ((10, float("nan"), 2), TypeError)])
def test_cagr_refuses_what_has_no_growth_rate(args, error):
    with pytest.raises(error):
        measures.cagr(*args)


def test_cagr_takes_numpy_numbers_and_fractions():
    assert measures.cagr(np.int64(100), np.float32(300), Fraction(4)) == pytest.approx(measures.cagr(100, 300, 4))
    with pytest.raises(TypeError):
        measures.cagr(np.float32("nan"), 300, 4)


def test_per_capita_and_share():
    values = pd.Series([10.0, 30.0])
    assert measures.per_capita(values, pd.Series([1e6, 3e6])).tolist() == [10.0, 10.0]
    assert measures.share_of(values, 40.0).tolist() == [25.0, 75.0]
    assert math.isnan(measures.per_capita(pd.Series([1.0]), pd.Series([float("nan")]))[0])


@pytest.mark.parametrize("indicator", list(measures.INDICATORS))
def test_views_agree_with_the_tables(indicator):
    name, column, world = measures.INDICATORS[indicator]
    raw = kk.load(name)
    korea = raw[raw["iso3"] == "KOR"].set_index("year")
    absolute = measures.view(indicator, "absolute").query("iso3 == 'KOR'").set_index("year")["value"]
    assert absolute.to_dict() == pytest.approx(korea[column].astype(float).to_dict())
    # The same year's population, or the nearest year the population table has (it starts in 2014).
    people = kk.load("population").query("iso3 == 'KOR'").set_index("year")["population"]
    population = pd.Series([people.loc[min(people.index, key=lambda y: abs(y - year))] for year in korea.index],
                           index=korea.index)
    per_person = measures.view(indicator, "per_capita").query("iso3 == 'KOR'").set_index("year")["value"]
    assert per_person.to_dict() == pytest.approx((korea[column] / population * 1e6).astype(float).to_dict())
    share = measures.view(indicator, "share")
    if world:
        expected = (100 * korea[column] / korea[world]).astype(float)
    else:
        expected = 100 * korea[column] / raw.groupby("year")[column].sum().loc[korea.index]
    assert share.query("iso3 == 'KOR'").set_index("year")["value"].to_dict() == pytest.approx(expected.to_dict())


def test_unknown_indicator_or_view():
    with pytest.raises(KeyError, match="publications"):
        measures.view("citations")
    with pytest.raises(ValueError, match="share"):
        measures.view("publications", "relative")
