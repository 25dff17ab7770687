"""`make bench` keeps working: its widget drivers and browser round trips still match the widgets (smoke runs, not
timing tests)."""
import importlib.util

from kaikit._paths import REPO_ROOT


def load_bench(name="run"):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO_ROOT / "benchmarks" / f"{name}.py")
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


def test_the_browser_round_trips_find_every_widget_in_a_lesson():
    import kaikit.widgets

    found = load_bench("round_trips").lessons_by_widget()
    assert set(found) == set(kaikit.widgets.__all__), "every widget is measured in a lesson that shows it"
    assert all(path.parent.name == "ko" and index >= 0 for path, index in found.values())
