// @ts-check
/**
 * st.file_uploader as Streamlit 1.67 draws it: the label, then a drop zone holding an
 * "Upload" button and the hint ("200MB per file • CSV"); once files are there, the zone
 * shows them as chips (an icon, the name, the size, a remove button) and a "+" to add more.
 *
 * A click anywhere in the zone opens the file chooser; files dropped on it are taken as
 * chosen ones. The chosen files are read here and sent as the `value` trait, in the shape
 * of ipywidgets' FileUpload value (the bytes are binary buffers), each with a `file_id`.
 * Files the kernel already holds travel back without their bytes (the kernel knows them
 * by `file_id`), so adding or removing a file never sends the others' bytes again. With
 * `multiple`, new files are added to the list; without, a new file replaces the old.
 * A Jupyter server closes a websocket that carries a message over 10 MiB, so the update
 * holds at most PIECE bytes of contents: a bigger file goes first, in PIECE-sized custom
 * messages ({event: "piece", file_id, offset} and one binary buffer), and the update then
 * names it without its bytes.
 * Files over `max_upload_size` are refused here, as Streamlit refuses them in the
 * browser: an error chip, nothing sent. Whether a type is allowed is the kernel's call
 * (`accept` is only a hint to the file chooser).
 *
 * With `directory` (accept_multiple_files="directory") the chooser picks folders, a
 * dropped folder gives its files, each named by its path in it ("photos/2024/a.png"),
 * and files of types not in `accept` are refused here (an error chip), as Streamlit does.
 *
 * Model traits: description, label_visibility, tooltip, accept, multiple, directory,
 * disabled, max_upload_size (MB), hint_types, value.
 */

/**
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: unknown) => void} set
 * @property {() => void} save_changes
 * @property {(name: string, callback: () => void) => void} on
 * @property {(name?: string | null, callback?: (() => void) | null) => void} off
 * @property {(content: unknown, callbacks?: unknown, buffers?: ArrayBufferView[]) => void} send
 */

/**
 * @typedef {object} Entry  one file of the value
 * @property {string} file_id
 * @property {string} name
 * @property {string} type
 * @property {number} size
 * @property {number} last_modified
 * @property {DataView | null} [content]
 */

const TRAITS = ["description", "label_visibility", "tooltip", "accept", "multiple", "directory", "disabled", "max_upload_size", "hint_types", "value"];
const SVG = "http://www.w3.org/2000/svg";
/** The most file bytes one message carries (widgets/_upload_view.py PIECE). */
const PIECE = 4 * 1024 * 1024;

/** Streamlit counts sizes in 1024s on Windows, in 1000s elsewhere. */
const BASE = /^Win/i.test(globalThis.navigator?.platform ?? "") ? 1024 : 1000;
const UNITS = ["GB", "MB", "KB", "B"];

/**
 * A size as Streamlit writes it: "8.0B", "1.5KB", "200MB".
 * @param {number} bytes
 * @param {number} [digits]
 */
function sizeText(bytes, digits = 1) {
  let value = bytes;
  let unit = UNITS.length - 1;
  while (unit > 0 && value > BASE / 2) {
    value /= BASE;
    unit -= 1;
  }
  return `${value.toFixed(digits)}${UNITS[unit]}`;
}

/**
 * A long name cut in its middle, keeping the extension (as Streamlit's chips, 20 chars).
 * @param {string} name
 */
function shortName(name, limit = 20) {
  if (name.length <= limit) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 && dot < name.length - 1 ? name.slice(dot) : "";
  const room = limit - ext.length - 3;
  if (!ext || room <= 0) {
    const half = Math.floor((limit - 3) / 2);
    return `${name.slice(0, half)}...${half > 0 ? name.slice(-half) : ""}`;
  }
  const stem = name.slice(0, name.length - ext.length);
  const tail = Math.floor(room / 2);
  return `${stem.slice(0, Math.ceil(room / 2))}...${tail > 0 ? stem.slice(-tail) : ""}${ext}`;
}

/** Files Streamlit leaves out of a folder. */
const SKIPPED = ["Thumbs.db", ".DS_Store"];

/**
 * @typedef {object} Picked  a file and the name it is uploaded under
 * @property {File} file
 * @property {string} path
 */

/**
 * Every file in a dropped folder, named by its path from the folder's parent.
 * @param {FileSystemDirectoryEntry} folder
 * @returns {Promise<Picked[]>}
 */
async function walk(folder) {
  const reader = folder.createReader();
  /** @type {FileSystemEntry[]} */
  const entries = [];
  for (;;) {
    /** @type {FileSystemEntry[]} */
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  /** @type {Picked[]} */
  const found = [];
  for (const entry of entries) {
    if (entry.isDirectory) {
      found.push(...(await walk(/** @type {FileSystemDirectoryEntry} */ (entry))));
    } else if (entry.isFile && !SKIPPED.includes(entry.name)) {
      /** @type {File} */
      const file = await new Promise((resolve, reject) => /** @type {FileSystemFileEntry} */ (entry).file(resolve, reject));
      found.push({ file, path: entry.fullPath.replace(/^\//, "") });
    }
  }
  return found;
}

/**
 * The files of a drop; a dropped folder gives the files in it. The items are read now,
 * while the event lasts; the folders are walked afterwards.
 * @param {DataTransfer | null} data
 * @returns {Promise<Picked[]>}
 */
async function dropped(data) {
  if (!data) return [];
  const items = Array.from(data.items ?? []).filter((item) => item.kind === "file");
  if (items.length === 0) return Array.from(data.files ?? []).map((file) => ({ file, path: file.name }));
  const taken = items.map((item) => ({ entry: item.webkitGetAsEntry?.() ?? null, file: item.getAsFile() }));
  /** @type {Picked[]} */
  const found = [];
  for (const { entry, file } of taken) {
    if (entry?.isDirectory) found.push(...(await walk(/** @type {FileSystemDirectoryEntry} */ (entry))));
    else if (file) found.push({ file, path: file.name });
  }
  return found;
}

/** A file id no other upload of this page has. */
function newId() {
  const random = globalThis.crypto?.randomUUID?.();
  return random ? random.replace(/-/g, "") : `${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
}

/**
 * An SVG icon from simple shapes.
 * @param {string} className
 * @param {Array<[string, Record<string, string>]>} shapes
 */
function icon(className, shapes) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", className);
  for (const [tag, attributes] of shapes) {
    const shape = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) shape.setAttribute(name, value);
    svg.append(shape);
  }
  return svg;
}

const uploadIcon = () => icon("jupyter-state-uploader-icon", [
  ["path", { d: "M12 4 6.5 9.5l1.4 1.4L11 7.8V16h2V7.8l3.1 3.1 1.4-1.4z", fill: "currentColor" }],
  ["rect", { x: "5", y: "18", width: "14", height: "2", fill: "currentColor" }],
]);
const fileIcon = () => icon("jupyter-state-uploader-file-icon", [
  ["path", { d: "M7 3h7l4 4v14H7z", fill: "none", stroke: "currentColor", "stroke-width": "1.8", "stroke-linejoin": "round" }],
  ["path", { d: "M14 3v4h4M9.5 12h5M9.5 15.5h5", fill: "none", stroke: "currentColor", "stroke-width": "1.8" }],
]);
const removeIcon = () => icon("jupyter-state-uploader-remove-icon", [
  ["circle", { cx: "12", cy: "12", r: "9", fill: "currentColor" }],
  ["path", { d: "M9 9l6 6M15 9l-6 6", class: "jupyter-state-uploader-remove-cross", "stroke-width": "2", "stroke-linecap": "round" }],
]);

/**
 * @param {{ model: Model, el: HTMLElement }} context
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  el.classList.add("jupyter-state-uploader");

  const label = document.createElement("div");
  label.className = "jupyter-state-widget-label jupyter-state-uploader-label";

  const zone = document.createElement("section");
  zone.className = "jupyter-state-uploader-dropzone";
  zone.setAttribute("role", "presentation");

  const input = document.createElement("input");
  input.type = "file";
  input.className = "jupyter-state-uploader-input";
  input.tabIndex = -1;
  input.setAttribute("aria-label", "file upload");

  const overlay = document.createElement("div");
  overlay.className = "jupyter-state-uploader-overlay";
  overlay.hidden = true;
  const overlayText = document.createElement("span");
  overlay.append(overlayText);

  const content = document.createElement("div");
  content.className = "jupyter-state-uploader-content";

  zone.append(input, overlay, content);
  el.append(label, zone);

  /** @type {Array<{ id: string, name: string, size: number, message: string }>} refused here, shown until removed */
  let refused = [];
  let dragDepth = 0;

  /** @returns {Entry[]} */
  const entries = () => Array.from(model.get("value") ?? []);
  const disabled = () => Boolean(model.get("disabled"));
  const multiple = () => Boolean(model.get("multiple"));
  const limitBytes = () => Number(model.get("max_upload_size") || 200) * BASE * BASE;

  /**
   * The files the kernel holds, as references: without their bytes.
   * @param {Entry[]} list
   * @returns {Entry[]}
   */
  const kept = (list) => list.map(({ file_id, name, type, size, last_modified }) => ({ file_id, name, type, size, last_modified, content: null }));

  /** @param {Entry[]} value */
  function send(value) {
    model.set("value", value);
    model.save_changes();
  }

  /**
   * Whether `accept` allows a file (checked here only for folders: the kernel checks the rest).
   * @param {File} file
   * @param {string} path
   */
  function allowed(file, path) {
    const patterns = String(model.get("accept") ?? "").split(",").filter(Boolean);
    const name = path.toLowerCase();
    const mime = (file.type || "").toLowerCase();
    return patterns.length === 0 || patterns.some((p) => (p.startsWith(".") ? name.endsWith(p) : p.endsWith("/*") ? mime.startsWith(p.slice(0, -1)) : mime === p));
  }

  /** @param {Picked[]} picked */
  async function take(picked) {
    if (disabled() || picked.length === 0) return;
    /** @type {Picked[]} */
    const chosen = [];
    for (const { file, path } of picked) {
      /** @param {string} message */
      const refuse = (message) => refused.push({ id: newId(), name: path, size: file.size, message });
      if (!multiple() && chosen.length === 1) {
        refuse("Only one file is allowed.");
      } else if (model.get("directory") && !allowed(file, path)) {
        refuse(`${file.type} files are not allowed.`);
      } else if (file.size > limitBytes()) {
        refuse(`File must be ${sizeText(limitBytes())} or smaller.`);
      } else {
        chosen.push({ file, path });
      }
    }
    if (chosen.length === 0) {
      draw();
      return;
    }
    /** @type {ArrayBuffer[]} */
    let buffers;
    try {
      buffers = await Promise.all(chosen.map(({ file }) => file.arrayBuffer()));
    } catch (error) {
      // (a file deleted or moved since it was chosen): said on its chip, nothing sent
      const reason = error instanceof Error && error.message ? error.message : "Unexpected error. Please try again.";
      for (const { file, path } of chosen) refused.push({ id: newId(), name: path, size: file.size, message: reason });
      draw();
      return;
    }
    /** @type {Entry[]} */
    const added = [];
    let inline = 0;
    chosen.forEach(({ file, path }, i) => {
      const buffer = buffers[i];
      /** @type {Entry} */
      const entry = {
        file_id: newId(),
        name: path,
        type: file.type || "application/octet-stream",
        size: buffer.byteLength,
        last_modified: file.lastModified,
        content: null,
      };
      if (inline + buffer.byteLength <= PIECE) {
        entry.content = new DataView(buffer);
        inline += buffer.byteLength;
      } else {
        for (let offset = 0; offset < buffer.byteLength; offset += PIECE) {
          // a copy, not a view into the file's buffer: Jupyter's websocket serializer
          // copies a view's whole underlying buffer ("offset is out of bounds")
          const piece = new DataView(buffer.slice(offset, offset + PIECE));
          model.send({ event: "piece", file_id: entry.file_id, offset }, undefined, [piece]);
        }
      }
      added.push(entry);
    });
    send(multiple() ? [...kept(entries()), ...added] : added);
  }

  /** @param {string} fileId */
  function remove(fileId) {
    if (disabled()) return;
    const before = refused.length;
    refused = refused.filter((r) => r.id !== fileId);
    if (refused.length !== before) {
      draw();
      return;
    }
    send(kept(entries().filter((e) => e.file_id !== fileId)));
  }

  function open() {
    if (disabled()) return;
    input.value = ""; // the same file chosen again is a change too
    input.click();
  }

  /**
   * @param {string} id
   * @param {string} name
   * @param {number} size
   * @param {string} message an error, or ""
   */
  function chip(id, name, size, message) {
    const item = document.createElement("div");
    item.className = "jupyter-state-uploader-chip";
    item.setAttribute("aria-label", `${name}, ${sizeText(size)}`);
    if (message) {
      item.classList.add("jupyter-state-uploader-chip-error");
      item.title = message;
    }
    const badge = document.createElement("div");
    badge.className = "jupyter-state-uploader-badge";
    badge.append(message ? document.createTextNode("!") : fileIcon());
    const text = document.createElement("div");
    text.className = "jupyter-state-uploader-chip-text";
    const nameLine = document.createElement("div");
    nameLine.className = "jupyter-state-uploader-file-name";
    nameLine.textContent = shortName(name);
    nameLine.title = name;
    const sizeLine = document.createElement("div");
    sizeLine.className = "jupyter-state-uploader-file-size";
    sizeLine.textContent = sizeText(size);
    text.append(nameLine, sizeLine);
    const removeButton = document.createElement("button");
    removeButton.type = "button";
    removeButton.className = "jupyter-state-uploader-remove";
    removeButton.dataset.focusKey = `remove:${id}`;
    removeButton.disabled = disabled();
    removeButton.setAttribute("aria-label", `Remove ${name}`);
    removeButton.append(removeIcon());
    removeButton.addEventListener("click", (event) => {
      event.stopPropagation(); // not a click on the zone: no file chooser
      remove(id);
    });
    item.append(badge, text, removeButton);
    if (message) {
      const alert = document.createElement("span");
      alert.className = "jupyter-state-uploader-sr-only";
      alert.setAttribute("role", "alert");
      alert.textContent = `Error: ${message}`;
      item.append(alert);
    }
    return item;
  }

  function draw() {
    const off = disabled();
    const text = model.get("description") ?? "";
    const visibility = model.get("label_visibility") || "visible";
    label.textContent = text;
    label.title = model.get("tooltip") ?? "";
    label.hidden = visibility === "collapsed";
    label.classList.toggle("jupyter-state-uploader-label-hidden", visibility === "hidden");
    label.classList.toggle("jupyter-state-uploader-disabled-text", off);
    zone.setAttribute("aria-label", text);
    zone.setAttribute("aria-disabled", String(off));
    zone.classList.toggle("jupyter-state-uploader-disabled", off);
    input.accept = model.get("accept") ?? "";
    input.multiple = multiple();
    input.toggleAttribute("webkitdirectory", Boolean(model.get("directory")));
    input.disabled = off;
    overlayText.textContent = model.get("directory") ? "Drag and drop directories here" : multiple() ? "Drag and drop files here" : "Drag and drop a file here";

    const files = entries();
    // A redraw keeps the keyboard focus on the button that had it (or on the next one).
    const focused = content.contains(document.activeElement) ? /** @type {HTMLElement} */ (document.activeElement).dataset.focusKey : undefined;
    content.replaceChildren();
    if (files.length === 0 && refused.length === 0) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "jupyter-state-uploader-button";
      button.dataset.focusKey = "open";
      button.disabled = off;
      const caption = document.createElement("span");
      caption.textContent = model.get("directory") ? "Upload directories" : "Upload";
      button.append(uploadIcon(), caption);
      const hint = document.createElement("span");
      hint.className = "jupyter-state-uploader-hint";
      const types = model.get("hint_types") ?? "";
      hint.textContent = `${sizeText(limitBytes(), 0)} per file${types ? ` • ${types}` : ""}`;
      content.append(button, hint);
      content.classList.remove("jupyter-state-uploader-chips");
      refocus(focused);
      return;
    }
    content.classList.add("jupyter-state-uploader-chips");
    for (const f of files) content.append(chip(f.file_id, f.name, f.size, ""));
    for (const r of refused) content.append(chip(r.id, r.name, r.size, r.message));
    const add = document.createElement("button");
    add.type = "button";
    add.className = "jupyter-state-uploader-add";
    add.dataset.focusKey = "open";
    add.disabled = off;
    add.setAttribute("aria-label", "Add files");
    add.textContent = "+";
    content.append(add);
    refocus(focused);
  }

  /**
   * Focus the redrawn button with this focus key; the file chooser's button if it is gone.
   * @param {string | undefined} key
   */
  function refocus(key) {
    if (!key) return;
    const buttons = /** @type {HTMLElement[]} */ (Array.from(content.querySelectorAll("[data-focus-key]")));
    const target = buttons.find((b) => b.dataset.focusKey === key) ?? buttons.find((b) => b.dataset.focusKey === "open");
    target?.focus();
  }

  /** @param {DragEvent} event */
  const carriesFiles = (event) => Array.from(event.dataTransfer?.types ?? []).includes("Files");

  /** @param {boolean} active */
  function setDragActive(active) {
    overlay.hidden = !active;
    zone.classList.toggle("jupyter-state-uploader-drag", active);
  }

  const onZoneClick = () => open();
  const onInputClick = (/** @type {MouseEvent} */ event) => event.stopPropagation();
  const onChange = () => {
    void take(Array.from(input.files ?? []).map((file) => ({ file, path: file.webkitRelativePath || file.name })));
  };
  const onDragEnter = (/** @type {DragEvent} */ event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.stopPropagation(); // JupyterLab would open the file as a document
    dragDepth += 1;
    if (!disabled()) setDragActive(true);
  };
  const onDragOver = (/** @type {DragEvent} */ event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.dataTransfer) event.dataTransfer.dropEffect = disabled() ? "none" : "copy";
  };
  const onDragLeave = (/** @type {DragEvent} */ event) => {
    if (!carriesFiles(event)) return;
    event.stopPropagation();
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) setDragActive(false);
  };
  const onDrop = (/** @type {DragEvent} */ event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    dragDepth = 0;
    setDragActive(false);
    if (disabled()) return;
    void dropped(event.dataTransfer).then(take);
  };

  zone.addEventListener("click", onZoneClick);
  input.addEventListener("click", onInputClick);
  input.addEventListener("change", onChange);
  zone.addEventListener("dragenter", onDragEnter);
  zone.addEventListener("dragover", onDragOver);
  zone.addEventListener("dragleave", onDragLeave);
  zone.addEventListener("drop", onDrop);
  for (const name of TRAITS) model.on(`change:${name}`, draw);
  draw();

  return () => {
    for (const name of TRAITS) model.off(`change:${name}`, draw);
    zone.removeEventListener("click", onZoneClick);
    input.removeEventListener("click", onInputClick);
    input.removeEventListener("change", onChange);
    zone.removeEventListener("dragenter", onDragEnter);
    zone.removeEventListener("dragover", onDragOver);
    zone.removeEventListener("dragleave", onDragLeave);
    zone.removeEventListener("drop", onDrop);
  };
}

export default { render };
