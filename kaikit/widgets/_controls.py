"""Controls the widgets share: several choices at once as checkboxes, a clear message for a choice that is not one
of the options, and a range slider wide enough to show its range."""
from __future__ import annotations

import ipywidgets as widgets
from traitlets import TraitError, Tuple, observe, validate

from ..i18n import did_you_mean, message

__all__ = ["CheckboxChoices", "check_choice", "range_slider"]

MOST_LISTED = 12   # choices named in the message (a claim checker has a hundred)


def check_choice(argument, value, choices):
    """``value`` if it is one of ``choices``; otherwise ValueError saying, in the learner's language, what the
    choices of ``argument`` are.

    >>> check_choice("how", "share", ("absolute", "share"))
    'share'
    """
    choices = tuple(choices)
    if value not in choices:
        near = did_you_mean(value, [str(c) for c in choices]) if isinstance(value, str) else ""
        listed = ", ".join(map(str, choices[:MOST_LISTED])) + (", …" if len(choices) > MOST_LISTED else "")
        raise ValueError(message("widget_bad_choice", argument=argument, got=repr(value), choices=listed) + near)
    return value


class CheckboxChoices(widgets.VBox):
    """Several of ``options`` (``[(label, value), ...]``) chosen at once, one checkbox each under a label.

    Checkboxes rather than ipywidgets' multiple-select list: Tab reaches each box and Space ticks it anywhere, while
    JupyterLab's notebook takes the arrow keys from a focused list. ``value`` is the tuple of the chosen values in the
    options' order; set it, or observe it, as any control's ``value`` (one change, however many boxes it ticks).

    >>> choices = CheckboxChoices([("Korea", "KOR"), ("Japan", "JPN")], value=("JPN",), description="Countries")
    >>> choices.boxes["KOR"].value = True
    >>> choices.value
    ('KOR', 'JPN')
    """

    value = Tuple()

    def __init__(self, options, value=(), description="", columns=4):
        self.options = tuple(options)
        self.boxes = {code: widgets.Checkbox(value=False, description=label, indent=False,
                                             layout=widgets.Layout(width="auto"))
                      for label, code in self.options}
        self._syncing = False
        grid = widgets.GridBox(list(self.boxes.values()), layout=widgets.Layout(
            grid_template_columns=f"repeat({columns}, max-content)", grid_gap="0 1.5em", margin="0 0 0 1em"))
        self.label = widgets.Label(description)
        super().__init__([self.label, grid])
        self.add_class("kaikit-choices")
        self.value = tuple(value)
        for box in self.boxes.values():
            box.observe(self._box_changed, names="value")

    @validate("value")
    def _known(self, proposal):
        chosen = tuple(proposal["value"])
        for code in chosen:
            try:
                check_choice(self.label.value, code, tuple(self.boxes))
            except ValueError as error:
                raise TraitError(str(error)) from None
        return tuple(code for code in self.boxes if code in chosen)   # the options' order, each once

    @observe("value")
    def _tick_boxes(self, change):
        self._syncing = True
        try:
            for code, box in self.boxes.items():
                box.value = code in change["new"]
        finally:
            self._syncing = False

    def _box_changed(self, change):
        if not self._syncing:
            self.value = tuple(code for code, box in self.boxes.items() if box.value)


def range_slider(**settings):
    """An ``IntRangeSlider`` whose readout ("2003 – 2022") is shown whole: at ipywidgets' default width (300 px) the
    readout is squeezed to 72 px and cut ("2003 – 202")."""
    return widgets.IntRangeSlider(layout=widgets.Layout(width="360px"), **settings)
