import itertools
import math

import numpy as np
import pandas as pd
import pytest

import kaikit as kk
from kaikit import index as ix


@pytest.fixture(scope="module")
def table():
    return ix.indicators()


def toy():
    return pd.DataFrame({"iso3": ["AAA", "BBB", "CCC", "KOR"],
                         "publications": [100.0, 50.0, 10.0, 40.0],
                         "compute": [1.0, 9.0, 5.0, 3.0],
                         "population": [1e6, 2e6, 1e6, 4e5]})


@pytest.mark.parametrize("method, expected", [
    ("minmax", [0.0, 1 / 3, 1.0]),
    ("rank", [0.0, 0.5, 1.0]),
    ("zscore", list((np.array([10, 20, 40]) - 70 / 3) / np.std([10, 20, 40]))),
])
def test_normalise_methods(method, expected):
    assert ix.normalise(pd.Series([10.0, 20.0, 40.0]), method).tolist() == pytest.approx(expected)


@pytest.mark.parametrize("method, middle", [("minmax", 0.5), ("rank", 0.5), ("zscore", 0.0)])
def test_a_constant_column_puts_everyone_in_the_middle(method, middle):
    assert ix.normalise(pd.Series([3.0, 3.0, 3.0]), method).tolist() == [middle] * 3


def test_missing_values_stay_missing_and_do_not_distort_the_rest():
    result = ix.normalise(pd.Series([10.0, None, 40.0, 20.0]), "minmax")
    assert math.isnan(result[1]) and result.drop(1).tolist() == pytest.approx([0.0, 1.0, 1 / 3])
    ranks = ix.normalise(pd.Series([10.0, None, 40.0]), "rank")
    assert ranks[0] == 0.0 and ranks[2] == 1.0


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="minmax"):
        ix.normalise(pd.Series([1.0, 2.0]), "log")


def test_composite_is_a_weighted_average_that_skips_zero_weights():
    normalised = pd.DataFrame({"a": [0.0, 1.0], "b": [1.0, 0.0], "c": [0.5, 0.5]})
    assert ix.composite(normalised, {"a": 3, "b": 1, "c": 0}).tolist() == pytest.approx([0.25, 0.75])


def test_composite_reweights_around_missing_pillars():
    normalised = pd.DataFrame({"a": [0.2, None], "b": [0.6, 0.9]})
    assert ix.composite(normalised, {"a": 1, "b": 1}).tolist() == pytest.approx([0.4, 0.9])


@pytest.mark.parametrize("weights, error", [
    ({"a": 0, "b": 0}, ValueError), ({"a": -1}, ValueError), ({"zzz": 1}, KeyError),
    ({"a": "heavy"}, ValueError), ([1, 2], TypeError), ({"a": float("nan")}, ValueError),
])
def test_bad_weights_get_clear_errors(weights, error):
    with pytest.raises(error):
        ix.composite(pd.DataFrame({"a": [0.1], "b": [0.2]}), weights)


def test_weights_may_be_numpy_numbers():
    normalised = pd.DataFrame({"a": [0.2, 0.4], "b": [0.6, 0.9]})
    expected = ix.composite(normalised, {"a": 1, "b": 3})
    assert ix.composite(normalised, {"a": np.int64(1), "b": np.float32(3)}).tolist() == pytest.approx(expected.tolist())
    with pytest.raises(ValueError):
        ix.composite(normalised, {"a": np.bool_(True), "b": 1})


def test_build_index_ranks_by_score_and_shares_ties():
    ranked = ix.build_index(toy(), {"publications": 1})
    assert ranked["iso3"].tolist() == ["AAA", "BBB", "KOR", "CCC"] and ranked["rank"].tolist() == [1, 2, 3, 4]
    tied = toy().assign(publications=[5.0, 5.0, 1.0, 0.0])
    assert ix.build_index(tied, {"publications": 1})["rank"].tolist() == [1, 1, 3, 4]


def test_per_capita_divides_counts_by_population():
    ranked = ix.build_index(toy(), {"publications": 1}, per_capita=True)
    # per million: AAA 100, BBB 25, CCC 10, KOR 100 -> AAA and KOR share the top
    assert ranked.set_index("iso3").loc[["AAA", "KOR"], "rank"].tolist() == [1, 1]


def test_per_capita_leaves_per_head_pillars_alone(table):
    weights = {"patents_per_million": 1}
    assert ix.build_index(table, weights, per_capita=True).equals(ix.build_index(table, weights))


def test_indicators_come_from_the_bundled_tables(table):
    assert table["iso3"].tolist() == list(ix.FOCUS)
    korea = table.set_index("iso3").loc["KOR"]
    publications = kk.load("ai_publications")
    assert korea["publications"] == publications.query("iso3 == 'KOR' and year == 2022")["articles"].item()
    links = kk.load("notable_model_countries").merge(kk.load("notable_models"), on="model_id")
    years = links["publication_date"].dt.year
    assert korea["notable_models"] == ((links["iso3"] == "KOR") & years.between(2020, 2024)).sum()
    assert table[list(ix.PILLARS)].notna().all().all()


def test_equal_weights_put_korea_third_with_min_max(table):
    assert ix.rank_of(ix.build_index(table, {p: 1 for p in ix.PILLARS})) == 3


def awkward():
    """Where ``rank_range``'s one matrix product could part from scoring each weighting on its own: Korea misses a
    pillar (its score is then the average of what it has, or none at all), another country misses two, Korea ties
    with BBB on publications (ties share the better rank), a pillar per head is never divided by population, and
    weights of 2."""
    return pd.DataFrame({"iso3": ["AAA", "BBB", "CCC", "DDD", "KOR"],
                         "publications": [100.0, 50.0, 10.0, np.nan, 50.0],
                         "compute": [1.0, 9.0, 5.0, 7.0, 3.0],
                         "patents_per_million": [20.0, 5.0, 30.0, np.nan, np.nan],
                         "population": [1e6, 2e6, 1e6, 3e6, 2e6]})


def korea_ranks_one_by_one(table, method, per_capita, levels):
    """Korea's rank under every weighting of ``levels``, each scored on its own by ``composite`` (``build_index``
    for each would take seconds), from pillars divided and rescaled here, not by the function under test."""
    pillars = [pillar for pillar in ix.PILLARS if pillar in table.columns]
    values = table[pillars].astype("float64")
    if per_capita:
        counts = [pillar for pillar in pillars if ix.PILLARS[pillar][1]]
        values[counts] = values[counts].div(table["population"], axis=0) * 1_000_000
    normalised = values.apply(ix.normalise, method=method)
    korea = table.index[table["iso3"] == "KOR"][0]
    ranks = []
    for combo in itertools.product(levels, repeat=len(pillars)):
        if any(combo):
            scores = ix.composite(normalised, dict(zip(pillars, combo)))
            if not pd.isna(scores[korea]):   # Korea has none of the weighted pillars: not ranked
                ranks.append(int((scores > scores[korea]).sum()) + 1)
    return ranks


def assert_rank_range_matches_brute_force(table, method, per_capita, levels):
    found = ix.rank_range(table, method=method, per_capita=per_capita, levels=levels)
    ranks = korea_ranks_one_by_one(table, method, per_capita, levels)
    assert (found["best"], found["worst"]) == (min(ranks), max(ranks))
    assert ix.rank_of(ix.build_index(table, found["best_weights"], method, per_capita)) == found["best"]
    assert ix.rank_of(ix.build_index(table, found["worst_weights"], method, per_capita)) == found["worst"]


@pytest.mark.parametrize("method", ix.METHODS)
@pytest.mark.parametrize("per_capita", [False, True])
def test_rank_range_matches_brute_force_where_the_two_could_part(method, per_capita):
    assert_rank_range_matches_brute_force(awkward(), method, per_capita, levels=(0, 1, 2))


def test_rank_range_matches_brute_force_on_the_kits_seven_pillars(table):
    """z-scores per head: sums of inexact numbers, where a near tie could fall either way."""
    assert_rank_range_matches_brute_force(table, "zscore", True, levels=(0, 1))


def test_the_awkward_table_has_what_it_was_made_for():
    """A control: Korea shares BBB's rank on publications, and is left unranked by patents alone."""
    ranked = ix.build_index(awkward(), {"publications": 1})
    assert ranked.loc[ranked["iso3"].isin(["BBB", "KOR"]), "rank"].tolist() == [2, 2]
    assert ix.rank_of(ix.build_index(awkward(), {"patents_per_million": 1})) is None
    assert len(korea_ranks_one_by_one(awkward(), "minmax", False, (0, 1))) == 6   # of 7 weightings


def test_the_top500_pillar_names_the_list_it_reads():
    """The pillar's unit states which TOP500 list it reads: the latest in the data (a refresh must update it)."""
    latest = kk.load("top500_by_country")["list_date"].max()
    assert latest.strftime("%B %Y") in kk.index.PILLARS["top500_share"][0]
