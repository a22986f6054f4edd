// @ts-check
/**
 * The page of an app served by Voilà (st.set_page_config, st.sidebar): the kernel cannot
 * set the window's title or favicon, so this hidden view does. Its CSS (page.css) fixes
 * the sidebar on the left of the window.
 *
 * Model traits: title, icon (an emoji, or a URL of an image).
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 */

/**
 * The favicon for an icon: an image URL as it is, an emoji drawn into an SVG.
 * @param {string} icon
 * @returns {string}
 */
function faviconHref(icon) {
  if (/^(https?:|data:|\/)/.test(icon)) return icon;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="90">${icon
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** @param {{ model: Model, el: HTMLElement }} ctx */
function render({ model, el }) {
  el.classList.add("jupyter-state-page-config");
  const apply = () => {
    const title = model.get("title");
    if (title) document.title = title;
    const icon = model.get("icon");
    if (icon) {
      /** @type {HTMLLinkElement | null} */
      let link = document.querySelector("link[rel~='icon']");
      if (!link) {
        link = document.createElement("link");
        link.rel = "icon";
        document.head.appendChild(link);
      }
      link.href = faviconHref(icon);
    }
  };
  apply();
  model.on("change:title", apply);
  model.on("change:icon", apply);
  return () => {
    model.off("change:title", apply);
    model.off("change:icon", apply);
  };
}

export default { render };
