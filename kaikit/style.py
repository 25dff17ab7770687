"""The kit's look: a seaborn theme, a colour-blind-safe palette, a Korean-capable font.

>>> setup(lang="en")
"""
from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path

import matplotlib
import seaborn as sns
from matplotlib import font_manager

from .i18n import set_language

__all__ = ["FONT_FAMILY", "KOREA_COLOR", "OTHER_COLOR", "PALETTE", "country_palette", "setup"]

# seaborn's "colorblind" palette (Wong 2011, Nature Methods): distinguishable with every common colour-vision
# deficiency. Korea has one highlight colour across the whole kit; other countries are grey.
PALETTE = sns.color_palette("colorblind").as_hex()
KOREA_COLOR = PALETTE[3]   # vermillion
OTHER_COLOR = PALETTE[7]   # grey
# When the other countries need colours of their own (lines): those farthest from Korea's vermillion first; orange
# and brown, nearest to it, last. Grey and pale yellow are left out (grey is "the others", yellow barely shows).
DISTINCT_COLORS = [PALETTE[i] for i in (0, 2, 4, 9, 6, 5, 1)]   # blue, green, purple, sky blue, pink, brown, orange
FONT_FAMILY = "NanumGothic"


def _register_korean_font():
    """Add the NanumGothic fonts shipped by koreanize-matplotlib to matplotlib.

    We use the package's font files only: importing it would also run its global side effects and, on
    Python >= 3.12, fail on its use of the removed ``distutils`` module.
    """
    if any(font.name == FONT_FAMILY for font in font_manager.fontManager.ttflist):
        return
    spec = importlib.util.find_spec("koreanize_matplotlib")
    font_dir = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    for font_file in sorted(font_dir.glob("*.ttf")):
        font_manager.fontManager.addfont(str(font_file))


def _charts_in_the_notebook():
    """In a Jupyter kernel whose matplotlib backend cannot show figures (``MPLBACKEND=Agg``, as some hubs and
    graders set it), use the inline backend Jupyter uses by default.

    The kit's notebooks, and learners' answers modelled on them, draw on pyplot's current figure
    (``ax = sns.barplot(...)``). That is a new figure in every cell only because the inline backend shows and closes a
    cell's figures when the cell ends. Under Agg nothing is shown and figures stay open, so a later chart draws onto an
    earlier chart's axes (lesson 02: "tz must be string or tzinfo subclass, not UnitData"). Interactive backends
    (``%matplotlib widget``, Qt) are a person's choice and are left alone; outside a kernel nothing changes.

    >>> _charts_in_the_notebook()  # a plain Python process: nothing to do
    """
    ipython = sys.modules.get("IPython")   # never imported here: a script or a test has no notebook to draw in
    shell = ipython.get_ipython() if ipython else None
    if getattr(shell, "kernel", None) is None:
        return
    from matplotlib.backends import BackendFilter, backend_registry

    if matplotlib.get_backend().lower() in backend_registry.list_builtin(BackendFilter.NON_INTERACTIVE):
        shell.run_line_magic("matplotlib", "inline")


def setup(lang: str = "ko") -> None:
    """Prepare charts and messages: seaborn theme, colour-blind-safe palette, Korean font, language, and charts shown
    under their cell, a new figure in every cell, even in a kernel started with ``MPLBACKEND=Agg``.

    Call it once at the top of a notebook; calling it again (e.g. to switch language) is harmless.
    ``lang`` is "ko" or "en" and sets the language of chart labels and of the kit's messages.
    """
    set_language(lang)
    _charts_in_the_notebook()   # before the theme: switching backends must not undo it
    _register_korean_font()
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=PALETTE,
        font=FONT_FAMILY,
        # NanumGothic has no U+2212 MINUS SIGN: use the ASCII hyphen so negative ticks render.
        rc={"axes.unicode_minus": False, "figure.dpi": 100, "axes.titleweight": "bold"},
    )
    matplotlib.rcParams["font.sans-serif"] = [FONT_FAMILY, "DejaVu Sans"]


def country_palette(codes: Iterable[str], highlight: str = "KOR", distinct: bool = False) -> dict[str, str]:
    """Colours for a seaborn ``palette=``: the kit's Korea colour for ``highlight``; grey for the rest, or, with
    ``distinct``, a colour for each of the rest, the first ones farthest from Korea's (they repeat after seven).

    >>> country_palette(["USA", "KOR"])["KOR"] == KOREA_COLOR
    True
    >>> palette = country_palette(["CHN", "IND", "KOR"], distinct=True)
    >>> len(set(palette.values())), palette["CHN"] == DISTINCT_COLORS[0]
    (3, True)
    """
    if distinct:
        others = [code for code in dict.fromkeys(codes) if code != highlight]
        return {code: KOREA_COLOR if code == highlight else DISTINCT_COLORS[others.index(code) % len(DISTINCT_COLORS)]
                for code in codes}
    return {code: KOREA_COLOR if code == highlight else OTHER_COLOR for code in codes}
