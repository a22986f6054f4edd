// @ts-check
/**
 * jupyter-state-labextension: the Session State side panel and the jupyter_state commands.
 *
 * Three modules, each importing only the ones below it:
 *
 * - `kernel_link.js`: the comm to the current notebook's kernel (the `jupyter_state.inspector`
 *   target, jupyter_state/_comm.py) and its requests and pushes;
 * - `panel.js`: the Session State side panel, which shows and edits the keys through a link;
 * - this file, the plugin: it makes one link and one panel, follows the notebook tracker,
 *   tells the kernel the cells' order, and adds the commands.
 *
 * Nothing here is needed for an app to work: the comm is opened only when the panel is
 * shown or a command runs. "Clear cache" (and "Clear cache and rerun") empty the kernel's
 * st.cache_data and st.cache_resource, as Streamlit's Settings → Clear cache.
 */

import { ILabShell } from '@jupyterlab/application';
import { Dialog, ICommandPalette, Notification, showDialog } from '@jupyterlab/apputils';
// Provided by JupyterLab at run time (a shared, never bundled, core package), so it is
// only a devDependency, for its types; see js/README.md.
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';

import { KernelLink } from './kernel_link.js';
import { PANEL_ID, SessionStatePanel } from './panel.js';

/** @typedef {import('./kernel_link.js').Reply} Reply */
/** @typedef {import('@jupyterlab/notebook').Notebook} Notebook */

const PLUGIN_ID = 'jupyter-state-labextension:plugin';

export const CommandIDs = {
  open: 'jupyter-state:open-panel',
  rerun: 'jupyter-state:rerun-app',
  clear: 'jupyter-state:clear-and-rerun',
  clearCache: 'jupyter-state:clear-cache',
  clearCacheRerun: 'jupyter-state:clear-cache-and-rerun'
};

/**
 * Ask before clearing: one click would lose every key. ``{confirm: false}`` skips it.
 * @param {import('@lumino/coreutils').ReadonlyPartialJSONObject} args the command's arguments
 * @returns {Promise<boolean>}
 */
async function confirmClear(args) {
  if (args.confirm === false) return true;
  const result = await showDialog({
    title: 'Clear session state?',
    body: 'Every key of st.session_state in this kernel is deleted, then every app reruns from its start. This cannot be undone.',
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Clear and rerun' })]
  });
  return result.button.accept;
}

/**
 * @param {string} what
 * @param {Reply} reply
 */
function notify(what, reply) {
  if (!reply.ok) Notification.error(`jupyter_state: ${what} failed: ${reply.error}`, { autoClose: 8000 });
}

/**
 * Make the link and the panel, follow the notebooks, add the commands.
 * @param {import('@jupyterlab/application').JupyterFrontEnd} app
 * @param {INotebookTracker | null} tracker
 * @param {ICommandPalette | null} palette
 * @param {ILabShell | null} labShell
 */
function activate(app, tracker, palette, labShell) {
  if (!tracker) return;
  const link = new KernelLink(tracker);
  /** @param {string} id @returns {() => Promise<unknown>} */
  const run = (id) => () => app.commands.execute(id);
  const panel = new SessionStatePanel(link, [
    { label: 'Rerun app', className: 'jupyter-state-panel-rerun', execute: run(CommandIDs.rerun) },
    { label: 'Clear session state and rerun', className: 'jupyter-state-panel-clear jp-mod-warn', execute: run(CommandIDs.clear) },
    { label: 'Clear cache', className: 'jupyter-state-panel-clear-cache', execute: run(CommandIDs.clearCache) },
    { label: 'Clear cache and rerun', className: 'jupyter-state-panel-clear-cache-rerun', execute: run(CommandIDs.clearCacheRerun) }
  ]);
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
  /** @type {WeakSet<Notebook>} */
  const ordered = new WeakSet();
  /** @param {Notebook} notebook */
  const sendOrder = (notebook) => {
    if (link.notebook?.content !== notebook || !notebook.model) return;
    const ids = Array.from(notebook.model.cells, (cell) => cell.id);
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

/** @type {import('@jupyterlab/application').JupyterFrontEndPlugin<void>} */
const plugin = {
  id: PLUGIN_ID,
  description: 'A Session State side panel and commands for jupyter_state apps.',
  autoStart: true,
  // Optional, so that where there are no notebooks to follow (Voilà renders one page and
  // provides no tracker) the plugin activates and stays out of the way instead of failing.
  requires: [],
  optional: [INotebookTracker, ICommandPalette, ILabShell],
  activate
};

export default plugin;
