import numpy as np
import pandas as pd
import pytest

from kaikit.rankings import rank_countries


def table(values):
    return pd.DataFrame({"iso3": list(values), "value": list(values.values())})


def test_top_n_in_descending_order_with_ranks():
    ranked = rank_countries(table({"USA": 9, "CHN": 7, "JPN": 5, "DEU": 3}), "value", n=3, highlight="XXX")
    assert ranked["iso3"].tolist() == ["USA", "CHN", "JPN"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert not ranked["highlighted"].any()
    assert (ranked["countries"] == 4).all()


def test_korea_is_kept_when_outside_the_top_n():
    ranked = rank_countries(table({"USA": 9, "CHN": 7, "JPN": 5, "KOR": 1}), "value", n=2)
    assert ranked["iso3"].tolist() == ["USA", "CHN", "KOR"]
    assert ranked.loc[ranked["iso3"] == "KOR", "rank"].item() == 4
    assert ranked["highlighted"].tolist() == [False, False, True]


def test_ties_share_the_better_rank_and_order_is_stable():
    ranked = rank_countries(table({"JPN": 5, "DEU": 5, "USA": 9}), "value", n=3)
    assert ranked["iso3"].tolist() == ["USA", "DEU", "JPN"]
    assert ranked["rank"].tolist() == [1, 2, 2]


def test_missing_values_are_not_ranked():
    values = pd.DataFrame({"iso3": ["USA", "KOR", "JPN"], "value": [9, None, 5]})
    ranked = rank_countries(values, "value", n=5)
    assert ranked["iso3"].tolist() == ["USA", "JPN"]
    assert (ranked["countries"] == 2).all()


def test_n_larger_than_the_table_returns_everything():
    assert len(rank_countries(table({"USA": 1, "KOR": 2}), "value", n=50)) == 2


@pytest.mark.parametrize("n", [0, -1, 2.5, "3", True])
def test_n_must_be_a_positive_whole_number(n):
    with pytest.raises(ValueError, match="n"):
        rank_countries(table({"USA": 1}), "value", n=n)


def test_n_may_be_a_numpy_integer():
    ranked = rank_countries(table({"USA": 9, "CHN": 7, "JPN": 5}), "value", n=np.int64(2), highlight="XXX")
    assert ranked["iso3"].tolist() == ["USA", "CHN"]


def test_unknown_column_names_the_columns_there_are():
    with pytest.raises(KeyError, match="iso3, value"):
        rank_countries(table({"USA": 1}), "systems")
