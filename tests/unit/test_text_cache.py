"""The canvas that keeps each text's raster draws the same text, in the same place, as matplotlib's own."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import kaikit as kk
from kaikit._text_cache import TextCachingCanvas, TextCachingRenderer

SAMPLES = [
    dict(s="한국의 AI 인재 2025", size=12),
    dict(s="H100 환산 GPU 수 (로그 눈금)", size=10, rotation=90),
    dict(s="Korea 대한민국", size=11, weight="bold"),
    dict(s="→ 출처: OECD.AI (CC BY 4.0)", size=8),   # the arrow is not in the Korean font: a fallback glyph
    dict(s="$10^{6}$ GPUs", size=10),               # mathematical text: drawn by matplotlib as usual
]


def ink(canvas_class, sample, dpi=100) -> np.ndarray:
    """Where the sample's text puts ink on a white figure (darkness 0–255 per pixel)."""
    figure = Figure(figsize=(4, 3), dpi=dpi)
    figure.text(0.5, 0.5, ha="center", va="center", **sample)
    canvas = canvas_class(figure)
    canvas.draw()
    return 255 - np.asarray(canvas.buffer_rgba())[..., :3].min(axis=2).astype(int)


def box(darkness: np.ndarray) -> tuple[int, int, int, int]:
    rows, columns = np.nonzero(darkness > 64)
    return rows.min(), rows.max(), columns.min(), columns.max()


@pytest.fixture(autouse=True)
def korean_font():
    kk.setup(lang="ko")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample["s"])
def test_text_lands_where_matplotlib_puts_it_with_the_same_ink(sample):
    expected, drawn = ink(FigureCanvasAgg, sample), ink(TextCachingCanvas, sample)
    assert np.abs(np.subtract(box(drawn), box(expected))).max() <= 1   # within a pixel (whole-pixel placement)
    assert drawn.sum() == pytest.approx(expected.sum(), rel=0.03)


def test_a_kept_raster_is_reused_and_a_changed_text_or_font_is_drawn_anew():
    figure = Figure(figsize=(3, 1), dpi=100)
    text = figure.text(0.1, 0.4, "1,000 명", size=10)
    canvas = TextCachingCanvas(figure)
    canvas.draw()
    first = np.asarray(canvas.buffer_rgba()).copy()
    kept = len(TextCachingRenderer.rasters)
    canvas.draw()
    assert len(TextCachingRenderer.rasters) == kept
    assert np.array_equal(np.asarray(canvas.buffer_rgba()), first)

    text.set_text("2,000 명")
    canvas.draw()
    assert not np.array_equal(np.asarray(canvas.buffer_rgba()), first)
    text.set_fontweight("bold")   # the same string, the font object changed in place: not the kept raster
    canvas.draw()
    bold = 255 - np.asarray(canvas.buffer_rgba())[..., :3].min(axis=2).astype(int)
    text.set_fontweight("normal")
    canvas.draw()
    normal = 255 - np.asarray(canvas.buffer_rgba())[..., :3].min(axis=2).astype(int)
    assert bold.sum() > 1.1 * normal.sum()


def test_the_kept_font_metrics_are_the_ones_matplotlib_reads_from_the_font():
    figure = Figure(figsize=(4, 1), dpi=100)
    title = figure.text(0.5, 0.5, "제목 Title", size=14)
    figure.text(0.5, 0.2, "둘째 줄\nsecond line", size=9)
    for canvas_class in (FigureCanvasAgg, TextCachingCanvas):
        renderer = canvas_class(figure).get_renderer()
        extents = [text.get_window_extent(renderer).bounds for text in figure.texts]
        if canvas_class is FigureCanvasAgg:
            expected = extents
    assert extents == pytest.approx(expected)
    assert TextCachingRenderer(100, 100, 100)._get_font_height_metrics(title.get_fontproperties())[0] > 0


def test_the_caches_stay_bounded(monkeypatch):
    monkeypatch.setattr("kaikit._text_cache.KEPT", 5)
    figure = Figure(figsize=(2, 1), dpi=100)
    text = figure.text(0.1, 0.5, "")
    canvas = TextCachingCanvas(figure)
    for number in range(12):
        text.set_text(f"{number} 명")
        canvas.draw()
    assert len(TextCachingRenderer.rasters) <= 5
