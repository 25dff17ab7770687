"""kk.data_as_of(): each lesson ends with what its data is as of, read from datasets/datapackage.json."""
import json

import pytest

import kaikit as kk
from kaikit import data
from kaikit._paths import DATASETS_DIR


@pytest.fixture
def fresh_session(monkeypatch):
    monkeypatch.setattr(data, "_LOADED", {})
    yield
    kk.setup(lang="ko")


def test_it_lists_the_tables_this_session_loaded_in_order_with_their_period_and_date(fresh_session):
    kk.setup(lang="ko")
    kk.load("population")
    kk.load("top500_by_country")
    kk.load("population")
    table = kk.data_as_of()
    assert list(table.index) == ["population", "top500_by_country"]
    assert list(table.columns) == ["내용", "기간", "기준일", "출처"] and table.index.name == "표"
    package = {r["name"]: r for r in json.loads((DATASETS_DIR / "datapackage.json").read_text("utf-8"))["resources"]}
    assert table.loc["population", "기준일"] == data.date_text(package["population"]["as_of"])
    assert table.loc["top500_by_country", "출처"] == "TOP500.org"


def test_tables_read_by_the_kits_own_functions_count_as_loaded(fresh_session):
    kk.compute.documented_compute()
    assert "ai_clusters" in kk.data_as_of().index


def test_named_tables_are_shown_in_english_too(fresh_session):
    kk.setup(lang="en")
    table = kk.data_as_of("ai_clusters")
    assert list(table.columns) == ["what it holds", "period", "as of", "sources"]
    assert table.loc["ai_clusters", "sources"] == "Epoch AI"


def test_with_nothing_loaded_it_says_how_to_ask(fresh_session):
    kk.setup(lang="ko")
    with pytest.warns(UserWarning, match='kk.data_as_of\\("top500_by_country"\\)'):
        assert kk.data_as_of().empty


def test_an_unknown_table_gets_the_usual_helpful_error(fresh_session):
    with pytest.raises(KeyError, match="top500_by_country"):
        kk.data_as_of("top500_by_countyr")


@pytest.mark.parametrize("iso, ko, en", [
    ("2025", "2025", "2025"), ("2025-11", "2025년 11월", "Nov 2025"), ("2025-12-02", "2025년 12월 2일", "2 Dec 2025")])
def test_dates_are_written_as_readers_write_them(iso, ko, en):
    from kaikit.i18n import in_language
    assert in_language("ko", data.date_text, iso) == ko and in_language("en", data.date_text, iso) == en


def test_every_table_says_what_it_is_as_of():
    """Every resource of the package has an ``as_of`` date and a ``period``, so no lesson shows a blank."""
    kk.setup(lang="en")
    listing = kk.datasets()
    blank = listing[(listing["as_of"] == "") | (listing["period"] == "")]["name"].tolist()
    assert not blank, f"datapackage.json: no as_of or period for {blank}"
