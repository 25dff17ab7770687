"""Widget: count AI models by country under your own rules, and see which Korean models they include."""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.dates import DateFormatter, YearLocator, date2num

from .. import models
from ..charts import LiveFigure, RankingPanel, add_source, new_figure
from ..i18n import message
from ..rankings import rank_countries
from ..style import KOREA_COLOR, OTHER_COLOR
from ._chart_image import ChartImage
from ._controls import check_choice, range_slider

__all__ = ["ModelExplorer", "model_explorer"]

SHOWN = 10
THRESHOLDS = (0.0, 1e21, 1e22, 1e23, 1e24, 1e25)  # 0: no threshold


class ModelExplorer(widgets.VBox):
    """Catalogue, years, compute threshold and counting rule -> counts by country, a timeline, Korea's models."""

    def __init__(self, kind="large_scale", first_year=2020, last_year=2024):
        check_choice("kind", kind, models.CATALOGUES)
        self.links = {kind_: models.catalogue(kind_) for kind_ in models.CATALOGUES}
        self.kind = widgets.ToggleButtons(options=[(message(f"catalogue_{k}"), k) for k in models.CATALOGUES],
                                          value=kind, description=message("catalogue"))
        self.years = range_slider(value=(first_year, last_year), min=2012, max=2026,
                                  description=message("year_range"), continuous_update=False)
        self.threshold = widgets.SelectionSlider(
            options=[(message("no_threshold") if not t else f"{t:.0e}", t) for t in THRESHOLDS], value=0.0,
            description=message("min_compute"), continuous_update=False, style={"description_width": "10em"})
        self.rule = widgets.ToggleButtons(options=[(message(f"rule_{r}"), r) for r in models.RULES], value="whole",
                                          description=message("counting_rule"))
        self.readout = widgets.HTML()
        self.ranking_chart = ChartImage(layout=widgets.Layout(max_width="460px"))
        self.timeline_chart = ChartImage(layout=widgets.Layout(max_width="520px"))
        # A scrolling box: a keyboard must reach it (a Tab stop) to scroll it
        self.table = widgets.HTML(layout=widgets.Layout(max_height="260px", overflow="auto"), tabbable=True)
        ranking_figure, ranking_ax = new_figure(4.6, 4.2)
        self.ranking = RankingPanel(ranking_ax, SHOWN + 1)
        self.live_ranking = LiveFigure(ranking_figure, self.ranking.dynamic_artists)
        timeline_figure, self.timeline_ax = new_figure(5.2, 4.2)
        self.others = self.timeline_ax.scatter([], [], s=12, color=OTHER_COLOR, alpha=0.5,
                                               label=message("other_models_label"))
        self.korean = self.timeline_ax.scatter([], [], s=36, color=KOREA_COLOR, edgecolor="black", linewidth=0.5,
                                               label=message("korean_models_label"))
        self.threshold_line = self.timeline_ax.axhline(1e23, color="#333333", linestyle=":", linewidth=1)
        self.timeline_ax.set_yscale("log")
        self.timeline_ax.xaxis_date()
        self.timeline_ax.xaxis.set_major_locator(YearLocator(base=2))
        self.timeline_ax.xaxis.set_major_formatter(DateFormatter("%Y"))
        self.timeline_ax.set(title=message("compute_scatter_title"), xlabel=message("publication_date"),
                             ylabel=message("compute_scatter_axis"))
        self.live_timeline = LiveFigure(timeline_figure, [self.others, self.korean, self.threshold_line])
        self.selected = None
        super().__init__([widgets.HBox([self.kind, self.rule]), widgets.HBox([self.years, self.threshold]),
                          self.readout,
                          # side by side when there is room, one under the other when not (never a scrolling box)
                          widgets.HBox([self.ranking_chart, self.timeline_chart],
                                       layout=widgets.Layout(flex_flow="row wrap")),
                          self.table])
        for control in (self.kind, self.years, self.threshold, self.rule):
            control.observe(self.update, names="value")
        self.update()
        self.timeline_ax.legend(loc="upper left", fontsize=8)
        add_source(ranking_ax, ["notable_models", "large_scale_models"])
        add_source(self.timeline_ax, ["notable_models", "large_scale_models"])
        self._render()

    def update(self, change=None):
        """Select, count and redraw for the current choices."""
        first, last = self.years.value
        self.selected = models.select(self.links[self.kind.value], first, last, self.threshold.value or None)
        counts = models.count(self.selected, self.rule.value)
        whole, fractional = models.count(self.selected, "whole"), models.count(self.selected, "fractional")
        shown = rank_countries(pd.DataFrame({"iso3": counts.index, "models": counts.to_numpy()}), "models", n=SHOWN)
        if "KOR" in whole.index:
            self.readout.value = message("models_readout", whole=whole["KOR"], fractional=fractional["KOR"],
                                         rank=int(shown.loc[shown["highlighted"], "rank"].iloc[0]),
                                         countries=int(shown["countries"].iloc[0]), first=first, last=last,
                                         rule=message(f"rule_{self.rule.value}").lower())
        else:
            self.readout.value = message("models_readout_none")
        fmt = "{:,.0f}" if self.rule.value == "whole" else "{:,.1f}"
        # title and axis label stay fixed (the readout names the years and the rule), so most changes only redraw
        # the bars over a cached background
        self.ranking.update(shown, "models", title=message("models_title_static"), xlabel=message("models_axis_static"),
                            value_format=fmt)
        self._update_timeline(first, last)
        self._update_table()
        self._render()

    def _update_timeline(self, first, last):
        distinct = self.selected.drop_duplicates(["model_id", "iso3"])
        known = distinct.dropna(subset=["training_compute_flop", "publication_date"])
        is_korean = known["model_id"].isin(known.loc[known["iso3"] == "KOR", "model_id"])
        for collection, rows in ((self.others, known[~is_korean].drop_duplicates("model_id")),
                                 (self.korean, known[is_korean].drop_duplicates("model_id"))):
            points = np.column_stack([date2num(rows["publication_date"]), rows["training_compute_flop"]])
            collection.set_offsets(points if len(points) else np.empty((0, 2)))
        threshold = self.threshold.value
        self.threshold_line.set_visible(bool(threshold))
        if threshold:
            self.threshold_line.set_ydata([threshold] * 2)
        # the whole period stays on the axis (points outside the chosen years are simply not drawn)
        self.timeline_ax.set_xlim(date2num(pd.Timestamp(self.years.min, 1, 1)),
                                  date2num(pd.Timestamp(self.years.max, 12, 31)))
        self.timeline_ax.set_ylim(1e22 if self.kind.value == "large_scale" else 1e14, 1e27)

    def _update_table(self):
        korean = models.korean_models(self.selected)
        headers = message("model_table_columns").split("|")
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(value))}</td>" for value in (
                row.model, row.organizations,
                "" if pd.isna(row.publication_date) else row.publication_date.strftime("%Y-%m-%d"),
                "" if pd.isna(row.training_compute_flop) else f"{row.training_compute_flop:.1e}",
                "" if pd.isna(row.accessibility) else row.accessibility)) + "</tr>"
            for row in korean.itertuples())
        self.table.value = (f"<b>{message('korean_models_label')} ({len(korean)})</b><table>"
                            "<tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>" + rows + "</table>")

    def _render(self):
        self.live_ranking.show_in(self.ranking_chart, self.ranking.static_state())
        axes = self.timeline_ax
        self.live_timeline.show_in(self.timeline_chart, (axes.get_xlim(), axes.get_ylim(), axes.get_title()))


def model_explorer(kind: str = "large_scale", first_year: int = 2020, last_year: int = 2024) -> ModelExplorer:
    """Count AI models by country: choose the catalogue (notable or large-scale), the years, a minimum training
    compute and the counting rule, and see the ranking, a compute timeline and the Korean models that count."""
    return ModelExplorer(kind, first_year, last_year)
