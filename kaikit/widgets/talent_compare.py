"""Widget: compare countries on research, patents or investment — absolute, per person, or share of the world."""
from __future__ import annotations

import ipywidgets as widgets
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from .. import measures
from ..charts import LiveFigure, add_source, new_figure, nice_ceiling
from ..data import country_names
from ..i18n import message
from ..style import DISTINCT_COLORS, country_palette
from ._chart_image import ChartImage
from ._controls import CheckboxChoices, check_choice, range_slider

__all__ = ["TalentCompare", "talent_compare"]

CHOICES = ("USA", "CHN", "JPN", "DEU", "GBR", "FRA", "KOR", "IND", "TWN", "CAN", "ISR", "SGP")
DEFAULT = ("USA", "CHN", "JPN", "DEU", "KOR", "IND")
MOST_LINES = len(CHOICES)
FORMATS = {"absolute": "{:,.0f}", "per_capita": "{:,.1f}", "share": "{:.2f}%"}


# Each country's line has a marker and, after the seventh colour, a dash of its own: none is told apart by colour
# alone. The default countries come first, so they get the colours farthest from Korea's.
MARKERS = "os^Dv<>PXph"
COLOURS = country_palette(dict.fromkeys((*DEFAULT, *CHOICES)), distinct=True)
OTHERS = [code for code in COLOURS if code != "KOR"]   # in the order they got their colours


def line_style(code: str) -> dict:
    """How the line of country ``code`` is drawn: Korea thick, solid, in its colour, without markers; each other
    country in a colour, a marker and a dash pattern of its own, the default countries in the clearest colours.

    >>> line_style("KOR")["linewidth"], "marker" in line_style("KOR"), line_style("CHN")["marker"]
    (3, False, 's')
    """
    if code == "KOR":
        return {"color": COLOURS[code], "linewidth": 3, "linestyle": "-"}
    i = OTHERS.index(code)
    return {"color": COLOURS[code], "linewidth": 1.6, "linestyle": "-" if i < len(DISTINCT_COLORS) else "--",
            "marker": MARKERS[i], "markersize": 4}


class TalentCompare(widgets.VBox):
    """Indicator, view, countries and years -> one line per country (Korea highlighted) and Korea's growth."""

    def __init__(self, indicator="publications", how="share", countries=DEFAULT):
        check_choice("indicator", indicator, measures.INDICATORS)
        check_choice("how", how, measures.VIEWS)
        countries = (countries,) if isinstance(countries, str) else tuple(countries)
        for code in countries:
            check_choice("countries", code, CHOICES)
        names = country_names()
        self.names = names
        self.indicator = widgets.Dropdown(options=[(message(f"indicator_{i}"), i) for i in measures.INDICATORS],
                                          value=indicator, description=message("indicator"))
        self.how = widgets.ToggleButtons(options=[(message(f"view_{v}"), v) for v in measures.VIEWS], value=how,
                                         description=message("view"))
        self.countries = CheckboxChoices([(names[c], c) for c in CHOICES], value=countries,
                                         description=message("countries"))
        self.years = range_slider(description=message("years"), continuous_update=False)
        self.readout = widgets.HTML()
        self.chart = ChartImage(layout=widgets.Layout(max_width="680px"))
        figure, self.ax = new_figure(6.8, 4.0)
        self.ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
        self.lines = {code: self.ax.plot([], [], label=names[code], **line_style(code))[0] for code in CHOICES}
        self.live = LiveFigure(figure, list(self.lines.values()))
        self.table = None
        self._set_year_range()
        super().__init__([widgets.HBox([self.indicator, self.years]), self.how, self.countries, self.readout,
                          self.chart])
        self.indicator.observe(self._indicator_changed, names="value")
        for control in (self.how, self.countries, self.years):
            control.observe(self.update, names="value")
        self.update()
        add_source(self.ax, ["ai_publications", "semiconductor_patents", "ai_private_investment", "countries"])
        self.live.show_in(self.chart, self._static())

    def _set_year_range(self):
        years = measures.view(self.indicator.value)["year"]
        low, high = int(years.min()), int(years.max())
        with self.years.hold_trait_notifications():
            self.years.min, self.years.max = min(low, self.years.min), max(high, self.years.max)
            self.years.value = (low, high)
            self.years.min, self.years.max = low, high

    def _indicator_changed(self, change):
        self.years.unobserve(self.update, names="value")
        try:
            self._set_year_range()
        finally:
            self.years.observe(self.update, names="value")
        self.update()

    def _static(self):
        legend = self.ax.get_legend()
        labels = tuple(t.get_text() for t in legend.get_texts()) if legend else ()
        return self.ax.get_title(), self.ax.get_xlim(), self.ax.get_ylim(), self.ax.get_ylabel(), labels

    def update(self, change=None):
        """Recompute the view and redraw the lines, the legend and Korea's readout."""
        how, (first, last) = self.how.value, self.years.value
        table = measures.view(self.indicator.value, how)
        self.table = table[table["year"].between(first, last) & table["iso3"].isin(self.countries.value)]
        wide = self.table.pivot(index="year", columns="iso3", values="value")
        for code, line in self.lines.items():
            shown = code in wide.columns and wide[code].notna().any()
            line.set_visible(shown)
            line.set_data(wide.index.to_numpy(), wide[code].to_numpy()) if shown else line.set_data([], [])
        title = message("talent_title", indicator=message(f"indicator_{self.indicator.value}"),
                        view=message(f"view_{how}"))
        self.ax.set(title=title, xlabel=message("calendar_year"), ylabel=message(f"view_{how}"))
        self.ax.set_xlim(first, max(last, first + 1))
        top = wide.max().max()
        self.ax.set_ylim(0, nice_ceiling(1.1 * top) if top == top and top > 0 else 1)
        visible = [line for line in self.lines.values() if line.get_visible()]
        self.ax.legend(handles=visible, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
        self.readout.value = self._readout(wide, first, last, how)
        if self.ax.figure.texts:  # laid out already: render now (the first render waits for the source line)
            self.live.show_in(self.chart, self._static())

    def _readout(self, wide, first, last, how):
        if "KOR" not in wide.columns or wide["KOR"].dropna().empty:
            return message("talent_readout_missing")
        korea = wide["KOR"].dropna()
        latest = wide.loc[korea.index[-1]].dropna()
        rank = int((latest > latest["KOR"]).sum()) + 1
        try:
            years = int(korea.index[-1] - korea.index[0])
            growth = f"{measures.cagr(float(korea.iloc[0]), float(korea.iloc[-1]), years):+.1%}"
        except (ValueError, TypeError):
            growth = "–"
        return message("talent_readout", last_year=int(korea.index[-1]), value=FORMATS[how].format(korea.iloc[-1]),
                       rank=rank, first_year=int(korea.index[0]), growth=growth)


def talent_compare(indicator: str = "publications", how: str = "share",
                   countries: tuple[str, ...] = DEFAULT) -> TalentCompare:
    """Compare countries on AI articles, US semiconductor patents or private AI investment: absolute, per million
    people, or as a share of the world, over the years you choose, with Korea's growth rate read out."""
    return TalentCompare(indicator, how, countries)
