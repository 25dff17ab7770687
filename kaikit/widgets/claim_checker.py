"""Widget: pick a headline claim, give your verdict, then see what the kit's data says and why."""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .. import factcheck
from ..charts import LiveFigure, add_source, new_figure
from ..i18n import get_language, message
from ..style import OTHER_COLOR, PALETTE
from ._chart_image import ChartImage
from ._controls import check_choice

__all__ = ["ClaimChecker", "claim_checker"]


class ClaimChecker(widgets.VBox):
    """A claim card, your verdict, and — when you ask — the kit's verdict, its evidence and a number chart."""

    def __init__(self, claim_id="s000_03"):
        self.table = factcheck.claims()
        check_choice("claim_id", claim_id, tuple(self.table["claim_id"]))
        language = get_language()
        gloss = "quote_ko" if language == "ko" else "claim_en"
        options = [(f"{row.claim_id} — {str(getattr(row, gloss))[:60]}", row.claim_id)
                   for row in self.table.itertuples()]
        self.claim = widgets.Dropdown(options=options, value=claim_id, description=message("claim"),
                                      layout=widgets.Layout(width="48em"))
        self.card = widgets.HTML()
        self.verdict = widgets.ToggleButtons(options=[(message(f"verdict_{v}"), v) for v in factcheck.VERDICTS],
                                             value=None, description=message("your_verdict"))
        self.reveal = widgets.Button(description=message("reveal"), button_style="info")
        self.feedback = widgets.HTML()
        self.score = widgets.HTML()
        self.chart = ChartImage(layout=widgets.Layout(max_width="420px", display="none"))
        figure, self.ax = new_figure(4.2, 2.4)
        self.bars = self.ax.barh([1, 0], [0, 0], color=[OTHER_COLOR, PALETTE[0]])
        self.ax.set_yticks([1, 0], [message("claim_bar"), message("data_bar")])
        self.ax.set_title(message("claim_vs_data"))
        self.value_labels = [self.ax.text(0, y, "", va="center", fontsize=9) for y in (1, 0)]
        self.live = LiveFigure(figure, [*self.bars, *self.value_labels])
        self.answers = {}
        super().__init__([self.claim, self.card, self.verdict, self.reveal, self.feedback, self.chart, self.score])
        self.claim.observe(self.show_claim, names="value")
        self.reveal.on_click(self.show_evidence)
        self.show_claim()
        add_source(self.ax, ["seed_claims", "claim_verdicts"])

    def row(self):
        return self.table[self.table["claim_id"] == self.claim.value].iloc[0]

    def show_claim(self, change=None):
        """Show the claim card; hide the previous evidence until asked."""
        row = self.row()
        gloss = row["claim_en"] if get_language() == "en" else ""
        claimed = row["claimed_source"] if isinstance(row["claimed_source"], str) else message("not_named")
        self.card.value = message("claim_card", quote=html.escape(row["quote_ko"]), gloss=html.escape(gloss),
                                  article=html.escape(str(row["article_title"])), claimed=html.escape(claimed))
        self.verdict.value = None
        self.feedback.value = ""
        self.chart.layout.display = "none"

    def show_evidence(self, button=None):
        """Reveal the kit's verdict and evidence (and score the learner's verdict, if one was chosen)."""
        row = self.row()
        kit = row["verdict"]
        if self.verdict.value is None:
            mark = "•"
        else:
            same, _ = factcheck.judge(row["claim_id"], self.verdict.value, self.table)
            self.answers[row["claim_id"]] = same
            mark = "✅" if same else "❌"
        evidence = html.escape(str(row["evidence_ko"] if get_language() == "ko" else row["evidence_en"]))
        snapshot = factcheck.snapshot_text(row)  # the dated data the verdict rests on, if any
        if snapshot:
            evidence += f"<br><small>{html.escape(snapshot)}</small>"
        self.feedback.value = message("verdict_feedback", mark=mark, verdict=message(f"verdict_{kit}"),
                                      evidence=evidence)
        self.score.value = message("claim_score", right=sum(self.answers.values()), tried=len(self.answers))
        self._draw_numbers(row)

    def _draw_numbers(self, row):
        if pd.isna(row["figure"]) or pd.isna(row["evidence_value"]):
            self.chart.layout.display = "none"
            return
        values = (float(row["figure"]), float(row["evidence_value"]))
        for bar, label, value in zip(self.bars, self.value_labels, values):
            bar.set_width(value)
            label.set_text(f" {value:,.4g}")
            label.set_x(value)
        self.ax.set_xlim(0, 1.25 * max(values + (1e-9,)))
        self.live.show_in(self.chart, (self.ax.get_xlim(),))
        self.chart.layout.display = ""


def claim_checker(claim_id: str = "s000_03") -> ClaimChecker:
    """Fact-check the seed articles: pick a claim, choose a verdict (supported, depends on the definition, not
    supported, cannot be checked with this data), then reveal what the kit's data says and why."""
    return ClaimChecker(claim_id)
