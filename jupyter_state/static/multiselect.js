// @ts-check
/**
 * st.multiselect: the chosen options as chips with a remove "×", and a dropdown that
 * filters the other options as you type.
 *
 * The view only ever sends `index`, the chosen option positions in the order they were
 * chosen, so the kernel reads it through the same path as any other widget value. It
 * never lets the user choose more than `max_selections` (0: no limit), and says so in the
 * dropdown with Streamlit's words.
 *
 * Model traits: options (labels), index, max_selections, placeholder, description,
 * tooltip, disabled.
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: unknown) => void} set
 * @property {() => void} save_changes
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 */

const TRAITS = ["options", "index", "max_selections", "placeholder", "description", "tooltip", "disabled"];

let uid = 0;

/**
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  const id = `jupyter-state-multiselect-${++uid}`;
  el.classList.add("jupyter-state-multiselect-view");

  const label = document.createElement("label");
  label.className = "jupyter-state-widget-label";
  label.htmlFor = `${id}-input`;

  const control = document.createElement("div");
  control.className = "jupyter-state-ms-control";

  const chips = document.createElement("div");
  chips.className = "jupyter-state-ms-chips";

  const input = document.createElement("input");
  input.type = "text";
  input.id = `${id}-input`;
  input.className = "jupyter-state-ms-input";
  input.autocomplete = "off";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", `${id}-menu`);

  const menu = document.createElement("ul");
  menu.id = `${id}-menu`;
  menu.className = "jupyter-state-ms-menu";
  menu.setAttribute("role", "listbox");
  menu.hidden = true;

  chips.append(input);
  control.append(chips);
  el.append(label, control, menu);

  /** the option under the keyboard cursor, as a position in the shown list */
  let active = 0;

  /** @returns {number[]} */
  const chosen = () => Array.from(model.get("index") ?? []);
  const limit = () => Number(model.get("max_selections") || 0);
  const full = () => limit() > 0 && chosen().length >= limit();

  /** @param {number[]} index */
  function send(index) {
    model.set("index", index);
    model.save_changes();
  }

  /** @returns {number[]} the options the dropdown offers: not chosen, matching the search */
  function offered() {
    const taken = new Set(chosen());
    const needle = input.value.trim().toLowerCase();
    /** @type {string[]} */
    const options = model.get("options") ?? [];
    return options.map((_, i) => i).filter((i) => !taken.has(i) && options[i].toLowerCase().includes(needle));
  }

  function renderChips() {
    for (const chip of Array.from(chips.querySelectorAll(".jupyter-state-ms-chip"))) chip.remove();
    /** @type {string[]} */
    const options = model.get("options") ?? [];
    const disabled = Boolean(model.get("disabled"));
    for (const i of chosen()) {
      const chip = document.createElement("span");
      chip.className = "jupyter-state-ms-chip";
      const text = document.createElement("span");
      text.textContent = options[i] ?? "";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "jupyter-state-ms-remove";
      remove.textContent = "×";
      remove.disabled = disabled;
      remove.setAttribute("aria-label", `Remove ${options[i] ?? ""}`);
      remove.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
      remove.addEventListener("click", () => send(chosen().filter((j) => j !== i)));
      chip.append(text, remove);
      chips.insertBefore(chip, input);
    }
    input.placeholder = chosen().length ? "" : model.get("placeholder") || "Choose options";
    input.disabled = disabled;
    control.classList.toggle("jupyter-state-ms-disabled", disabled);
  }

  function renderMenu() {
    menu.replaceChildren();
    if (menu.hidden) return;
    /** @type {string[]} */
    const options = model.get("options") ?? [];
    const shown = offered();
    if (full() || shown.length === 0) {
      const note = document.createElement("li");
      note.className = "jupyter-state-ms-note";
      const n = limit();
      note.textContent = full() ? `You can only select up to ${n} ${n === 1 ? "option" : "options"}. Remove an option first.` : "No results";
      menu.append(note);
      return;
    }
    active = Math.min(active, shown.length - 1);
    shown.forEach((i, position) => {
      const item = document.createElement("li");
      item.className = "jupyter-state-ms-option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(position === active));
      item.textContent = options[i];
      item.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep the focus in the search box
        pick(i);
      });
      menu.append(item);
    });
  }

  /** @param {number} i */
  function pick(i) {
    if (full() || chosen().includes(i)) return;
    input.value = "";
    send([...chosen(), i]);
  }

  /** @param {boolean} open */
  function setOpen(open) {
    menu.hidden = !open || Boolean(model.get("disabled"));
    input.setAttribute("aria-expanded", String(!menu.hidden));
    renderMenu();
  }

  function update() {
    label.textContent = model.get("description") ?? "";
    label.hidden = !label.textContent;
    el.title = model.get("tooltip") ?? "";
    renderChips();
    renderMenu();
  }

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    const shown = offered();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (menu.hidden) setOpen(true);
      else if (shown.length) active = (active + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      renderMenu();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (!menu.hidden && shown.length) pick(shown[Math.min(active, shown.length - 1)]);
    } else if (event.key === "Escape") {
      setOpen(false);
    } else if (event.key === "Backspace" && input.value === "" && chosen().length) {
      send(chosen().slice(0, -1));
    }
  }

  const onInput = () => {
    active = 0;
    setOpen(true);
  };
  const onFocus = () => setOpen(true);
  const onBlur = () => setOpen(false);
  const onControlDown = (/** @type {MouseEvent} */ event) => {
    if (event.target !== input) {
      event.preventDefault();
      input.focus();
      setOpen(true);
    }
  };

  input.addEventListener("keydown", onKey);
  input.addEventListener("input", onInput);
  input.addEventListener("focus", onFocus);
  input.addEventListener("blur", onBlur);
  control.addEventListener("mousedown", onControlDown);
  for (const name of TRAITS) model.on(`change:${name}`, update);
  update();

  return () => {
    for (const name of TRAITS) model.off(`change:${name}`, update);
    input.removeEventListener("keydown", onKey);
    input.removeEventListener("input", onInput);
    input.removeEventListener("focus", onFocus);
    input.removeEventListener("blur", onBlur);
    control.removeEventListener("mousedown", onControlDown);
  };
}

export default { render };
