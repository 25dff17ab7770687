"""What a learner sees of the kit: ``dir(kk)`` and each module's ``__all__`` are exactly what the course uses and
documents; errors about a name read as sentences; numbers from numpy and pandas are numbers."""
import importlib
import json
import re

import numpy as np
import pandas as pd
import pytest
from conftest import notebooks

import kaikit as kk
from kaikit._validate import UnknownNameError

MODULES = ["data", "style", "charts", "chartcheck", "compute", "factcheck", "index", "measures", "models", "pipeline",
           "policy", "rankings", "self_check", "widgets"]
# kk.<name> or kaikit.<name>, and the attribute after it if there is one (ASCII only: the lessons' Korean comments
# run words on, as in "kk.add_source로").
USE = re.compile(r"\b(?:kk|kaikit)\.([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?")


def module(name):
    return importlib.import_module(f"kaikit.{name}")


def used_in_notebooks():
    """Every (name, attribute or None) that a code cell of the committed lessons and solutions writes as
    ``kk.name.attribute`` or ``kaikit.name.attribute``."""
    used = set()
    for path in notebooks("lessons", "solutions"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                used |= {match.groups() for match in USE.finditer("".join(cell["source"]))}
    return used


def test_dir_shows_the_public_names_only():
    assert dir(kk) == sorted(kk.__all__)
    assert "widgets" in dir(kk) and "widgets" in kk.__all__   # loaded when first used, listed all the same
    for internal in ("importlib", "i18n", "self_check", "data", "_paths", "annotations"):
        assert internal not in dir(kk)


@pytest.mark.parametrize("name", ["kaikit", *MODULES])
def test_every_listed_name_exists(name):
    listed = kk if name == "kaikit" else module(name)
    assert len(listed.__all__) == len(set(listed.__all__))
    assert [attribute for attribute in listed.__all__ if not hasattr(listed, attribute)] == []


def test_the_notebooks_use_only_public_names():
    used = used_in_notebooks()
    assert {"load", "pipeline", "widgets"} <= {name for name, _ in used}, "the scan finds the lessons' calls"
    assert [name for name, _ in used if name not in kk.__all__] == []
    for name, attribute in sorted(used, key=str):
        if attribute is not None and name in MODULES:
            assert attribute in module(name).__all__, f"kk.{name}.{attribute} is used by a notebook"


def test_a_star_import_gives_the_public_names():
    namespace = {}
    exec("from kaikit import *", namespace)
    assert set(kk.__all__) <= set(namespace)


# --- errors about a name read as sentences --------------------------------------------------------------------

def unknown_name_errors():
    from kaikit import factcheck, index, measures, pipeline, policy, rankings

    today = pipeline.scenario_parameters("today")
    return {
        "data": lambda: kk.load("top500_by_contry"),
        "pipeline": lambda: pipeline.scenario_parameters("tomorrow"),
        "pipeline stocks": lambda: pipeline.step({"students": 1}, today),
        "pipeline ranges": lambda: pipeline.draw_parameters(today, {"cohrt": 0.1}),
        "index": lambda: index.composite(pd.DataFrame({"compute": [1.0]}), {"computer": 1}),
        "measures": lambda: measures.view("patents"),
        "policy": lambda: policy.mix(1.0, {"compute": 1.0}),
        "factcheck": lambda: factcheck.judge("s999_99", "supported"),
        "rankings": lambda: rankings.rank_countries(pd.DataFrame({"iso3": ["KOR"]}), "systems"),
    }


@pytest.mark.parametrize("case", list(unknown_name_errors()))
def test_an_unknown_name_is_a_key_error_that_reads_as_its_message(case):
    with pytest.raises(KeyError) as caught:
        unknown_name_errors()[case]()
    assert isinstance(caught.value, UnknownNameError)
    message = caught.value.args[0]
    assert isinstance(message, str) and len(message) > 20
    assert str(caught.value) == message, "the message as written, not quoted with escapes as a KeyError shows it"


def test_an_unknown_dataset_is_still_its_own_error():
    with pytest.raises(kk.data.UnknownDatasetError) as caught:
        kk.load("nothing")
    assert isinstance(caught.value, UnknownNameError) and isinstance(caught.value, KeyError)


# --- numbers from numpy and pandas ----------------------------------------------------------------------------

def with_numpy_numbers():
    from kaikit import compute, index, measures, models, pipeline, policy, rankings

    today = pipeline.scenario_parameters("today")
    as_numpy = {name: np.float64(value) for name, value in today.items()}
    as_numpy["cohort"] = np.int64(today["cohort"])
    systems = kk.load("top500_by_country")["systems"]
    return {
        # the review's case: a count read from a table is a numpy integer
        "compute.years_to_catch_up": lambda: compute.years_to_catch_up(systems.iloc[0], np.float64(0.5),
                                                                       np.int64(8), 0.1),
        "compute.trajectory": lambda: compute.trajectory(np.int64(100), np.float64(0.1), np.int64(3)),
        "measures.cagr": lambda: measures.cagr(np.int64(100), np.float64(200.0), np.int64(5)),
        "measures.won_unit": lambda: measures.won_unit(np.float64(2e11)),
        "policy.reactors_for": lambda: policy.reactors_for(np.int64(3000)),
        "policy.gpus_to_mw": lambda: policy.gpus_to_mw(np.int64(10_000), np.float64(1000.0), np.float64(1.5)),
        "policy.mix": lambda: policy.mix(np.float64(2.0), {"compute": np.float64(0.5), "talent": np.float64(0.3),
                                                           "startups": np.float64(0.2)}),
        "pipeline.simulate": lambda: pipeline.simulate(as_numpy, years=np.int64(2)),
        "pipeline.draw_parameters": lambda: pipeline.draw_parameters(today, {"cohort": np.float64(0.1)},
                                                                     draws=np.int64(3)),
        "pipeline.cohort_scale": lambda: pipeline.cohort_scale(pd.Series({2007: 5.0, 2008: 4.0}),
                                                               base_year=np.int64(2026), until=np.int64(2028)),
        "index.build_index": lambda: index.build_index(index.indicators(), {"compute": np.int64(2),
                                                                            "publications": np.float64(0.5)}),
        "models.select": lambda: models.select(models.catalogue(), np.int64(2020), np.int64(2024)),
        "rankings.rank_countries": lambda: rankings.rank_countries(systems.to_frame().assign(iso3="KOR"), "systems",
                                                                   n=np.int64(2)),
    }


@pytest.mark.parametrize("call", list(with_numpy_numbers()))
def test_numpy_numbers_are_numbers(call):
    assert with_numpy_numbers()[call]() is not None
