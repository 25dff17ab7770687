import ipywidgets
import pytest

import kaikit as kk

PNG_MAGIC = b"\x89PNG"


@pytest.fixture
def ranking():
    kk.setup(lang="ko")
    return kk.widgets.supercomputer_ranking()


def korea_rank(table, date, measure):
    one_list = table[table["list_date"] == date]
    return int(one_list[measure].rank(ascending=False, method="min")[one_list["iso3"] == "KOR"].iloc[0])


def test_first_view_shows_the_latest_list_with_koreas_rank(ranking):
    table = kk.load("top500_by_country")
    latest = table["list_date"].max()
    assert ranking.list_date.value == latest
    assert f"{korea_rank(table, latest, 'systems')}위" in ranking.readout.value
    assert bytes(ranking.chart.value).startswith(PNG_MAGIC)


def test_changing_each_control_updates_readout_or_chart(ranking):
    table = kk.load("top500_by_country")
    before_readout, before_chart = ranking.readout.value, ranking.chart.value
    ranking.metric.value = "rmax_share_pct"
    assert ranking.readout.value != before_readout and "%" in ranking.readout.value
    assert ranking.chart.value != before_chart
    assert f"{korea_rank(table, ranking.list_date.value, 'rmax_share_pct')}위" in ranking.readout.value

    before_chart = ranking.chart.value
    ranking.countries.value = 5
    assert ranking.chart.value != before_chart

    first_list = ranking.list_date.options[0][1]
    ranking.list_date.value = first_list
    assert f"{korea_rank(table, first_list, 'rmax_share_pct')}위" in ranking.readout.value


def test_chart_shows_the_ranking_with_korea_highlighted(ranking):
    for measure in ["rmax_share_pct", "systems", "rmax_share_pct"]:
        ranking.metric.value = measure
    figure = ranking.panel.ax.figure
    assert len(figure.texts) == 1 and figure.texts[0].get_text() == kk.cite("top500_by_country")
    shown = [(bar.get_width(), name.get_text()) for bar, name in zip(ranking.panel.bars, ranking.panel.names)
             if name.get_text()]
    expected = ranking.ranked
    assert [width for width, _ in shown] == pytest.approx(expected["rmax_share_pct"].tolist())
    korea = next(i for i, iso3 in enumerate(expected["iso3"]) if iso3 == "KOR")
    assert shown[korea][1].endswith("한국")
    import matplotlib.colors as mcolors

    from kaikit.style import KOREA_COLOR
    assert mcolors.to_hex(ranking.panel.bars[korea].get_facecolor()) == KOREA_COLOR


def test_korea_is_shown_even_outside_the_top_n(ranking):
    ranking.metric.value = "systems"
    ranking.countries.value = 3
    names = [name.get_text() for name in ranking.panel.names if name.get_text()]
    assert len(names) == 4 and names[-1].endswith("한국")


def test_widget_labels_follow_the_language():
    kk.setup(lang="en")
    ranking = kk.widgets.supercomputer_ranking()
    assert "ranked" in ranking.readout.value and ranking.list_date.description == "List"


def test_widget_is_an_ipywidget_that_can_be_displayed(ranking):
    assert isinstance(ranking, ipywidgets.DOMWidget)
    view = ranking._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == ranking.model_id, "Jupyter shows this widget's own model"
    assert ranking.readout in ranking.children and ranking.chart in ranking.children, "the readout and chart are shown"


# --- the talent-pipeline simulator ---------------------------------------------------------------------------

from kaikit import pipeline as pl  # noqa: E402


@pytest.fixture
def simulator():
    kk.setup(lang="ko")
    return kk.widgets.pipeline_simulator()


def final_workforce(params, years, start):
    run = pl.simulate(params, years, start=start)
    return pl.outcome(run[run["year"] == years].set_index("stock")["people"])


def test_simulator_starts_from_todays_steady_state_and_reads_out_both_scenarios(simulator):
    start = pl.steady_state(pl.scenario_parameters("today"))
    a = final_workforce(pl.scenario_parameters("today"), 25, start)
    b = final_workforce(pl.scenario_parameters("hwasubun"), 25, start)
    assert f"A {a:,.0f}명" in simulator.readout.value and f"B {b:,.0f}명" in simulator.readout.value
    for image in (simulator.chart_a, simulator.chart_b, simulator.tornado_chart):
        assert bytes(image.value).startswith(PNG_MAGIC)


def test_choosing_a_preset_sets_the_sliders(simulator):
    simulator.scenario.value = "stop_medical_pull"
    preset = pl.scenario_parameters("stop_medical_pull")
    for name, slider in simulator.levers.items():
        assert slider.value == pytest.approx(preset[name], abs=slider.step / 2), name


def test_moving_a_lever_updates_a_and_the_tornado_but_not_b(simulator):
    before = {k: bytes(getattr(simulator, k).value) for k in ("chart_a", "chart_b", "tornado_chart")}
    readout = simulator.readout.value
    simulator.levers["medical_pull"].value = 0.1
    assert simulator.readout.value != readout
    assert bytes(simulator.chart_a.value) != before["chart_a"]
    assert bytes(simulator.tornado_chart.value) != before["tornado_chart"]
    start = pl.steady_state(pl.scenario_parameters("today"))
    expected = final_workforce({**pl.scenario_parameters("today"), "medical_pull": 0.1}, 25, start)
    assert f"A {expected:,.0f}명" in simulator.readout.value
    # panel A's stacked areas end at the simulated domestic stocks
    top_area = simulator.panels["a"].areas[-1]
    assert top_area.get_paths()[0].vertices[:, 1].max() == pytest.approx(
        expected + pl.simulate({**pl.scenario_parameters("today"), "medical_pull": 0.1}, 25, start=start)
        .query("year == 25 and stock == 'students'")["people"].item(), rel=1e-9)


def test_changing_b_or_the_years_redraws_b(simulator):
    before = bytes(simulator.chart_b.value)
    simulator.compare.value = "import_talent"
    assert bytes(simulator.chart_b.value) != before
    assert "import" not in simulator.readout.value  # labels, not keys, are shown
    before = bytes(simulator.chart_b.value)
    simulator.years.value = 40
    assert bytes(simulator.chart_b.value) != before and "40년 뒤" in simulator.readout.value


def test_tornado_lists_the_strongest_lever_on_top(simulator):
    table = pl.sensitivity(simulator.parameters(), years=25, start=simulator.start)
    labels = [label.get_text() for label in simulator.tornado.ax.get_yticklabels()]
    assert labels[-1] == kk.i18n.message(f"lever_{table['lever'].iloc[0]}")
    widths = [bar.get_width() for bar in simulator.tornado.high]
    assert widths[-1] == pytest.approx(table["outcome_high"].iloc[0] - table["base"].iloc[0])


def test_simulator_speaks_english():
    kk.setup(lang="en")
    simulator = kk.widgets.pipeline_simulator()
    assert "Domestic AI workforce" in simulator.readout.value
    assert simulator.scenario.label == "Today's leaky pipeline"


def test_simulator_hides_the_uncertainty_band_until_its_check_box_is_ticked(simulator):
    assert isinstance(simulator.band, ipywidgets.Checkbox) and simulator.band.description == "불확실성 범위 보기"
    assert simulator.band in simulator.children, "a control of its own, reachable with the keyboard (Tab, Space)"
    assert simulator.band.value is False and simulator.band_box.layout.display == "none"
    assert "백분위" not in simulator.readout.value and not simulator.band_chart.value
    simulator.band.value = True
    assert simulator.band_box.layout.display is None and bytes(simulator.band_chart.value).startswith(PNG_MAGIC)
    band_a, band_b, share = pl.compare_bands(pl.scenario_parameters("today"), pl.scenario_parameters("hwasubun"),
                                             years=25, draws=200, seed=0, start=simulator.start)
    last_a, last_b = band_a.iloc[-1], band_b.iloc[-1]
    assert f"A {last_a['low']:,.0f}–{last_a['high']:,.0f}명" in simulator.readout.value
    assert f"B {last_b['low']:,.0f}–{last_b['high']:,.0f}명" in simulator.readout.value
    assert f"A가 B보다 많은 경우 {share:.0%}" in simulator.readout.value
    assert "의대 쏠림" in simulator.band_note.value and "±50%" in simulator.band_note.value
    simulator.band.value = False
    assert simulator.band_box.layout.display == "none" and "백분위" not in simulator.readout.value


def test_simulator_band_chart_draws_each_run_as_assumed_inside_its_band():
    kk.setup(lang="ko")
    simulator = kk.widgets.pipeline_simulator(scenario="stop_medical_pull", compare="import_talent", band=True)
    simulator.levers["foreign_inflow"].value = 1500
    simulator.years.value = 30
    params_a = {**pl.scenario_parameters("stop_medical_pull"), "foreign_inflow": 1500.0}
    band_a, band_b, share = pl.compare_bands(params_a, pl.scenario_parameters("import_talent"), years=30,
                                             start=simulator.start)
    panel = simulator.band_panel
    for key, band in (("a", band_a), ("b", band_b)):
        assert list(panel.lines[key].get_xdata()) == list(range(31))
        assert panel.lines[key].get_ydata() == pytest.approx(band["central"].to_numpy())
        outline = panel.bands[key].get_paths()[0].vertices[:, 1]
        assert outline.min() == pytest.approx(band["low"].min()) and outline.max() == pytest.approx(band["high"].max())
    low, high = panel.ax.get_ylim()
    assert low <= min(band_a["low"].min(), band_b["low"].min())
    assert high >= max(band_a["high"].max(), band_b["high"].max())
    assert f"{share:.0%}" in simulator.readout.value and "30년 뒤" in simulator.readout.value
    assert any(text.get_text().startswith("출처") for text in panel.ax.figure.texts)


def test_simulator_band_speaks_english():
    kk.setup(lang="en")
    simulator = kk.widgets.pipeline_simulator(band=True)
    assert simulator.band.description == "Show the uncertainty band"
    assert "A is larger than B in" in simulator.readout.value and "Medical pull" in simulator.band_note.value


def test_live_figure_redraws_changed_data_and_rebuilds_its_cache_when_told():
    from kaikit.charts import LiveFigure, new_figure

    figure, ax = new_figure(3, 2)
    (line,) = ax.plot([0, 1], [0, 1])
    live = LiveFigure(figure, [line])
    first = live.png(static=("a",))
    assert live.png(static=("a",)) == first
    line.set_data([0, 1], [1, 0])
    assert live.png(static=("a",)) != first
    background = live.background
    ax.set_title("new")
    live.png(static=("b",))
    assert live.background is not background


def test_live_figure_titles_keep_their_font_and_place_and_skip_the_tick_label_measuring():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from kaikit.charts import LiveFigure, new_figure

    kk.setup(lang="ko")

    def titled():
        figure, ax = new_figure(3, 2)
        ax.plot([0, 1], [0, 1000])
        ax.set_title("제목 Title", fontsize=10)
        return figure, ax

    (plain, plain_ax), (live_figure, live_ax) = titled(), titled()
    plain_canvas = FigureCanvasAgg(plain)
    plain_canvas.draw()
    live = LiveFigure(live_figure, [])
    live.png()
    assert live_ax.title.get_fontsize() == 10 and live_ax.get_title() == "제목 Title"
    assert live_ax.title.get_window_extent(live.canvas.get_renderer()).bounds == pytest.approx(
        plain_ax.title.get_window_extent(plain_canvas.get_renderer()).bounds)
    live_ax.xaxis.set_ticks_position("top")   # where auto-placement would have moved it, it stays put: as documented
    live_ax.set(title="다른 제목")
    live.png(static="changed")
    assert live_ax.title.get_position()[1] == 1.0


# --- the index builder ----------------------------------------------------------------------------------------

from kaikit import index as ix  # noqa: E402


@pytest.fixture
def builder():
    kk.setup(lang="ko")
    return kk.widgets.index_builder()


def shown_rows(panel):
    return [(name.get_text(), bar.get_width()) for name, bar in zip(panel.names, panel.bars) if name.get_text()]


def test_index_builder_shows_every_country_ranked_with_koreas_rank(builder):
    expected = ix.build_index(ix.indicators(), {p: 1 for p in ix.PILLARS})
    rows = shown_rows(builder.panel)
    assert len(rows) == len(expected)
    assert [width for _, width in rows] == pytest.approx(expected["score"].tolist())
    assert f"<b>{ix.rank_of(expected)}위</b>" in builder.readout.value


def test_weights_method_and_per_capita_each_change_the_ranking(builder):
    table = ix.indicators()
    for name in ix.PILLARS:
        builder.weights[name].value = 0
    builder.weights["patents_per_million"].value = 3
    assert "<b>1위</b>" in builder.readout.value  # Korea leads on patents per head
    builder.weights["compute"].value = 5
    weights = builder.current_weights()
    assert f"<b>{ix.rank_of(ix.build_index(table, weights))}위</b>" in builder.readout.value
    before = shown_rows(builder.panel)
    builder.method.value = "rank"
    assert shown_rows(builder.panel) != before
    assert [w for _, w in shown_rows(builder.panel)] == pytest.approx(
        ix.build_index(table, weights, "rank")["score"].tolist())
    builder.per_capita.value = True
    assert [w for _, w in shown_rows(builder.panel)] == pytest.approx(
        ix.build_index(table, weights, "rank", per_capita=True)["score"].tolist())


def test_all_zero_weights_explain_instead_of_failing(builder):
    for slider in builder.weights.values():
        slider.value = 0
    assert "0" in builder.readout.value and "가중치" in builder.readout.value


# --- the compute gap ----------------------------------------------------------------------------------------

from kaikit import compute  # noqa: E402


@pytest.fixture
def gap():
    kk.setup(lang="ko")
    return kk.widgets.compute_gap(comparator="CHN", korea_growth=80, other_growth=30, years=15)


def test_compute_gap_reads_out_the_catch_up_year(gap):
    start = compute.documented_compute()
    years = compute.years_to_catch_up(start["KOR"], 0.8, start["CHN"], 0.3)
    assert f"{compute.catch_up_year(years)}년" in gap.readout.value
    assert gap.catch_line.get_visible() and gap.catch_line.get_xdata()[0] == pytest.approx(compute.BASE_YEAR + years)
    assert gap.korea_line.get_ydata()[0] == pytest.approx(start["KOR"])
    assert gap.other_line.get_ydata()[-1] == pytest.approx(start["CHN"] * 1.3 ** 15)


def test_compute_gap_starts_from_epochs_standard_analysis(gap):
    clusters = kk.load("ai_clusters")
    counted = clusters[(clusters["status"] == "Existing") & clusters["standard_analysis"]]
    starts = counted.groupby("iso3")["h100_equivalents"].sum()
    assert gap.korea_line.get_ydata()[0] == pytest.approx(starts["KOR"])
    assert gap.other_line.get_ydata()[0] == pytest.approx(starts["CHN"])
    chinese_and_existing = (clusters["status"] == "Existing") & (clusters["iso3"] == "CHN")
    every_existing_row = clusters.loc[chinese_and_existing, "h100_equivalents"]
    assert gap.other_line.get_ydata()[0] < every_existing_row.sum()  # the rows Epoch leaves out are not counted
    assert f"{starts['CHN']:,.0f}" in gap.readout.value


def test_compute_gap_says_never_when_korea_grows_slower(gap):
    gap.korea_growth.value = 20
    assert "따라잡지 못합니다" in gap.readout.value and not gap.catch_line.get_visible()


def test_compute_gap_switches_start_and_comparator(gap):
    before = bytes(gap.chart.value)
    gap.korea_start.value = "nvidia"
    plans = kk.load("korea_gpu_plans")
    nvidia = plans.loc[plans["plan_id"] == "nvidia_2025_installed_base", "gpus"].iloc[0]
    assert gap.korea_line.get_ydata()[0] == nvidia and bytes(gap.chart.value) != before
    gap.comparator.value = "USA"
    assert "미국" in gap.readout.value and gap.legend.get_texts()[1].get_text() == "미국"


# --- the model explorer ---------------------------------------------------------------------------------------

from kaikit import models as model_counts  # noqa: E402


@pytest.fixture
def explorer():
    kk.setup(lang="ko")
    return kk.widgets.model_explorer(kind="large_scale", first_year=2020, last_year=2024)


def test_explorer_counts_korea_under_both_rules(explorer):
    whole = model_counts.count_by_country("large_scale", 2020, 2024)
    assert f"{whole['KOR']:.0f}개 (완전 계수)" in explorer.readout.value
    rows = shown_rows(explorer.ranking)
    assert rows[0][1] == whole.iloc[0] and rows[0][0].endswith("미국")


def test_explorer_rule_threshold_and_catalogue_change_what_is_shown(explorer):
    explorer.rule.value = "fractional"
    fractional = model_counts.count_by_country("large_scale", 2020, 2024, rule="fractional")
    assert [w for _, w in shown_rows(explorer.ranking)][:5] == pytest.approx(fractional.iloc[:5].tolist())
    explorer.threshold.value = 1e24
    counted = model_counts.count_by_country("large_scale", 2020, 2024, min_compute=1e24, rule="fractional")
    assert [w for _, w in shown_rows(explorer.ranking)][0] == pytest.approx(counted.iloc[0])
    assert explorer.threshold_line.get_visible()
    explorer.kind.value = "notable"
    korean = model_counts.korean_models(model_counts.select(model_counts.catalogue("notable"), 2020, 2024, 1e24))
    assert f"({len(korean)})" in explorer.table.value
    for name in korean["model"]:
        assert name in explorer.table.value


def test_explorer_timeline_plots_korean_models_apart(explorer):
    korean = model_counts.korean_models(model_counts.select(model_counts.catalogue("large_scale"), 2020, 2024))
    assert len(explorer.korean.get_offsets()) == korean["training_compute_flop"].notna().sum()


# --- talent compare -----------------------------------------------------------------------------------------

from kaikit import measures  # noqa: E402


@pytest.fixture
def compare():
    kk.setup(lang="ko")
    return kk.widgets.talent_compare()


def test_talent_compare_draws_one_line_per_chosen_country(compare):
    expected = measures.view("publications", "share").query("iso3 == 'KOR'").set_index("year")["value"]
    line = compare.lines["KOR"]
    assert list(line.get_xdata()) == list(expected.index) and list(line.get_ydata()) == pytest.approx(expected.tolist())
    visible = [code for code, line in compare.lines.items() if line.get_visible()]
    assert visible == [code for code in compare.lines if code in compare.countries.value]
    growth = measures.cagr(expected.iloc[0], expected.iloc[-1], int(expected.index[-1] - expected.index[0]))
    assert f"{growth:+.1%}" in compare.readout.value


def test_talent_compare_views_indicators_and_years(compare):
    compare.how.value = "per_capita"
    expected = measures.view("publications", "per_capita").query("iso3 == 'KOR'")["value"].iloc[-1]
    assert compare.lines["KOR"].get_ydata()[-1] == pytest.approx(expected)
    compare.indicator.value = "investment"
    assert compare.years.value == (2014, 2023)
    compare.years.value = (2018, 2023)
    assert list(compare.lines["KOR"].get_xdata()) == list(range(2018, 2024))
    compare.countries.value = ("USA", "CHN")
    assert not compare.lines["KOR"].get_visible() and "없습니다" in compare.readout.value


def test_talent_compare_countries_are_checkboxes_that_change_the_chart_once_per_tick(compare):
    updates = []
    compare.countries.observe(lambda change: updates.append(change["new"]), names="value")
    assert all(isinstance(box, ipywidgets.Checkbox) for box in compare.countries.boxes.values())
    assert [box.description for box in compare.countries.boxes.values()] == [compare.names[c] for c in compare.lines]
    before = compare.chart.value
    compare.countries.boxes["TWN"].value = True           # what Space on a box does
    assert "TWN" in compare.countries.value and compare.lines["TWN"].get_visible()
    assert compare.chart.value != before and len(updates) == 1
    compare.countries.value = ("KOR", "USA", "KOR")       # set in code: boxes follow, options' order, once each
    assert compare.countries.value == ("USA", "KOR") and len(updates) == 2
    assert [c for c, box in compare.countries.boxes.items() if box.value] == ["USA", "KOR"]
    assert [c for c, line in compare.lines.items() if line.get_visible()] == ["USA", "KOR"]


def every_control(widget):
    """The widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from every_control(child)


def test_no_widget_uses_a_list_box_that_jupyterlab_takes_the_arrow_keys_from():
    """A focused ``<select>`` list loses ArrowDown to JupyterLab's notebook in command mode, so several-at-once
    choices are checkboxes (Space) and single choices dropdowns (Alt+ArrowDown) or toggle buttons."""
    kk.setup(lang="en")
    for name in kk.widgets.__all__:
        lists = [type(c).__name__ for c in every_control(getattr(kk.widgets, name)())
                 if isinstance(c, (ipywidgets.Select, ipywidgets.SelectMultiple))]
        assert lists == [], f"{name} shows {lists}"


@pytest.mark.parametrize("lang, words", [("ko", "고를 수 없는"), ("en", "not one of the choices")])
@pytest.mark.parametrize("name, argument, given, bad, valid", [
    ("talent_compare", "countries", ("KOR", "PRK"), "PRK", "TWN"),
    ("talent_compare", "how", "shares", "shares", "per_capita"),
    ("talent_compare", "indicator", "papers", "papers", "semiconductor_patents"),
    ("compute_gap", "comparator", "KOR", "KOR", "USA"),
    ("model_explorer", "kind", "big", "big", "notable"),
    ("pipeline_simulator", "compare", "utopia", "utopia", "hwasubun"),
    ("claim_checker", "claim_id", "s999_99", "s999_99", "s000_03"),
])
def test_an_unknown_choice_is_named_with_the_choices_in_the_learners_language(lang, words, name, argument, given,
                                                                              bad, valid):
    kk.setup(lang=lang)
    with pytest.raises(ValueError) as error:
        getattr(kk.widgets, name)(**{argument: given})
    text = str(error.value)
    assert words in text and argument in text and repr(bad) in text, text
    assert valid in text, "the message lists what can be chosen"


# --- the claim checker ----------------------------------------------------------------------------------------

from kaikit import factcheck  # noqa: E402


def test_factcheck_joins_every_claim_with_its_verdict():
    table = factcheck.claims()
    assert len(table) == len(kk.load("seed_claims")) and table["verdict"].isin(factcheck.VERDICTS).all()
    assert factcheck.summary().to_numpy().sum() == len(table)
    with pytest.raises(ValueError, match="supported"):
        factcheck.judge("s000_03", "maybe")
    with pytest.raises(KeyError):
        factcheck.judge("s999_99", "supported")


def test_claim_checker_hides_then_reveals_the_evidence_and_keeps_score():
    kk.setup(lang="ko")
    checker = kk.widgets.claim_checker("s001_13")
    row = factcheck.claims().set_index("claim_id").loc["s001_13"]
    assert row["quote_ko"] in checker.card.value and checker.feedback.value == ""
    checker.verdict.value = row["verdict"]
    checker.show_evidence()
    assert "✅" in checker.feedback.value and "1 / 1" in checker.score.value
    assert [bar.get_width() for bar in checker.bars] == pytest.approx([row["figure"], row["evidence_value"]])
    checker.claim.value = "s000_01"  # no number to compare: no chart
    assert checker.feedback.value == "" and checker.verdict.value is None
    checker.verdict.value = "supported"
    checker.show_evidence()
    assert "❌" in checker.feedback.value and checker.chart.layout.display == "none"
    assert "1 / 2" in checker.score.value


# --- the policy mixer -----------------------------------------------------------------------------------------

from kaikit import policy  # noqa: E402


def test_policy_mixer_shows_what_the_split_buys_and_its_assumptions():
    kk.setup(lang="ko")
    mixer = kk.widgets.policy_mixer(budget=2.0, weights=(5, 3, 2))
    expected = policy.mix(2.0, {"compute": 0.5, "talent": 0.3, "startups": 0.2})
    assert f"GPU {expected['gpus_bought']:,.0f}장" in mixer.readout.value and "예시 모형" in mixer.warning.value
    assert mixer.bars["compute"][1].get_height() == pytest.approx(expected["compute_2030"])
    assert "가정:" in mixer.assumptions.value, "in the lesson's language"
    assert "assumption" not in mixer.assumptions.value, "in the lesson's language"
    mixer.weights["compute"].value = 0
    mixer.weights["startups"].value = 0
    assert mixer.bars["talent"][1].get_height() == pytest.approx(
        policy.mix(2.0, {"compute": 0.0, "talent": 1.0, "startups": 0.0})["extra_workforce_2030"])
    for slider in mixer.weights.values():
        slider.value = 0  # no weights: an even split, not an error
    assert "33%" in mixer.readout.value


# --- the rules timeline (lesson 06) -------------------------------------------------------------------------------

def test_rules_timeline_shows_what_applies_on_the_chosen_month_and_marks_superseded_dates():
    timeline = kk.widgets.rules_timeline("2026-01-15")
    assert timeline.date.value == "2025-12-31", "a month slider: the last month-end on or before the date"
    assert "AI 기본법" not in timeline.table.value.split("<p>")[0], "Korea's Act is not in force before 2026-01-22"
    timeline.date.value = "2026-01-31"   # (its speed is measured by `make bench`, not here)
    applies = timeline.table.value.split("<p>")[0]
    assert "AI 기본법" in applies and "금지 AI 관행" in applies
    assert "line-through" in timeline.table.value and "원래 적용일" not in applies
    timeline.jump(+1)
    assert timeline.date.value == "2026-05-31", "next event: the Omnibus agreement of 2026-05-07"
    timeline.jump(-1)
    assert timeline.date.value == "2026-01-31"
    assert isinstance(timeline.date, ipywidgets.SelectionSlider), "keyboard-operable: arrow keys move the slider"


def test_talent_lines_are_told_apart_by_more_than_colour_and_the_defaults_stay_clear_of_koreas():
    from matplotlib.colors import to_rgb

    from kaikit.widgets.talent_compare import CHOICES, DEFAULT, line_style

    kk.setup(lang="ko")
    lines = kk.widgets.talent_compare(countries=CHOICES).lines
    looks = {code: (line.get_marker(), line.get_linestyle(), line.get_linewidth()) for code, line in lines.items()}
    assert len(set(looks.values())) == len(CHOICES)   # a marker, dash or width of its own, whatever the colours
    korea = to_rgb(line_style("KOR")["color"])
    for code in DEFAULT:
        if code != "KOR":
            distance = sum((a - b) ** 2 for a, b in zip(to_rgb(lines[code].get_color()), korea)) ** 0.5
            assert distance > 0.4, f"{code}'s line is hard to tell from Korea's"
