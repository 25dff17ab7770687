"""kaikit — the K-AI Teaching Kit's small library.

The public surface a learner needs::

    import kaikit as kk
    kk.setup(lang="ko")                 # chart theme, Korean font, language of messages
    kk.datasets()                       # what data is bundled
    table = kk.load("top500_by_country")
    kk.cite("top500_by_country")        # the source line for a chart
    kk.data_as_of()                     # the tables this notebook used: period, as of when, sources
    kk.add_source(ax, "top500_by_country")
    kk.widgets.supercomputer_ranking()  # an interactive widget
    kk.pipeline.steady_state(params)    # the models behind the widgets
"""
import importlib

from . import compute, factcheck, index, measures, models, pipeline, policy
from .chartcheck import chart_problems
from .charts import add_source
from .data import cite, data_as_of, datasets, load
from .self_check import check, progress
from .style import KOREA_COLOR, country_palette, setup

__version__ = "0.1.0"
__all__ = ["setup", "load", "datasets", "data_as_of", "cite", "add_source", "check", "progress", "chart_problems", "country_palette", "KOREA_COLOR", "compute", "factcheck", "index", "measures", "models", "pipeline", "policy", "widgets"]


def __getattr__(name):
    # Widgets pull in ipywidgets; import them only when a notebook asks for them.
    if name == "widgets":
        return importlib.import_module(".widgets", __name__)
    raise AttributeError(f"module 'kaikit' has no attribute {name!r}")
