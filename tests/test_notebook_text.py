"""The prose of the notebooks under notebooks/ says what the code does (issue 17).

tests/test_notebooks.py runs the notebooks; this module reads their markdown cells:

* no paragraph claims that a function ``jupyter_state`` exports is missing;
* the Chinese notebooks (notebooks/zh/) say 组件 for "widget", translate "Session State"
  (no half-translated "Session状态"), put a space between Chinese characters and Latin
  words or inline code, and write ``False``/``True`` as code rather than ``_False_``.

Each checker is also run on the sentences that were wrong before, so that it can fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import jupyter_state

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
ZH_PATHS = [p for p in PATHS if "zh" in p.relative_to(NOTEBOOKS).parts]

EXPORTED = {name for name in jupyter_state.__all__ if callable(getattr(jupyter_state, name))}
MISSING = re.compile(
    r"does not have|doesn't have|do not have|don't have|not (?:yet )?(?:available|supported|implemented)"
    r"|(?:does|do) not exist|doesn't exist|don't exist|not yet"
    r"|还没有|暂时没有|尚未|不支持|不存在|没有实现|未实现"
)
CODE_NAME = re.compile(r"`(?:st\.)?([A-Za-z_]\w*)(?:\(\))?`")
CJK = "\u4e00-\u9fff"
CODE_SPAN = re.compile(r"(`[^`\n]+`)")
URL = re.compile(r"\]\([^)\s]*\)|https?://\S+")


def markdown_cells(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def missing_claims(markdown: str) -> list[str]:
    """Paragraphs that call an exported function missing, with the functions they name."""
    found = []
    for paragraph in re.split(r"\n\s*\n", markdown):
        if MISSING.search(paragraph):
            named = sorted(set(CODE_NAME.findall(paragraph)) & EXPORTED)
            if named:
                found.append(f"{named}: {paragraph.strip()}")
    return found


def spacing_errors(markdown: str) -> list[str]:
    """Places where a Chinese character touches a Latin letter or a code span."""
    errors = []
    for line in markdown.splitlines():
        parts = CODE_SPAN.split(URL.sub(" ", line))
        for i, part in enumerate(parts):
            if i % 2 == 0:
                for m in re.finditer(f"[{CJK}][A-Za-z]|[A-Za-z][{CJK}]", part):
                    errors.append(f"{m.group()!r} in: {line}")
                continue
            before, after = parts[i - 1], parts[i + 1] if i + 1 < len(parts) else ""
            if re.search(f"[{CJK}]$", before) or re.match(f"[{CJK}]", after):
                errors.append(f"{part} touches Chinese text in: {line}")
    return errors


def wording_errors(markdown: str) -> list[str]:
    """Words the Chinese notebooks should not use."""
    bad = {
        "小部件": "say 组件 for widget",
        "Session状态": "say 会话状态 or Session State",
        "_False_": "write `False` as code",
        "_True_": "write `True` as code",
    }
    return [f"{word!r}: {why}" for word, why in bad.items() if word in markdown]


# -- the checkers fail on the text that was wrong -------------------------------------------
def test_checkers_catch_the_old_text() -> None:
    old_en = (
        "(Streamlit also has `st.data_editor`, `st.file_uploader` and `st.download_button`; "
        "`jupyter_state` does not have them yet.)"
    )
    old_zh = "（Streamlit 还有 `st.data_editor`、`st.file_uploader` 和 `st.download_button`；`jupyter_state` 暂时还没有这些小部件。）"
    assert len(missing_claims(old_en)) == 1
    assert "download_button" in missing_claims(old_zh)[0]
    assert missing_claims("Streamlit has no such rule: it has one script.") == []
    assert spacing_errors("会话状态API采用基于字段的API，与Python字典非常相似。")
    assert spacing_errors("使用`st.write`或magic命令")
    assert spacing_errors("只有 `st.form_submit_button`在表单中")
    assert spacing_errors("与 Python 字典非常相似，使用 `st.write` 或 magic 命令。") == []
    assert spacing_errors("[快速入门](../../quickstart.ipynb)演示了这一点") == []
    assert wording_errors("在实例化后通过Session状态API修改小部件的值，默认情况下为_False_") == [
        "'小部件': say 组件 for widget",
        "'Session状态': say 会话状态 or Session State",
        "'_False_': write `False` as code",
    ]


# -- the notebooks ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", PATHS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_no_exported_function_is_called_missing(path: Path) -> None:
    claims = [c for md in markdown_cells(path) for c in missing_claims(md)]
    assert claims == [], "these exist in jupyter_state.__all__:\n" + "\n".join(claims)


def test_there_are_chinese_notebooks() -> None:
    assert len(ZH_PATHS) >= 10


@pytest.mark.parametrize("path", ZH_PATHS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_chinese_wording(path: Path) -> None:
    text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    assert wording_errors(text) == []


@pytest.mark.parametrize("path", ZH_PATHS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_chinese_spacing(path: Path) -> None:
    errors = [e for md in markdown_cells(path) for e in spacing_errors(md)]
    assert errors == [], "\n".join(errors)
