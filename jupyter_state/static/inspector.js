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
 * The timeline (jupyter_state/_timeline.py) is `TimelineView`, shared the same way: the view
 * asks `{type: "timeline", id}` and gets every kept event, newest first, then the kernel
 * sends `{type: "timeline_run", run, undo, undone?}` after each event; its Undo button sends
 * `{type: "undo", id}`.
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
.jupyter-state-timeline { margin-top: 10px; }
.jupyter-state-timeline-header { display: flex; align-items: center; gap: 8px; font-weight: 600; margin: 2px 0 4px; }
.jupyter-state-timeline-undo { font-size: inherit; cursor: pointer; }
.jupyter-state-timeline-undo:disabled { cursor: not-allowed; }
.jupyter-state-timeline-reason, .jupyter-state-timeline-at, .jupyter-state-timeline-ms, .jupyter-state-timeline-label {
  color: var(--jp-ui-font-color2, #666); }
.jupyter-state-timeline-error-line { color: var(--jp-error-color1, #d32f2f); }
.jupyter-state-timeline-list { list-style: none; margin: 0; padding: 0; }
.jupyter-state-timeline-run { border-bottom: 1px solid var(--jp-border-color3, #eee); padding: 2px 0; }
.jupyter-state-timeline-run summary { cursor: pointer; }
.jupyter-state-timeline-run summary > span { margin-right: 6px; }
.jupyter-state-timeline-undone .jupyter-state-timeline-text { text-decoration: line-through; }
.jupyter-state-timeline-failed .jupyter-state-timeline-text { color: var(--jp-error-color1, #d32f2f); }
.jupyter-state-timeline-body { margin: 2px 0 4px 16px; }
.jupyter-state-timeline-change { font-family: var(--jp-code-font-family, monospace); white-space: pre-wrap; word-break: break-all; }
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

/**
 * One event of the timeline (jupyter_state/_timeline.py, `Event.message`).
 * @typedef {object} TimelineRun
 * @property {number} number
 * @property {string} at  when it started, HH:MM:SS
 * @property {{kind: string, text: string}} trigger  what started it
 * @property {string} summary  one line: what started it, what it changed
 * @property {{text: string}[]} widgets  the widget changes from the frontend
 * @property {string[]} callbacks  the callbacks that ran, as `name(args)`
 * @property {{app: string, outcome: string, ms: number, error?: string, fragments: string[]}[]} runs
 * @property {{key: string, old: string | null, new: string | null}[]} changes  null: absent
 * @property {number} more_changes  changes not listed
 * @property {string | null} error
 * @property {number} ms
 * @property {boolean} undone
 * @property {string | null} blocked  why it cannot be undone
 */

/**
 * Whether an undo can be done, and what it would undo, or why not.
 * @typedef {{can: boolean, reason: string, of: number | null, text: string | null}} UndoStatus
 */

/** What undo never touches: said on the button, so it does not pretend. */
const UNDO_LIMITS = "Undo restores session-state values and reruns the apps that read them. " +
  "What callbacks did elsewhere (files, messages), unkeyed widgets and in-place changes to a value are not undone.";

/** The timeline of events, newest first, each one line that opens to its details, and Undo. */
export class TimelineView {
  /**
   * @param {HTMLElement} container
   * @param {{onUndo: () => unknown, keep?: number}} options  onUndo: the Undo button was clicked
   */
  constructor(container, options) {
    this.keep = options.keep ?? 100;
    /** @type {Map<number, HTMLLIElement>} */
    this.items = new Map();
    /** the numbers of the events whose details are open */
    this.open = new Set();
    this.node = element("div", "jupyter-state-timeline");
    const header = element("div", "jupyter-state-timeline-header");
    this.title = element("span", "jupyter-state-timeline-title", "Timeline");
    this.undoButton = element("button", "jupyter-state-timeline-undo", "Undo");
    this.undoButton.type = "button";
    this.undoButton.addEventListener("click", () => {
      this.undoButton.disabled = true; // until the kernel's answer says what can be undone next
      options.onUndo();
    });
    header.append(this.title, this.undoButton);
    this.reason = element("div", "jupyter-state-timeline-reason");
    this.errorLine = element("div", "jupyter-state-timeline-error-line");
    this.list = element("ol", "jupyter-state-timeline-list");
    this.empty = element("div", "jupyter-state-inspector-empty", "No runs yet.");
    this.node.append(header, this.reason, this.errorLine, this.list, this.empty);
    container.append(this.node);
    addStyle(this.node);
    this.setUndo({ can: false, reason: "Nothing to undo yet.", of: null, text: null });
    this.refresh();
  }

  /**
   * Show exactly `runs` (newest first).
   * @param {TimelineRun[]} runs @param {UndoStatus} [undo] @param {number} [keep]
   */
  replace(runs, undo, keep) {
    if (keep) this.keep = keep;
    this.items.clear();
    this.list.replaceChildren();
    for (const run of [...(runs || [])].reverse()) this.add(run);
    if (undo) this.setUndo(undo);
    this.refresh();
  }

  /**
   * A new event, at the top; `undone` are events it undid.
   * @param {TimelineRun} run @param {number[]} [undone] @param {UndoStatus} [undo]
   */
  add(run, undone = [], undo) {
    const item = this.renderRun(run);
    this.items.get(run.number)?.remove();
    this.items.set(run.number, item);
    this.list.prepend(item);
    for (const number of undone) this.items.get(number)?.classList.add("jupyter-state-timeline-undone");
    while (this.items.size > this.keep) {
      const [oldest] = this.items.keys();
      this.items.get(oldest)?.remove();
      this.items.delete(oldest);
      this.open.delete(oldest);
    }
    if (undo) this.setUndo(undo);
    this.refresh();
  }

  /** @param {UndoStatus} status */
  setUndo(status) {
    this.undoButton.disabled = !status.can;
    this.undoButton.title = status.can ? `Undo #${status.of}: ${status.text}\n${UNDO_LIMITS}` : `${status.reason}\n${UNDO_LIMITS}`;
    this.reason.textContent = status.can ? `Undo would undo #${status.of}: ${status.text}` : status.reason;
    this.showError("");
  }

  /** @param {string} message */
  showError(message) {
    this.errorLine.textContent = message;
    this.errorLine.style.display = message ? "" : "none";
  }

  refresh() {
    const n = this.items.size;
    this.title.textContent = `Timeline (${n} run${n === 1 ? "" : "s"})`;
    this.empty.style.display = n ? "none" : "";
  }

  /**
   * @param {TimelineRun} run
   * @returns {HTMLLIElement}
   */
  renderRun(run) {
    const item = element("li", "jupyter-state-timeline-run");
    item.dataset.number = String(run.number);
    if (run.undone) item.classList.add("jupyter-state-timeline-undone");
    if (run.error) item.classList.add("jupyter-state-timeline-failed");
    const details = element("details");
    details.open = this.open.has(run.number);
    details.addEventListener("toggle", () => {
      if (details.open) this.open.add(run.number);
      else this.open.delete(run.number);
    });
    const summary = element("summary");
    summary.append(
      element("span", "jupyter-state-timeline-number", `#${run.number}`),
      element("span", "jupyter-state-timeline-at", run.at),
      element("span", "jupyter-state-timeline-text", run.summary),
      element("span", "jupyter-state-timeline-ms", `${run.ms} ms`),
    );
    const body = element("div", "jupyter-state-timeline-body");
    /** @param {string} label @param {string} text @param {string} [className] */
    const line = (label, text, className = "") => {
      const node = element("div", `jupyter-state-timeline-line ${className}`);
      node.append(element("span", "jupyter-state-timeline-label", `${label}: `), element("span", "", text));
      body.append(node);
    };
    line("started by", run.trigger?.text ?? "?");
    if ((run.widgets || []).length > 1) line("widgets", run.widgets.map((w) => w.text).join("; "));
    if ((run.callbacks || []).length) line("callbacks", run.callbacks.join(", "));
    if ((run.runs || []).length) {
      line("apps", run.runs.map((r) => `${r.app}${r.fragments?.length ? " (fragment)" : ""}: ${r.outcome}, ${r.ms} ms`).join("; "));
    }
    if (run.error) line("error", run.error, "jupyter-state-timeline-error-line");
    for (const change of run.changes || []) {
      const node = element("div", "jupyter-state-timeline-change");
      node.textContent = `${change.key}: ${change.old ?? "(none)"} → ${change.new ?? "(none)"}`;
      body.append(node);
    }
    if (run.more_changes) body.append(element("div", "jupyter-state-inspector-note", `and ${run.more_changes} more`));
    if (!(run.changes || []).length) body.append(element("div", "jupyter-state-inspector-note", "No session-state key changed."));
    if (run.blocked) line("cannot be undone", run.blocked);
    details.append(summary, body);
    item.append(details);
    return item;
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
  const timeline = new TimelineView(el, { onUndo: () => model.send({ type: "undo", id: `inspector-${++requests}` }) });

  /** @param {any} msg */
  function onMessage(msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "snapshot" && msg.ok) view.replace(msg.entries || {});
    else if (msg.type === "changed") view.apply(msg.entries || {}, msg.removed || []);
    else if (msg.type === "timeline" && msg.ok) timeline.replace(msg.runs || [], msg.undo, msg.keep);
    else if (msg.type === "timeline_run") timeline.add(msg.run, msg.undone || [], msg.undo);
    else if (msg.type === "undo") {
      if (msg.undo) timeline.setUndo(msg.undo);
      if (!msg.ok) timeline.showError(msg.error || "Undo failed.");
    }
  }

  function onPreviewChars() {
    view.previewChars = model.get("preview_chars");
    view.replace(Object.fromEntries(view.entries));
  }

  model.on("msg:custom", onMessage);
  model.on("change:preview_chars", onPreviewChars);
  model.send({ type: "snapshot", id: `inspector-${++requests}` });
  model.send({ type: "timeline", id: `inspector-${++requests}` });

  return () => {
    model.off("msg:custom", onMessage);
    model.off("change:preview_chars", onPreviewChars);
    view.dispose();
    timeline.node.remove();
  };
}

export default { render };
