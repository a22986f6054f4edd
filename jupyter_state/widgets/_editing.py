"""What ``st.data_editor`` edits: the data described for the grid, and edits applied back.

Two formats are supported: a pandas ``DataFrame`` and a list of dicts (one per row).
pandas is not a dependency of jupyter_state: it is only used when the data is a
DataFrame, which means pandas is already imported.

The editing state is Streamlit's: ``{"edited_rows": {position: {column: value}},
"added_rows": [{column: value}], "deleted_rows": [position]}``, where positions refer to
the rows of the data as given and values are JSON values (what the browser sends).
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

from ._cells import fits, frame_kind, json_value, parse, parses, records_kind
from ._columns import configured

__all__ = ["INDEX", "Column", "Table", "describe", "empty_edits"]

#: The editing state's name for the index column (as Streamlit's)
INDEX = "_index"

def empty_edits() -> dict[str, Any]:
    """A fresh editing state: nothing edited, added or deleted."""
    return {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


def _pandas() -> Any:
    return sys.modules.get("pandas")


def is_frame(data: Any) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(data, pd.DataFrame)


@dataclass
class Column:
    """One column as the grid shows it and the editing state names it."""

    name: str  # its name in the editing state: the label as a str
    source: Any  # its label in the data
    kind: str
    label: str
    disabled: bool = False
    hidden: bool = False
    help: str | None = None
    width: Any = None
    default: Any = None
    required: bool = False
    #: the ``type_config`` of its st.column_config entry, as JSON (how the grid shows it)
    config: dict[str, Any] = field(default_factory=dict)

    def wire(self) -> dict[str, Any]:
        return {
            "name": self.name, "label": self.label, "kind": self.kind, "disabled": self.disabled,
            "hidden": self.hidden, "help": self.help, "width": self.width, "default": json_value(self.default),
            "config": self.config,
        }


@dataclass(eq=False)
class Table:
    """The data to edit, described once per run (compared by identity: data may be a DataFrame)."""

    data: Any
    columns: list[Column]
    #: the cells as JSON values, one list per row in the order of ``columns``
    rows: list[list[Any]]
    index: list[Any]
    index_label: str = ""
    index_hidden: bool = False
    #: whether new rows get the next integer label by themselves
    index_auto: bool = True
    by_name: dict[str, Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {c.name: c for c in self.columns}

    @property
    def editable(self) -> set[str]:
        return {c.name for c in self.columns if not c.disabled}

    # -- from the browser --------------------------------------------------------------
    def normalize(self, raw: Any, num_rows: str) -> tuple[dict[str, Any], bool]:
        """The valid part of an editing state from the browser, and whether anything was dropped.

        Edits of disabled or unknown columns, values that do not fit their column, rows
        out of range, and additions or deletions that ``num_rows`` does not allow are
        dropped: the browser's state is the user's input, never trusted.
        """
        edits = empty_edits()
        if not isinstance(raw, dict):
            return edits, raw not in (None, {})
        dropped = False
        editable = self.editable
        for key, changes in (raw.get("edited_rows") or {}).items():
            position = _position(key, len(self.rows))
            if position is None or not isinstance(changes, dict):
                dropped = True
                continue
            kept = {}
            for name, value in changes.items():
                if name in editable and fits(self.by_name[name], value):
                    kept[name] = value
                else:
                    dropped = True
            if kept:
                edits["edited_rows"][position] = kept
        added = raw.get("added_rows") or []
        if added and num_rows not in ("dynamic", "add"):
            dropped, added = True, []
        for row in added:
            if not isinstance(row, dict):
                dropped = True
                continue
            kept = {}
            for name, value in row.items():
                if (name == INDEX and not self.index_auto) or (name in editable and fits(self.by_name[name], value)):
                    kept[name] = value
                else:
                    dropped = True
            edits["added_rows"].append(kept)
        deleted = raw.get("deleted_rows") or []
        if deleted and num_rows not in ("dynamic", "delete"):
            dropped, deleted = True, []
        positions = {_position(p, len(self.rows)) for p in deleted}
        dropped = dropped or None in positions
        edits["deleted_rows"] = sorted(p for p in positions if p is not None)
        return edits, dropped

    # -- back to the data ------------------------------------------------------------------
    def apply(self, edits: dict[str, Any]) -> Any:
        """The data with ``edits`` applied: cell edits, then deletions, then additions."""
        if is_frame(self.data):
            with warnings.catch_warnings():
                # pandas 2.x warns when a cell edit or a new row widens a column's dtype.
                warnings.simplefilter("ignore", FutureWarning)
                return self._apply_frame(edits)
        return self._apply_records(edits)

    def _apply_records(self, edits: dict[str, Any]) -> list[dict[str, Any]]:
        rows = [dict(row) for row in self.data]
        for position, changes in edits["edited_rows"].items():
            for name, value in changes.items():
                column = self.by_name[name]
                rows[position][column.source] = parse(column.kind, value)
        deleted = set(edits["deleted_rows"])
        kept = [row for i, row in enumerate(rows) if i not in deleted]
        for added in edits["added_rows"]:
            kept.append({c.source: self._added_value(c, added) for c in self.columns})
        return kept

    def _apply_frame(self, edits: dict[str, Any]) -> Any:
        pd = _pandas()
        df = self.data.copy()
        positions = {c.name: i for i, c in enumerate(self.columns)}
        for position, changes in edits["edited_rows"].items():
            for name, value in changes.items():
                try:
                    df.iat[position, positions[name]] = parse(self.by_name[name].kind, value)
                except (TypeError, ValueError, OverflowError):
                    pass  # a value pandas refuses for this column: the cell keeps its value
        deleted = set(edits["deleted_rows"])
        if deleted:
            df = df.iloc[[i for i in range(len(df)) if i not in deleted]]
        labels, values = self._added_frame_rows(edits["added_rows"])
        if not labels:
            return df
        added = {}
        for j, column in enumerate(self.columns):
            cells = [row[j] for row in values]
            dtype = df.dtypes.iloc[j]
            series = pd.Series(cells, index=labels, dtype=object)
            # The column's dtype, when it can hold the cells (numpy's int and bool have no
            # missing value: astype(bool) would turn None into False).
            holds_missing = isinstance(dtype, pd.api.extensions.ExtensionDtype) or dtype.kind not in "iub"
            try:
                if None in cells and not holds_missing:
                    raise ValueError("a missing value")
                series = series.astype(dtype)
            except (TypeError, ValueError, OverflowError):
                # An int column with a missing cell becomes float (NaN), as in pandas.
                series = series.astype("float64") if column.kind == "integer" else pd.Series(cells, index=labels)
            added[column.source] = series
        new = pd.DataFrame(added, index=pd.Index(labels, name=df.index.name))
        return pd.concat([df, new])

    def _added_frame_rows(self, added_rows: list[dict[str, Any]]) -> tuple[list[Any], list[list[Any]]]:
        index = self.data.index
        labels: list[Any] = []
        values: list[list[Any]] = []
        if self.index_auto:
            pd = _pandas()
            if isinstance(index, pd.RangeIndex):
                start, step = index.stop, index.step
            else:
                start, step = (int(index.max()) + 1 if len(index) else 0), 1
            auto = [start + step * i for i in range(len(added_rows))]
        for i, added in enumerate(added_rows):
            if self.index_auto:
                label = auto[i]
            else:
                label = _index_label(index, added.get(INDEX))
                if label is None or label in index or label in labels:
                    continue  # a new row of such an index needs a new label: left out until it has one
            labels.append(label)
            values.append([self._added_value(c, added) for c in self.columns])
        return labels, values

    def _added_value(self, column: Column, added: dict[str, Any]) -> Any:
        if column.name in added:
            return parse(column.kind, added[column.name])
        return column.default


def _index_label(index: Any, value: Any) -> Any:
    if value is None or value == "":
        return None
    pd = _pandas()
    try:
        return pd.Index([value]).astype(index.dtype)[0]
    except (TypeError, ValueError, OverflowError):
        return value


def _position(key: Any, count: int) -> int | None:
    try:
        position = int(key)
    except (TypeError, ValueError):
        return None
    return position if 0 <= position < count else None


# -- describing the data -------------------------------------------------------------------------
def describe(data: Any, column_config: dict[Any, Any] | None, disabled: Any, what: str = "st.data_editor") -> Table:
    """Describe ``data`` (a DataFrame or a list of dicts) for ``what``'s grid; raise a clear error otherwise."""
    config = {str(k): v for k, v in (column_config or {}).items()}
    disabled_names = set() if isinstance(disabled, bool) or disabled is None else {str(c) for c in disabled}
    if is_frame(data):
        names = [str(c) for c in data.columns]
        if len(set(names)) != len(names):
            raise TypeError(
                f"{what}: the DataFrame has duplicate column names; rename its columns so that each is unique."
            )
        sources = list(data.columns)
        kinds = [frame_kind(data.iloc[:, j]) for j in range(data.shape[1])]
        rows = [[json_value(v) for v in row] for row in data.itertuples(index=False, name=None)]
        pd = _pandas()
        index = data.index
        auto = isinstance(index, pd.RangeIndex) or pd.api.types.is_integer_dtype(index.dtype)
        index_values = [json_value(v) for v in index]
        index_label = "" if index.name is None else str(index.name)
    elif isinstance(data, list) and all(isinstance(row, dict) for row in data):
        sources = []
        for row in data:
            sources.extend(k for k in row if k not in sources)
        names = [str(c) for c in sources]
        if len(set(names)) != len(names):
            raise TypeError(
                "st.data_editor: two keys of the rows have the same str() (1 and '1', say); use distinct keys."
            )
        kinds = [records_kind([row.get(c) for row in data]) for c in sources]
        rows = [[json_value(row.get(c)) for c in sources] for row in data]
        auto, index_values, index_label = True, list(range(len(data))), ""
    else:
        raise TypeError(
            f"st.data_editor cannot edit {type(data).__name__}: pass a pandas DataFrame or a list of "
            "dicts (one dict per row), for example [{'name': 'a', 'qty': 1}]."
        )
    columns = []
    for name, source, kind in zip(names, sources, kinds):
        column = Column(name, source, kind, name, disabled=kind == "other" or name in disabled_names)
        columns.append(configured(column, config.get(name, {}), parse, parses))
    index_config = config.get(INDEX, {})
    index_hidden = index_config is None or (isinstance(index_config, dict) and bool(index_config.get("hidden")))
    if isinstance(index_config, str):
        index_label = index_config
    elif isinstance(index_config, dict) and index_config.get("label") is not None:
        index_label = str(index_config["label"])
    return Table(data, columns, rows, index_values, index_label, index_hidden, auto)


# -- identity ---------------------------------------------------------------------------------------
def fingerprint(table: Table) -> str:
    """Changes whenever the data changes (an unkeyed editor with new data is a new editor)."""
    digest = hashlib.md5(usedforsecurity=False)
    digest.update(json.dumps([[c.name, c.kind] for c in table.columns]).encode())
    digest.update(json.dumps(table.index).encode())
    digest.update(json.dumps(table.rows, allow_nan=True).encode())
    return digest.hexdigest()


def signature(table: Table) -> str:
    """The shape of the data: a keyed editor with fixed rows keeps its edits while only values change."""
    digest = hashlib.md5(usedforsecurity=False)
    digest.update(json.dumps([[c.name, c.kind, c.disabled] for c in table.columns]).encode())
    digest.update(f"{type(table.data).__name__}:{len(table.rows)}".encode())
    if table.index != list(range(len(table.rows))):
        digest.update(json.dumps(table.index).encode())
    return digest.hexdigest()
