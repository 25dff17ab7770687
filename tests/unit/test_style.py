import warnings

import matplotlib
import pytest
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure

import kaikit as kk
from kaikit.charts import to_png
from kaikit.style import FONT_FAMILY, KOREA_COLOR, OTHER_COLOR, PALETTE


def render_korean_chart():
    """Render a chart with Hangul text and negative ticks; return the warnings raised."""
    figure = Figure()
    ax = figure.add_subplot()
    ax.plot([-2, -1, 0, 1], [3, -1, 2, 0])
    ax.set(title="한국의 AI 인재 순유출", xlabel="연도", ylabel="명 (천)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        to_png(figure)
    return [str(w.message) for w in caught]


def test_setup_renders_hangul_and_minus_signs_without_missing_glyphs():
    kk.setup()
    assert render_korean_chart() == []


def test_without_the_korean_font_hangul_would_be_missing():
    # Shows the check above can fail: with a Latin-only font the same chart loses its glyphs.
    kk.setup()
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.sans-serif": ["DejaVu Sans"]}):
        assert any("missing from font" in text for text in render_korean_chart())


def test_setup_uses_the_bundled_nanum_gothic_font():
    kk.setup()
    path = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]),
                                 fallback_to_default=False)
    assert "NanumGothic" in path
    assert matplotlib.rcParams["font.family"] == [FONT_FAMILY] or FONT_FAMILY in matplotlib.rcParams["font.family"]


def test_setup_sets_the_colour_blind_safe_palette_and_korea_colour():
    kk.setup()
    assert sns.color_palette().as_hex() == sns.color_palette("colorblind").as_hex() == PALETTE
    assert KOREA_COLOR != OTHER_COLOR and KOREA_COLOR in PALETTE


def test_setup_is_idempotent():
    kk.setup(lang="en")
    first = dict(matplotlib.rcParams)
    kk.setup(lang="en")
    assert dict(matplotlib.rcParams) == first


def test_setup_sets_the_language_and_refuses_unknown_ones():
    kk.setup(lang="en")
    assert kk.cite("countries").startswith("Source")
    with pytest.raises(ValueError, match="Unknown language"):
        kk.setup(lang="jp")


def test_country_palette_highlights_korea_only():
    palette = kk.country_palette(["USA", "KOR", "JPN"])
    assert palette == {"USA": OTHER_COLOR, "KOR": KOREA_COLOR, "JPN": OTHER_COLOR}
    assert kk.country_palette(["USA"], highlight="USA") == {"USA": KOREA_COLOR}


def test_chart_problems_lists_what_a_chart_is_missing():
    import matplotlib.pyplot as plt

    kk.setup()
    fig, ax = plt.subplots()
    assert len(kk.chart_problems(ax)) == 5
    ax.plot([1, 2], [3, 4])
    ax.set(title="제목", xlabel="연도", ylabel="명")
    assert kk.chart_problems(ax) == ["출처 줄이 없습니다 (kk.add_source)"]
    kk.add_source(ax, "countries")
    assert kk.chart_problems(ax) == []
    plt.close(fig)


# --- colour is never the only signal: Korea differs from the others by more than the kit's Korea colour ----------

def korea_and_others(patches_or_lines, is_korea):
    korea = [p for p in patches_or_lines if is_korea(p)]
    return korea, [p for p in patches_or_lines if not is_korea(p)]


def non_colour_look(artist):
    """What tells an artist apart without colour: hatch, line style and width, marker, and a text's weight."""
    look = {}
    for name in ("hatch", "linestyle", "linewidth", "marker", "fontweight"):
        getter = getattr(artist, f"get_{name}", None)
        if getter is not None:
            look[name] = getter()
    return look


def test_the_ranking_panel_marks_korea_by_hatch_and_bold_name_not_colour_alone():
    import pandas as pd

    from kaikit.charts import RankingPanel, new_figure

    kk.setup(lang="en")
    figure, ax = new_figure()
    ranked = pd.DataFrame({"iso3": ["USA", "CHN", "KOR"], "rank": [1, 2, 3], "highlighted": [False, False, True],
                           "value": [30.0, 20.0, 10.0]})
    panel = RankingPanel(ax, 4).update(ranked, "value", title="t", xlabel="x")
    bars, names = panel.bars[:3], panel.names[:3]
    assert [bar.get_hatch() is not None for bar in bars] == [False, False, True]
    if hasattr(bars[2], "get_hatchcolor"):   # a hatch drawn in the bar's own colour would not show
        assert matplotlib.colors.to_hex(bars[2].get_hatchcolor()) != matplotlib.colors.to_hex(bars[2].get_facecolor())
    assert [name.get_fontweight() for name in names] == ["normal", "normal", "bold"]
    # and back: a redraw where Korea is not highlighted leaves no hatch behind
    panel.update(ranked.assign(highlighted=False), "value", title="t", xlabel="x")
    assert all(bar.get_hatch() is None for bar in bars)


def test_show_marks_koreas_bars_and_name_in_a_lesson_chart_drawn_with_the_korea_colour():
    import matplotlib.pyplot as plt
    import pandas as pd

    from kaikit.charts import mark_korea

    kk.setup(lang="en")
    names = {"USA": "United States", "KOR": "South Korea", "JPN": "Japan"}
    table = pd.DataFrame({"iso3": list(names), "value": [3, 2, 1]}).assign(name=lambda t: t["iso3"].map(names))
    ax = sns.barplot(data=table, x="value", y="name", hue="iso3", palette=kk.country_palette(table["iso3"]),
                     legend=False)
    mark_korea(ax.figure)
    korea, others = korea_and_others(ax.patches, lambda p: p.get_facecolor() != ax.patches[0].get_facecolor())
    assert len(korea) == 1 and others
    assert {non_colour_look(p)["hatch"] for p in korea} != {non_colour_look(p)["hatch"] for p in others}, \
        "Korea's bar differs from the others by colour alone"
    weights = {label.get_text(): label.get_fontweight() for label in ax.get_yticklabels()}
    assert weights["South Korea"] == "bold" and weights["Japan"] != "bold"
    plt.close(ax.figure)


def test_show_gives_koreas_line_and_its_legend_entry_a_heavier_stroke():
    import matplotlib.pyplot as plt
    import pandas as pd

    from kaikit.charts import mark_korea

    kk.setup(lang="en")
    table = pd.DataFrame({"year": [2020, 2021] * 3, "iso3": ["USA"] * 2 + ["KOR"] * 2 + ["JPN"] * 2,
                          "value": [3, 4, 1, 2, 2, 2]})
    ax = sns.lineplot(data=table, x="year", y="value", hue="iso3", linewidth=2,
                      palette=kk.country_palette(table["iso3"], distinct=True))
    mark_korea(ax.figure)
    strokes = {line.get_label(): line.get_linewidth() for line in ax.get_legend().get_lines()}
    korea = [line.get_linewidth() for line in ax.lines if line.get_color() == kk.KOREA_COLOR]
    others = [line.get_linewidth() for line in ax.lines if line.get_color() != kk.KOREA_COLOR]
    plt.close(ax.figure)
    assert strokes["KOR"] > strokes["USA"] == strokes["JPN"], "Korea's line differs from the others by colour alone"
    assert korea and min(korea) > max(others)


def test_the_compute_gap_lines_differ_by_more_than_colour():
    kk.setup(lang="en")
    widget = kk.widgets.compute_gap()
    korea, other = non_colour_look(widget.korea_line), non_colour_look(widget.other_line)
    assert korea != other, "Korea's line and the comparator's differ only by colour"


def test_every_widget_line_or_bar_in_the_korea_colour_differs_by_more_than_colour():
    """A sweep over the kit's widgets: wherever an artist is drawn in the Korea colour, the artists of other colours
    of the same kind (bars, lines) in that chart must not all look the same without colour."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    kk.setup(lang="en")
    made = [kk.widgets.supercomputer_ranking(), kk.widgets.compute_gap(), kk.widgets.index_builder(),
            kk.widgets.talent_compare(), kk.widgets.model_explorer()]
    checked = 0
    for widget in made:
        figures = {id(live.figure): live.figure for live in vars(widget).values() if hasattr(live, "figure")
                   and hasattr(live, "png")}
        for figure in figures.values():
            for ax in figure.axes:
                for kind in (Rectangle, Line2D):
                    artists = [a for a in [*ax.patches, *ax.lines] if isinstance(a, kind) and a.get_visible()
                               and (not isinstance(a, Rectangle) or a.get_width())]
                    colour = (lambda a: a.get_facecolor()) if kind is Rectangle else (lambda a: a.get_color())
                    korea, others = korea_and_others(
                        artists, lambda a, colour=colour: matplotlib.colors.to_hex(colour(a)) == KOREA_COLOR)
                    if korea and others:
                        checked += 1
                        looks = {str(non_colour_look(a)) for a in others}
                        assert not any(str(non_colour_look(a)) in looks for a in korea), \
                            f"{type(widget).__name__}: Korea's {kind.__name__} differs from others by colour alone"
    assert checked >= 3, "the sweep found the kit's Korea highlights"


# --- text alternatives: what a screen reader reads for a chart ---------------------------------------------------

def test_show_gives_the_chart_image_a_text_alternative_from_its_title_axes_and_source(monkeypatch):
    import types

    import IPython.display
    import matplotlib.pyplot as plt

    shown = types.SimpleNamespace(outputs=[])
    monkeypatch.setattr(IPython.display, "display", lambda data, raw, metadata: shown.outputs.append(
        types.SimpleNamespace(data=data, metadata=metadata)))
    kk.setup(lang="en")
    fig, ax = plt.subplots()
    ax.bar(["United States", "South Korea"], [2, 1])
    ax.set(title="Korea is second", xlabel="Country", ylabel="Systems (count)")
    kk.add_source(ax, "top500_by_country")
    kk.show()
    (output,) = shown.outputs
    assert set(output.data) == {"image/png", "text/html", "text/plain"}
    html = output.data["text/html"]
    assert html.startswith('<img src="data:image/png;base64,') and 'alt="Chart: Korea is second' in html
    assert "Systems (count)" in output.metadata["image/png"]["alt"] and "TOP500" in output.data["text/plain"]
    assert plt.get_fignums() == [], "the figure is closed, as plt.show() closes it in a notebook"
    kk.setup(lang="ko")
    fig, ax = plt.subplots()
    ax.set_title("제목")
    kk.show(ax, alt="직접 쓴 설명")
    assert 'alt="직접 쓴 설명"' in shown.outputs[1].data["text/html"]


@pytest.mark.parametrize("lang, says", [("ko", "보여 줄 차트가 없습니다"), ("en", "there is no chart to show")])
def test_show_with_no_chart_open_says_so_in_the_learners_language_instead_of_showing_an_empty_image(
        monkeypatch, capsys, lang, says):
    """A learner who calls kk.show() before drawing, or after plt.show() has shown (and closed) the chart (an old
    habit, or a hint copied from an older exercise): a sentence under the cell, no empty chart and no traceback; the
    chart's Axes keep everything the tests read."""
    import IPython.display
    import matplotlib.pyplot as plt

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *args, **kwargs: shown.append(args))
    kk.setup(lang=lang)
    plt.close("all")
    fig, ax = plt.subplots()
    ax.bar(["USA", "KOR"], [2, 1], color=[OTHER_COLOR, KOREA_COLOR])
    ax.set(title="Korea is second", xlabel="Country", ylabel="Systems (count)")
    plt.close(fig)   # as plt.show() leaves it in a notebook
    kk.show()
    assert shown == [] and plt.get_fignums() == [], "no empty figure made and shown"
    printed = capsys.readouterr().out
    assert says in printed and "kk.show()" in printed and "plt.show()" in printed
    assert ax.get_title() == "Korea is second" and len(ax.patches) == 2
    kk.show(ax)   # the closed chart itself can still be shown
    assert len(shown) == 1


def test_show_given_something_that_is_not_a_chart_says_what_it_takes():
    kk.setup(lang="en")
    with pytest.raises(TypeError, match=r"kk.show\(\) takes a chart \(a Figure\) or its Axes \(got a DataFrame\)"):
        kk.show(__import__("pandas").DataFrame())


def test_a_widget_chart_carries_its_text_alternative_and_keeps_it_current():
    kk.setup(lang="en")
    widget = kk.widgets.supercomputer_ranking()
    before = widget.chart.tooltip
    assert before.startswith("The widget's chart: Top 10") and "TOP500" in before
    widget.countries.value = 5
    assert widget.chart.tooltip.startswith("The widget's chart: Top 5")
    assert widget.chart.description == "", "ipywidgets gives the image its title only with an empty description"
