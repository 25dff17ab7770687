import json

import pandas as pd
import pytest

import kaikit as kk
from kaikit._paths import DATASETS_DIR

PACKAGE = json.loads((DATASETS_DIR / "datapackage.json").read_text(encoding="utf-8"))
NAMES = [resource["name"] for resource in PACKAGE["resources"]]


@pytest.mark.parametrize("name", NAMES)
def test_load_types_columns_by_schema(name):
    table = kk.load(name)
    resource = next(r for r in PACKAGE["resources"] if r["name"] == name)
    fields = resource["schema"]["fields"]
    assert list(table.columns) == [field["name"] for field in fields]
    expected = {"string": pd.StringDtype(), "integer": pd.Int64Dtype(), "number": "float64",
                "boolean": pd.BooleanDtype()}
    for field in fields:
        dtype = table[field["name"]].dtype
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(dtype), field["name"]
        else:
            assert dtype == expected[field["type"]], field["name"]


def test_load_reads_values_faithfully():
    table = kk.load("top500_by_country")
    korea = table[(table["iso3"] == "KOR") & (table["list_date"] == pd.Timestamp("2025-06-01"))]
    raw = pd.read_csv(DATASETS_DIR / "top500_by_country.csv", dtype=str)
    raw_korea = raw[(raw["iso3"] == "KOR") & (raw["list_date"] == "2025-06-01")]
    assert len(korea) == 1
    assert korea["systems"].iloc[0] == int(raw_korea["systems"].iloc[0])
    assert korea["rmax_tflops"].iloc[0] == pytest.approx(float(raw_korea["rmax_tflops"].iloc[0]))


def test_missing_values_are_read_as_missing_not_as_text():
    sources = kk.load("sources")
    assert sources.loc[sources["source_id"] == "iso3166", "date"].isna().all()


def test_load_returns_an_independent_copy():
    first = kk.load("countries")
    first.loc[:, "name_en"] = "changed"
    assert (kk.load("countries")["name_en"] != "changed").all()


def test_unknown_name_lists_available_and_suggests_closest():
    with pytest.raises(KeyError) as error:
        kk.load("top500_by_countyr")
    text = str(error.value)
    assert "'top500_by_countyr'" in text and "혹시 'top500_by_country'인가요?" in text
    for name in NAMES:
        assert name in text


def test_unknown_name_message_in_english():
    kk.setup(lang="en")
    with pytest.raises(KeyError, match="Did you mean 'countries'"):
        kk.load("countrys")


def test_unknown_name_far_from_any_gives_no_suggestion():
    with pytest.raises(KeyError) as error:
        kk.load("zzzzzzzz")
    assert "혹시" not in str(error.value)


@pytest.mark.parametrize("bad", [3, None, ["countries"]])
def test_non_string_name_is_a_type_error(bad):
    with pytest.raises(TypeError, match="문자열"):
        kk.load(bad)


def test_datasets_lists_every_resource_with_rows_source_and_licence():
    table = kk.datasets()
    assert list(table.columns) == ["name", "title", "period", "as_of", "rows", "source", "licence"]
    assert table["period"].str.len().gt(0).all() and table["as_of"].str.len().gt(0).all()
    assert table["name"].tolist() == NAMES
    for name, rows in zip(table["name"], table["rows"]):
        assert rows == len(kk.load(name))
    assert table["source"].str.len().gt(0).all() and table["licence"].str.len().gt(0).all()


def test_datasets_titles_follow_language():
    korean = kk.datasets()["title"].tolist()
    kk.setup(lang="en")
    english = kk.datasets()["title"].tolist()
    assert korean != english
    assert english == [r["title"] for r in PACKAGE["resources"]]


def test_cite_is_one_line_with_label_and_source():
    korean = kk.cite("top500_by_country")
    assert korean.startswith("출처: ") and "TOP500" in korean and "\n" not in korean
    kk.setup(lang="en")
    assert kk.cite("top500_by_country").startswith("Source: TOP500")


def test_cite_shows_open_licences_but_not_terms():
    assert kk.cite("sources").endswith("(CC BY 4.0)")
    assert "licence" not in kk.cite("top500_by_country")


def test_cite_rejects_unknown_names_like_load():
    with pytest.raises(KeyError):
        kk.cite("nope")
