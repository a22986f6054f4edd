// @ts-check
/**
 * The Session State side panel: every key of the followed kernel's st.session_state, with
 * its type, its value, the widget bound to it and the app cells whose last run read it (by
 * their prompts, "read by: In [2], In [4]"). A key's value can be edited (as JSON) and a key
 * deleted or set; the toolbar runs the plugin's commands.
 *
 * The table is `StateView` from jupyter_state/static/inspector.js, the inline inspector's.
 * The panel talks to the kernel only through its {@link KernelLink}.
 */

import { deleteIcon, editIcon, LabIcon, refreshIcon, runIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';

import { element, StateView, TimelineView } from '../../jupyter_state/static/inspector.js';

/** @typedef {import('./kernel_link.js').KernelLink} KernelLink */
/** @typedef {import('./kernel_link.js').Entry} Entry */
/** @typedef {import('@lumino/messaging').Message} LuminoMessage */

/**
 * A toolbar button that runs one of the plugin's commands.
 * @typedef {object} ToolbarItem
 * @property {string} label  its tooltip and accessible name
 * @property {string} className  its classes; the first names its icon (BUTTON_ICONS)
 * @property {() => unknown} execute
 */

export const PANEL_ID = 'jupyter-state-session';

const sessionIcon = new LabIcon({
  name: 'jupyter-state:session',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24">' +
    '<g class="jp-icon3" fill="#616161"><path d="M4 4h16v3H4zm0 6.5h16v3H4zM4 17h16v3H4z" opacity=".35"/>' +
    '<circle cx="7" cy="5.5" r="1.6"/><circle cx="12" cy="12" r="1.6"/><circle cx="17" cy="18.5" r="1.6"/></g></svg>'
});

/**
 * @param {string} label
 * @param {string} className
 * @param {() => unknown} onClick
 * @returns {HTMLButtonElement}
 */
function button(label, className, onClick) {
  const node = element('button', `jp-Button jupyter-state-panel-button ${className}`, label);
  node.type = 'button';
  node.addEventListener('click', onClick);
  withIcon(node, label, className);
  return node;
}

/**
 * The icon of a panel button, by its class: icons keep a narrow side bar from clipping labels.
 * @type {Record<string, LabIcon>}
 */
const BUTTON_ICONS = {
  'jupyter-state-panel-rerun': runIcon,
  'jupyter-state-panel-clear': sessionClearIcon(),
  'jupyter-state-panel-refresh': refreshIcon,
  'jupyter-state-panel-edit': editIcon,
  'jupyter-state-panel-delete': deleteIcon,
  'jupyter-state-panel-clear-cache': cacheIcon('clear-cache', '<path d="M15 15l6 6m0-6l-6 6" stroke="#616161" stroke-width="2"/>'),
  'jupyter-state-panel-clear-cache-rerun': cacheIcon('clear-cache-rerun', '<path d="M15 14v8l7-4z"/>'),
  'jupyter-state-panel-forget-saved': forgetSavedIcon()
};

/** A floppy disk with a cross: "forget saved state" (what st.remember kept across restarts). */
function forgetSavedIcon() {
  return new LabIcon({
    name: 'jupyter-state:forget-saved',
    svgstr:
      '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161">' +
      '<path d="M3 3h12l3 3v6h-2V7l-2-2h-1v4H6V5H5v14h7v2H3z" opacity=".7"/>' +
      '<path d="M15 15l6 6m0-6l-6 6" stroke="#616161" stroke-width="2"/></g></svg>'
  });
}

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
  const icon = BUTTON_ICONS[name];
  if (!icon) return;
  node.textContent = '';
  node.classList.add('jupyter-state-panel-icon-button');
  node.title = label;
  node.setAttribute('aria-label', label);
  icon.element({ container: node, elementPosition: 'center', height: '16px', width: '16px' });
}

/** The Session State side panel. */
export class SessionStatePanel extends Widget {
  /**
   * @param {KernelLink} link
   * @param {ToolbarItem[]} toolbarItems the buttons before "Refresh", in order
   */
  constructor(link, toolbarItems) {
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
      ...toolbarItems.map(({ label, className, execute }) => button(label, className, execute)),
      button('Refresh', 'jupyter-state-panel-refresh', () => this.refresh()),
      button('Forget saved state', 'jupyter-state-panel-forget-saved', () => this.forgetSavedState())
    );
    /** the keys st.remember keeps across kernel restarts (marked in the table) */
    this.remembered = new Set();
    this.savedLine = element('div', 'jupyter-state-panel-saved');
    this.errorLine = element('div', 'jupyter-state-panel-error');
    const holder = element('div', 'jupyter-state-panel-state');
    this.view = new StateView(holder, {
      title: 'st.session_state',
      actions: (key, entry) => [
        button('Edit', 'jupyter-state-panel-edit', () => this.edit(key, entry)),
        button('Delete', 'jupyter-state-panel-delete', () => this.remove(key))
      ]
    });
    node.append(heading, this.statusLine, toolbar, this.errorLine, this.savedLine, holder, this.renderAddForm(),
      this.renderTimeline());
    // Long keys are ellipsised by the CSS; the full name shows on hover. Rows are redrawn
    // on every change, so the remembered mark is put back here too.
    new MutationObserver(() => {
      titleKeys(holder);
      markRemembered(holder, this.remembered);
    }).observe(holder, { childList: true, subtree: true });

    link.subscribe((message) => {
      if (message.type === 'changed') {
        this.view.apply(message.entries || {}, message.removed || []);
        this.showSavedState();
      } else if (message.type === 'status') this.showStatus();
      else if (message.type === 'timeline_run') this.timeline?.add(message.run, message.undone || [], message.undo);
    });
    this.showStatus();
  }

  /** @param {LuminoMessage} msg */
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
      this.refreshTimeline();
      const apps = reply.apps ?? 0;
      this.link.status = `Connected to ${this.link.notebook.title.label}: ${apps} app${apps === 1 ? '' : 's'}.`;
      this.showError('');
      this.showSavedState();
    } else {
      this.view.replace({});
    }
    this.showStatus();
  }

  /** Ask which keys st.remember keeps; mark them and say where they are saved. */
  async showSavedState() {
    const reply = await this.link.request({ type: 'saved_state' });
    if (reply.ok) this.applySavedState(reply, '');
  }

  /**
   * @param {import('./kernel_link.js').Reply} reply a `saved_state` (or `forget_saved_state`) answer
   * @param {string} prefix what was just done, if anything
   */
  applySavedState(reply, prefix) {
    this.remembered = new Set(reply.remembered ?? []);
    markRemembered(this.node, this.remembered);
    const n = this.remembered.size;
    const unsaved = Object.keys(reply.unsaved ?? {});
    let text = prefix;
    if (n || reply.saved) {
      text += `${n} key${n === 1 ? '' : 's'} remembered across kernel restarts (st.remember)`;
      text += reply.saved ? `, saved in ${reply.file}.` : ', nothing saved now.';
      if (unsaved.length) text += ` Not saved (cannot be stored): ${unsaved.join(', ')}.`;
    }
    this.savedLine.textContent = text;
    this.savedLine.style.display = text ? '' : 'none';
  }

  /** "Forget saved state": st.forget_saved_state() in the kernel; the answer shows below the toolbar. */
  async forgetSavedState() {
    const reply = await this.link.request({ type: 'forget_saved_state' });
    if (!reply.ok) {
      this.showError(reply.error ?? '');
      return;
    }
    this.showError('');
    const done = reply.forgot ? `Forgot the saved state (deleted ${reply.file}). ` : 'There was no saved state to forget. ';
    this.applySavedState({ ...reply, saved: false }, done);
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
   * @param {Entry} entry
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
      else error.textContent = reply.error ?? '';
    });
    const cancel = button('Cancel', 'jupyter-state-panel-cancel', () => this.view.setExtra(key, null));
    input.addEventListener('keydown', (event) => {
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
    this.showError(reply.ok ? '' : reply.error ?? '');
  }

  // -- the timeline (jupyter_state/_timeline.py): every event, newest first, and Undo --------
  /** @returns {HTMLElement} */
  renderTimeline() {
    const holder = element('div', 'jupyter-state-panel-timeline');
    this.timeline = new TimelineView(holder, {
      onUndo: async () => {
        const reply = await this.link.request({ type: 'undo' });
        if (reply.undo) this.timeline?.setUndo(reply.undo);
        else if (this.timeline) this.timeline.undoButton.disabled = false; // no answer: let the user try again
        if (!reply.ok) this.timeline?.showError(reply.error ?? 'Undo failed.');
      }
    });
    return holder;
  }

  /** Replace the timeline with the kernel's (it pushes each new event after). */
  async refreshTimeline() {
    const reply = await this.link.request({ type: 'timeline' });
    if (reply.ok) this.timeline?.replace(reply.runs || [], reply.undo, reply.keep);
    else this.timeline?.showError(reply.error ?? '');
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
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const reply = await this.link.request({ type: 'set', key: key.value, json: value.value });
      error.textContent = reply.ok ? '' : reply.error ?? '';
      if (reply.ok) {
        key.value = '';
        value.value = '';
      }
    });
    form.append(element('div', 'jupyter-state-panel-add-title', 'Set a key'), key, value, submit, error);
    return form;
  }
}

/**
 * Mark the rows of the keys st.remember keeps (a class for the CSS mark, and a tooltip).
 * @param {HTMLElement} holder @param {Set<string>} remembered
 */
function markRemembered(holder, remembered) {
  for (const row of holder.querySelectorAll('tr.jupyter-state-inspector-row')) {
    const on = remembered.has(/** @type {HTMLElement} */ (row).dataset.key ?? '');
    if (row.classList.contains('jupyter-state-panel-remembered') !== on) {
      row.classList.toggle('jupyter-state-panel-remembered', on);
    }
    const cell = row.querySelector('.jupyter-state-inspector-type');
    const note = on ? 'remembered across kernel restarts (st.remember)' : null;
    if (cell && cell.getAttribute('data-remembered') !== (note ?? '')) {
      if (note) {
        cell.setAttribute('data-remembered', note);
        cell.setAttribute('title', note);
      } else if (cell.hasAttribute('data-remembered')) {
        cell.removeAttribute('data-remembered');
        cell.removeAttribute('title');
      }
    }
  }
}

/** Give every key cell its full name as a tooltip. @param {HTMLElement} holder */
function titleKeys(holder) {
  for (const cell of holder.querySelectorAll('.jupyter-state-inspector-key')) {
    const name = cell.textContent ?? '';
    if (cell.getAttribute('title') !== name) cell.setAttribute('title', name);
  }
}
