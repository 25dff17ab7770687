"""kaikit — the K-AI Teaching Kit's small library.

The public surface a learner needs::

    import kaikit as kk
    kk.setup(lang="ko")                 # chart theme, Korean font, language of messages
    kk.datasets()                       # what data is bundled
    table = kk.load("top500_by_country")
    kk.cite("top500_by_country")        # the source line for a chart
    kk.data_as_of()                     # the tables this notebook used: period, as of when, sources
    kk.add_source(ax, "top500_by_country")
    kk.show()                           # the chart, with a text alternative for screen readers
    kk.widgets.supercomputer_ranking()  # an interactive widget
    kk.pipeline.steady_state(params)    # the models behind the widgets
    kk.variants.case("ex02_chips")      # this learner's case of an exercise part
"""
from __future__ import annotations

import importlib

from . import compute, factcheck, index, measures, models, pipeline, policy, variants
from .chartcheck import chart_problems
from .charts import add_source, show
from .data import cite, data_as_of, datasets, load
from .self_check import check, progress
from .style import KOREA_COLOR, country_palette, setup

__version__ = "0.1.0"
# What a learner sees: ``dir(kk)`` and tab completion show these names and nothing else (not the modules the library
# is made of, such as ``data``, ``i18n`` or ``self_check``, which stay importable). tests/unit/test_public_face.py
# checks that every ``kk.<name>`` the lessons and solutions use is here.
__all__ = [
    # charts and data
    "setup", "load", "datasets", "data_as_of", "cite", "add_source", "show", "chart_problems", "country_palette",
    "KOREA_COLOR",
    # checking one's work
    "check", "progress",
    # the models behind the lessons, and the widgets (loaded when first used)
    "compute", "factcheck", "index", "measures", "models", "pipeline", "policy", "widgets",
    # per-student cases of an exercise
    "variants",
]


def __getattr__(name: str):
    # Widgets pull in ipywidgets; import them only when a notebook asks for them.
    if name == "widgets":
        return importlib.import_module(".widgets", __name__)
    raise AttributeError(f"module 'kaikit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
