// @ts-check
/**
 * The link to the current notebook's kernel: one comm to the `jupyter_state.inspector`
 * target (jupyter_state/_comm.py), opened on the first request, and the requests waiting
 * for their reply.
 *
 * Requests carry an `id` and a `type`; the kernel answers each once with the same `id`,
 * `ok`, and `error` when not ok. Other messages are pushes (`changed`), passed to the
 * listeners, as are the link's own status changes. This module knows nothing of the panel
 * or of JupyterLab's commands.
 */

/** @typedef {import('@jupyterlab/notebook').INotebookTracker} INotebookTracker */
/** @typedef {import('@jupyterlab/notebook').NotebookPanel} NotebookPanel */
/** @typedef {import('@jupyterlab/services').Kernel.IKernelConnection} IKernelConnection */
/** @typedef {import('@jupyterlab/services').Kernel.IComm} IComm */
/** @typedef {import('@jupyterlab/services').Kernel.Status} KernelStatus */
/** @typedef {import('../../jupyter_state/static/inspector.js').Entry} Entry */
/** @typedef {import('../../jupyter_state/static/inspector.js').TimelineRun} TimelineRun */
/** @typedef {import('../../jupyter_state/static/inspector.js').UndoStatus} UndoStatus */

/**
 * A request: its `type` (`snapshot`, `set`, `delete`, `rerun`, ...) and that type's fields.
 * @typedef {{type: string} & Record<string, unknown>} Request
 */

/**
 * The kernel's answer to a request, or the failure that stands in for one (no comm, no
 * answer in time, the kernel went away): `ok` false and `error` say why.
 * @typedef {object} Reply
 * @property {number} [id]
 * @property {string} [type]
 * @property {boolean} ok
 * @property {string} [error]  why the request failed, when not `ok`
 * @property {Record<string, Entry>} [entries]  `snapshot`: every key
 * @property {number | string[]} [apps]  `snapshot`: how many apps; `rerun`: the apps rerun
 * @property {number} [cleared]  `clear_cache`: how many cached functions were emptied
 * @property {string[]} [remembered]  `saved_state`: the keys st.remember keeps across restarts
 * @property {string | null} [file]  `saved_state`: the snapshot file
 * @property {boolean} [saved]  `saved_state`: whether the file exists now
 * @property {Record<string, string>} [unsaved]  `saved_state`: keys that could not be stored, and why
 * @property {boolean} [forgot]  `forget_saved_state`: whether there was a file to delete
 * @property {TimelineRun[]} [runs]  `timeline`: the kept events, newest first
 * @property {UndoStatus} [undo]  `timeline`, `undo`: whether an undo can be done now
 * @property {number} [keep]  `timeline`: how many events the kernel keeps
 */

/**
 * What listeners are told: a push from the kernel, or that {@link KernelLink.status} changed.
 * @typedef {{type: 'changed', entries?: Record<string, Entry>, removed?: string[]} | {type: 'status'}
 *   | {type: 'timeline_run', run: TimelineRun, undone?: number[], undo?: UndoStatus}} Message
 */

export const TARGET = 'jupyter_state.inspector';
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The comm to one notebook's kernel, and the requests waiting for their reply.
 */
export class KernelLink {
  /** @param {INotebookTracker} tracker the notebook tracker */
  constructor(tracker) {
    this.tracker = tracker;
    /** @type {NotebookPanel | null} the notebook panel followed */
    this.notebook = null;
    /** @type {IKernelConnection | null} */
    this.kernel = null;
    /** @type {IComm | null} */
    this.comm = null;
    /** @type {Promise<boolean> | null} */
    this.opening = null;
    /** @type {Map<number, {resolve: (reply: Reply) => void, timer: ReturnType<typeof setTimeout>}>} */
    this.pending = new Map();
    this.nextId = 0;
    /** why there is no comm: shown by the panel */
    this.status = 'No notebook is open.';
    /** @type {Set<(message: Message) => void>} */
    this.listeners = new Set();
    this.onKernelStatus = this.onKernelStatus.bind(this);
    this.onKernelChanged = this.onKernelChanged.bind(this);
  }

  /**
   * @param {(message: Message) => void} listener called with pushes and status changes
   * @returns {() => boolean} unsubscribe
   */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** @param {Message} message */
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

  /** @param {IKernelConnection} _kernel @param {KernelStatus} status */
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

  /** @returns {Promise<boolean>} */
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
    comm.onMsg = (msg) => this.receive(msg.content.data);
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

  /**
   * A message from the kernel: the reply to a waiting request, else a push.
   * @param {unknown} data the comm message's `content.data`
   */
  receive(data) {
    if (!data || typeof data !== 'object') return;
    const message = /** @type {Reply | Message} */ (data);
    const id = 'id' in message ? message.id : undefined;
    const waiting = id !== undefined ? this.pending.get(id) : undefined;
    if (id !== undefined && waiting && message.type !== 'changed') {
      clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.resolve(/** @type {Reply} */ (message));
      return;
    }
    this.emit(/** @type {Message} */ (message));
  }

  /**
   * Send a request; resolve with the reply ({ok: false, error} when it failed or there
   * is no comm). Never rejects.
   * @param {Request} request
   * @returns {Promise<Reply>}
   */
  async request(request) {
    if (!(await this.ensure()) || !this.comm) return { ...request, ok: false, error: this.status };
    const comm = this.comm;
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ...request, id, ok: false, error: 'The kernel did not answer (is it busy?).' });
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      comm.send(/** @type {import('@lumino/coreutils').JSONObject} */ ({ ...request, id }));
    });
  }

  /**
   * The id of the active cell of the followed notebook (an app cell's app is named by it).
   * @returns {string | null}
   */
  activeCellId() {
    return this.notebook?.content?.activeCell?.model?.id ?? null;
  }
}
