"""What a chart is missing: the kit's checklist for every chart, as a function graders and learners can call.

>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> len(chart_problems(ax)) >= 3
True
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .i18n import LANGUAGES, in_language, message

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["chart_problems"]


def chart_problems(ax: Axes) -> list[str]:
    """Problems with the chart on ``ax`` (an empty list when it has everything): data, a title, axis labels, and a
    source line under the figure (``kk.add_source``)."""
    problems = []
    has_data = bool(ax.lines or ax.patches or ax.collections or ax.images)
    if not has_data:
        problems.append(message("chart_no_data"))
    if not ax.get_title().strip():
        problems.append(message("chart_no_title"))
    if not ax.get_xlabel().strip():
        problems.append(message("chart_no_xlabel"))
    if not ax.get_ylabel().strip():
        problems.append(message("chart_no_ylabel"))
    texts = [text.get_text() for text in ax.figure.texts]
    labels = tuple(in_language(language, message, "source_label") for language in LANGUAGES)   # either language
    if not any(text.startswith(labels) for text in texts):
        problems.append(message("chart_no_source"))
    return problems
