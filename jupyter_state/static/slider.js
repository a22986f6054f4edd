// @ts-check
/**
 * st.slider and st.select_slider, drawn as Streamlit draws them: the label, then a track as
 * wide as the column with one thumb (or two for a range), each thumb's value written above
 * it and following it, and the bounds under the track's ends while the pointer is over it.
 *
 * Numbers show in Streamlit's printf-style `format` ("%d", "%0.2f"); with `options` (a
 * select_slider) the thumbs move over the options' positions and show their labels.
 *
 * The view sends its value trait once per gesture: at the end of a drag (not while it
 * moves), or per key press (arrows, Page Up/Down, Home, End). The kernel keeps the value
 * inside [min, max], as for any widget.
 *
 * Model traits: value (a number, or [low, high] for a range) or, with options, index (a
 * position, or [low, high]); min, max, step, format, options, description, tooltip,
 * disabled. `printf(value, format)` comes from printf.js, prepended to this file.
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: unknown) => void} set
 * @property {() => void} save_changes
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 */

const SLIDER_TRAITS = ["value", "index", "min", "max", "step", "format", "options", "description", "tooltip", "disabled"];
const SLIDER_KEYS = new Set(["ArrowRight", "ArrowUp", "ArrowLeft", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);

/** slider box -> what measures it and returns the write of its texts' places */
/** @type {WeakMap<Element, () => () => void>} */
const PLACERS = new WeakMap();
/** One observer for every slider of the page: all reads first, then all writes (one layout). */
const RESIZE = new ResizeObserver((entries) => {
  const writes = entries.map((entry) => PLACERS.get(entry.target)?.());
  for (const write of writes) write?.();
});

/**
 * Whether a thumb moves for this key (a modifier leaves the key to the page: Ctrl+Home...).
 * @param {KeyboardEvent} event
 */
const movesThumb = (event) => SLIDER_KEYS.has(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey;

/**
 * The number of decimals of `step` (0.25 has 2), so snapped values carry no binary noise.
 * @param {number} step
 * @returns {number}
 */
function decimalsOf(step) {
  const text = String(step);
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Number(exp[1]) + (text.split("e")[0].split(".")[1] ?? "").length;
  return (text.split(".")[1] ?? "").length;
}

/**
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  el.classList.add("jupyter-state-slider-view");

  const label = document.createElement("div");
  label.className = "jupyter-state-widget-label";
  const box = document.createElement("div");
  box.className = "jupyter-state-slider-box";
  const track = document.createElement("div");
  track.className = "jupyter-state-slider-track";
  const fill = document.createElement("div");
  fill.className = "jupyter-state-slider-fill";
  track.append(fill);
  const ticks = document.createElement("div");
  ticks.className = "jupyter-state-slider-ticks";
  const minTick = document.createElement("span");
  const maxTick = document.createElement("span");
  minTick.className = "jupyter-state-slider-min";
  maxTick.className = "jupyter-state-slider-max";
  ticks.append(minTick, maxTick);
  box.append(track, ticks);
  el.append(label, box);

  /** @type {HTMLDivElement[]} */
  let thumbs = [];
  /** @type {HTMLDivElement[]} */
  let texts = [];
  /** the values shown (they lead the model's during a drag) */
  /** @type {number[]} */
  let shown = [];
  let dragging = -1;

  const options = () => /** @type {string[]} */ (model.get("options") ?? []);
  const trait = () => (options().length ? "index" : "value");
  const isRange = () => Array.isArray(model.get(trait()));
  const bounds = () => (options().length ? [0, options().length - 1] : [Number(model.get("min")), Number(model.get("max"))]);
  const step = () => (options().length ? 1 : Number(model.get("step")) || 1);
  const disabled = () => Boolean(model.get("disabled"));

  /** @param {number} value */
  function text(value) {
    const opts = options();
    if (opts.length) return opts[value] ?? "";
    const format = model.get("format");
    return format ? printf(value, format) : String(value);
  }

  /** @returns {number[]} */
  function modelValues() {
    const value = model.get(trait());
    return (Array.isArray(value) ? value : [value]).map(Number);
  }

  /**
   * `value` on the step grid, inside the bounds and the other thumb's side.
   * @param {number} i
   * @param {number} value
   */
  function snap(i, value) {
    const [lo, hi] = bounds();
    const s = step();
    let v = lo + Math.round((value - lo) / s) * s;
    if (v > hi) v -= s;
    v = Math.min(hi, Math.max(lo, v));
    if (shown.length === 2) v = i === 0 ? Math.min(v, shown[1]) : Math.max(v, shown[0]);
    return Number(v.toFixed(Math.min(20, decimalsOf(s) + decimalsOf(lo))));
  }

  /** @param {number} value */
  function fraction(value) {
    const [lo, hi] = bounds();
    return hi > lo ? Math.min(1, Math.max(0, (value - lo) / (hi - lo))) : 0;
  }

  function build() {
    const count = isRange() ? 2 : 1;
    if (thumbs.length === count) return;
    for (const node of [...thumbs, ...texts]) node.remove();
    thumbs = [];
    texts = [];
    for (let i = 0; i < count; i++) {
      const thumb = document.createElement("div");
      thumb.className = "jupyter-state-slider-thumb";
      thumb.setAttribute("role", "slider");
      thumb.setAttribute("aria-orientation", "horizontal");
      thumb.addEventListener("keydown", onKey);
      const value = document.createElement("div");
      value.className = "jupyter-state-slider-value";
      value.setAttribute("aria-hidden", "true");
      track.append(thumb);
      box.append(value);
      thumbs.push(thumb);
      texts.push(value);
    }
  }

  /**
   * Puts every value text above its thumb, inside the slider's box, never over the other.
   * @param {boolean} [measure] false while rendering: the texts are centred on their thumbs until laid out
   */
  function place(measure = true) {
    measured(measure)();
  }

  /**
   * Reads the layout (nothing when `measure` is false) and returns what writes the texts'
   * places: the shared resize observer reads every slider's layout before it writes any, so
   * the page is laid out once, not once per slider.
   * @param {boolean} measure
   * @returns {() => void}
   */
  function measured(measure) {
    const width = measure ? box.clientWidth : 0;
    const left = width ? track.offsetLeft : 0;
    const span = width ? track.clientWidth : 0;
    const widths = span ? texts.map((t) => t.offsetWidth) : [];
    const values = [...shown];
    if (!width || !span) {
      // not laid out (a hidden tab): centred on the thumb until the box has a size
      return () => texts.forEach((t, i) => {
        t.style.left = `${fraction(values[i]) * 100}%`;
        t.style.transform = "translateX(-50%)";
      });
    }
    const gap = 8;
    let lefts = values.map((v, i) => left + fraction(v) * span - widths[i] / 2);
    if (lefts.length === 2 && lefts[0] + widths[0] + gap > lefts[1]) {
      const middle = (lefts[0] + widths[0] + lefts[1]) / 2;
      lefts = [middle - gap / 2 - widths[0], middle + gap / 2];
    }
    lefts = lefts.map((x, i) => Math.min(width - widths[i], Math.max(0, x)));
    if (lefts.length === 2 && lefts[0] + widths[0] + gap > lefts[1]) {
      // pushed against an edge: the other text makes room
      if (lefts[0] === 0) lefts[1] = Math.min(width - widths[1], widths[0] + gap);
      else lefts[0] = Math.max(0, lefts[1] - gap - widths[0]);
    }
    return () => texts.forEach((t, i) => {
      t.style.left = `${lefts[i]}px`;
      t.style.transform = "";
    });
  }

  /** @param {boolean} [measure] see place() */
  function show(measure = true) {
    const fractions = shown.map(fraction);
    const [lo, hi] = bounds();
    const name = model.get("description") ?? "";
    const off = disabled();
    thumbs.forEach((thumb, i) => {
      thumb.style.left = `${fractions[i] * 100}%`;
      thumb.tabIndex = off ? -1 : 0;
      thumb.setAttribute("aria-valuemin", String(lo));
      thumb.setAttribute("aria-valuemax", String(hi));
      thumb.setAttribute("aria-valuenow", String(shown[i]));
      thumb.setAttribute("aria-valuetext", text(shown[i]));
      thumb.setAttribute("aria-label", thumbs.length === 2 ? `${name} \u2014 ${i === 0 ? "start" : "end"}` : name);
      thumb.setAttribute("aria-disabled", String(off));
      texts[i].textContent = text(shown[i]);
    });
    const [start, end] = thumbs.length === 2 ? fractions : [0, fractions[0]];
    fill.style.left = `${start * 100}%`;
    fill.style.width = `${(end - start) * 100}%`;
    minTick.textContent = text(lo);
    maxTick.textContent = text(hi);
    place(measure);
  }

  /** @param {boolean} [measure] see place() */
  function update(measure = true) {
    label.textContent = model.get("description") ?? "";
    label.hidden = !label.textContent;
    el.title = model.get("tooltip") ?? "";
    el.classList.toggle("jupyter-state-slider-disabled", disabled());
    build();
    if (dragging < 0) shown = modelValues();
    show(measure);
  }

  /** Sends the shown values, if the model holds others. */
  function commit() {
    const held = modelValues();
    if (held.length === shown.length && held.every((v, i) => v === shown[i])) return;
    model.set(trait(), shown.length === 2 ? [...shown] : shown[0]);
    model.save_changes();
  }

  /**
   * @param {number} i
   * @param {number} value
   */
  function move(i, value) {
    shown[i] = snap(i, value);
    show();
  }

  /** @param {number} x */
  function valueAt(x) {
    const rect = track.getBoundingClientRect();
    const [lo, hi] = bounds();
    const f = rect.width ? Math.min(1, Math.max(0, (x - rect.left) / rect.width)) : 0;
    return lo + f * (hi - lo);
  }

  /**
   * Before the page's shortcuts see a key (JupyterLab's and Notebook 7's listen on the
   * document, Notebook 7's in the capture phase, so an arrow would move the notebook's
   * selection): a thumb's own keys are marked for them to leave alone, any other key
   * (Shift+Enter runs the cell) still reaches them.
   * @param {KeyboardEvent} event
   */
  function onPageKey(event) {
    const target = /** @type {HTMLDivElement} */ (event.target);
    if (thumbs.includes(target)) target.toggleAttribute("data-lm-suppress-shortcuts", movesThumb(event));
  }

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    if (disabled() || !movesThumb(event)) return;
    const i = thumbs.indexOf(/** @type {HTMLDivElement} */ (event.currentTarget));
    const [lo, hi] = bounds();
    const s = step();
    const page = s * Math.max(1, Math.round((hi - lo) / s / 10));
    /** @type {Record<string, number>} */
    const moves = {
      ArrowRight: shown[i] + s, ArrowUp: shown[i] + s, ArrowLeft: shown[i] - s, ArrowDown: shown[i] - s,
      PageUp: shown[i] + page, PageDown: shown[i] - page, Home: lo, End: hi,
    };
    event.preventDefault(); // no page scroll
    event.stopPropagation(); // nor any other handler of the page
    move(i, moves[event.key]);
    commit();
  }

  /** @param {PointerEvent} event */
  function onDown(event) {
    if (disabled() || event.button !== 0) return;
    event.preventDefault();
    const value = valueAt(event.clientX);
    let i = 0;
    if (shown.length === 2) {
      if (value > shown[1]) i = 1;
      else if (value >= shown[0]) i = Math.abs(value - shown[1]) < Math.abs(value - shown[0]) ? 1 : 0;
    }
    dragging = i;
    box.setPointerCapture(event.pointerId);
    thumbs[i].focus();
    box.classList.add("jupyter-state-slider-dragging");
    move(i, value);
  }

  /** @param {PointerEvent} event */
  function onMove(event) {
    if (dragging >= 0) move(dragging, valueAt(event.clientX));
  }

  /** @param {PointerEvent} event */
  function onUp(event) {
    if (dragging < 0) return;
    dragging = -1;
    box.classList.remove("jupyter-state-slider-dragging");
    if (box.hasPointerCapture(event.pointerId)) box.releasePointerCapture(event.pointerId);
    commit(); // one value per drag: one run
  }

  box.addEventListener("pointerdown", onDown);
  box.addEventListener("pointermove", onMove);
  box.addEventListener("pointerup", onUp);
  box.addEventListener("pointercancel", onUp);
  window.addEventListener("keydown", onPageKey, true);
  PLACERS.set(box, () => measured(true));
  RESIZE.observe(box);
  const onChange = () => update();
  for (const name of SLIDER_TRAITS) model.on(`change:${name}`, onChange);
  // Not measured now: reading the layout while the page adds hundreds of views forces one
  // layout of the page per slider (issue 18). The resize observer places the texts once the
  // box is laid out (it reports every observed box's first size, before it is painted).
  update(false);

  return () => {
    for (const name of SLIDER_TRAITS) model.off(`change:${name}`, onChange);
    RESIZE.unobserve(box);
    PLACERS.delete(box);
    window.removeEventListener("keydown", onPageKey, true);
    box.removeEventListener("pointerdown", onDown);
    box.removeEventListener("pointermove", onMove);
    box.removeEventListener("pointerup", onUp);
    box.removeEventListener("pointercancel", onUp);
    for (const thumb of thumbs) thumb.removeEventListener("keydown", onKey);
  };
}

export default { render };
