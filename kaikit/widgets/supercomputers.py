"""Widget: countries ranked by their share of the TOP500 supercomputer list, Korea highlighted."""
from __future__ import annotations

import ipywidgets as widgets

from ..charts import LiveFigure, RankingPanel, add_source, new_figure
from ..data import load
from ..i18n import N_, message
from ..rankings import KOREA, rank_countries
from ._chart_image import ChartImage

__all__ = ["SupercomputerRanking", "supercomputer_ranking"]

DATASET = "top500_by_country"
VALUE_FORMATS = {N_("systems"): "{:,.0f}", N_("rmax_share_pct"): "{:.1f}%"}   # keys: columns, and their labels
MOST_COUNTRIES = 20


class SupercomputerRanking(widgets.VBox):
    """Pick a TOP500 list, a measure and how many countries to show; see the ranking and Korea's place."""

    def __init__(self):
        self.table = load(DATASET)
        dates = sorted(self.table["list_date"].unique())
        self.list_date = widgets.Dropdown(
            options=[(date.strftime("%Y-%m"), date) for date in dates], value=dates[-1],
            description=message("list_date"))
        self.metric = widgets.ToggleButtons(
            options=[(message(key), key) for key in VALUE_FORMATS], value="systems",
            description=message("metric"))
        self.countries = widgets.IntSlider(value=10, min=3, max=MOST_COUNTRIES, description=message("countries_shown"),
                                           continuous_update=False)
        self.readout = widgets.HTML()
        self.chart = ChartImage(layout=widgets.Layout(max_width="700px"))
        figure, ax = new_figure(7, 5)
        self.panel = RankingPanel(ax, MOST_COUNTRIES + 1)  # + Korea when it ranks lower
        self.live = LiveFigure(figure, self.panel.dynamic_artists)
        self.ranked = None
        super().__init__([widgets.HBox([self.list_date, self.countries]), self.metric, self.readout, self.chart])
        for control in (self.list_date, self.metric, self.countries):
            control.observe(self.update, names="value")
        self.update()
        add_source(ax, DATASET)
        self.live.show_in(self.chart, self.panel.static_state())

    def update(self, change=None):
        """Recompute the ranking for the current controls and redraw the readout and chart."""
        one_list = self.table[self.table["list_date"] == self.list_date.value]
        value, value_format = self.metric.value, VALUE_FORMATS[self.metric.value]
        self.ranked = rank_countries(one_list, value, n=self.countries.value)
        korea = self.ranked[self.ranked["iso3"] == KOREA]
        if korea.empty:
            self.readout.value = message("korea_absent")
        else:
            self.readout.value = message("korea_readout", value=value_format.format(korea[value].iloc[0]),
                                         rank=int(korea["rank"].iloc[0]), total=int(self.ranked["countries"].iloc[0]))
        title = message("top500_title", n=self.countries.value, date=self.list_date.label)
        self.panel.update(self.ranked, value, title=title, xlabel=message(value), value_format=value_format)
        self.live.show_in(self.chart, self.panel.static_state())


def supercomputer_ranking() -> SupercomputerRanking:
    """Countries ranked by TOP500 systems or performance share, with Korea's rank read out.

    Try: in which list did Korea have the most systems? Does its rank change with the measure?
    """
    return SupercomputerRanking()
