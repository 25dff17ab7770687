"""An Agg canvas that renders each piece of text once and reuses it: what makes a widget's full redraw fast.

matplotlib (3.11) rasterises text glyph by glyph on every draw and reads the font's height tables for every text it
measures. A widget redraws the same tick labels, names and titles again and again, so ``TextCachingCanvas`` keeps
each string's raster (by text, font properties, angle and resolution) and each font's height metrics, and places a
kept raster on whole pixels, as matplotlib did up to 3.10. Mathematical text, and text with OpenType features or a
language set, is drawn by matplotlib as usual.

>>> from matplotlib.figure import Figure
>>> figure = Figure(figsize=(2, 1))
>>> _ = figure.text(0.1, 0.5, "한국 2025")
>>> canvas = TextCachingCanvas(figure)
>>> canvas.draw(); canvas.draw()
>>> ("한국 2025" in {key[0] for key in TextCachingRenderer.rasters})
True
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager, get_font

__all__ = ["TextCachingCanvas", "TextCachingRenderer"]

KEPT = 4096   # rasters (and font metrics) kept at most; a few hundred cover every widget of the course


def _remember(cache: dict, key, value):
    if len(cache) >= KEPT:
        cache.clear()
    cache[key] = value
    return value


class TextCachingRenderer(RendererAgg):
    """``RendererAgg`` that keeps each text's raster and each font's height metrics (shared by all its instances)."""

    rasters: dict = {}
    height_metrics: dict = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        styled = mtext is not None and any(getattr(mtext, f"get_{what}", lambda: None)() is not None
                                           for what in ("fontfeatures", "language"))
        if ismath or styled:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        key = (s, prop, angle, gc.get_antialiased(), self.dpi)
        kept = self.rasters.get(key)
        if kept is None:
            font = self._prepare_font(prop)
            font.set_text(s, 0, flags=get_hinting_flag())
            font.draw_glyphs_to_bitmap(antialiased=gc.get_antialiased())
            left, top = font.get_bitmap_offset()
            kept = _remember(self.rasters, (s, prop.copy(), *key[2:]),
                             (np.array(font.get_image()), left / 64, top / 64, font.get_descent() / 64))
        image, left, top, descent = kept
        # the raster's corner, on whole pixels (y is downwards; descent along the text's rotated vertical)
        x = round(x + left + descent * math.sin(math.radians(angle)))
        y = round(y + top + descent * math.cos(math.radians(angle)))
        self._renderer.draw_text_image(image, x, y + 1, angle, gc)

    def _get_font_height_metrics(self, prop):
        """Ascent, descent and line gap of ``prop``'s font in pixels: the values ``Text`` reads from the font's
        OS/2 (else hhea) table for every layout when the renderer does not give them; kept per font and size."""
        key = (prop, self.dpi)
        kept = self.height_metrics.get(key)
        if kept is not None:
            return kept
        font = get_font(fontManager._find_fonts_by_props(prop))
        metrics = (None, None, None)
        for table_name, names in (("OS/2", ("sTypoAscender", "sTypoDescender", "sTypoLineGap")),
                                  ("hhea", ("ascent", "descent", "lineGap"))):
            table = font.get_sfnt_table(table_name)
            if table is not None:
                scale = prop.get_size_in_points() * self.dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
                ascent, descent, line_gap = (table[name] for name in names)
                metrics = (ascent * scale, -descent * scale, line_gap * scale)
                break
        return _remember(self.height_metrics, (prop.copy(), self.dpi), metrics)


class TextCachingCanvas(FigureCanvasAgg):
    """``FigureCanvasAgg`` drawing with a ``TextCachingRenderer``."""

    def get_renderer(self):
        size = (*self.get_width_height(physical=True), self.figure.dpi)
        if getattr(self, "_text_caching_size", None) != size:
            self.renderer = TextCachingRenderer(*size)
            self._text_caching_size = size
        return self.renderer
