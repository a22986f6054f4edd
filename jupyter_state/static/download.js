// @ts-check
/**
 * st.download_button: a button that saves `data` as a file in the browser.
 *
 * The bytes are already here (the kernel syncs them as a binary buffer whenever they
 * change), so a click needs no round trip: the file is saved from a Blob through a
 * temporary <a download> link, and only then is the click reported to the kernel, as an
 * ipywidgets Button reports it ({event: "click"}), unless on_click="ignore".
 *
 * Model traits: label, data (DataView), file_name, mime, button_type, icon, full_width,
 * disabled, rerun_on_click, tooltip.
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 * @property {(content: unknown) => void} send
 */

/** Object URLs are revoked after this delay: the browser reads them after the click. */
const REVOKE_AFTER_MS = 10_000;

const TRAITS = ["label", "icon", "button_type", "disabled", "full_width", "tooltip"];

/**
 * The bytes of a binary trait, whatever view of them the widget manager hands out.
 * @param {unknown} data
 * @returns {Uint8Array<ArrayBuffer>}
 */
function bytesOf(data) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(/** @type {ArrayBuffer} */ (data.buffer), data.byteOffset, data.byteLength);
  return new Uint8Array(0);
}

/**
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  el.classList.add("jupyter-state-download");
  el.append(button);

  function update() {
    const type = model.get("button_type") || "secondary";
    button.className = `jupyter-button jupyter-state-download-button jupyter-state-download-button-${type}`;
    if (type === "primary") button.classList.add("mod-primary");
    const icon = model.get("icon");
    const label = model.get("label") ?? "";
    button.textContent = icon ? `${icon} ${label}` : label;
    button.disabled = Boolean(model.get("disabled"));
    button.title = model.get("tooltip") ?? "";
    button.style.width = model.get("full_width") ? "100%" : "";
  }

  function onClick() {
    if (model.get("disabled")) return;
    const blob = new Blob([bytesOf(model.get("data"))], {
      type: model.get("mime") || "application/octet-stream",
    });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = model.get("file_name") || "download";
    link.style.display = "none";
    el.append(link);
    link.click();
    link.remove();
    // Not on cleanup: a view removed right after a click must not cancel its download.
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
    if (model.get("rerun_on_click")) model.send({ event: "click" });
  }

  button.addEventListener("click", onClick);
  for (const name of TRAITS) model.on(`change:${name}`, update);
  update();

  return () => {
    button.removeEventListener("click", onClick);
    for (const name of TRAITS) model.off(`change:${name}`, update);
    button.remove();
  };
}

export default { render };
