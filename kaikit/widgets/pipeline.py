"""Widget: steer the 화수분 talent pipeline, compare two scenarios, see which lever matters most, and how far the
comparison holds when the assumptions are uncertain."""
from __future__ import annotations

import math

import ipywidgets as widgets
from matplotlib.ticker import FuncFormatter

from .. import pipeline
from ..charts import DOMESTIC_STOCKS, LiveFigure, StocksPanel, TornadoPanel, add_source, new_figure, nice_ceiling
from ..data import load
from ..i18n import get_language, message
from ..style import PALETTE
from ._chart_image import ChartImage
from ._controls import check_choice

__all__ = ["BandPanel", "PipelineSimulator", "pipeline_simulator"]

DATASET = "pipeline_scenarios"
CHANGE = 0.2  # each lever is moved by ±20% in the tornado chart
# lever -> (minimum, maximum, step, readout format)
SLIDERS = {
    "cohort": (0, 30000, 500, ",.0f"),
    "medical_pull": (0, 1, 0.01, ".0%"),
    "student_emigration": (0, 0.2, 0.005, ".1%"),
    "early_emigration": (0, 0.2, 0.005, ".1%"),
    "experienced_emigration": (0, 0.05, 0.0005, ".2%"),
    "return_rate": (0, 0.3, 0.005, ".1%"),
    "foreign_inflow": (0, 5000, 100, ",.0f"),
}
DRAWS = 200                # runs behind the uncertainty band (pipeline.simulate_band), seeded: the same band every time
PERCENTILES = (10, 90)     # the band holds the middle 80% of the runs
BAND_COLOURS = {"a": PALETTE[4], "b": PALETTE[7]}


class BandPanel:
    """The domestic AI workforce of A and B over time: each scenario's run as assumed (a line) inside the band its
    uncertain assumptions span (from ``pipeline.simulate_band``). Artists are made once and updated in place."""

    def __init__(self, ax):
        self.ax = ax
        self.bands, self.lines = {}, {}
        for key, style in (("a", "-"), ("b", "--")):
            label = message("scenario_a" if key == "a" else "scenario_b")
            self.bands[key] = ax.fill_between([0, 1], 0, 0, color=BAND_COLOURS[key], alpha=0.25, linewidth=0,
                                              label=message("band_label", label=label, low=PERCENTILES[0],
                                                            high=PERCENTILES[1]))
            (self.lines[key],) = ax.plot([0, 1], [0, 0], color=BAND_COLOURS[key], linestyle=style, linewidth=2,
                                         label=label)
        ax.set(xlabel=message("year_axis"), ylabel=message("workforce_axis"),
               title=message("band_title", draws=DRAWS))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        self.dynamic_artists = [*self.bands.values(), *self.lines.values()]

    def static_state(self):
        """What the cached background of a ``LiveFigure`` depends on."""
        return self.ax.get_title(), self.ax.get_xlim(), self.ax.get_ylim()

    def update(self, bands, bottom, top):
        """Show ``bands`` ({"a": table, "b": table} from ``simulate_band``) between ``bottom`` and ``top``."""
        for key, band in bands.items():
            years = band["year"].to_numpy()
            self.bands[key].set_data(years, band["low"].to_numpy(), band["high"].to_numpy())
            self.lines[key].set_data(years, band["central"].to_numpy())
        self.ax.set_xlim(years.min(), years.max())
        self.ax.set_ylim(bottom, top)
        return self


class PipelineSimulator(widgets.VBox):
    """Scenario A (a preset you can change with sliders) against preset B, from today's steady state."""

    def __init__(self, scenario="today", compare="hwasubun", years=25, band=False):
        self.table = load(DATASET)
        names = list(dict.fromkeys(self.table["scenario"]))
        check_choice("scenario", scenario, names)
        check_choice("compare", compare, names)
        self.presets = {name: pipeline.scenario_parameters(name, self.table) for name in names}
        label_column = f"scenario_{get_language()}"
        options = [(self.table.loc[self.table["scenario"] == n, label_column].iloc[0], n) for n in names]
        self.labels = {value: label for label, value in options}
        self.start = pipeline.steady_state(self.presets["today"])
        self.scenario = widgets.Dropdown(options=options, value=scenario, description=message("scenario_a"))
        self.compare = widgets.Dropdown(options=options, value=compare, description=message("scenario_b"))
        self.years = widgets.IntSlider(value=years, min=5, max=50, step=1, description=message("years"),
                                       continuous_update=False)
        self.levers = {
            name: widgets.FloatSlider(min=low, max=high, step=step, readout_format=fmt, continuous_update=False,
                                      description=message(f"lever_{name}"), style={"description_width": "11em"},
                                      layout=widgets.Layout(width="26em"))
            for name, (low, high, step, fmt) in SLIDERS.items()
        }
        self.band = widgets.Checkbox(value=band, description=message("band_toggle"), indent=False,
                                     layout=widgets.Layout(width="auto"))
        self.readout = widgets.HTML()
        self.band_note = widgets.HTML(message("band_ranges", ranges=self._ranges_text()))
        image_layout = widgets.Layout(max_width="460px")
        self.chart_a = ChartImage(layout=image_layout)
        self.chart_b = ChartImage(layout=image_layout)
        self.tornado_chart = ChartImage(layout=widgets.Layout(max_width="700px"))
        self.band_chart = ChartImage(layout=widgets.Layout(max_width="700px"))
        self.band_box = widgets.VBox([self.band_chart, self.band_note])
        self.panels, self.live = {}, {}
        for key in ("a", "b"):
            figure, ax = new_figure(4.8, 3.6)
            self.panels[key] = StocksPanel(ax)
        figure, ax = new_figure(7.5, 3.6)
        self.panels["tornado"] = self.tornado = TornadoPanel(ax, len(pipeline.LEVERS))
        figure, ax = new_figure(7.5, 3.6)
        self.panels["band"] = self.band_panel = BandPanel(ax)
        for key, panel in self.panels.items():
            self.live[key] = LiveFigure(panel.ax.figure, panel.dynamic_artists)
        self.top = None        # the shared upper limit of the two stock panels
        self.shown_b = None    # what panel B shows: (preset, years, top)
        self._laid_out = set()
        self._updating = False
        super().__init__([widgets.HBox([self.scenario, self.compare, self.years]),
                          widgets.VBox(list(self.levers.values())), self.band, self.readout,
                          widgets.HBox([self.chart_a, self.chart_b]), self.band_box, self.tornado_chart])
        self.scenario.observe(self._load_preset, names="value")
        for control in [self.compare, self.years, self.band, *self.levers.values()]:
            control.observe(self.update, names="value")
        self._load_preset()

    def parameters(self):
        """Scenario A's parameters: the preset, with the levers as the sliders set them."""
        preset = self.presets[self.scenario.value]
        return pipeline.validate({**preset, **{name: slider.value for name, slider in self.levers.items()}})

    @staticmethod
    def _ranges_text():
        """The band's assumptions, grouped by width: "±50%: 의대 쏠림, …; ±20%: 졸업률, …"."""
        by_width = {}
        for name, width in pipeline.UNCERTAINTY.items():
            key = f"lever_{name}" if name in pipeline.LEVERS else f"param_{name}"
            by_width.setdefault(width, []).append(message(key))
        return "; ".join(f"±{width:.0%}: {', '.join(names)}" for width, names in sorted(by_width.items(), reverse=True))

    def _load_preset(self, change=None):
        preset = self.presets[self.scenario.value]
        self._updating = True
        try:
            for name, slider in self.levers.items():
                slider.value = preset[name]
        finally:
            self._updating = False
        self.update()

    def update(self, change=None):
        """Simulate A and B, then redraw the readout and what changed: panel A, the tornado, and panel B only when
        its scenario, the years or the shared scale changed."""
        if self._updating:
            return
        years = self.years.value
        params_a, params_b = self.parameters(), self.presets[self.compare.value]
        run_a = pipeline.simulate(params_a, years, start=self.start)
        run_b = pipeline.simulate(params_b, years, start=self.start)
        final_a = run_a[run_a["year"] == years].set_index("stock")["people"]
        final_b = run_b[run_b["year"] == years].set_index("stock")["people"]
        workforce_a, workforce_b = pipeline.outcome(final_a), pipeline.outcome(final_b)
        readout = message(
            "pipeline_readout", years=years, a=workforce_a, b=workforce_b,
            diff=workforce_a / workforce_b - 1 if workforce_b else 0.0,
            abroad_a=final_a["abroad"], abroad_b=final_b["abroad"])
        self.band_box.layout.display = None if self.band.value else "none"
        if self.band.value:
            readout += "<br>" + self._show_band(params_a, params_b, years)
        self.readout.value = readout
        # a shared, round upper limit with headroom for the legend
        self.top = nice_ceiling(1.4 * max(self._panel_height(run_a), self._panel_height(run_b)))
        self._show("a", run_a, self.scenario.value, self.chart_a)
        if self.shown_b != (self.compare.value, years, self.top):
            self._show("b", run_b, self.compare.value, self.chart_b)
            self.shown_b = (self.compare.value, years, self.top)
        self.tornado.update(pipeline.sensitivity(params_a, change=CHANGE, years=years, start=self.start), CHANGE, years)
        self._render("tornado", self.tornado_chart)

    def _show_band(self, params_a, params_b, years):
        """Draw the uncertainty band of A and B; return the readout's line about it."""
        band_a, band_b, share = pipeline.compare_bands(params_a, params_b, years=years, draws=DRAWS, seed=0,
                                                       start=self.start, percentiles=PERCENTILES)
        bands = {"a": band_a, "b": band_b}
        current = self.band_panel.ax.get_ylim() if "band" in self._laid_out else None
        self.band_panel.update(bands, *self._band_limits(bands, current))
        self._render("band", self.band_chart)
        last = {key: band.iloc[-1] for key, band in bands.items()}
        return message("band_readout", draws=DRAWS, years=years, middle=PERCENTILES[1] - PERCENTILES[0],
                       a_low=last["a"]["low"], a_high=last["a"]["high"], b_low=last["b"]["low"],
                       b_high=last["b"]["high"], share=share)

    @staticmethod
    def _band_limits(bands, current=None):
        """Round y limits around both bands, with room above for the legend (a line chart need not start at 0, the
        stacked panels do). The ``current`` limits are kept while the bands stay inside them, below the legend, and
        fill at least a quarter of the height: most moves of a lever then redraw only the bands, not the axes."""
        low = min(band["low"].min() for band in bands.values())
        high = max(band["high"].max() for band in bands.values())
        if current is not None:
            bottom, top = current
            height = top - bottom
            if bottom <= low and high <= bottom + 0.72 * height and high - low >= 0.25 * height:
                return bottom, top
        step = nice_ceiling(max(high - low, 1) / 3)
        bottom = max(0, math.floor(low / step - 0.5) * step)
        return bottom, math.ceil(high / step + 1.5) * step

    @staticmethod
    def _panel_height(run):
        wide = run.pivot(index="year", columns="stock", values="people")
        return max(wide[list(DOMESTIC_STOCKS)].sum(axis=1).max(), wide["abroad"].max())

    def _show(self, key, run, preset, image):
        label = message("scenario_a" if key == "a" else "scenario_b")
        panel = self.panels[key]
        panel.update(run, message("pipeline_panel_title", label=label, name=self.labels[preset]), top=self.top)
        self._render(key, image)

    def _render(self, key, image):
        panel = self.panels[key]
        if key not in self._laid_out:  # the first time: legend, source line and layout (slow, so only once)
            if key == "tornado":
                panel.ax.legend(loc="lower right", fontsize=8)
            elif key == "band":
                panel.ax.legend(loc="upper left", ncol=2, fontsize=7, framealpha=0.9)
            else:
                panel.ax.legend(loc="upper left", ncol=2, fontsize=7, framealpha=0.9)
            add_source(panel.ax, DATASET)
            self._laid_out.add(key)
        self.live[key].show_in(image, panel.static_state())


def pipeline_simulator(scenario: str = "today", compare: str = "hwasubun", years: int = 25,
                       band: bool = False) -> PipelineSimulator:
    """Steer the talent pipeline: pick a preset for A, move its levers, compare with preset B over ``years``.

    Both scenarios start from the steady state of today's pipeline, so the chart shows how a change of policy
    plays out over time. The tornado chart moves each of A's levers by ±20% and shows what that does to the
    domestic AI workforce at the end. The check box (``band=True`` to start with it ticked) adds the uncertainty band:
    both scenarios run 200 times with their assumptions drawn within ``pipeline.UNCERTAINTY``, the middle 80% of the
    runs shaded, and the share of draws in which A ends above B.
    """
    return PipelineSimulator(scenario, compare, years, band)
