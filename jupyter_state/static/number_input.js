// @ts-check
/**
 * st.number_input: a text box showing the value in Streamlit's printf-style `format`
 * ("%0.2f" for floats by default, "%d" for ints), with − and + steppers.
 *
 * The view sends `value` only: on Enter, on leaving the box, or on a stepper click. The
 * kernel clamps it into [min, max] and refuses what is not a number, as for any widget.
 *
 * Model traits: value, min, max, step, format, placeholder, description, tooltip,
 * disabled, is_float. `printf(value, format)` comes from printf.js, prepended to this file.
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: unknown) => void} set
 * @property {() => void} save_changes
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 */

const TRAITS = ["value", "min", "max", "step", "format", "placeholder", "description", "tooltip", "disabled"];

let uid = 0;

/**
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  const id = `jupyter-state-number-${++uid}`;
  el.classList.add("jupyter-state-number-view");

  const label = document.createElement("label");
  label.className = "jupyter-state-widget-label";
  label.htmlFor = id;

  const control = document.createElement("div");
  control.className = "jupyter-state-number-control";
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = "decimal";
  input.id = id;
  input.className = "jupyter-state-number-input";
  const minus = document.createElement("button");
  const plus = document.createElement("button");
  for (const [button, text, name] of /** @type {const} */ ([[minus, "\u2212", "Decrement"], [plus, "+", "Increment"]])) {
    button.type = "button";
    button.className = "jupyter-state-number-step";
    button.textContent = text;
    button.setAttribute("aria-label", name);
    button.tabIndex = -1;
  }
  control.append(input, minus, plus);
  el.append(label, control);

  const format = () => model.get("format") || (model.get("is_float") ? "%0.2f" : "%d");

  function show() {
    const value = model.get("value");
    input.value = value === null || value === undefined ? "" : printf(Number(value), format());
    const disabled = Boolean(model.get("disabled"));
    input.disabled = disabled;
    minus.disabled = disabled || Number(value) <= Number(model.get("min"));
    plus.disabled = disabled || Number(value) >= Number(model.get("max"));
    input.placeholder = model.get("placeholder") ?? "";
  }

  /** @param {number} value */
  function send(value) {
    const lo = Number(model.get("min"));
    const hi = Number(model.get("max"));
    let next = Math.min(hi, Math.max(lo, value));
    if (!model.get("is_float")) next = Math.round(next);
    else next = Number(next.toPrecision(15)); // 0.1 + 0.2 steps without the binary noise
    if (next !== model.get("value")) {
      model.set("value", next);
      model.save_changes();
    }
    show();
  }

  function commit() {
    const text = input.value.trim();
    const m = /[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.replace(/,/g, ""));
    if (m) send(Number(m[0]));
    else show(); // not a number: the box shows the kept value again
  }

  function update() {
    label.textContent = model.get("description") ?? "";
    label.hidden = !label.textContent;
    el.title = model.get("tooltip") ?? "";
    show();
  }

  /** @param {KeyboardEvent} event */
  const onKey = (event) => {
    if (event.key === "Enter") commit();
    else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      send(Number(model.get("value")) + (event.key === "ArrowUp" ? 1 : -1) * Number(model.get("step")));
    }
  };
  const onMinus = () => send(Number(model.get("value")) - Number(model.get("step")));
  const onPlus = () => send(Number(model.get("value")) + Number(model.get("step")));

  input.addEventListener("keydown", onKey);
  input.addEventListener("blur", commit);
  minus.addEventListener("click", onMinus);
  plus.addEventListener("click", onPlus);
  for (const name of TRAITS) model.on(`change:${name}`, update);
  update();
  show();

  return () => {
    for (const name of TRAITS) model.off(`change:${name}`, update);
    input.removeEventListener("keydown", onKey);
    input.removeEventListener("blur", commit);
    minus.removeEventListener("click", onMinus);
    plus.removeEventListener("click", onPlus);
  };
}

export default { render };
