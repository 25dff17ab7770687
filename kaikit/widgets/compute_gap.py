"""Widget: can Korea's AI compute catch up? Trajectories on a log scale and the catch-up year."""
from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .. import compute
from ..charts import LiveFigure, add_source, new_figure
from ..data import country_names, load
from ..i18n import message
from ..style import KOREA_COLOR, OTHER_COLOR
from ._chart_image import ChartImage
from ._controls import check_choice

__all__ = ["COMPARATORS", "ComputeGap", "compute_gap"]

COMPARATORS = ("USA", "CHN", "DEU", "JPN", "FRA", "GBR")


class ComputeGap(widgets.VBox):
    """Korea against one comparator: starting stocks from the data, growth rates from sliders."""

    def __init__(self, comparator="CHN", korea_growth=50, other_growth=30, years=15):
        check_choice("comparator", comparator, COMPARATORS)
        # Epoch AI's rule, as everywhere in the kit: existing clusters in its standard analysis (no duplicates, no
        # plans)
        self.documented = compute.documented_compute(status="Existing", rows="standard")
        plans = load("korea_gpu_plans")
        self.nvidia_estimate = float(plans.loc[plans["plan_id"] == "nvidia_2025_installed_base", "gpus"].iloc[0])
        names = country_names()
        self.comparator = widgets.Dropdown(options=[(names[c], c) for c in COMPARATORS], value=comparator,
                                           description=message("comparator"))
        self.korea_start = widgets.Dropdown(
            options=[(message("start_documented"), "documented"), (message("start_nvidia"), "nvidia")],
            value="documented", description=message("korea_start"), style={"description_width": "8em"},
            layout=widgets.Layout(width="32em"))
        slider = dict(min=-20, max=200, step=5, continuous_update=False, style={"description_width": "12em"},
                      layout=widgets.Layout(width="30em"))
        self.korea_growth = widgets.IntSlider(value=korea_growth, description=message("korea_growth"), **slider)
        self.other_growth = widgets.IntSlider(value=other_growth, description=message("other_growth"), **slider)
        self.years = widgets.IntSlider(value=years, min=5, max=30, description=message("horizon"),
                                       continuous_update=False)
        self.readout = widgets.HTML()
        self.chart = ChartImage(layout=widgets.Layout(max_width="640px"))
        figure, self.ax = new_figure(6.4, 4.0)
        # Korea solid and thicker, the comparator dashed: the lines differ by more than colour
        (self.korea_line,) = self.ax.plot([], [], color=KOREA_COLOR, linewidth=3, label=names["KOR"])
        (self.other_line,) = self.ax.plot([], [], color=OTHER_COLOR, linewidth=2, linestyle="--", label="")
        self.catch_line = self.ax.axvline(compute.BASE_YEAR, color="#333333", linestyle=":", linewidth=1.5)
        self.ax.set_yscale("log")
        self.ax.set(xlabel=message("calendar_year"), ylabel=message("compute_axis"))
        self.live = LiveFigure(figure, [self.korea_line, self.other_line, self.catch_line])
        self.gap_years = None
        self.legend = None
        super().__init__([widgets.HBox([self.comparator, self.years]), self.korea_start,
                          self.korea_growth, self.other_growth, self.readout, self.chart])
        for control in (self.comparator, self.korea_start, self.korea_growth, self.other_growth, self.years):
            control.observe(self.update, names="value")
        self.update()
        self.legend = self.ax.legend(handles=[self.korea_line, self.other_line], loc="upper left", fontsize=8)
        add_source(self.ax, ["ai_clusters", "korea_gpu_plans"])
        self.live.show_in(self.chart, self._static())

    def starts(self):
        korea = self.documented.get("KOR", 0.0) if self.korea_start.value == "documented" else self.nvidia_estimate
        return korea, float(self.documented.get(self.comparator.value, 0.0))

    def _static(self):
        return self.ax.get_title(), self.ax.get_xlim(), self.ax.get_ylim(), self.other_line.get_label()

    def update(self, change=None):
        """Recompute both trajectories and the catch-up year; redraw the readout and the chart."""
        korea, other = self.starts()
        g_korea, g_other = self.korea_growth.value / 100, self.other_growth.value / 100
        years = self.years.value
        calendar = compute.BASE_YEAR + np.arange(years + 1)
        korea_path = compute.trajectory(korea, g_korea, years)
        other_path = compute.trajectory(other, g_other, years)
        self.gap_years = compute.years_to_catch_up(korea, g_korea, other, g_other)
        other_name = self.comparator.label
        unit = message("unit_h100" if self.korea_start.value == "documented" else "unit_gpus")
        values = dict(korea=korea, korea_unit=unit, ahead=other, other=other_name)
        if self.gap_years == 0:
            self.readout.value = message("compute_readout_ahead", **values)
        elif math.isinf(self.gap_years):
            self.readout.value = message("compute_readout_never", **values)
        else:
            self.readout.value = message("compute_readout_catch", year=compute.catch_up_year(self.gap_years),
                                         years=self.gap_years, **values)
        self.korea_line.set_data(calendar, korea_path)
        self.other_line.set_data(calendar, other_path)
        self.other_line.set_label(other_name)
        if self.legend is not None:
            self.legend.get_texts()[1].set_text(other_name)
        visible = 0 < self.gap_years <= years
        self.catch_line.set_visible(visible)
        if visible:
            self.catch_line.set_xdata([compute.BASE_YEAR + self.gap_years] * 2)
        positive = np.concatenate([korea_path, other_path])
        positive = positive[positive > 0]
        low, high = 10 ** math.floor(math.log10(positive.min())), 10 ** math.ceil(math.log10(positive.max()))
        self.ax.set_xlim(calendar[0], calendar[-1])
        self.ax.set_ylim(low, high)
        self.ax.set_title(message("compute_title", other=other_name))
        self.live.show_in(self.chart, self._static())


def compute_gap(comparator: str = "CHN", korea_growth: int = 50, other_growth: int = 30, years: int = 15) -> ComputeGap:
    """Korea's AI compute against a comparator's: pick the starting point (documented clusters or NVIDIA's
    estimate), set yearly growth rates, and read when — or whether — Korea catches up."""
    return ComputeGap(comparator, korea_growth, other_growth, years)
