"""Interactive widgets: thin ipywidgets views over the kit's pure functions.

>>> from kaikit import widgets
>>> ranking = widgets.supercomputer_ranking()
"""
from .claim_checker import claim_checker
from .compute_gap import compute_gap
from .index_builder import index_builder
from .model_explorer import model_explorer
from .pipeline import pipeline_simulator
from .policy_mixer import policy_mixer
from .rules_timeline import rules_timeline
from .supercomputers import supercomputer_ranking
from .talent_compare import talent_compare

__all__ = ["claim_checker", "compute_gap", "index_builder", "model_explorer", "pipeline_simulator", "policy_mixer",
           "rules_timeline", "supercomputer_ranking", "talent_compare"]
