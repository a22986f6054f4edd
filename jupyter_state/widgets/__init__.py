"""The widget functions, one module per family; all built on :mod:`._base`."""

from .buttons import button
from .chat_input import chat_input
from .checkboxes import checkbox, toggle
from .choices import multiselect, radio, select_slider, selectbox
from .data_editor import data_editor
from .dataframe import dataframe
from .dates import date_input, time_input
from .download import download_button
from .files import UploadedFile, file_uploader
from .numbers import number_input, slider
from .text import color_picker, text_area, text_input

__all__ = [
    "UploadedFile", "button", "chat_input", "checkbox", "color_picker", "data_editor", "dataframe", "date_input",
    "download_button", "file_uploader", "multiselect", "number_input", "radio", "select_slider", "selectbox", "slider",
    "text_area", "text_input", "time_input", "toggle",
]
