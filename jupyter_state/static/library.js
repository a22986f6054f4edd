// @ts-check
/**
 * Appended to a family's module when it is sent once per kernel as a library model
 * (widgets/_shared_esm.py, which also puts `const LIBRARY_KEY = "..."` first): registers the
 * module's `render` for the views whose ESM is shared_view.js.
 */
{
  const all = /** @type {Record<string, any>} */ (/** @type {any} */ (globalThis).__jupyter_state_libraries ??= {});
  if (!all[LIBRARY_KEY]) {
    /** @type {(module: any) => void} */
    let resolve = () => {};
    const promise = new Promise((r) => { resolve = r; });
    all[LIBRARY_KEY] = { promise, resolve };
  }
  all[LIBRARY_KEY].resolve({ render });
}
