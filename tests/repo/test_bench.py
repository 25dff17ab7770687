"""`make bench` keeps working: its widget drivers still match the widgets (a smoke run, not a timing test)."""
import importlib.util

from kaikit._paths import REPO_ROOT


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", REPO_ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_widget_is_benchmarked_and_its_driver_runs():
    import kaikit.widgets

    bench = load_bench()
    assert set(bench.WIDGET_CHANGES) == set(kaikit.widgets.__all__)
    rows = bench.widgets(changes=3)
    assert [name for name, *_ in rows] == list(bench.WIDGET_CHANGES)
    assert all(median > 0 for _, median, _, _ in rows)
