// The KernelLink against a fake notebook and kernel, with Node's test runner (`npm test`):
// request/reply by id, pushes to listeners, a kernel without jupyter_state, a restart, a
// notebook switch. The panel and the plugin need JupyterLab and are tested in the browser
// (tests/browser/test_lab_extension.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { KernelLink, TARGET } from '../src/kernel_link.js';

/** A Lumino-like signal: connect, disconnect, emit. */
function signal() {
  const slots = new Set();
  return {
    connect: (slot) => slots.add(slot),
    disconnect: (slot) => slots.delete(slot),
    emit: (...args) => [...slots].forEach((slot) => slot(...args)),
    get size() {
      return slots.size;
    }
  };
}

/** A kernel whose comms record what they send; `jupyterState: false` closes them at once. */
function fakeKernel({ jupyterState = true } = {}) {
  const kernel = { comms: [], statusChanged: signal() };
  kernel.createComm = (target) => {
    const comm = {
      target,
      sent: [],
      closed: false,
      isDisposed: false,
      onMsg: null,
      onClose: null,
      open() {
        if (!jupyterState) comm.onClose?.({});
        return { done: Promise.resolve() };
      },
      send(data) {
        comm.sent.push(data);
      },
      close() {
        comm.closed = true;
      },
      /** the kernel sends `data` on this comm */
      receive(data) {
        comm.onMsg({ content: { data } });
      }
    };
    kernel.comms.push(comm);
    return comm;
  };
  return kernel;
}

function fakeNotebook(kernel, label = 'apps.ipynb') {
  return {
    title: { label },
    content: { activeCell: { model: { id: 'cell-1' } } },
    sessionContext: { ready: Promise.resolve(), kernelChanged: signal(), session: { kernel } }
  };
}

function linkTo(notebook) {
  const tracker = { currentWidget: notebook };
  const link = new KernelLink(/** @type {any} */ (tracker));
  const messages = [];
  link.subscribe((message) => messages.push(message));
  return { link, tracker, messages };
}

/** Let the link's awaits (context.ready, comm.open().done) settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a request goes to the inspector comm with an id and resolves with the reply of that id', async () => {
  const kernel = fakeKernel();
  const { link } = linkTo(fakeNotebook(kernel));
  const replied = link.request({ type: 'snapshot' });
  await settle();
  const [comm] = kernel.comms;
  assert.equal(comm.target, TARGET);
  assert.deepEqual(comm.sent, [{ type: 'snapshot', id: 1 }]);
  comm.receive({ type: 'snapshot', id: 2, ok: true, entries: {} }); // not ours: a push
  comm.receive({ type: 'snapshot', id: 1, ok: true, entries: { a: 1 }, apps: 2 });
  assert.deepEqual(await replied, { type: 'snapshot', id: 1, ok: true, entries: { a: 1 }, apps: 2 });
  assert.equal(link.connected, true);
  assert.equal(link.status, 'Connected.');
  assert.equal(link.pending.size, 0);
});

test('requests made before the comm is open share one comm', async () => {
  const kernel = fakeKernel();
  const { link } = linkTo(fakeNotebook(kernel));
  const first = link.request({ type: 'snapshot' });
  const second = link.request({ type: 'delete', key: 'k' });
  await settle();
  assert.equal(kernel.comms.length, 1);
  const [comm] = kernel.comms;
  assert.deepEqual(comm.sent.map((m) => [m.type, m.id]), [['snapshot', 1], ['delete', 2]]);
  comm.receive({ type: 'delete', id: 2, ok: false, error: 'no key k' });
  comm.receive({ type: 'snapshot', id: 1, ok: true });
  assert.equal((await second).error, 'no key k');
  assert.equal((await first).ok, true);
});

test('pushes, and a "changed" message even with a waiting id, go to the listeners', async () => {
  const kernel = fakeKernel();
  const { link, messages } = linkTo(fakeNotebook(kernel));
  const replied = link.request({ type: 'set', key: 'k', json: '1' });
  await settle();
  const [comm] = kernel.comms;
  const changed = { type: 'changed', id: 1, entries: { k: { type: 'int', value: '1' } }, removed: [] };
  comm.receive(changed);
  assert.deepEqual(messages.filter((m) => m.type !== 'status'), [changed]);
  assert.equal(link.pending.size, 1); // still waiting for the reply
  comm.receive({ type: 'set', id: 1, ok: true });
  assert.equal((await replied).ok, true);
  comm.receive('not an object');
  comm.receive(null);
  assert.equal(messages.filter((m) => m.type !== 'status').length, 1);
});

test('a kernel without jupyter_state closes the comm: the request fails and says what to run', async () => {
  const kernel = fakeKernel({ jupyterState: false });
  const { link } = linkTo(fakeNotebook(kernel));
  const reply = await link.request({ type: 'rerun', app: null });
  assert.equal(reply.ok, false);
  assert.match(reply.error ?? '', /jupyter_state is not loaded in this kernel: run `import jupyter_state as st`/);
  assert.equal(link.connected, false);
  assert.deepEqual(kernel.comms[0].sent, []);
});

test('a notebook without a kernel: the request fails with that status', async () => {
  const notebook = fakeNotebook(null);
  const { link } = linkTo(notebook);
  const reply = await link.request({ type: 'snapshot' });
  assert.deepEqual(reply, { type: 'snapshot', ok: false, error: 'The notebook has no kernel.' });
});

test('a kernel restart fails the waiting requests and drops the comm', async () => {
  const kernel = fakeKernel();
  const { link } = linkTo(fakeNotebook(kernel));
  const replied = link.request({ type: 'clear_and_rerun' });
  await settle();
  kernel.statusChanged.emit(kernel, 'busy');
  assert.equal(link.connected, true);
  kernel.statusChanged.emit(kernel, 'restarting');
  assert.deepEqual(await replied, { id: 1, ok: false, error: 'The kernel restarted.' });
  assert.equal(link.connected, false);
  assert.equal(kernel.comms[0].closed, true);
  assert.equal(kernel.statusChanged.size, 0);
  // the next request opens a new comm
  const again = link.request({ type: 'snapshot' });
  await settle();
  assert.equal(kernel.comms.length, 2);
  kernel.comms[1].receive({ type: 'snapshot', id: 2, ok: true });
  assert.equal((await again).ok, true);
});

test('following another notebook drops the comm to the first one', async () => {
  const first = fakeKernel();
  const { link, tracker } = linkTo(fakeNotebook(first));
  const replied = link.request({ type: 'snapshot' });
  await settle();
  const other = fakeNotebook(fakeKernel(), 'other.ipynb');
  tracker.currentWidget = other;
  link.follow();
  assert.deepEqual(await replied, { id: 1, ok: false, error: 'Not connected yet.' });
  assert.equal(first.comms[0].closed, true);
  assert.equal(link.notebook, other);
  assert.equal(link.activeCellId(), 'cell-1');
  tracker.currentWidget = null;
  link.follow();
  assert.equal(link.status, 'No notebook is open.');
  assert.equal(link.activeCellId(), null);
});

test('the kernel closing the comm fails the waiting requests', async () => {
  const kernel = fakeKernel();
  const { link, messages } = linkTo(fakeNotebook(kernel));
  const replied = link.request({ type: 'snapshot' });
  await settle();
  kernel.comms[0].onClose({});
  assert.deepEqual(await replied, { id: 1, ok: false, error: 'The kernel closed the connection.' });
  assert.equal(messages.at(-1)?.type, 'status');
  assert.equal(link.status, 'The kernel closed the connection.');
});
