"""Widget: build a composite AI index yourself and watch Korea's rank move with every choice."""
from __future__ import annotations

import ipywidgets as widgets

from .. import index
from ..charts import LiveFigure, RankingPanel, add_source, new_figure, nice_ceiling
from ..i18n import message
from ._chart_image import ChartImage

__all__ = ["IndexBuilder", "index_builder"]

# the tables the indicators come from, cited under the chart
SOURCES = ["notable_models", "large_scale_models", "ai_clusters", "top500_by_country", "ai_publications",
           "ai_patents_per_million", "ai_private_investment", "countries"]


class IndexBuilder(widgets.VBox):
    """A weight slider per pillar, a rescaling method and a per-capita switch; a ranked bar chart of the result."""

    def __init__(self):
        self.table = index.indicators()
        self.weights = {
            pillar: widgets.IntSlider(value=1, min=0, max=5, description=message(f"pillar_{pillar}"),
                                      continuous_update=False, style={"description_width": "12em"},
                                      layout=widgets.Layout(width="28em"))
            for pillar in index.PILLARS
        }
        self.method = widgets.ToggleButtons(options=[(message(f"method_{m}"), m) for m in index.METHODS],
                                            value="minmax", description=message("normalisation"))
        self.per_capita = widgets.Checkbox(value=False, description=message("per_capita"))
        self.readout = widgets.HTML()
        self.chart = ChartImage(layout=widgets.Layout(max_width="640px"))
        figure, ax = new_figure(6.4, 4.8)
        self.panel = RankingPanel(ax, len(self.table))
        self.live = LiveFigure(figure, self.panel.dynamic_artists)
        self.ranked, self.range, self._range_for = None, None, None
        super().__init__([widgets.HBox([widgets.VBox(list(self.weights.values())),
                                        widgets.VBox([self.method, self.per_capita])]),
                          self.readout, self.chart])
        for control in [self.method, self.per_capita, *self.weights.values()]:
            control.observe(self.update, names="value")
        self.update()
        add_source(ax, SOURCES)
        self.live.show_in(self.chart, self.panel.static_state())

    def current_weights(self):
        return {pillar: slider.value for pillar, slider in self.weights.items()}

    def update(self, change=None):
        """Rebuild the index for the current choices; redraw the readout and the ranking."""
        weights = self.current_weights()
        if not any(weights.values()):
            self.readout.value = message("index_all_zero")
            return
        method, per_capita = self.method.value, self.per_capita.value
        self.ranked = index.build_index(self.table, weights, method, per_capita)
        if self._range_for != (method, per_capita):  # depends only on these two: recompute when they change
            self.range = index.rank_range(self.table, "KOR", method, per_capita)
            self._range_for = (method, per_capita)
        korea = self.ranked[self.ranked["iso3"] == "KOR"].iloc[0]
        self.readout.value = message("index_readout", rank=int(korea["rank"]), total=len(self.ranked),
                                     score=korea["score"], best=self.range["best"], worst=self.range["worst"])
        shown = self.ranked.assign(highlighted=self.ranked["iso3"] == "KOR")
        if method == "zscore":
            low = min(0.0, float(shown["score"].min()))
            xlim = (-nice_ceiling(-low) if low < 0 else 0.0, nice_ceiling(1.15 * float(shown["score"].max())))
        else:
            xlim = (0.0, 1.15)
        suffix = message("per_capita_suffix") if per_capita else ""
        self.panel.update(shown, "score", title=message("index_title"),
                          xlabel=message("index_axis", method=message(f"method_{method}"), per_capita=suffix),
                          value_format="{:.2f}", xlim=xlim)
        self.live.show_in(self.chart, self.panel.static_state())


def index_builder() -> IndexBuilder:
    """Build your own composite AI index: weight seven open indicators, choose how to rescale them and whether to
    divide by population, and see where Korea lands. Which weights make Korea #3? #10?"""
    return IndexBuilder()
