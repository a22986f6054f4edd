// @ts-check
/**
 * st.remember under Voilà: the visitor's saved session state, in their browser's
 * localStorage, never in a file on the server.
 *
 * A hidden view. When it is shown it sends the copy this browser keeps for this page
 * ({event: "stored", snapshot: string | null, key}); the kernel restores it and reruns.
 * Then the kernel sends {event: "save", snapshot} after each completed run that changed
 * what is remembered, and {event: "forget"} for st.forget_saved_state(). The copy is keyed
 * by the page's path, so two dashboards of one server keep theirs apart, and each visitor's
 * browser holds only their own.
 */

/**
 * @typedef {object} Model
 * @property {(name: string, callback: (...args: any[]) => void) => void} on
 * @property {(name?: string | null, callback?: ((...args: any[]) => void) | null) => void} off
 * @property {(content: any) => void} send
 */

const PREFIX = "jupyter_state.snapshot:";

/** @returns {Storage | null} */
function localStore() {
  try {
    return window.localStorage;
  } catch (_err) {
    return null; // storage is off (a privacy setting, a sandboxed frame)
  }
}

/** @param {{ model: Model, el: HTMLElement }} ctx */
function render({ model, el }) {
  el.classList.add("jupyter-state-saved-state");
  const storage = localStore();
  const key = PREFIX + window.location.pathname;
  /** @param {any} msg */
  const onMsg = (msg) => {
    if (!msg || !storage) return;
    try {
      if (msg.event === "save" && typeof msg.snapshot === "string") storage.setItem(key, msg.snapshot);
      else if (msg.event === "forget") storage.removeItem(key);
    } catch (err) {
      model.send({ event: "error", error: String(err) }); // the quota is full
    }
  };
  model.on("msg:custom", onMsg);
  /** @type {string | null} */
  let stored = null;
  try {
    stored = storage ? storage.getItem(key) : null;
  } catch (_err) {
    stored = null;
  }
  model.send({ event: "stored", snapshot: stored, key, storage: storage !== null });
  return () => model.off("msg:custom", onMsg);
}

export default { render };
