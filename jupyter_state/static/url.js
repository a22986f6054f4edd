// @ts-check
/**
 * The page URL's query string, for st.query_params and bind="query-params".
 *
 * A hidden view. When it is shown it sends the page's query string to the kernel
 * ({event: "location", search}); the kernel answers {event: "apply", query} and from then
 * on every change of the `query` trait is written into the URL with history.replaceState:
 * no reload, no new history entry. The page is the top window when this one is framed
 * (and the top is of the same origin), else this window. Only a page a Jupyter server
 * served (JupyterLab, Notebook 7, Voilà: they carry #jupyter-config-data) is the app's
 * URL; in another host (VS Code's webview, Colab) the URL is the host's, so the view
 * neither reports nor writes it.
 *
 * Model traits: query (the query string without "?").
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, callback: (...args: any[]) => void) => void} on
 * @property {(name?: string | null, callback?: ((...args: any[]) => void) | null) => void} off
 * @property {(content: any) => void} send
 */

/** @returns {Window} */
function pageWindow() {
  try {
    if (window.top && window.top !== window && window.top.location.href) return window.top;
  } catch (_err) {
    // a top window of another origin: this window's URL is the page's
  }
  return window;
}

/** The URL parameters JupyterLab reads itself; never reported, never written back. */
const LAB_PARAMS = ["token", "reset", "clone"];

/**
 * The page's query string. JupyterLab's router drops the query string of the URL it was
 * opened with (/lab/tree/app.ipynb?x=3 shows as /lab/tree/app.ipynb), but the page's
 * navigation entry keeps it: until an app wrote the URL, that is the page's.
 * @param {Window & { __jupyterStateUrlWritten?: boolean }} win
 * @returns {string}
 */
function pageSearch(win) {
  if (win.location.search || win.__jupyterStateUrlWritten) return win.location.search;
  try {
    const entry = /** @type {PerformanceNavigationTiming | undefined} */ (win.performance.getEntriesByType("navigation")[0]);
    if (entry && entry.name) {
      const url = new URL(entry.name);
      if (url.pathname !== win.location.pathname) return "";
      for (const name of LAB_PARAMS) url.searchParams.delete(name);
      return url.search;
    }
  } catch (_err) {
    // no navigation timing: the location is all there is
  }
  return "";
}

/**
 * Write `query` into the page's URL, keeping its path, hash and history state.
 * @param {string} query
 */
function writeQuery(query) {
  const win = /** @type {Window & { __jupyterStateUrlWritten?: boolean }} */ (pageWindow());
  win.__jupyterStateUrlWritten = true;
  const loc = win.location;
  const search = query ? `?${query}` : "";
  if (loc.search === search) return;
  const url = `${loc.pathname}${search}${loc.hash}`;
  try {
    win.history.replaceState(win.history.state, "", url);
  } catch (_err) {
    // a sandboxed page refuses: the kernel's parameters still hold
  }
}

/**
 * Whether the page is one a Jupyter server served.
 * @param {Window} win
 */
function isJupyterPage(win) {
  try {
    return !!win.document.getElementById("jupyter-config-data");
  } catch (_err) {
    return false;
  }
}

/** @param {{ model: Model, el: HTMLElement }} ctx */
function render({ model, el }) {
  el.classList.add("jupyter-state-url");
  if (!isJupyterPage(pageWindow())) return () => {};
  let answered = false;
  /** @param {any} msg */
  const onMsg = (msg) => {
    if (msg && msg.event === "apply" && typeof msg.query === "string") {
      answered = true;
      writeQuery(msg.query);
    }
  };
  const onChange = () => {
    if (answered) writeQuery(model.get("query"));
  };
  model.on("msg:custom", onMsg);
  model.on("change:query", onChange);
  model.send({ event: "location", search: pageSearch(pageWindow()) });
  return () => {
    model.off("msg:custom", onMsg);
    model.off("change:query", onChange);
  };
}

export default { render };
