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
 *
 * With `mode` "dataframe" (st.dataframe) the table is read-only: headers sort it (in the
 * browser only), and with `selection_modes` the user selects rows, columns or cells,
 * reported as one trait, `selection` = {rows: [row position], columns: [name],
 * cells: [[row position, name]]}. In both modes a column's `config` (its st.column_config
 * type_config) decides how read-only values are shown: numbers by `format`, progress
 * bars, links, images, checkboxes, lists, small charts. All text goes in as text nodes.
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
 * @property {Record<string, any>} [config]  its st.column_config type_config
 */

/**
 * @typedef {object} Edits
 * @property {Record<string, Record<string, unknown>>} edited_rows
 * @property {Array<Record<string, unknown>>} added_rows
 * @property {number[]} deleted_rows
 */

const P = "jupyter-state-data-editor";
const INDEX = "_index";
const WATCHED = ["columns", "rows", "index", "index_label", "index_required", "hide_index", "num_rows", "full_width", "disabled", "edits", "mode", "selection", "selection_modes", "column_order", "width_px", "height_px"];
const ROW_MODES = ["single-row", "single-row-required", "multi-row"];

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
.${P}-frame .${P}-table td { padding: 0 0.5em; white-space: nowrap; }
.${P}-frame .${P}-table td.${P}-num { text-align: right; }
.${P}-sort { cursor: pointer; user-select: none; }
.${P}-sort:hover { text-decoration: underline; }
.${P}-selected td, .${P}-selected th, td.${P}-selected, th.${P}-colsel { background: var(--jp-brand-color3, #d7e8fb) !important; }
.${P}-pick { text-align: center; width: 1.6em; }
.${P}-cellpick td:not(.${P}-pick) { cursor: cell; }
.${P}-bar { display: inline-block; width: 6em; height: 0.6em; background: var(--jp-layout-color3, #ddd); border-radius: 0.3em; vertical-align: middle; margin-right: 0.4em; overflow: hidden; }
.${P}-bar > span { display: block; height: 100%; background: var(--jp-brand-color1, #1976d2); }
.${P}-image { max-height: 1.8em; vertical-align: middle; }
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
 * A number as `format` asks: printf-style ("%d", "$%.2f", "%.1f%%") or a named format.
 * @param {number} value
 * @param {string | null | undefined} format
 * @returns {string}
 */
function formatNumber(value, format) {
  if (!format) return String(value);
  const money = (/** @type {string} */ sign) => `${sign}${value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  /** @type {Record<string, () => string>} */
  const named = {
    plain: () => String(value),
    localized: () => value.toLocaleString(),
    percent: () => `${(value * 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}%`,
    dollar: () => money("$"),
    euro: () => money("€"),
    yen: () => `¥${Math.round(value).toLocaleString()}`,
    accounting: () => (value < 0 ? `(${Math.abs(value).toLocaleString(undefined, { minimumFractionDigits: 2 })})` : value.toLocaleString(undefined, { minimumFractionDigits: 2 })),
    compact: () => new Intl.NumberFormat(undefined, { notation: "compact" }).format(value),
    scientific: () => value.toExponential(3),
    engineering: () => new Intl.NumberFormat(undefined, { notation: "engineering" }).format(value),
  };
  if (named[format]) return named[format]();
  return format.replace(/%(0?)(\d*)(?:\.(\d+))?([difesx%])/g, (_all, _zero, _width, digits, kind) => {
    if (kind === "%") return "%";
    if (kind === "d" || kind === "i") return String(Math.round(value));
    if (kind === "f") return value.toFixed(digits === undefined ? 6 : Number(digits));
    if (kind === "e") return value.toExponential(digits === undefined ? 6 : Number(digits));
    if (kind === "x") return Math.round(value).toString(16);
    return String(value);
  });
}

/**
 * A URL that is safe to link to or load: http(s), or (for images) a data: image.
 * @param {unknown} value
 * @param {boolean} image
 * @returns {string | null}
 */
function safeUrl(value, image) {
  if (typeof value !== "string") return null;
  if (image && /^data:image\/(png|jpeg|gif|webp|svg\+xml);/i.test(value)) return value;
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

/**
 * A small chart of a list of numbers (bar, line or area), as SVG built node by node.
 * @param {unknown} value
 * @param {string} kind
 * @param {Record<string, any>} config
 * @returns {Element}
 */
function sparkline(value, kind, config) {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", "80");
  svg.setAttribute("height", "20");
  const values = Array.isArray(value) ? value.filter((v) => typeof v === "number") : [];
  if (!values.length) return svg;
  const low = config.y_min ?? Math.min(0, ...values);
  const high = config.y_max ?? Math.max(...values);
  const span = high - low || 1;
  const y = (/** @type {number} */ v) => 19 - ((v - low) / span) * 18;
  const step = values.length > 1 ? 80 / (values.length - (kind === "bar_chart" ? 0 : 1)) : 80;
  const color = typeof config.color === "string" && /^#[0-9a-f]{3,8}$|^[a-z]+$/i.test(config.color) ? config.color : "#1976d2";
  if (kind === "bar_chart") {
    values.forEach((v, i) => {
      const bar = document.createElementNS(NS, "rect");
      bar.setAttribute("x", String(i * step + 1));
      bar.setAttribute("width", String(Math.max(step - 2, 1)));
      bar.setAttribute("y", String(y(v)));
      bar.setAttribute("height", String(Math.max(19 - y(v), 0.5)));
      bar.setAttribute("fill", color);
      svg.append(bar);
    });
    return svg;
  }
  const points = values.map((v, i) => `${i * step},${y(v)}`).join(" ");
  const line = document.createElementNS(NS, kind === "area_chart" ? "polygon" : "polyline");
  line.setAttribute("points", kind === "area_chart" ? `0,19 ${points} ${(values.length - 1) * step},19` : points);
  line.setAttribute("fill", kind === "area_chart" ? color : "none");
  line.setAttribute("stroke", color);
  svg.append(line);
  return svg;
}

/**
 * A read-only cell as its column's type shows it.
 * @param {Column} column
 * @param {unknown} value
 * @returns {Element}
 */
function display(column, value) {
  const config = column.config ?? {};
  const type = config.type ?? (column.kind === "boolean" ? "checkbox" : null);
  const span = document.createElement("span");
  if (value === null || value === undefined) return span;
  if (type === "checkbox" || (column.kind === "boolean" && typeof value === "boolean")) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = Boolean(value);
    box.disabled = true;
    return box;
  }
  if (type === "progress" && typeof value === "number") {
    const low = config.min_value ?? 0;
    const high = config.max_value ?? 100;
    const bar = document.createElement("span");
    bar.className = `${P}-bar`;
    const fill = document.createElement("span");
    fill.style.width = `${Math.max(0, Math.min(100, ((value - low) / (high - low || 1)) * 100))}%`;
    bar.append(fill);
    span.append(bar, document.createTextNode(formatNumber(value, config.format)));
    return span;
  }
  if (type === "link") {
    const href = safeUrl(value, false);
    if (!href) return Object.assign(span, { textContent: String(value) });
    const link = document.createElement("a");
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = config.display_text ? String(config.display_text) : String(value);
    return link;
  }
  if (type === "image") {
    const src = safeUrl(value, true);
    if (!src) return Object.assign(span, { textContent: String(value) });
    const image = document.createElement("img");
    image.className = `${P}-image`;
    image.alt = "";
    image.src = src;
    return image;
  }
  if (type === "bar_chart" || type === "line_chart" || type === "area_chart") return sparkline(value, type, config);
  if (type === "json") return Object.assign(span, { textContent: JSON.stringify(value) });
  if (Array.isArray(value)) return Object.assign(span, { textContent: value.map(String).join(", ") });
  if (typeof value === "number") return Object.assign(span, { textContent: formatNumber(value, config.format) });
  if ((type === "date" || type === "datetime") && config.format === "localized" && typeof value === "string") {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return Object.assign(span, { textContent: type === "date" ? date.toLocaleDateString() : date.toLocaleString() });
  }
  return Object.assign(span, { textContent: String(value) });
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
    if (column.kind !== "other" && !column.config?.type) {
      const input = document.createElement("input");
      input.type = "text";
      input.value = shown(value);
      input.disabled = true;
      return input;
    }
    const span = document.createElement("div");
    span.className = `${P}-readonly`;
    span.append(display(column, value));
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

  /**
   * Save one trait the user changed (no re-render for the change it causes).
   * @param {string} name
   * @param {unknown} value
   */
  function saveTrait(name, value) {
    saving = true;
    try {
      model.set(name, value);
      model.save_changes();
    } finally {
      saving = false;
    }
  }

  /** @param {Edits} edits */
  function save(edits) {
    saveTrait("edits", edits);
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

  /** @type {{name: string, descending: boolean} | null} the column the user sorted by */
  let sortBy = null;

  /**
   * @param {unknown} a
   * @param {unknown} b
   * @returns {number} missing values last, numbers by value, the rest as text
   */
  function compare(a, b) {
    if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
    if (b === null || b === undefined) return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  /** st.dataframe: the same table, read-only, sortable, and selectable in `selection_modes`. */
  function buildFrame() {
    /** @type {Column[]} */
    const columns = model.get("columns") ?? [];
    /** @type {unknown[][]} */
    const rows = model.get("rows") ?? [];
    /** @type {unknown[]} */
    const index = model.get("index") ?? [];
    /** @type {string[]} */
    const order = model.get("column_order") ?? [];
    const modes = new Set(model.get("selection_modes") ?? []);
    const rowMode = ROW_MODES.find((mode) => modes.has(mode)) ?? null;
    const columnMode = modes.has("multi-column") ? "multi" : modes.has("single-column") ? "single" : null;
    const cellMode = modes.has("multi-cell") ? "multi" : modes.has("single-cell") ? "single" : null;
    const raw = model.get("selection") ?? {};
    /** @type {{rows: number[], columns: string[], cells: Array<[number, string]>}} */
    const selection = { rows: [...(raw.rows ?? [])], columns: [...(raw.columns ?? [])], cells: (raw.cells ?? []).map((/** @type {any} */ c) => [c[0], c[1]]) };
    const byName = new Map(columns.map((column, position) => [column.name, { column, position }]));
    const visible = (order.length ? order.map((name) => byName.get(name)).filter((c) => c !== undefined) : [...byName.values()])
      .filter((c) => c && !c.column.hidden);

    /** @param {(next: typeof selection) => void} change */
    function select(change) {
      const next = { rows: [...selection.rows], columns: [...selection.columns], cells: selection.cells.map((c) => [...c]) };
      change(/** @type {any} */ (next));
      saveTrait("selection", next);
      buildFrame();
    }

    /**
     * @param {any[]} list
     * @param {any} item
     * @param {"single" | "multi"} how
     * @param {(a: any, b: any) => boolean} same
     * @param {boolean} [required] single-row-required: the last row stays selected
     */
    function toggle(list, item, how, same, required = false) {
      const at = list.findIndex((other) => same(other, item));
      if (at >= 0) {
        if (!(required && list.length === 1)) list.splice(at, 1);
      } else if (how === "single") {
        list.splice(0, list.length, item);
      } else {
        list.push(item);
      }
    }

    root.classList.add(`${P}-frame`);
    root.classList.toggle(`${P}-full`, Boolean(model.get("full_width")));
    const height = model.get("height_px");
    root.style.maxHeight = height ? `${height}px` : "";
    const width = model.get("width_px");
    root.style.width = width ? `${width}px` : "";
    const table = document.createElement("table");
    table.className = `${P}-table`;
    if (cellMode) table.classList.add(`${P}-cellpick`);

    const head = table.createTHead().insertRow();
    if (rowMode) head.append(Object.assign(document.createElement("th"), { className: `${P}-pick` }));
    const showIndex = !model.get("hide_index");
    if (showIndex) head.append(Object.assign(document.createElement("th"), { textContent: model.get("index_label") ?? "" }));
    for (const { column } of visible) {
      const th = document.createElement("th");
      th.dataset.column = column.name;
      if (column.help) th.title = column.help;
      if (column.width !== null && column.width !== undefined) th.style.width = typeof column.width === "number" ? `${column.width}px` : { small: "5em", medium: "10em", large: "20em" }[String(column.width)] ?? "";
      if (columnMode) {
        const pick = document.createElement("input");
        pick.type = "checkbox";
        pick.className = `${P}-colpick`;
        pick.checked = selection.columns.includes(column.name);
        pick.title = "Select this column";
        pick.addEventListener("change", () => select((next) => toggle(next.columns, column.name, columnMode, (a, b) => a === b)));
        th.append(pick);
        if (pick.checked) th.classList.add(`${P}-colsel`);
      }
      const label = document.createElement("span");
      label.className = `${P}-sort`;
      const arrow = sortBy?.name === column.name ? (sortBy.descending ? " ▼" : " ▲") : "";
      label.textContent = column.label + arrow;
      label.title = "Sort";
      label.addEventListener("click", () => {
        // ascending, then descending, then the data's own order
        sortBy = sortBy?.name !== column.name ? { name: column.name, descending: false } : sortBy.descending ? null : { name: column.name, descending: true };
        buildFrame();
      });
      th.append(label);
      head.append(th);
    }

    const positions = rows.map((_, r) => r);
    if (sortBy) {
      const at = byName.get(sortBy.name)?.position ?? 0;
      const sign = sortBy.descending ? -1 : 1;
      positions.sort((a, b) => sign * compare(rows[a][at], rows[b][at]) || a - b);
    }
    const selectedRows = new Set(selection.rows);
    const body = table.createTBody();
    for (const r of positions) {
      const tr = body.insertRow();
      tr.dataset.row = String(r);
      if (selectedRows.has(r)) tr.classList.add(`${P}-selected`);
      if (rowMode) {
        const td = tr.insertCell();
        td.className = `${P}-pick`;
        const pick = document.createElement("input");
        pick.type = "checkbox";
        pick.className = `${P}-rowpick`;
        pick.checked = selectedRows.has(r);
        pick.title = "Select this row";
        pick.addEventListener("change", () => select((next) => toggle(next.rows, r, rowMode === "multi-row" ? "multi" : "single", (a, b) => a === b, rowMode === "single-row-required")));
        td.append(pick);
      }
      if (showIndex) tr.append(Object.assign(document.createElement("th"), { textContent: shown(index[r]) }));
      for (const { column, position } of visible) {
        const td = tr.insertCell();
        const value = rows[r][position];
        if (typeof value === "number" && (!column.config?.type || column.config.type === "number")) td.classList.add(`${P}-num`);
        td.append(display(column, value));
        if (selection.columns.includes(column.name) || selection.cells.some(([cr, cn]) => cr === r && cn === column.name)) td.classList.add(`${P}-selected`);
        if (cellMode) td.addEventListener("click", () => select((next) => toggle(next.cells, [r, column.name], cellMode, (a, b) => a[0] === b[0] && a[1] === b[1])));
      }
    }
    root.replaceChildren(table);
  }

  function rebuild() {
    if (model.get("mode") === "dataframe") buildFrame();
    else build();
  }

  function onChange() {
    if (!saving) rebuild();
  }

  for (const name of WATCHED) model.on(`change:${name}`, onChange);
  rebuild();

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
