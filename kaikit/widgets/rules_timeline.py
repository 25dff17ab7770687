"""Widget: move through the AI rules' dates and see what applies in Korea and in the EU on the chosen month."""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .. import policy
from ..i18n import N_, get_language, message

__all__ = ["RulesTimeline", "render_rules", "rules_timeline"]

FLAGGED = ("blog", "secondary", "repost", "low")  # kinds of page whose dates the table marks with *


def _months(first="2024-07", last="2028-12"):
    """Month-end dates from ``first`` to ``last``: the slider's steps (a date stands for the end of its month)."""
    return [day.strftime("%Y-%m-%d") for day in pd.date_range(first, last, freq="ME")]


class RulesTimeline(widgets.VBox):
    """A month slider (arrow keys move it) with buttons to jump between dated events, and the table for the date."""

    def __init__(self, date="2026-12-31"):
        options = _months()
        chosen = max((d for d in options if d <= pd.Timestamp(date).strftime("%Y-%m-%d")), default=options[0])
        self.date = widgets.SelectionSlider(options=options, value=chosen, description=message("rules_date"),
                                            continuous_update=False, style={"description_width": "6em"},
                                            layout=widgets.Layout(width="40em"))
        self.previous = widgets.Button(description=message("rules_previous"))
        self.next = widgets.Button(description=message("rules_next"))
        self.table = widgets.HTML()
        self.events = sorted(pd.to_datetime(policy.rules_timeline(options[0])["date"]).unique())
        super().__init__([self.date, widgets.HBox([self.previous, self.next]), self.table])
        self.date.observe(self.update, names="value")
        self.previous.on_click(lambda _: self.jump(-1))
        self.next.on_click(lambda _: self.jump(+1))
        self.update()

    def jump(self, step):
        """Move to the month of the previous (step -1) or next (+1) dated event."""
        now = pd.Timestamp(self.date.value)
        if step > 0:
            later = [e for e in self.events if e > now]
            target = later[0] if later else None
        else:
            month_start = now.replace(day=1)
            earlier = [e for e in self.events if e < month_start]
            target = earlier[-1] if earlier else None
        if target is not None:
            month_end = (target + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
            if month_end in self.date.options:
                self.date.value = month_end

    def update(self, change=None):
        """Rebuild the table for the chosen date."""
        self.table.value = render_rules(self.date.value)


def _row(row, lang):
    law = row["law_ko"] if lang == "ko" else row["law"]
    what = row[f"applies_{lang}"] if isinstance(row[f"applies_{lang}"], str) else row[f"event_{lang}"]
    star = "*" if row["reliability"] in FLAGGED else ""
    return (f"<tr><td>{row['jurisdiction']}</td><td>{html.escape(law)}</td><td>{html.escape(what)}</td>"
            f"<td>{pd.Timestamp(row['date']):%Y-%m-%d}{star}</td><td>{row['reliability']}</td></tr>")


def render_rules(date: str) -> str:
    """The widget's HTML for ``date``: what applies in Korea and in the EU, what is scheduled, what was superseded."""
    lang = get_language()
    table = policy.rules_timeline(date)
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in message("rules_columns").split("|")) + "</tr>"
    # h3: the widget sits in a lesson section (h2); a heading level skipped confuses a screen reader's outline
    parts = [f"<h3>{message('rules_title', date=date)}</h3>"]
    for jurisdiction in policy.JURISDICTIONS:
        rows = table[(table["state"] == "applies") & (table["jurisdiction"] == jurisdiction)]
        body = "".join(_row(r, lang) for _, r in rows.iterrows()) or \
            f"<tr><td>{jurisdiction}</td><td colspan='4'>{message('rules_none')}</td></tr>"
        parts.append(f"<table>{head}{body}</table>")
    for state, title in (("scheduled", N_("rules_scheduled")), ("superseded", N_("rules_superseded"))):
        rows = table[table["state"] == state]
        if len(rows):
            style = " style='text-decoration: line-through'" if state == "superseded" else ""
            body = "".join(_row(r, lang) for _, r in rows.iterrows())
            parts.append(f"<p><b>{message(title)}</b></p><table{style}>{head}{body}</table>")
    parts.append(f"<p><small>{message('rules_blog_note')}</small></p>")
    return "".join(parts)


def rules_timeline(date: str = "2026-12-31") -> RulesTimeline:
    """What applies where on a chosen month: Korea's AI Basic Act beside the EU AI Act and the Digital Omnibus.

    >>> from kaikit.i18n import set_language
    >>> set_language("ko"); widget = rules_timeline("2026-02-01")
    >>> "AI 기본법" in widget.table.value
    True
    """
    return RulesTimeline(date)
