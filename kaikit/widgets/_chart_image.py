"""The image a widget shows its chart in, with a text alternative for screen readers."""
from __future__ import annotations

import ipywidgets as widgets
from traitlets import Unicode

__all__ = ["ChartImage"]


class ChartImage(widgets.Image):
    """An ipywidgets ``Image`` (PNG) whose ``tooltip`` is its text alternative: the browser's image gets it as its
    ``title``, which screen readers read (ipywidgets' Image has no ``alt``; ``LiveFigure.show_in`` fills it).

    ``description`` stays empty: ipywidgets' front end gives a widget its ``title`` only when the widget's
    description is empty, and reads the description of every widget that has a tooltip (the plain Image has none, so
    the front end would fail on it).

    >>> ChartImage().format
    'png'
    """

    description = Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(format="png", **kwargs)
