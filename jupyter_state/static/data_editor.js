// @ts-check
/**
 * st.data_editor: an HTML table whose cells are inputs.
 *
 * The kernel sends the source data (`columns`, `rows`, `index`); the user's changes go
 * back as one trait, `edits`, in Streamlit's editing-state shape:
 *   {edited_rows: {"<row position>": {column: value}}, added_rows: [{column: value}],
 *    deleted_rows: [row position]}
 * Row positions refer to the source rows. A cell commits on Enter, on blur, or at once for
 * a checkbox; Escape restores it. The kernel checks every edit again (a disabled column's
 * edit is dropped there too), so this file only has to show the table and report edits.
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: unknown) => void} set
 * @property {() => void} save_changes
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 */

/**
 * @typedef {object} Column
 * @property {string} name       the column's name in the editing state
 * @property {string} label      its header
 * @property {"integer" | "float" | "boolean" | "text" | "other"} kind
 * @property {boolean} disabled
 * @property {boolean} hidden
 * @property {string | null} [help]
 * @property {string | number | null} [width]
 * @property {unknown} [default]  the value of this column in a new row
 */

/**
 * @typedef {object} Edits
 * @property {Record<string, Record<string, unknown>>} edited_rows
 * @property {Array<Record<string, unknown>>} added_rows
 * @property {number[]} deleted_rows
 */

const P = "jupyter-state-data-editor";
const INDEX = "_index";
const WATCHED = ["columns", "rows", "index", "index_label", "index_required", "hide_index", "num_rows", "full_width", "disabled", "edits"];

const STYLE = `
.${P} { max-width: 100%; overflow: auto; max-height: 32em; font-size: var(--jp-ui-font-size1, 13px); }
.${P}-table { border-collapse: collapse; color: var(--jp-ui-font-color1, #222); }
.${P}-full .${P}-table { width: 100%; }
.${P}-table th, .${P}-table td { border: 1px solid var(--jp-border-color2, #ddd); padding: 0; height: 1.9em; }
.${P}-table thead th { background: var(--jp-layout-color2, #f3f3f3); padding: 0 0.5em; font-weight: 600; text-align: left; position: sticky; top: 0; }
.${P}-table tbody th { background: var(--jp-layout-color2, #f3f3f3); padding: 0 0.5em; font-weight: normal; color: var(--jp-ui-font-color2, #666); text-align: right; }
.${P}-table input[type=text], .${P}-table input[type=number] { box-sizing: border-box; width: 100%; min-width: 6em; height: 100%; border: none; padding: 0 0.5em; background: transparent; color: inherit; font: inherit; }
.${P}-table input[type=number] { text-align: right; }
.${P}-table input:focus { outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: -2px; }
.${P}-table input.${P}-invalid { outline: 2px solid var(--jp-error-color1, #d32f2f); outline-offset: -2px; }
.${P}-table input:disabled, .${P}-readonly { color: var(--jp-ui-font-color2, #777); }
.${P}-readonly { padding: 0 0.5em; white-space: nowrap; }
.${P}-check { text-align: center; }
.${P}-edited { background: var(--jp-warn-color3, #fff8e1); }
.${P}-added td, .${P}-added th { background: var(--jp-success-color3, #e8f5e9); }
.${P}-delete { border: none; background: transparent; color: var(--jp-ui-font-color2, #777); cursor: pointer; padding: 0 0.5em; }
.${P}-delete:hover { color: var(--jp-error-color1, #d32f2f); }
.${P}-add { margin-top: 0.25em; }
`;

/**
 * A copy of the editing state that can be changed freely.
 * @param {any} raw
 * @returns {Edits}
 */
function editsOf(raw) {
  return {
    edited_rows: JSON.parse(JSON.stringify(raw?.edited_rows ?? {})),
    added_rows: JSON.parse(JSON.stringify(raw?.added_rows ?? [])),
    deleted_rows: [...(raw?.deleted_rows ?? [])],
  };
}

/**
 * What an input's text means in a column; `undefined` when it means nothing valid.
 * @param {Column} column
 * @param {string} text
 * @returns {unknown}
 */
function parse(column, text) {
  if (column.kind === "integer" || column.kind === "float") {
    if (text.trim() === "") return null;
    const number = Number(text);
    if (!Number.isFinite(number)) return undefined;
    if (column.kind === "integer" && !Number.isInteger(number)) return undefined;
    return number;
  }
  return text;
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function shown(value) {
  return value === null || value === undefined ? "" : String(value);
}

/**
 * One cell's input, which calls `commit(value)` when the user changes it.
 * @param {Column} column
 * @param {unknown} value
 * @param {boolean} editable
 * @param {string} cellId  identifies the cell across re-renders (to keep the focus)
 * @param {(value: unknown) => void} commit
 * @returns {HTMLElement}
 */
function cellInput(column, value, editable, cellId, commit) {
  if (column.kind === "boolean") {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = Boolean(value);
    box.disabled = !editable;
    box.dataset.cell = cellId;
    box.addEventListener("change", () => commit(box.checked));
    return box;
  }
  if (column.kind === "other" || !editable) {
    if (column.kind !== "other") {
      const input = document.createElement("input");
      input.type = "text";
      input.value = shown(value);
      input.disabled = true;
      return input;
    }
    const span = document.createElement("div");
    span.className = `${P}-readonly`;
    span.textContent = shown(value);
    return span;
  }
  const input = document.createElement("input");
  input.type = column.kind === "text" ? "text" : "number";
  if (column.kind === "float") input.step = "any";
  input.value = shown(value);
  input.dataset.cell = cellId;
  let current = value ?? null;
  const save = () => {
    const next = parse(column, input.value);
    if (next === undefined) {
      input.classList.add(`${P}-invalid`);
      input.title = column.kind === "integer" ? "Enter a whole number" : "Enter a number";
      return;
    }
    input.classList.remove(`${P}-invalid`);
    input.title = "";
    if (next === current) return; // Enter, then blur: one commit
    current = next;
    commit(next);
  };
  input.addEventListener("change", save);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      save();
    } else if (event.key === "Escape") {
      input.value = shown(current);
      input.classList.remove(`${P}-invalid`);
    }
  });
  return input;
}

/**
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  const style = document.createElement("style");
  style.textContent = STYLE;
  const root = document.createElement("div");
  root.className = P;
  el.append(style, root);
  // While this view saves its own edit, the change it causes needs no re-render.
  let saving = false;

  /** @param {Edits} edits */
  function save(edits) {
    saving = true;
    try {
      model.set("edits", edits);
      model.save_changes();
    } finally {
      saving = false;
    }
  }

  /**
   * Change the editing state, save it, and re-render when rows came or went.
   * @param {(edits: Edits) => void} change
   * @param {boolean} rerender
   */
  function edit(change, rerender) {
    const edits = editsOf(model.get("edits"));
    change(edits);
    save(edits);
    if (rerender) build();
  }

  function build() {
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && root.contains(active) ? active.dataset.cell : undefined;

    /** @type {Column[]} */
    const columns = model.get("columns") ?? [];
    /** @type {unknown[][]} */
    const rows = model.get("rows") ?? [];
    /** @type {unknown[]} */
    const index = model.get("index") ?? [];
    const edits = editsOf(model.get("edits"));
    const disabled = Boolean(model.get("disabled"));
    const numRows = model.get("num_rows");
    const canAdd = !disabled && (numRows === "dynamic" || numRows === "add");
    const canDelete = !disabled && (numRows === "dynamic" || numRows === "delete");
    const indexRequired = canAdd && Boolean(model.get("index_required"));
    const showIndex = !model.get("hide_index") || indexRequired;
    const visible = columns.map((column, position) => ({ column, position })).filter(({ column }) => !column.hidden);

    root.classList.toggle(`${P}-full`, Boolean(model.get("full_width")));
    const table = document.createElement("table");
    table.className = `${P}-table`;

    const head = table.createTHead().insertRow();
    if (showIndex) head.append(Object.assign(document.createElement("th"), { textContent: model.get("index_label") ?? "" }));
    for (const { column } of visible) {
      const th = document.createElement("th");
      th.textContent = column.label;
      if (column.help) th.title = column.help;
      if (column.width !== null && column.width !== undefined) th.style.width = typeof column.width === "number" ? `${column.width}px` : String(column.width);
      head.append(th);
    }
    if (canDelete) head.append(document.createElement("th"));

    const body = table.createTBody();
    const deleted = new Set(edits.deleted_rows);
    rows.forEach((row, r) => {
      if (deleted.has(r)) return;
      const changes = edits.edited_rows[String(r)] ?? {};
      const tr = body.insertRow();
      if (showIndex) tr.append(Object.assign(document.createElement("th"), { textContent: shown(index[r]) }));
      for (const { column, position } of visible) {
        const td = tr.insertCell();
        const edited = Object.prototype.hasOwnProperty.call(changes, column.name);
        if (edited) td.classList.add(`${P}-edited`);
        if (column.kind === "boolean") td.classList.add(`${P}-check`);
        const value = edited ? changes[column.name] : row[position];
        td.append(cellInput(column, value, !disabled && !column.disabled, `r${r}:${column.name}`, (v) => {
          td.classList.add(`${P}-edited`); // no re-render for one's own edit: mark the cell here
          edit((next) => {
            (next.edited_rows[String(r)] ??= {})[column.name] = v;
          }, false);
        }));
      }
      if (canDelete) tr.insertCell().append(deleteButton(() => edit((next) => {
        next.deleted_rows = [...new Set([...next.deleted_rows, r])].sort((a, b) => a - b);
        delete next.edited_rows[String(r)];
      }, true)));
    });

    edits.added_rows.forEach((added, i) => {
      const tr = body.insertRow();
      tr.className = `${P}-added`;
      if (showIndex) {
        const th = document.createElement("th");
        if (indexRequired) {
          th.append(cellInput({ name: INDEX, label: "", kind: "text", disabled: false, hidden: false }, added[INDEX], true, `a${i}:${INDEX}`, (v) =>
            edit((next) => {
              next.added_rows[i][INDEX] = v;
            }, false),
          ));
        }
        tr.append(th);
      }
      for (const { column } of visible) {
        const td = tr.insertCell();
        if (column.kind === "boolean") td.classList.add(`${P}-check`);
        td.append(cellInput(column, added[column.name] ?? null, !disabled && !column.disabled, `a${i}:${column.name}`, (v) =>
          edit((next) => {
            next.added_rows[i][column.name] = v;
          }, false),
        ));
      }
      if (canDelete) tr.insertCell().append(deleteButton(() => edit((next) => {
        next.added_rows.splice(i, 1);
      }, true)));
    });

    /** @type {HTMLElement[]} */
    const parts = [table];
    if (canAdd) {
      const add = document.createElement("button");
      add.type = "button";
      add.className = `jupyter-button ${P}-add`;
      add.textContent = "+ Add row";
      add.addEventListener("click", () => edit((next) => {
        /** @type {Record<string, unknown>} */
        const row = {};
        for (const column of columns) {
          if (column.default !== undefined && column.default !== null) row[column.name] = column.default;
        }
        next.added_rows.push(row);
      }, true));
      parts.push(add);
    }
    root.replaceChildren(...parts);

    if (focused) {
      const again = root.querySelector(`[data-cell="${CSS.escape(focused)}"]`);
      if (again instanceof HTMLElement) again.focus();
    }
  }

  function onChange() {
    if (!saving) build();
  }

  for (const name of WATCHED) model.on(`change:${name}`, onChange);
  build();

  return () => {
    for (const name of WATCHED) model.off(`change:${name}`, onChange);
    root.remove();
    style.remove();
  };
}

/**
 * @param {() => void} onClick
 * @returns {HTMLButtonElement}
 */
function deleteButton(onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `${P}-delete`;
  button.title = "Delete this row";
  button.textContent = "✕";
  button.addEventListener("click", onClick);
  return button;
}

export default { render };
