"""Chart helpers shared by lessons and widgets: Korea highlighted, a source line under every chart.

>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> add_source(ax, "top500_by_country")  # doctest: +ELLIPSIS
Text(...)
"""
from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import blended_transform_factory
from PIL import Image

from ._text_cache import TextCachingCanvas
from .data import cite, country_names
from .i18n import N_, message
from .style import KOREA_COLOR, OTHER_COLOR, PALETTE

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = ["DOMESTIC_STOCKS", "KOREA_MARK", "STOCK_COLOURS", "LiveFigure", "RankingPanel", "StocksPanel",
           "TornadoPanel", "add_source", "describe", "mark_korea", "new_figure", "nice_ceiling", "pipeline_stocks",
           "show", "to_png", "tornado"]


def add_source(ax: Axes, name: str | list[str] | tuple[str, ...], rows: pd.DataFrame | None = None) -> Text:
    """Write the citation of dataset ``name`` (of just the ``rows`` shown, if given; see ``cite``) under the chart
    that holds ``ax`` and return the text.

    It also lays the figure out (``tight_layout``) to leave room for the line: call it after the chart is drawn."""
    figure = ax.figure
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    text = cite(name, rows)
    return figure.text(0.01, 0.015, text, fontsize=8, color="#555555", ha="left", va="bottom", wrap=True)


# Korea differs from other countries by more than colour ("colour is never the only signal"): its bars are hatched
# and its name on an axis is bold.
KOREA_MARK = {"hatch": "///", "fontweight": "bold", "linewidth": 3.2}   # bars, names, lines


def _is_korea_colour(colour) -> bool:
    """The Korea colour as drawn: as given, or as seaborn's bar and box plots draw it (desaturated to 75 %)."""
    from matplotlib.colors import to_hex
    from seaborn.utils import desaturate

    return to_hex(colour) in {to_hex(KOREA_COLOR), to_hex(desaturate(KOREA_COLOR, 0.75))}


def _hatch(patch, hatch: str | None) -> None:
    """Hatch ``patch`` in white lines over its colour (matplotlib draws a hatch in the edge colour it had)."""
    patch.set_hatch(hatch)
    if hasattr(patch, "set_hatchcolor"):   # matplotlib >= 3.10
        patch.set_hatchcolor("white")
    else:
        patch.set_edgecolor("white")


def mark_korea(figure: Figure) -> Figure:
    """Give Korea's bars a hatch, Korea's lines (and their legend entries) a heavier stroke and Korea's name on the
    axes a bold face, so that the kit's Korea colour is never the only thing that tells Korea apart (for readers who
    do not see the colour, or print in grey). ``show`` does it for every chart; return ``figure``.

    >>> fig, ax = new_figure()
    >>> bars = ax.bar(["USA", "KOR"], [2, 1], color=[OTHER_COLOR, KOREA_COLOR])
    >>> _ = mark_korea(fig); [bar.get_hatch() for bar in bars]
    [None, '///']
    """
    from matplotlib.patches import Rectangle

    korea_names = {name for name in (country_names().get("KOR"), "KOR", "South Korea", "Korea", "대한민국", "한국")
                   if name}
    for ax in figure.axes:
        for patch in ax.patches:
            if isinstance(patch, Rectangle) and patch.get_width() and _is_korea_colour(patch.get_facecolor()):
                _hatch(patch, KOREA_MARK["hatch"])
        legend = ax.get_legend()
        for line in [*ax.lines, *(legend.get_lines() if legend else [])]:
            if line.get_linestyle() not in ("None", "") and _is_korea_colour(line.get_color()):
                line.set_linewidth(max(line.get_linewidth(), KOREA_MARK["linewidth"]))
        for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
            if label.get_text().strip() in korea_names:
                label.set_fontweight(KOREA_MARK["fontweight"])
    return figure


def describe(figure: Figure, key: str = N_("chart_alt")) -> str:
    """A short text alternative for a chart, from what the chart itself says: its titles (which state the finding),
    its axes' labels and its source line. The longer description a lesson writes is in the text above the chart.
    ``key`` is the message that frames it ("widget_chart_alt" for a widget's chart).

    >>> fig, ax = new_figure()
    >>> _ = ax.set(title="Korea comes 3rd", xlabel="Score")
    >>> describe(fig).startswith("차트: Korea comes 3rd")
    True
    """
    parts = [figure._suptitle.get_text()] if getattr(figure, "_suptitle", None) else []
    for ax in figure.axes:
        labels = [label for label in (ax.get_xlabel(), ax.get_ylabel()) if label]
        titles = [title for title in (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if title]
        if titles or labels:
            parts.append(" — ".join(titles + ([message("chart_axes", axes=", ".join(labels))] if labels else [])))
    source = " ".join(text.get_text() for text in figure.texts if text.get_text())   # the source line (add_source)
    if source and not source.endswith("."):
        source += "."
    return message(key, chart="; ".join(parts) or message("chart_untitled"), source=source).replace("  ", " ").strip()


def show(figure: Figure | Axes | None = None, alt: str | None = None) -> None:
    """Show a chart under its cell, in place of ``plt.show()``: the same image, with a text alternative (``alt``)
    that screen readers read (JupyterLab shows matplotlib's own output as an image without one), and Korea's bars
    and name marked by more than colour (``mark_korea``).

    Call it once, as the last line of the cell that draws the chart, after ``kk.add_source``::

        fig, ax = plt.subplots()
        ...                                    # draw, then ax.set(title=..., xlabel=..., ylabel=...)
        kk.add_source(ax, "top500_by_country")
        kk.show()

    ``figure`` is the chart to show, a Figure or one of its Axes (default: the chart the cell is drawing, pyplot's
    current figure); ``alt`` defaults to ``describe(figure)``: the chart's titles, axis labels and source line, so a
    title that states the finding gives a useful description. The figure is closed afterwards, as ``plt.show()``
    closes it in a notebook; ``ax`` and ``fig`` keep everything drawn on them, so tests can still read them.

    With no chart open (nothing drawn yet, or the chart was already shown, and closed, by ``plt.show()``) it shows
    nothing and says so, in the learner's language, rather than an empty image.
    """
    import base64
    import html

    import matplotlib.pyplot as plt
    from IPython.display import display

    if figure is None:
        if not plt.get_fignums():   # plt.gcf() would make, and show, an empty figure
            print(message("show_nothing_open"))
            return
        figure = plt.gcf()
    chart = figure
    for _ in range(3):   # an Axes, a SubFigure, seaborn's FacetGrid: up to the Figure that holds it
        if isinstance(chart, Figure):
            break
        chart = getattr(chart, "figure", None)
    if not isinstance(chart, Figure):
        raise TypeError(message("show_not_a_chart", got=type(figure).__name__))
    figure = chart
    mark_korea(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")   # as Jupyter's inline backend shows a figure
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    text = alt or describe(figure)
    # text/html carries the alt text (JupyterLab prefers it); image/png stays for tools that read outputs, with the
    # text alternative in its metadata too.
    bundle = {"image/png": encoded,
              "text/html": f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(text, quote=True)}">',
              "text/plain": text}
    display(bundle, raw=True, metadata={"image/png": {"alt": text}})
    plt.close(figure)


class RankingPanel:
    """Horizontal bars of ranked countries (rank 1 on top), Korea in the kit's highlight colour, hatched and with its
    name in bold (not by colour alone).

    Made with ``slots`` bars once; ``update`` fills as many as there are rows and hides the rest. Bars and their
    labels are the changing artists for a ``LiveFigure``; ``static_state`` is what the background depends on."""

    def __init__(self, ax: Axes, slots: int) -> None:
        self.ax = ax
        positions = list(range(slots - 1, -1, -1))
        self.bars = ax.barh(positions, [0] * slots, color=OTHER_COLOR, height=0.7)
        to_left_of_axes = blended_transform_factory(ax.transAxes, ax.transData)
        self.names = [ax.text(-0.01, y, "", transform=to_left_of_axes, ha="right", va="center", fontsize=9)
                      for y in positions]
        self.values = [ax.text(0, y, "", ha="left", va="center", fontsize=8, color="#333333") for y in positions]
        ax.set_yticks([])
        ax.set_ylim(-0.6, slots - 0.4)
        self.dynamic_artists = [*self.bars, *self.names, *self.values]

    def update(self, ranked: pd.DataFrame, value: str, title: str, xlabel: str, value_format: str = "{:,.0f}",
               xlim: tuple[float, float] | None = None) -> RankingPanel:
        """Show ``ranked`` (columns iso3, rank, highlighted and ``value``) in order; fix the x range with ``xlim``."""
        names = country_names()
        rows = list(ranked.itertuples(index=False))
        top = max([getattr(row, value) for row in rows] + [0])
        low, high = xlim or (min([getattr(row, value) for row in rows] + [0]), nice_ceiling(1.15 * top))
        for i, (bar, name, number) in enumerate(zip(self.bars, self.names, self.values)):
            if i < len(rows):
                row = rows[i]
                width = getattr(row, value)
                bar.set_width(width)
                bar.set_color(KOREA_COLOR if row.highlighted else OTHER_COLOR)
                _hatch(bar, KOREA_MARK["hatch"] if row.highlighted else None)   # not by colour alone
                name.set_text(f"{row.rank}. {names.get(row.iso3, row.iso3)}")
                name.set_fontweight(KOREA_MARK["fontweight"] if row.highlighted else "normal")
                number.set_text(value_format.format(width))
                number.set_x(max(width, 0) + 0.01 * (high - low))
            else:
                bar.set_width(0)
                name.set_text("")
                number.set_text("")
        self.ax.set_xlim(low, high)
        self.ax.set_ylim(len(self.bars) - max(len(rows), 1) - 0.6, len(self.bars) - 0.4)
        self.ax.set(title=title, xlabel=xlabel)
        return self

    def static_state(self):
        """What the cached background of a ``LiveFigure`` depends on."""
        return self.ax.get_title(), self.ax.get_xlabel(), self.ax.get_xlim(), self.ax.get_ylim()


def new_figure(width: float = 7.0, height: float = 4.5) -> tuple[Figure, Axes]:
    """A matplotlib Figure that pyplot does not track (so notebooks never show it twice) and its Axes."""
    figure = Figure(figsize=(width, height), dpi=100)
    return figure, figure.add_subplot()


class LiveFigure:
    """Render a figure to PNG quickly, again and again: the static parts (axes, ticks, labels, titles) are drawn once
    and cached, and only the artists that change are drawn over them (blitting). Pass ``static`` (any value that
    changes when the static parts change, e.g. the axis limits and title) and the cache is rebuilt when it does.
    A rebuild is fast too: the canvas keeps each text's raster (``TextCachingCanvas``)."""

    def __init__(self, figure: Figure, dynamic_artists: list[Artist]) -> None:
        self.figure = figure
        self.canvas = TextCachingCanvas(figure)
        self.dynamic = list(dynamic_artists)
        for artist in self.dynamic:
            artist.set_animated(True)
        for ax in figure.axes:
            # The title sits on the axes' top edge (a widget puts no ticks there), so matplotlib need not measure
            # every tick label on each draw to place it: a third of a redraw. (A given ``y`` turns that off.)
            ax.set_title(ax.get_title(), y=1.0, fontsize=ax.title.get_fontsize(), fontweight=ax.title.get_fontweight())
        self.background, self.static = None, None

    def _layout(self):
        """Changes that always invalidate the cache: source lines, the figure layout, legends."""
        params = self.figure.subplotpars
        return (len(self.figure.texts), (params.left, params.right, params.bottom, params.top),
                tuple(ax.get_legend() is not None for ax in self.figure.axes))

    def png(self, static: object = None) -> bytes:
        static = (static, self._layout())
        if self.background is None or static != self.static:
            self.canvas.draw()  # everything but the animated artists
            self.background, self.static = self.canvas.copy_from_bbox(self.figure.bbox), static
        else:
            self.canvas.restore_region(self.background)
        for artist in self.dynamic:
            self.figure.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        if self.figure.patch.get_facecolor()[3] == 1:
            image = image.convert("RGB")   # opaque: a quarter less to encode, the same picture
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

    def show_in(self, image, static: object = None) -> None:
        """Show the figure in the ipywidgets ``Image`` ``image``, with a text alternative for screen readers (the
        image's ``tooltip``, its ``title``: ipywidgets' Image has no ``alt``)."""
        image.value = self.png(static)
        image.tooltip = describe(self.figure, N_("widget_chart_alt"))


def to_png(figure: Figure) -> bytes:
    """The figure rendered as PNG bytes (light compression: encoding fast matters more than a few kilobytes)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


ROUND_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceiling(value: float) -> float:
    """The next round number at or above ``value`` (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten), so
    an axis keeps the same limit while the data moves a little.

    >>> nice_ceiling(231_000)
    250000
    """
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    result = next(step * power for step in ROUND_STEPS if step * power >= value * (1 - 1e-12))
    return int(result) if float(result).is_integer() else result


STOCK_COLOURS = {"students": PALETTE[0], "early_career": PALETTE[2], "experienced": PALETTE[1]}
DOMESTIC_STOCKS = tuple(STOCK_COLOURS)


class StocksPanel:
    """Stacked areas of the domestic stocks over time (from ``pipeline.simulate``), with Korean talent abroad as a
    dashed line. The artists are made once; ``update`` only changes their data, so a widget redraws quickly."""

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.areas = [ax.fill_between([0, 1], 0, 0, color=STOCK_COLOURS[stock], alpha=0.85,
                                      label=message(f"stock_{stock}"), linewidth=0)
                      for stock in DOMESTIC_STOCKS]
        (self.abroad,) = ax.plot([0, 1], [0, 0], color="#333333", linestyle="--", linewidth=1.5,
                                 label=message("stock_abroad"))
        ax.set(xlabel=message("year_axis"), ylabel=message("people_axis"))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        self.dynamic_artists = [*self.areas, self.abroad]

    def static_state(self):
        """What the cached background of a ``LiveFigure`` depends on."""
        return self.ax.get_title(), self.ax.get_xlim(), self.ax.get_ylim()

    def update(self, simulation: pd.DataFrame, title: str, top: float | None = None) -> StocksPanel:
        """Show ``simulation``; ``top`` fixes the upper y limit (to compare panels), else it fits the data."""
        wide = simulation.pivot(index="year", columns="stock", values="people")
        years = wide.index.to_numpy()
        lower = 0
        for area, stock in zip(self.areas, DOMESTIC_STOCKS):
            upper = lower + wide[stock].to_numpy()
            area.set_data(years, lower, upper)
            lower = upper
        self.abroad.set_data(years, wide["abroad"].to_numpy())
        self.ax.set_title(title)
        self.ax.set_xlim(years.min(), years.max())
        self.ax.set_ylim(0, top or 1.05 * max(lower.max(), wide["abroad"].max()))
        return self


def pipeline_stocks(ax: Axes, simulation: pd.DataFrame, title: str) -> StocksPanel:
    """Draw a pipeline simulation once (see ``StocksPanel``), with a legend."""
    panel = StocksPanel(ax).update(simulation, title)
    ax.legend(loc="upper left", fontsize=8)
    return panel


class TornadoPanel:
    """Horizontal bars of each lever's effect (from ``pipeline.sensitivity``), strongest on top: the left and right
    ends are the outcome with the lever lowered and raised. Bars are made once and updated in place."""

    def __init__(self, ax: Axes, levers: int) -> None:
        self.ax = ax
        positions = range(levers)
        self.low = ax.barh(positions, [0] * levers, color=PALETTE[0])
        self.high = ax.barh(positions, [0] * levers, color=PALETTE[1])
        ax.axvline(0, color="#333333", linewidth=1)
        ax.set_yticks(list(positions))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:+,.0f}"))
        self.dynamic_artists = [*self.low, *self.high]

    def static_state(self):
        """What the cached background of a ``LiveFigure`` depends on."""
        labels = tuple(label.get_text() for label in self.ax.get_yticklabels())
        return labels, self.ax.get_xlim(), self.ax.get_title(), self.ax.get_xlabel()

    def update(self, table: pd.DataFrame, change: float, years: int | None) -> TornadoPanel:
        rows = table.iloc[::-1]  # strongest on top
        low = (rows["outcome_low"] - rows["base"]).to_numpy()
        high = (rows["outcome_high"] - rows["base"]).to_numpy()
        for bar, width in zip(self.low, low):
            bar.set_width(width)
        for bar, width in zip(self.high, high):
            bar.set_width(width)
        percent = round(change * 100)
        self.low.set_label(message("lever_lowered", pct=percent))
        self.high.set_label(message("lever_raised", pct=percent))
        self.ax.set_yticklabels([message(f"lever_{lever}") for lever in rows["lever"]])
        reach = nice_ceiling(1.1 * max(abs(low).max(), abs(high).max(), 1))  # a stable scale: fewer redraws
        self.ax.set_xlim(-reach, reach)
        self.ax.set(title=message("tornado_title", pct=percent), xlabel=message("tornado_axis", years=years))
        return self


def tornado(ax: Axes, table: pd.DataFrame, change: float, years: int | None) -> TornadoPanel:
    """Draw a sensitivity table once as a tornado chart (see ``TornadoPanel``), with a legend."""
    panel = TornadoPanel(ax, len(table)).update(table, change, years)
    ax.legend(loc="lower right", fontsize=8)
    return panel
