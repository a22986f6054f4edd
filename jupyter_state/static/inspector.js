// @ts-check
/**
 * The live session-state inspector: every key of st.session_state with its type, its value,
 * the widget bound to it and the app cells that read it, kept up to date by the kernel.
 *
 * Two users share this file. The anywidget view (`render`, the default export) shows what a
 * bare `st.session_state` displays in a cell; the JupyterLab extension (js/src/index.js)
 * imports `StateView` for its Session State panel and adds edit and delete actions.
 *
 * Messages (jupyter_state/inspector.py): the view asks `{type: "snapshot", id}` when it
 * renders and gets `{type: "snapshot", id, ok, entries}`; afterwards the kernel sends
 * `{type: "changed", entries, removed}` with only what changed.
 *
 * Every value is put in the page with textContent, never as HTML.
 */

/**
 * @typedef {object} Entry
 * @property {string} type  the value's type name
 * @property {string} value  JSON text when `json`, else the repr; possibly cut
 * @property {boolean} json  whether `value` is the exact JSON of the value
 * @property {number} size  the length of the whole text
 * @property {boolean} truncated  whether the kernel cut `value` short of `size`
 * @property {string | null} widget  the kinds of the widgets bound to the key
 * @property {string[]} [read_by]  the apps whose last completed run read the key, named as
 *   their cells show ("In [3]"); missing from kernels older than this view
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, callback: (...args: any[]) => void) => void} on
 * @property {(name?: string | null, callback?: ((...args: any[]) => void) | null) => void} off
 * @property {(content: unknown) => void} send
 */

/**
 * @typedef {object} StateViewOptions
 * @property {number} [previewChars]  characters shown before "show more"
 * @property {string} [title]  the header text before the key count
 * @property {(key: string, entry: Entry) => HTMLElement[]} [actions]  buttons for a row
 */

export const PREVIEW_CHARS = 200;
const CHANGED_MS = 1200;

const CSS = `
.jupyter-state-inspector { font-family: var(--jp-ui-font-family, sans-serif); font-size: var(--jp-ui-font-size1, 13px);
  color: var(--jp-ui-font-color1, inherit); }
.jupyter-state-inspector-header { font-weight: 600; margin: 2px 0 6px; }
.jupyter-state-inspector-table { border-collapse: collapse; width: 100%; }
.jupyter-state-inspector-table th { text-align: left; font-weight: 600; padding: 2px 8px 2px 0;
  border-bottom: 1px solid var(--jp-border-color2, #ddd); }
.jupyter-state-inspector-table td { vertical-align: top; padding: 3px 8px 3px 0;
  border-bottom: 1px solid var(--jp-border-color3, #eee); }
.jupyter-state-inspector-key, .jupyter-state-inspector-type, .jupyter-state-inspector-value {
  font-family: var(--jp-code-font-family, monospace); }
.jupyter-state-inspector-type, .jupyter-state-inspector-widget, .jupyter-state-inspector-read-by {
  color: var(--jp-ui-font-color2, #666); }
.jupyter-state-inspector-value { white-space: pre-wrap; word-break: break-all; margin: 0; }
.jupyter-state-inspector-more { border: none; background: none; padding: 0; cursor: pointer;
  color: var(--jp-brand-color1, #1976d2); font-size: inherit; }
.jupyter-state-inspector-note { color: var(--jp-ui-font-color2, #666); font-style: italic; }
.jupyter-state-inspector-empty { color: var(--jp-ui-font-color2, #666); font-style: italic; }
.jupyter-state-inspector-changed td { animation: jupyter-state-inspector-flash ${CHANGED_MS}ms ease-out; }
@keyframes jupyter-state-inspector-flash { from { background: var(--jp-warn-color3, #fff3cd); } to { background: transparent; } }
`;

/**
 * Put the stylesheet into the document (or shadow root) that holds `node`, once.
 * @param {HTMLElement} node
 */
function addStyle(node) {
  const root = /** @type {Document | ShadowRoot} */ (node.getRootNode ? node.getRootNode() : document);
  const holder = root instanceof Document ? root.head : root;
  if (!holder || holder.querySelector?.("style[data-jupyter-state-inspector]")) return;
  const style = document.createElement("style");
  style.dataset.jupyterStateInspector = "";
  style.textContent = CSS;
  holder.append(style);
}

/**
 * A new element with its class and text (as text, never HTML). The JupyterLab panel
 * (js/src/panel.js) builds its own nodes with it too.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A table of session-state entries that applies snapshots and changes in place. */
export class StateView {
  /**
   * @param {HTMLElement} container
   * @param {StateViewOptions} [options]
   */
  constructor(container, options = {}) {
    this.previewChars = options.previewChars ?? PREVIEW_CHARS;
    this.title = options.title ?? "st.session_state";
    this.actions = options.actions;
    /** @type {Map<string, Entry>} */
    this.entries = new Map();
    /** keys whose whole value is shown */
    this.expanded = new Set();
    /** @type {Map<string, HTMLElement>} an element shown under a key's value (an editor) */
    this.extras = new Map();
    /** @type {Map<string, HTMLTableRowElement>} */
    this.rows = new Map();
    /** @type {Set<ReturnType<typeof setTimeout>>} the "changed" highlights still to end */
    this.highlights = new Set();

    this.node = element("div", "jupyter-state-inspector");
    this.header = element("div", "jupyter-state-inspector-header");
    this.table = element("table", "jupyter-state-inspector-table");
    const head = element("tr");
    for (const name of ["key", "type", "widget", "read by", "value", ...(this.actions ? [""] : [])]) head.append(element("th", "", name));
    this.table.createTHead().append(head);
    this.body = this.table.createTBody();
    this.empty = element("div", "jupyter-state-inspector-empty", "No keys in st.session_state yet.");
    this.node.append(this.header, this.table, this.empty);
    container.append(this.node);
    addStyle(this.node);
    this.refresh();
  }

  /**
   * Show exactly `entries` (a snapshot).
   * @param {Record<string, Entry>} entries
   */
  replace(entries) {
    const removed = [...this.entries.keys()].filter((key) => !(key in entries));
    this.apply(entries, removed, false);
  }

  /**
   * Apply what changed: new or changed entries, and removed keys.
   * @param {Record<string, Entry>} changed
   * @param {string[]} [removed]
   * @param {boolean} [highlight]
   */
  apply(changed, removed = [], highlight = true) {
    for (const key of removed) {
      this.entries.delete(key);
      this.expanded.delete(key);
      this.rows.get(key)?.remove();
      this.rows.delete(key);
    }
    for (const [key, entry] of Object.entries(changed || {})) {
      const before = this.entries.get(key);
      this.entries.set(key, entry);
      const row = this.renderRow(key, entry);
      const old = this.rows.get(key);
      if (old) old.replaceWith(row);
      this.rows.set(key, row);
      if (highlight && before && before.value !== entry.value) {
        row.classList.add("jupyter-state-inspector-changed");
        const timer = setTimeout(() => {
          this.highlights.delete(timer);
          row.classList.remove("jupyter-state-inspector-changed");
        }, CHANGED_MS);
        this.highlights.add(timer);
      }
    }
    this.refresh();
  }

  /**
   * Show `extra` (an editor, an error) under the value of `key`; null removes it.
   * @param {string} key
   * @param {HTMLElement | null} extra
   */
  setExtra(key, extra) {
    if (extra) this.extras.set(key, extra);
    else this.extras.delete(key);
    const entry = this.entries.get(key);
    const old = this.rows.get(key);
    if (entry && old) {
      const row = this.renderRow(key, entry);
      old.replaceWith(row);
      this.rows.set(key, row);
    }
  }

  /** Take the view out of the page and stop its pending highlights. */
  dispose() {
    for (const timer of this.highlights) clearTimeout(timer);
    this.highlights.clear();
    this.node.remove();
  }

  /** Put the rows in key order and update the header. */
  refresh() {
    const keys = [...this.rows.keys()].sort();
    keys.forEach((key, i) => {
      const row = /** @type {HTMLTableRowElement} */ (this.rows.get(key));
      if (this.body.rows[i] !== row) this.body.insertBefore(row, this.body.rows[i] ?? null);
    });
    const n = this.entries.size;
    this.header.textContent = `${this.title} (${n} key${n === 1 ? "" : "s"})`;
    this.table.style.display = n ? "" : "none";
    this.empty.style.display = n ? "none" : "";
  }

  /**
   * @param {string} key
   * @param {Entry} entry
   * @returns {HTMLTableRowElement}
   */
  renderRow(key, entry) {
    const row = element("tr", "jupyter-state-inspector-row");
    row.dataset.key = key;
    row.append(
      element("td", "jupyter-state-inspector-key", key),
      element("td", "jupyter-state-inspector-type", entry.type),
      element("td", "jupyter-state-inspector-widget", entry.widget ?? ""),
      element("td", "jupyter-state-inspector-read-by", (entry.read_by ?? []).join(", ")),
    );
    const cell = element("td", "jupyter-state-inspector-value-cell");
    this.renderValue(cell, key, entry);
    const extra = this.extras.get(key);
    if (extra) cell.append(extra);
    row.append(cell);
    if (this.actions) {
      const actions = element("td", "jupyter-state-inspector-actions");
      actions.append(...this.actions(key, entry));
      row.append(actions);
    }
    return row;
  }

  /**
   * The value, cut at `previewChars` behind a "show more" toggle.
   * @param {HTMLElement} cell
   * @param {string} key
   * @param {Entry} entry
   */
  renderValue(cell, key, entry) {
    const text = entry.value ?? "";
    const long = text.length > this.previewChars;
    const open = long && this.expanded.has(key);
    const pre = element("pre", "jupyter-state-inspector-value", long && !open ? `${text.slice(0, this.previewChars)}…` : text);
    cell.append(pre);
    if (long) {
      const more = element("button", "jupyter-state-inspector-more", open ? "show less" : "show more");
      more.type = "button";
      more.addEventListener("click", () => {
        if (this.expanded.has(key)) this.expanded.delete(key);
        else this.expanded.add(key);
        cell.replaceChildren();
        this.renderValue(cell, key, entry);
        const extra = this.extras.get(key);
        if (extra) cell.append(extra);
      });
      cell.append(more);
    }
    if (entry.truncated && (open || !long)) {
      cell.append(element("div", "jupyter-state-inspector-note",
        `(${entry.size.toLocaleString()} characters; the first ${text.length.toLocaleString()} are shown)`));
    }
  }
}

let requests = 0;

/**
 * The anywidget view: a StateView that asks for a snapshot and follows the changes.
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  el.classList.add("jupyter-state-inspector-view");
  const view = new StateView(el, { previewChars: model.get("preview_chars") });

  /** @param {any} msg */
  function onMessage(msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "snapshot" && msg.ok) view.replace(msg.entries || {});
    else if (msg.type === "changed") view.apply(msg.entries || {}, msg.removed || []);
  }

  function onPreviewChars() {
    view.previewChars = model.get("preview_chars");
    view.replace(Object.fromEntries(view.entries));
  }

  model.on("msg:custom", onMessage);
  model.on("change:preview_chars", onPreviewChars);
  model.send({ type: "snapshot", id: `inspector-${++requests}` });

  return () => {
    model.off("msg:custom", onMessage);
    model.off("change:preview_chars", onPreviewChars);
    view.dispose();
  };
}

export default { render };
