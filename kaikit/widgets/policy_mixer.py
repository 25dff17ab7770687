"""Widget: split an AI budget between compute, talent and start-ups; see what it could buy by 2030 (illustrative)."""
from __future__ import annotations

import html

import ipywidgets as widgets
from matplotlib.figure import Figure

from .. import policy
from ..charts import LiveFigure, add_source, nice_ceiling
from ..i18n import message
from ..style import KOREA_COLOR, OTHER_COLOR, PALETTE
from ._chart_image import ChartImage

__all__ = ["PolicyMixer", "policy_mixer"]


class PolicyMixer(widgets.VBox):
    """A budget slider and a weight per area; the readout, three small bar panels and the assumptions table."""

    def __init__(self, budget=2.0, weights=(5, 3, 2)):
        self.budget = widgets.FloatSlider(value=budget, min=0, max=10, step=0.1, description=message("budget"),
                                          continuous_update=False, style={"description_width": "12em"},
                                          layout=widgets.Layout(width="30em"))
        self.weights = {area: widgets.IntSlider(value=w, min=0, max=10, description=message(f"area_{area}"),
                                                continuous_update=False, style={"description_width": "12em"},
                                                layout=widgets.Layout(width="30em"))
                        for area, w in zip(policy.AREAS, weights)}
        self.warning = widgets.HTML(message("policy_warning"))
        self.readout = widgets.HTML()
        self.chart = ChartImage(layout=widgets.Layout(max_width="760px"))
        self.assumptions = widgets.HTML(self._assumptions_html())
        self.figure = Figure(figsize=(7.6, 2.6), dpi=100)
        axes = self.figure.subplots(1, 3)
        self.axes = dict(zip(policy.AREAS, axes))
        self.bars = {
            "compute": axes[0].bar([message("policy_today"), message("policy_2030")], [0, 0],
                                   color=[OTHER_COLOR, KOREA_COLOR]),
            "talent": axes[1].bar([message("policy_students"), message("policy_workforce")], [0, 0],
                                  color=[PALETTE[0], PALETTE[2]]),
            "startups": axes[2].bar([""], [0], color=[PALETTE[1]]),
        }
        for area, ax in self.axes.items():
            ax.set_title(message(f"policy_panel_{area}"), fontsize=10)
            ax.tick_params(labelsize=8)
        self.figure.suptitle(message("policy_title"), fontsize=11, fontweight="bold")
        self.live = LiveFigure(self.figure, [bar for bars in self.bars.values() for bar in bars])
        self.outcome = None
        super().__init__([self.warning, self.budget, *self.weights.values(), self.readout, self.chart,
                          self.assumptions])
        for control in [self.budget, *self.weights.values()]:
            control.observe(self.update, names="value")
        self.update()
        add_source(axes[0], ["korea_gpu_plans", "seed_claims", "pipeline_scenarios", "ai_clusters"])
        self._render()

    def shares(self):
        return policy.shares_from_weights({area: slider.value for area, slider in self.weights.items()})

    def update(self, change=None):
        """Recompute the mix and redraw the readout and the three panels."""
        shares = self.shares()
        self.outcome = o = policy.mix(self.budget.value, shares)
        self.readout.value = message(
            "policy_readout", c=shares["compute"], t=shares["talent"], s=shares["startups"], gpus=o["gpus_bought"],
            today=o["compute_today"], compute=o["compute_2030"], intake=o["extra_intake"],
            workforce=o["extra_workforce_2030"], students=o["extra_students_2030"], startups=o["startups"])
        values = {"compute": (o["compute_today"], o["compute_2030"]),
                  "talent": (o["extra_students_2030"], o["extra_workforce_2030"]),
                  "startups": (o["startups"],)}
        for area, numbers in values.items():
            for bar, value in zip(self.bars[area], numbers):
                bar.set_height(value)
            self.axes[area].set_ylim(0, nice_ceiling(1.1 * max(max(numbers), 1)))
        if self.figure.texts:
            self._render()

    def _render(self):
        limits = tuple(ax.get_ylim() for ax in self.axes.values())
        self.live.show_in(self.chart, limits)

    def _assumptions_html(self):
        head = "".join(f"<th>{h}</th>" for h in message("assumption_columns").split("|"))
        rows = "".join(f"<tr><td>{html.escape(name)}</td><td>{value:,.4g}</td><td>{html.escape(unit)}</td>"
                       f"<td>{html.escape(basis)}{' (' + html.escape(source) + ')' if source else ''}</td></tr>"
                       for name, (value, unit, basis, source) in policy.assumptions().items())
        return f"<table><tr>{head}</tr>{rows}</table>"


def policy_mixer(budget: float = 2.0, weights: tuple[int, int, int] = (5, 3, 2)) -> PolicyMixer:
    """Split a yearly AI budget (trillion KRW, 2026–2030) between compute, talent and start-ups and see what it could
    buy by 2030 — an illustrative model whose assumptions are shown under it."""
    return PolicyMixer(budget, weights)
