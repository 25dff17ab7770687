"""Widget: steer the 화수분 talent pipeline, compare two scenarios, and see which lever matters most."""
import ipywidgets as widgets

from ..charts import DOMESTIC_STOCKS, LiveFigure, StocksPanel, TornadoPanel, add_source, new_figure, nice_ceiling
from ..data import load
from ..i18n import get_language, message
from .. import pipeline

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


class PipelineSimulator(widgets.VBox):
    """Scenario A (a preset you can change with sliders) against preset B, from today's steady state."""

    def __init__(self, scenario="today", compare="hwasubun", years=25):
        self.table = load(DATASET)
        names = list(dict.fromkeys(self.table["scenario"]))
        label_column = f"scenario_{get_language()}"
        options = [(self.table.loc[self.table["scenario"] == n, label_column].iloc[0], n) for n in names]
        self.labels = {value: label for label, value in options}
        self.start = pipeline.steady_state(pipeline.scenario_parameters("today", self.table))
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
        self.readout = widgets.HTML()
        image_layout = widgets.Layout(max_width="460px")
        self.chart_a = widgets.Image(format="png", layout=image_layout)
        self.chart_b = widgets.Image(format="png", layout=image_layout)
        self.tornado_chart = widgets.Image(format="png", layout=widgets.Layout(max_width="700px"))
        self.panels, self.live = {}, {}
        for key in ("a", "b"):
            figure, ax = new_figure(4.8, 3.6)
            self.panels[key] = StocksPanel(ax)
        figure, ax = new_figure(7.5, 3.6)
        self.panels["tornado"] = self.tornado = TornadoPanel(ax, len(pipeline.LEVERS))
        for key, panel in self.panels.items():
            self.live[key] = LiveFigure(panel.ax.figure, panel.dynamic_artists)
        self.top = None        # the shared upper limit of the two stock panels
        self.shown_b = None    # what panel B shows: (preset, years, top)
        self._laid_out = set()
        self._updating = False
        super().__init__([widgets.HBox([self.scenario, self.compare, self.years]),
                          widgets.VBox(list(self.levers.values())), self.readout,
                          widgets.HBox([self.chart_a, self.chart_b]), self.tornado_chart])
        self.scenario.observe(self._load_preset, names="value")
        for control in [self.compare, self.years, *self.levers.values()]:
            control.observe(self.update, names="value")
        self._load_preset()

    def parameters(self):
        """Scenario A's parameters: the preset, with the levers as the sliders set them."""
        preset = pipeline.scenario_parameters(self.scenario.value, self.table)
        return pipeline.validate({**preset, **{name: slider.value for name, slider in self.levers.items()}})

    def _load_preset(self, change=None):
        preset = pipeline.scenario_parameters(self.scenario.value, self.table)
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
        params_a = self.parameters()
        run_a = pipeline.simulate(params_a, years, start=self.start)
        run_b = pipeline.simulate(pipeline.scenario_parameters(self.compare.value, self.table), years, start=self.start)
        final_a = run_a[run_a["year"] == years].set_index("stock")["people"]
        final_b = run_b[run_b["year"] == years].set_index("stock")["people"]
        workforce_a, workforce_b = pipeline.outcome(final_a), pipeline.outcome(final_b)
        self.readout.value = message(
            "pipeline_readout", years=years, a=workforce_a, b=workforce_b,
            diff=workforce_a / workforce_b - 1 if workforce_b else 0.0,
            abroad_a=final_a["abroad"], abroad_b=final_b["abroad"])
        # a shared, round upper limit with headroom for the legend
        self.top = nice_ceiling(1.4 * max(self._panel_height(run_a), self._panel_height(run_b)))
        self._show("a", run_a, self.scenario.value, self.chart_a)
        if self.shown_b != (self.compare.value, years, self.top):
            self._show("b", run_b, self.compare.value, self.chart_b)
            self.shown_b = (self.compare.value, years, self.top)
        self.tornado.update(pipeline.sensitivity(params_a, change=CHANGE, years=years, start=self.start), CHANGE, years)
        self._render("tornado", self.tornado_chart)

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
            else:
                panel.ax.legend(loc="upper left", ncol=2, fontsize=7, framealpha=0.9)
            add_source(panel.ax, DATASET)
            self._laid_out.add(key)
        image.value = self.live[key].png(static=panel.static_state())


def pipeline_simulator(scenario="today", compare="hwasubun", years=25):
    """Steer the talent pipeline: pick a preset for A, move its levers, compare with preset B over ``years``.

    Both scenarios start from the steady state of today's pipeline, so the chart shows how a change of policy
    plays out over time. The tornado chart moves each of A's levers by ±20% and shows what that does to the
    domestic AI workforce at the end.
    """
    return PipelineSimulator(scenario, compare, years)
