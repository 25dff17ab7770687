import ipywidgets
import pandas as pd
import pytest

import kaikit as kk

PNG_MAGIC = b"\x89PNG"


@pytest.fixture
def ranking():
    kk.setup(lang="ko")
    return kk.widgets.supercomputer_ranking()


def korea_rank(table, date, measure):
    one_list = table[table["list_date"] == date]
    return int(one_list[measure].rank(ascending=False, method="min")[one_list["iso3"] == "KOR"].iloc[0])


def test_first_view_shows_the_latest_list_with_koreas_rank(ranking):
    table = kk.load("top500_by_country")
    latest = table["list_date"].max()
    assert ranking.list_date.value == latest
    assert f"{korea_rank(table, latest, 'systems')}위" in ranking.readout.value
    assert bytes(ranking.chart.value).startswith(PNG_MAGIC)


def test_changing_each_control_updates_readout_or_chart(ranking):
    table = kk.load("top500_by_country")
    before_readout, before_chart = ranking.readout.value, ranking.chart.value
    ranking.metric.value = "rmax_share_pct"
    assert ranking.readout.value != before_readout and "%" in ranking.readout.value
    assert ranking.chart.value != before_chart
    assert f"{korea_rank(table, ranking.list_date.value, 'rmax_share_pct')}위" in ranking.readout.value

    before_chart = ranking.chart.value
    ranking.countries.value = 5
    assert ranking.chart.value != before_chart

    first_list = ranking.list_date.options[0][1]
    ranking.list_date.value = first_list
    assert f"{korea_rank(table, first_list, 'rmax_share_pct')}위" in ranking.readout.value


def test_chart_keeps_one_title_and_one_source_line_after_updates(ranking):
    for measure in ["rmax_share_pct", "systems", "rmax_share_pct"]:
        ranking.metric.value = measure
    assert len(ranking.figure.texts) == 1 and ranking.figure.texts[0].get_text() == kk.cite("top500_by_country")
    bars = [patch for patch in ranking.ax.patches if patch.get_width() > 0]
    assert len(bars) == ranking.countries.value  # Korea is inside the top 10 here


def test_widget_labels_follow_the_language():
    kk.setup(lang="en")
    ranking = kk.widgets.supercomputer_ranking()
    assert "ranked" in ranking.readout.value and ranking.list_date.description == "List"


def test_widget_is_an_ipywidget_that_can_be_displayed(ranking):
    assert isinstance(ranking, ipywidgets.DOMWidget)
    assert ranking._repr_mimebundle_() is not None
