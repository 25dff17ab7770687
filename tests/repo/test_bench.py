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


def test_a_results_file_keeps_the_run_it_replaces_once(tmp_path):
    record = load_bench("record")
    path = tmp_path / "RESULTS.md"
    record.write(path, ["# Benchmarks", "", "| a | 1 |"])
    assert record.PREVIOUS not in path.read_text()
    record.write(path, ["# Benchmarks", "", "| a | 2 |"])
    record.write(path, ["# Benchmarks", "", "| a | 3 |"])
    text = path.read_text()
    assert text.count(record.PREVIOUS) == 1 and "| a | 3 |" in text and "| a | 2 |" in text
    assert "| a | 1 |" not in text, "only the run before is kept, not the whole history"
    assert "\n## Benchmarks" in text, "the previous run's headings go one level down"
