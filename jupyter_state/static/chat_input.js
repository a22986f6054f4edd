// @ts-check
/**
 * st.chat_input: a message box with a send button, pinned at the bottom of the app.
 *
 * Enter (without Shift) or the button sends the text as one event, {event: "send", text},
 * and empties the box: a message is an event, not state, so nothing stays in a trait
 * (the app sees the text in the run the message causes, then None). The kernel can put a
 * draft into the box (st.session_state[key] = "..."): it sets `draft` and bumps
 * `draft_seq`, so the same draft can be set twice.
 *
 * When the app pinned it (`pinned`), the box sticks to the bottom of the notebook's
 * visible area while the app is on screen, like Streamlit's bottom container.
 *
 * Model traits: placeholder, max_chars, disabled, draft, draft_seq, pinned.
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 * @property {(content: unknown) => void} send
 */

const TRAITS = ["placeholder", "max_chars", "disabled", "pinned"];

// A paper plane, drawn inline: no icon font or emoji glyph needed.
const SEND_ICON =
  '<svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" ' +
  'd="M3.4 20.4 20.85 12.92a1 1 0 0 0 0-1.84L3.4 3.6a.99.99 0 0 0-1.39.91L2 9.12c0 .5.37.93.87.99' +
  'L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91z"/></svg>';

/**
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  el.classList.add("jupyter-state-chat-input");
  const box = document.createElement("div");
  box.className = "jupyter-state-chat-input-box";
  box.style.cssText =
    "display:flex;align-items:flex-end;gap:.25rem;padding:.35rem .35rem .35rem .75rem;" +
    "border-radius:.75rem;background:var(--jp-layout-color2,#f0f2f6);" +
    "border:1px solid var(--jp-border-color2,transparent)";
  const text = document.createElement("textarea");
  text.rows = 1;
  text.className = "jupyter-state-chat-input-text";
  text.style.cssText =
    "flex:1;resize:none;border:none;outline:none;background:transparent;color:inherit;" +
    "font:inherit;line-height:1.5;padding:.3rem 0;max-height:12rem;overflow-y:auto";
  const send = document.createElement("button");
  send.type = "button";
  send.className = "jupyter-state-chat-input-send";
  send.title = "Send";
  send.setAttribute("aria-label", "Send");
  send.innerHTML = SEND_ICON;
  send.style.cssText =
    "border:none;background:transparent;color:var(--jp-ui-font-color2,#808495);cursor:pointer;" +
    "padding:.3rem;border-radius:.5rem;line-height:0";
  box.append(text, send);
  el.append(box);

  const PIN = ["position", "bottom", "z-index", "background", "padding-bottom"];
  /** @type {HTMLElement | null} */
  let pinnedHost = null;

  /** The slot (or the element itself) that sits in the app's column: that is what sticks. */
  function host() {
    return /** @type {HTMLElement} */ (el.closest(".jupyter-state-slot") || el);
  }

  function unpin() {
    if (pinnedHost) for (const name of PIN) pinnedHost.style.removeProperty(name);
    pinnedHost = null;
  }

  function pin() {
    unpin();
    if (!model.get("pinned")) return;
    pinnedHost = host();
    pinnedHost.style.position = "sticky";
    pinnedHost.style.bottom = "0";
    pinnedHost.style.zIndex = "5";
    pinnedHost.style.background = "var(--jp-layout-color0,#fff)";
    pinnedHost.style.paddingBottom = ".5rem";
  }

  function fit() {
    text.style.height = "auto";
    text.style.height = `${text.scrollHeight}px`;
    send.style.color = text.value.trim() ? "var(--jp-brand-color1,#ff4b4b)" : "";
  }

  function update() {
    text.placeholder = model.get("placeholder") ?? "";
    const max = model.get("max_chars");
    if (max) text.maxLength = max;
    else text.removeAttribute("maxlength");
    const disabled = Boolean(model.get("disabled"));
    text.disabled = disabled;
    send.disabled = disabled;
    box.style.opacity = disabled ? "0.6" : "";
    pin();
  }

  function showDraft() {
    text.value = model.get("draft") ?? "";
    fit();
  }

  function submit() {
    const value = text.value;
    if (model.get("disabled") || !value.trim()) return;
    text.value = "";
    fit();
    model.send({ event: "send", text: value });
  }

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  text.addEventListener("keydown", onKey);
  text.addEventListener("input", fit);
  send.addEventListener("click", submit);
  for (const name of TRAITS) model.on(`change:${name}`, update);
  model.on("change:draft_seq", showDraft);
  update();
  // The view is put in the page after render: pin its slot once it is there.
  requestAnimationFrame(pin);
  if (model.get("draft")) showDraft();

  return () => {
    text.removeEventListener("keydown", onKey);
    text.removeEventListener("input", fit);
    send.removeEventListener("click", submit);
    for (const name of TRAITS) model.off(`change:${name}`, update);
    model.off("change:draft_seq", showDraft);
    unpin(); // the slot may show another element next
    box.remove();
  };
}

export default { render };
