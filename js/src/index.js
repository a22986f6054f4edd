// @ts-check
/**
 * jupyter-state-labextension: the Session State side panel and the jupyter_state commands.
 *
 * The panel follows the current notebook's kernel through the `jupyter_state.inspector`
 * comm target (jupyter_state/_comm.py): it asks for a snapshot, then the kernel pushes
 * the keys that changed after every run and every cell. Each key shows the widget bound to
 * it and the app cells whose last run read it, by their prompts ("read by: In [2], In [4]"). It can edit a value (as JSON),
 * delete a key, and clear the state and rerun the apps. Nothing here is needed for an
 * app to work: the comm is opened only when the panel is shown or a command runs.
 * "Clear cache" (and "Clear cache and rerun") empty the kernel's st.cache_data and
 * st.cache_resource, as Streamlit's Settings → Clear cache.
 *
 * Requests carry an `id` and a `type`; the kernel answers each once with the same `id`,
 * `ok`, and `error` when not ok.
 */

import { ILabShell } from '@jupyterlab/application';
import { Dialog, ICommandPalette, Notification, showDialog } from '@jupyterlab/apputils';
// Provided by JupyterLab at run time (a shared, never bundled, core package), so it is
// not installed at build time; see js/README.md.
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { deleteIcon, editIcon, LabIcon, refreshIcon, runIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';

import { StateView } from '../../jupyter_state/static/inspector.js';

const PLUGIN_ID = 'jupyter-state-labextension:plugin';
const TARGET = 'jupyter_state.inspector';
const PANEL_ID = 'jupyter-state-session';
const REQUEST_TIMEOUT_MS = 60_000;

export const CommandIDs = {
  open: 'jupyter-state:open-panel',
  rerun: 'jupyter-state:rerun-app',
  clear: 'jupyter-state:clear-and-rerun',
  clearCache: 'jupyter-state:clear-cache',
  clearCacheRerun: 'jupyter-state:clear-cache-and-rerun'
};

const sessionIcon = new LabIcon({
  name: 'jupyter-state:session',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24">' +
    '<g class="jp-icon3" fill="#616161"><path d="M4 4h16v3H4zm0 6.5h16v3H4zM4 17h16v3H4z" opacity=".35"/>' +
    '<circle cx="7" cy="5.5" r="1.6"/><circle cx="12" cy="12" r="1.6"/><circle cx="17" cy="18.5" r="1.6"/></g></svg>'
});

/**
 * The comm to one notebook's kernel, and the requests waiting for their reply.
 */
class KernelLink {
  /** @param {any} tracker the notebook tracker */
  constructor(tracker) {
    this.tracker = tracker;
    /** @type {any} the notebook panel followed */
    this.notebook = null;
    /** @type {any} */
    this.kernel = null;
    /** @type {any} */
    this.comm = null;
    /** @type {Promise<boolean> | null} */
    this.opening = null;
    /** @type {Map<number, {resolve: (reply: any) => void, timer: any}>} */
    this.pending = new Map();
    this.nextId = 0;
    /** why there is no comm: shown by the panel */
    this.status = 'No notebook is open.';
    /** @type {Set<(message: any) => void>} */
    this.listeners = new Set();
    this.onKernelStatus = this.onKernelStatus.bind(this);
    this.onKernelChanged = this.onKernelChanged.bind(this);
  }

  /** @param {(message: any) => void} listener called with pushes and status changes */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** @param {any} message */
  emit(message) {
    for (const listener of this.listeners) listener(message);
  }

  get connected() {
    return this.comm !== null;
  }

  /** Follow the tracker's current notebook (drops the comm to the previous one). */
  follow() {
    const notebook = this.tracker.currentWidget ?? null;
    if (notebook === this.notebook) return;
    if (this.notebook) this.notebook.sessionContext.kernelChanged.disconnect(this.onKernelChanged);
    this.notebook = notebook;
    if (notebook) notebook.sessionContext.kernelChanged.connect(this.onKernelChanged);
    this.drop(notebook ? 'Not connected yet.' : 'No notebook is open.');
  }

  onKernelChanged() {
    this.drop('The kernel changed.');
  }

  /** @param {any} _kernel @param {string} status */
  onKernelStatus(_kernel, status) {
    if (status === 'restarting' || status === 'autorestarting' || status === 'dead') this.drop('The kernel restarted.');
  }

  /** Forget the comm (and fail the requests waiting on it). @param {string} status */
  drop(status) {
    const comm = this.comm;
    this.comm = null;
    this.opening = null;
    if (this.kernel) this.kernel.statusChanged.disconnect(this.onKernelStatus);
    this.kernel = null;
    if (comm && !comm.isDisposed) {
      try {
        comm.close();
      } catch (error) {
        // the kernel is gone already
      }
    }
    for (const [id, { resolve, timer }] of this.pending) {
      clearTimeout(timer);
      resolve({ id, ok: false, error: status });
    }
    this.pending.clear();
    this.status = status;
    this.emit({ type: 'status' });
  }

  /** Open the comm if there is none; true when connected. @returns {Promise<boolean>} */
  ensure() {
    this.follow();
    if (this.comm) return Promise.resolve(true);
    if (!this.opening) this.opening = this.open().finally(() => (this.opening = null));
    return this.opening;
  }

  async open() {
    const notebook = this.notebook;
    if (!notebook) return false;
    const context = notebook.sessionContext;
    await context.ready;
    const kernel = context.session?.kernel;
    if (!kernel || notebook !== this.notebook) {
      this.status = 'The notebook has no kernel.';
      this.emit({ type: 'status' });
      return false;
    }
    this.status = 'Connecting…';
    this.emit({ type: 'status' });
    const comm = kernel.createComm(TARGET);
    let closed = false;
    comm.onMsg = (/** @type {any} */ msg) => this.receive(msg.content.data);
    comm.onClose = () => {
      closed = true;
      if (this.comm === comm) this.drop('The kernel closed the connection.');
    };
    // A kernel without jupyter_state has no such target: it closes the comm at once.
    await comm.open({}).done;
    if (closed || notebook !== this.notebook) {
      this.status = 'jupyter_state is not loaded in this kernel: run `import jupyter_state as st` (or `%load_ext jupyter_state`).';
      this.emit({ type: 'status' });
      return false;
    }
    this.comm = comm;
    this.kernel = kernel;
    kernel.statusChanged.connect(this.onKernelStatus);
    this.status = 'Connected.';
    this.emit({ type: 'status' });
    return true;
  }

  /** @param {any} data */
  receive(data) {
    if (!data || typeof data !== 'object') return;
    const waiting = data.id !== undefined ? this.pending.get(data.id) : undefined;
    if (waiting && data.type !== 'changed') {
      clearTimeout(waiting.timer);
      this.pending.delete(data.id);
      waiting.resolve(data);
      return;
    }
    this.emit(data);
  }

  /**
   * Send a request; resolve with the reply ({ok: false, error} when it failed or there
   * is no comm). Never rejects.
   * @param {Record<string, any>} request
   * @returns {Promise<any>}
   */
  async request(request) {
    if (!(await this.ensure())) return { ...request, ok: false, error: this.status };
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ...request, id, ok: false, error: 'The kernel did not answer (is it busy?).' });
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      this.comm.send({ ...request, id });
    });
  }

  /** The id of the active cell of the followed notebook (an app cell's app is named by it). */
  activeCellId() {
    return this.notebook?.content?.activeCell?.model?.id ?? null;
  }
}

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {any}
 */
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * @param {string} label
 * @param {string} className
 * @param {() => void} onClick
 * @returns {HTMLButtonElement}
 */
function button(label, className, onClick) {
  const node = element('button', `jp-Button jupyter-state-panel-button ${className}`, label);
  node.type = 'button';
  node.addEventListener('click', onClick);
  withIcon(node, label, className);
  return node;
}

/** The icon of a panel button, by its class: icons keep a narrow side bar from clipping labels. */
const BUTTON_ICONS = {
  'jupyter-state-panel-rerun': runIcon,
  'jupyter-state-panel-clear': sessionClearIcon(),
  'jupyter-state-panel-refresh': refreshIcon,
  'jupyter-state-panel-edit': editIcon,
  'jupyter-state-panel-delete': deleteIcon,
  'jupyter-state-panel-clear-cache': cacheIcon('clear-cache', '<path d="M15 15l6 6m0-6l-6 6" stroke="#616161" stroke-width="2"/>'),
  'jupyter-state-panel-clear-cache-rerun': cacheIcon('clear-cache-rerun', '<path d="M15 14v8l7-4z"/>')
};

/**
 * A cache (a stack of disks) with a mark at its lower right: a cross for "clear cache", a
 * run triangle for "clear cache and rerun".
 * @param {string} name
 * @param {string} mark SVG drawn over the stack, in a 24 x 24 box
 */
function cacheIcon(name, mark) {
  return new LabIcon({
    name: `jupyter-state:${name}`,
    svgstr:
      '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161">' +
      '<ellipse cx="9" cy="5" rx="7" ry="2.5"/>' +
      '<path d="M2 7.5c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5V11c0 1.4-3.1 2.5-7 2.5S2 12.4 2 11z" opacity=".7"/>' +
      '<path d="M2 13.5c0 1.4 3.1 2.5 7 2.5 1 0 2-.1 3-.2V19c-1 .1-2 .2-3 .2-3.9 0-7-1.1-7-2.5z" opacity=".45"/>' +
      mark +
      '</g></svg>'
  });
}

/** A trash can over the session icon: "clear session state", told apart from deleting one key. */
function sessionClearIcon() {
  return new LabIcon({
    name: 'jupyter-state:clear-session',
    svgstr:
      '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161">' +
      '<path d="M3 4h11v2.5H3zm0 5.5h11V12H3zM3 15h6v2.5H3z" opacity=".45"/>' +
      '<path d="M14 13h8v1.5h-1v6.5a1 1 0 0 1-1 1h-4a1 1 0 0 1-1-1v-6.5h-1zm2.5-1.5h3v1h-3z"/></g></svg>'
  });
}

/**
 * Show ``label`` as an icon with a tooltip when the button's class has one; the label stays
 * the accessible name (screen readers, tests that find buttons by role and name).
 * @param {HTMLButtonElement} node @param {string} label @param {string} className
 */
function withIcon(node, label, className) {
  const name = className.split(' ')[0];
  const icon = /** @type {Record<string, LabIcon>} */ (BUTTON_ICONS)[name];
  if (!icon) return;
  node.textContent = '';
  node.classList.add('jupyter-state-panel-icon-button');
  node.title = label;
  node.setAttribute('aria-label', label);
  icon.element({ container: node, elementPosition: 'center', height: '16px', width: '16px' });
}

/** The Session State side panel. */
class SessionStatePanel extends Widget {
  /**
   * @param {KernelLink} link
   * @param {any} commands the application's command registry
   */
  constructor(link, commands) {
    super();
    this.link = link;
    this.id = PANEL_ID;
    this.addClass('jupyter-state-panel');
    this.title.icon = sessionIcon;
    this.title.caption = 'Session State';
    this.title.label = '';

    const node = this.node;
    const heading = element('div', 'jupyter-state-panel-heading', 'Session State');
    this.statusLine = element('div', 'jupyter-state-panel-status');
    const toolbar = element('div', 'jupyter-state-panel-toolbar');
    toolbar.append(
      button('Rerun app', 'jupyter-state-panel-rerun', () => commands.execute(CommandIDs.rerun)),
      button('Clear session state and rerun', 'jupyter-state-panel-clear jp-mod-warn', () => commands.execute(CommandIDs.clear)),
      button('Clear cache', 'jupyter-state-panel-clear-cache', () => commands.execute(CommandIDs.clearCache)),
      button('Clear cache and rerun', 'jupyter-state-panel-clear-cache-rerun', () => commands.execute(CommandIDs.clearCacheRerun)),
      button('Refresh', 'jupyter-state-panel-refresh', () => this.refresh())
    );
    this.errorLine = element('div', 'jupyter-state-panel-error');
    const holder = element('div', 'jupyter-state-panel-state');
    this.view = new StateView(holder, {
      title: 'st.session_state',
      actions: (/** @type {string} */ key, /** @type {any} */ entry) => [
        button('Edit', 'jupyter-state-panel-edit', () => this.edit(key, entry)),
        button('Delete', 'jupyter-state-panel-delete', () => this.remove(key))
      ]
    });
    node.append(heading, this.statusLine, toolbar, this.errorLine, holder, this.renderAddForm());
    // Long keys are ellipsised by the CSS; the full name shows on hover.
    new MutationObserver(() => titleKeys(holder)).observe(holder, { childList: true, subtree: true });

    link.subscribe((message) => {
      if (message.type === 'changed') this.view.apply(message.entries || {}, message.removed || []);
      else if (message.type === 'status') this.showStatus();
    });
    this.showStatus();
  }

  /** @param {any} msg */
  onAfterShow(msg) {
    super.onAfterShow(msg);
    this.refresh();
  }

  /** Reconnect if needed and replace the view with a fresh snapshot. */
  async refresh() {
    this.link.follow();
    if (!this.link.notebook) {
      this.view.replace({});
      this.showStatus();
      return;
    }
    const reply = await this.link.request({ type: 'snapshot' });
    if (reply.ok) {
      this.view.replace(reply.entries || {});
      const apps = reply.apps ?? 0;
      this.link.status = `Connected to ${this.link.notebook.title.label}: ${apps} app${apps === 1 ? '' : 's'}.`;
      this.showError('');
    } else {
      this.view.replace({});
    }
    this.showStatus();
  }

  showStatus() {
    this.statusLine.textContent = this.link.status;
    this.node.dataset.connected = String(this.link.connected);
  }

  /** @param {string} message */
  showError(message) {
    this.errorLine.textContent = message;
    this.errorLine.style.display = message ? '' : 'none';
  }

  /**
   * Edit a value as JSON under its row; a bad value shows the kernel's error and changes nothing.
   * @param {string} key
   * @param {any} entry
   */
  edit(key, entry) {
    const editor = element('div', 'jupyter-state-panel-editor');
    const input = element('textarea', 'jp-mod-styled jupyter-state-panel-json');
    input.rows = 3;
    input.value = entry.json && !entry.truncated ? entry.value : '';
    input.placeholder = entry.json ? 'a JSON value' : `a JSON value (the ${entry.type} is not JSON)`;
    const error = element('div', 'jupyter-state-panel-editor-error');
    const save = button('Save', 'jupyter-state-panel-save jp-mod-accept', async () => {
      save.disabled = true;
      const reply = await this.link.request({ type: 'set', key, json: input.value });
      save.disabled = false;
      if (reply.ok) this.view.setExtra(key, null);
      else error.textContent = reply.error;
    });
    const cancel = button('Cancel', 'jupyter-state-panel-cancel', () => this.view.setExtra(key, null));
    input.addEventListener('keydown', (/** @type {KeyboardEvent} */ event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) save.click();
      else if (event.key === 'Escape') cancel.click();
    });
    editor.append(input, save, cancel, error);
    this.view.setExtra(key, editor);
    input.focus({ preventScroll: true });
    // A key low in the list opens its editor below the fold: bring it (and its errors) up.
    editor.scrollIntoView({ block: 'nearest' });
  }

  /** @param {string} key */
  async remove(key) {
    const reply = await this.link.request({ type: 'delete', key });
    this.showError(reply.ok ? '' : reply.error);
  }

  /** A key and a JSON value: set (or add) a key. */
  renderAddForm() {
    const form = element('form', 'jupyter-state-panel-add');
    const key = element('input', 'jp-mod-styled jupyter-state-panel-add-key');
    key.placeholder = 'key';
    const value = element('input', 'jp-mod-styled jupyter-state-panel-add-json');
    value.placeholder = 'JSON value, e.g. 0 or "text"';
    const error = element('div', 'jupyter-state-panel-editor-error');
    const submit = element('button', 'jp-Button jupyter-state-panel-button jupyter-state-panel-add-submit', 'Set');
    submit.type = 'submit';
    form.addEventListener('submit', async (/** @type {Event} */ event) => {
      event.preventDefault();
      const reply = await this.link.request({ type: 'set', key: key.value, json: value.value });
      error.textContent = reply.ok ? '' : reply.error;
      if (reply.ok) {
        key.value = '';
        value.value = '';
      }
    });
    form.append(element('div', 'jupyter-state-panel-add-title', 'Set a key'), key, value, submit, error);
    return form;
  }
}

/** Give every key cell its full name as a tooltip. @param {HTMLElement} holder */
function titleKeys(holder) {
  for (const cell of holder.querySelectorAll('.jupyter-state-inspector-key')) {
    const name = cell.textContent ?? '';
    if (cell.getAttribute('title') !== name) cell.setAttribute('title', name);
  }
}

/**
 * Ask before clearing: one click would lose every key. ``{confirm: false}`` skips it.
 * @param {any} args the command's arguments
 * @returns {Promise<boolean>}
 */
async function confirmClear(args) {
  if (args && args.confirm === false) return true;
  const result = await showDialog({
    title: 'Clear session state?',
    body: 'Every key of st.session_state in this kernel is deleted, then every app reruns from its start. This cannot be undone.',
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Clear and rerun' })]
  });
  return result.button.accept;
}

/**
 * @param {string} what
 * @param {any} reply
 */
function notify(what, reply) {
  if (!reply.ok) Notification.error(`jupyter_state: ${what} failed: ${reply.error}`, { autoClose: 8000 });
}

/** @type {import('@jupyterlab/application').JupyterFrontEndPlugin<void>} */
const plugin = {
  id: PLUGIN_ID,
  description: 'A Session State side panel and commands for jupyter_state apps.',
  autoStart: true,
  // Optional, so that where there are no notebooks to follow (Voilà renders one page and
  // provides no tracker) the plugin activates and stays out of the way instead of failing.
  requires: [],
  optional: [INotebookTracker, ICommandPalette, ILabShell],
  activate: (app, tracker, palette, labShell) => {
    if (!tracker) return;
    const link = new KernelLink(tracker);
    const panel = new SessionStatePanel(link, app.commands);
    app.shell.add(panel, 'right', { rank: 650 });

    tracker.currentChanged.connect(() => {
      link.follow();
      if (panel.isVisible) void panel.refresh();
    });
    // A cell finished: if jupyter_state was not loaded before, it may be now.
    NotebookActions.executed.connect((_, { notebook }) => {
      if (panel.isVisible && !link.connected && link.notebook?.content === notebook) void panel.refresh();
    });

    // Apps that a change reruns run in notebook order: tell the kernel the cells' order
    // when an app cell is run, and again when the cells of a notebook with apps change.
    const ordered = new WeakSet();
    /** @param {any} notebook the Notebook widget */
    const sendOrder = (notebook) => {
      if (link.notebook?.content !== notebook || !notebook.model) return;
      const ids = Array.from(notebook.model.cells, (/** @type {any} */ cell) => cell.id);
      void link.request({ type: 'cell_order', ids });
    };
    NotebookActions.executionScheduled.connect((_, { notebook, cell }) => {
      if (!/^\s*%%app\b/.test(cell.model.sharedModel.getSource())) return;
      link.follow();
      sendOrder(notebook);
      if (!ordered.has(notebook) && notebook.model) {
        ordered.add(notebook);
        notebook.model.cells.changed.connect(() => {
          if (link.connected) sendOrder(notebook);
        });
      }
    });

    const hasNotebook = () => tracker.currentWidget !== null;
    app.commands.addCommand(CommandIDs.open, {
      label: 'jupyter_state: Show session state',
      caption: 'Open the Session State panel',
      execute: () => {
        if (labShell) labShell.expandRight();
        app.shell.activateById(PANEL_ID);
      }
    });
    app.commands.addCommand(CommandIDs.rerun, {
      label: 'jupyter_state: Rerun app',
      caption: "Rerun the active cell's app (every app when the active cell is not one)",
      isEnabled: hasNotebook,
      execute: async () => {
        const reply = await link.request({ type: 'rerun', app: link.activeCellId() });
        notify('Rerun app', reply);
        return reply;
      }
    });
    app.commands.addCommand(CommandIDs.clear, {
      label: 'jupyter_state: Clear session state and rerun',
      caption: 'Delete every key of st.session_state, then rerun every app',
      isEnabled: hasNotebook,
      execute: async (args) => {
        if (!(await confirmClear(args))) return { ok: false, cancelled: true };
        const reply = await link.request({ type: 'clear_and_rerun' });
        notify('Clear session state and rerun', reply);
        return reply;
      }
    });
    app.commands.addCommand(CommandIDs.clearCache, {
      label: 'jupyter_state: Clear cache',
      caption: 'Empty st.cache_data and st.cache_resource in this kernel',
      isEnabled: hasNotebook,
      execute: async () => {
        const reply = await link.request({ type: 'clear_cache' });
        notify('Clear cache', reply);
        if (reply.ok) Notification.success(`jupyter_state: cache cleared (${reply.cleared} cached function${reply.cleared === 1 ? '' : 's'}).`, { autoClose: 3000 });
        return reply;
      }
    });
    app.commands.addCommand(CommandIDs.clearCacheRerun, {
      label: 'jupyter_state: Clear cache and rerun',
      caption: 'Empty st.cache_data and st.cache_resource, then rerun every app',
      isEnabled: hasNotebook,
      execute: async () => {
        const reply = await link.request({ type: 'clear_cache_and_rerun' });
        notify('Clear cache and rerun', reply);
        return reply;
      }
    });
    if (palette) {
      for (const command of Object.values(CommandIDs)) palette.addItem({ command, category: 'jupyter_state' });
    }
    document.body.dataset.jupyterStateLabextension = 'active';
  }
};

export default plugin;
