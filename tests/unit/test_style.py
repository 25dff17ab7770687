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
