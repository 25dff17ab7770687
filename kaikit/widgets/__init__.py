"""Interactive widgets: thin ipywidgets views over the kit's pure functions.

>>> from kaikit import widgets
>>> ranking = widgets.supercomputer_ranking()
"""
from .pipeline import pipeline_simulator
from .supercomputers import supercomputer_ranking

__all__ = ["pipeline_simulator", "supercomputer_ranking"]
