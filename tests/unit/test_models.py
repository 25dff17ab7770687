import numpy as np
import pandas as pd
import pytest

from kaikit import models


def toy_links():
    return pd.DataFrame({
        "model_id": ["a", "a", "b", "c", "d"],
        "iso3": ["KOR", "USA", "KOR", "USA", "USA"],
        "fractional_share": [0.5, 0.5, 1.0, 1.0, 1.0],
        "publication_date": pd.to_datetime(["2021-05-01", "2021-05-01", "2023-01-01", "2019-12-31", "2024-03-01"]),
        "training_compute_flop": [2e23, 2e23, None, 5e24, 1e22],
    })


def test_whole_counting_gives_a_shared_model_to_each_country():
    assert models.count(toy_links(), "whole").to_dict() == {"USA": 3.0, "KOR": 2.0}


def test_fractional_counting_splits_it():
    assert models.count(toy_links(), "fractional").to_dict() == {"USA": 2.5, "KOR": 1.5}


def test_whole_counting_never_exceeds_fractional_total_per_model():
    links = models.catalogue("notable")
    assert models.count(links, "fractional").sum() <= links["model_id"].nunique() + 1e-6
    assert models.count(links, "whole").sum() >= models.count(links, "fractional").sum()


def test_window_and_threshold_select_links():
    links = toy_links()
    assert set(models.select(links, 2020, 2023)["model_id"]) == {"a", "b"}
    # unknown compute is left out once a threshold is set
    assert set(models.select(links, min_compute=1e23)["model_id"]) == {"a", "c"}
    assert len(models.select(links)) == len(links)


@pytest.mark.parametrize("args, error", [((2024, 2020), ValueError), (("2020", None), TypeError),
                                         ((2020.5, None), TypeError)])
def test_bad_windows_are_refused(args, error):
    with pytest.raises(error):
        models.select(toy_links(), *args)


def test_years_may_be_numpy_integers():
    """A year taken from a table (``links["publication_date"].dt.year.max()``) is a numpy integer."""
    assert set(models.select(toy_links(), np.int64(2020), np.int32(2023))["model_id"]) == {"a", "b"}
    with pytest.raises(TypeError):
        models.select(toy_links(), np.float64(2020.0))


def test_unknown_rule_or_catalogue_is_refused():
    with pytest.raises(ValueError, match="whole"):
        models.count(toy_links(), "proportional")
    with pytest.raises(ValueError, match="notable"):
        models.catalogue("frontier")


def test_the_seeds_korean_counts_come_back_from_epoch():
    # seed 001: 11 Korean hyperscale models; seed 004: 14 over 2020-2024 (the US and China counts differ: newer data)
    assert models.count_by_country("large_scale", last_year=2023)["KOR"] == 11
    assert models.count_by_country("large_scale", 2020, 2024)["KOR"] == 14


def test_korean_models_lists_each_model_once_newest_first():
    korean = models.korean_models(models.select(models.catalogue("notable"), 2015, 2026))
    assert not korean["model"].duplicated().any()
    assert korean["publication_date"].is_monotonic_decreasing
    links = models.catalogue("notable")
    expected = links[(links["iso3"] == "KOR") & links["publication_date"].dt.year.between(2015, 2026)]
    assert len(korean) == expected["model_id"].nunique()
