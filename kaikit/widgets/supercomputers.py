"""Widget: countries ranked by their share of the TOP500 supercomputer list, Korea highlighted."""
import ipywidgets as widgets

from ..charts import add_source, new_figure, ranking_bar, to_png
from ..data import load
from ..i18n import message
from ..rankings import KOREA, rank_countries

DATASET = "top500_by_country"
VALUE_FORMATS = {"systems": "{:,.0f}", "rmax_share_pct": "{:.1f}%"}


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
        self.countries = widgets.IntSlider(value=10, min=3, max=20, description=message("countries_shown"),
                                           continuous_update=False)
        self.readout = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="700px"))
        self.figure, self.ax = new_figure()
        super().__init__([widgets.HBox([self.list_date, self.countries]), self.metric, self.readout, self.chart])
        for control in (self.list_date, self.metric, self.countries):
            control.observe(self.update, names="value")
        self.update()

    def update(self, change=None):
        """Recompute the ranking for the current controls and redraw the readout and chart."""
        one_list = self.table[self.table["list_date"] == self.list_date.value]
        value, value_format = self.metric.value, VALUE_FORMATS[self.metric.value]
        ranked = rank_countries(one_list, value, n=self.countries.value)
        korea = ranked[ranked["iso3"] == KOREA]
        if korea.empty:
            self.readout.value = message("korea_absent")
        else:
            self.readout.value = message("korea_readout", value=value_format.format(korea[value].iloc[0]),
                                         rank=int(korea["rank"].iloc[0]), total=int(ranked["countries"].iloc[0]))
        self.ax.clear()
        self.figure.texts.clear()
        title = message("top500_title", n=self.countries.value, date=self.list_date.label)
        ranking_bar(self.ax, ranked, value, title=title, xlabel=message(value), value_format=value_format)
        add_source(self.ax, DATASET)
        self.chart.value = to_png(self.figure)


def supercomputer_ranking():
    """Countries ranked by TOP500 systems or performance share, with Korea's rank read out.

    Try: in which list did Korea have the most systems? Does its rank change with the measure?
    """
    return SupercomputerRanking()
