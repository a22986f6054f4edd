// @ts-check
/**
 * The ESM of a view whose family's code is shared (widgets/_shared_esm.py): a few hundred
 * bytes per widget instead of the family's whole module (issue 18: 300 sliders sent 4 MB).
 *
 * The family's module comes once per kernel, as the `_esm` of a hidden library model; when
 * the page loads it, library.js (appended to it) registers the module's `render` under the
 * library's key. This view waits for that and renders with it. A widget manager that makes
 * models only when asked (Colab's) is asked for the library model (`_library`).
 *
 * Model traits: _library ("IPY_MODEL_<id>" of the library), _library_key; the rest are the
 * family's.
 */

/**
 * @typedef {{ promise: Promise<{ render: (context: any) => any }>, resolve: (module: any) => void }} Entry
 */

/** @param {string} key @returns {Entry} the page's entry for the library `key` (made by whoever comes first) */
function entryOf(key) {
  const all = /** @type {Record<string, Entry>} */ (/** @type {any} */ (globalThis).__jupyter_state_libraries ??= {});
  if (!all[key]) {
    /** @type {(module: any) => void} */
    let resolve = () => {};
    const promise = new Promise((r) => { resolve = r; });
    all[key] = { promise, resolve };
  }
  return all[key];
}

/** @param {any} context the anywidget render context ({ model, el, ... }) */
async function render(context) {
  const { model, el } = context;
  const key = String(model.get("_library_key"));
  const entry = entryOf(key);
  try {
    // resolved at once where the library's comm_open came first (JupyterLab, Notebook, Voilà)
    const id = String(model.get("_library")).replace(/^IPY_MODEL_/, "");
    const asked = model.widget_manager?.get_model?.(id);
    if (asked && typeof asked.catch === "function") asked.catch(() => {});
  } catch {
    // a manager that does not know the model throws: the library's own load resolves the entry
  }
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 30000); });
  const library = await Promise.race([entry.promise, late]);
  clearTimeout(timer);
  if (!library) {
    el.textContent = `jupyter_state: this widget's code (${key}) did not load in 30 s; run the cell again.`;
    // it may still come: show the widget then
    const module = await entry.promise;
    el.textContent = "";
    return module.render(context);
  }
  return library.render(context);
}

export default { render };
