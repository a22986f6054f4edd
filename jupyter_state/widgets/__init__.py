"""The widget functions, one module per family; all built on :mod:`._base`."""

from .buttons import button
from .choices import checkbox, multiselect, radio, select_slider, selectbox, toggle
from .dates import date_input, time_input
from .numbers import number_input, slider
from .text import color_picker, text_area, text_input

__all__ = [
    "button", "checkbox", "color_picker", "date_input", "multiselect", "number_input", "radio",
    "select_slider", "selectbox", "slider", "text_area", "text_input", "time_input", "toggle",
]
