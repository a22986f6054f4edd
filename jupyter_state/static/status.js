// @ts-check
/**
 * st.status: the header of a status container, a state icon, its label and a chevron.
 *
 * A click opens or closes the container (`expanded`, synced: the kernel shows or hides the
 * pane below, and a rerun keeps the user's choice). The icons are inline SVG: a spinner
 * while `state` is "running", a check when "complete", a cross when "error".
 *
 * Model traits: label, state, expanded.
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {() => void} save_changes
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 */

const ICONS = {
  running:
    '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">' +
    '<circle cx="8" cy="8" r="6.5" fill="none" stroke="rgba(128,128,128,.3)" stroke-width="2"/>' +
    '<path d="M8 1.5a6.5 6.5 0 0 1 6.5 6.5" fill="none" stroke="#ff4b4b" stroke-width="2" stroke-linecap="round">' +
    '<animateTransform attributeName="transform" type="rotate" from="0 8 8" to="360 8 8" dur="0.8s" repeatCount="indefinite"/>' +
    "</path></svg>",
  complete:
    '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8.5l3.2 3.2L13 4.8" ' +
    'fill="none" stroke="#21c354" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  error:
    '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="7" fill="#ff4b4b"/>' +
    '<path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/></svg>',
};

const CHEVRON =
  '<svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 6l4 4 4-4" fill="none" ' +
  'stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>';

/**
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  const header = document.createElement("button");
  header.type = "button";
  header.className = "jupyter-state-status-header";
  header.style.cssText =
    "display:flex;align-items:center;gap:.5rem;width:100%;padding:.5rem .75rem;border:none;" +
    "background:transparent;color:inherit;font:inherit;cursor:pointer;text-align:left";
  const icon = document.createElement("span");
  icon.className = "jupyter-state-status-icon";
  icon.style.cssText = "display:inline-flex;line-height:0";
  const label = document.createElement("span");
  label.className = "jupyter-state-status-label";
  label.style.cssText = "flex:1";
  const chevron = document.createElement("span");
  chevron.style.cssText = "display:inline-flex;line-height:0;transition:transform .15s";
  chevron.innerHTML = CHEVRON;
  header.append(icon, label, chevron);
  el.append(header);

  function update() {
    const state = model.get("state") || "running";
    icon.innerHTML = ICONS[/** @type {keyof typeof ICONS} */ (state)] || ICONS.running;
    el.dataset.state = state;
    label.textContent = model.get("label") ?? "";
    const open = Boolean(model.get("expanded"));
    header.setAttribute("aria-expanded", String(open));
    chevron.style.transform = open ? "rotate(180deg)" : "";
  }

  function toggle() {
    model.set("expanded", !model.get("expanded"));
    model.save_changes();
  }

  header.addEventListener("click", toggle);
  for (const name of ["label", "state", "expanded"]) model.on(`change:${name}`, update);
  update();

  return () => {
    header.removeEventListener("click", toggle);
    for (const name of ["label", "state", "expanded"]) model.off(`change:${name}`, update);
    header.remove();
  };
}

export default { render };
