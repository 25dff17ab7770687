"""Chart helpers shared by lessons and widgets: Korea highlighted, a source line under every chart.

>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> add_source(ax, "top500_by_country")  # doctest: +ELLIPSIS
Text(...)
"""
import io

import seaborn as sns
from matplotlib.figure import Figure

from .data import cite, country_names
from .style import KOREA_COLOR, OTHER_COLOR


def add_source(ax, name):
    """Write the citation of dataset ``name`` under the chart that holds ``ax`` and return the text."""
    figure = ax.figure
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    return figure.text(0.01, 0.015, cite(name), fontsize=8, color="#555555", ha="left", va="bottom")


def ranking_bar(ax, ranked, value, title, xlabel, value_format="{:,.0f}"):
    """Horizontal bars of ``ranked`` (from ``rank_countries``), Korea in the kit's highlight colour."""
    names = country_names()
    labels = [f"{rank}. {names.get(iso3, iso3)}" for rank, iso3 in zip(ranked["rank"], ranked["iso3"])]
    colours = [KOREA_COLOR if highlighted else OTHER_COLOR for highlighted in ranked["highlighted"]]
    sns.barplot(x=ranked[value].to_numpy(dtype=float), y=labels, hue=labels, palette=colours,
                legend=False, orient="h", ax=ax)
    for container in ax.containers:
        ax.bar_label(container, labels=[value_format.format(v) for v in container.datavalues],
                     padding=3, fontsize=9)
    ax.set(title=title, xlabel=xlabel, ylabel="")
    ax.margins(x=0.12)
    return ax


def new_figure(width=7.0, height=4.5):
    """A matplotlib Figure that pyplot does not track (so notebooks never show it twice) and its Axes."""
    figure = Figure(figsize=(width, height), dpi=100)
    return figure, figure.add_subplot()


def to_png(figure):
    """The figure rendered as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
