"""Differential test of st.file_uploader: what a multi-file uploader returns as files are
added and removed, with Streamlit 1.67's AppTest as the oracle (harness: tests/test_oracle.py).

Removing a file in the browser (the chip's remove button) sends the files that are left,
which is what ``set_value`` with the remaining files stages here.
"""

from __future__ import annotations

import pytest
from test_oracle import RUN, check

pytestmark = pytest.mark.oracle

BODY = '''
files = st.file_uploader("Files", accept_multiple_files=True, on_change=lambda: log("changed"))
log("end", [(f.name, f.type, f.size, f.read()) for f in files])
one = st.file_uploader("One")
log("one", None if one is None else (one.name, one.getvalue()))
'''


def test_adding_and_removing_files_returns_what_streamlit_returns() -> None:
    snaps = check(BODY, [
        [("file_uploader", 0, "upload", ("a.txt", b"A", "text/plain")), ("file_uploader", 0, "upload", ("b.csv", b"B,1", "text/csv"))],
        ("file_uploader", 0, "set_value", ([("b.csv", b"B,1", "text/csv")],)),  # a.txt removed
        RUN,  # nothing changed: no callback, the same files from their start
        ("file_uploader", 0, "clear", None),  # the last one removed
        ("file_uploader", 1, "set_value", (("x.bin", b"\x00", "application/octet-stream"),)),
        ("file_uploader", 1, "clear", None),
    ])
    trace = snaps[-1]["trace"]
    assert "end [('b.csv', 'text/csv', 3, b'B,1')]" in trace and trace[-1] == "one None"
    assert trace.count("changed") == 3
