"""The one place that asks IPython and ipykernel: the shell, the request, the queue.

``shell()`` is IPython's shell or None (plain Python, no IPython imported); ``cell_id`` and
``parent_ids`` read the request being handled (JupyterLab sends the cell's id in its
metadata); ``running_cell_number`` finds the prompt number of the cell running now.

Bursts coalesce (DESIGN.md §3): while further shell messages wait in the kernel's queue, a
run is left to the last of them. ipykernel has no public way to ask, so this module looks
at its queue (the shell socket, and the event loop's tasks for messages already read), and
answers "no" whenever the layout is not the one it knows: then every message simply runs.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
from typing import Any

__all__ = [
    "call_later", "cell_id", "cell_number", "notebook_path", "parent_ids", "parent_request", "running_cell_number",
    "shell", "shell_messages_waiting",
]


def shell() -> Any:
    """IPython's shell, or None outside IPython (IPython is never imported for the question)."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython  # only once IPython is imported: plain Python never pays for it

    return get_ipython()


def notebook_path() -> str | None:
    """The notebook this kernel runs, as the frontend told it; None when nobody did.

    jupyter_server puts its path in ``JPY_SESSION_NAME`` (JupyterLab, Notebook 7, Voilà);
    VS Code puts it in the user namespace as ``__vsc_ipynb_file__``.
    """
    name = os.environ.get("JPY_SESSION_NAME")
    if not name:
        ipython = shell()
        name = ipython.user_ns.get("__vsc_ipynb_file__") if ipython is not None else None
    return str(name) if name else None


def parent_request(ipython: Any) -> dict[str, Any]:
    """The message of the request being handled (``{}`` when there is none to read)."""
    kernel = getattr(ipython, "kernel", None)
    try:
        parent = kernel.get_parent("shell") if kernel is not None else getattr(ipython, "parent_header", {})
    except Exception:
        return {}
    return parent if isinstance(parent, dict) else {}


def cell_id(ipython: Any) -> str | None:
    """The id of the notebook cell being run, if the frontend sent it (JupyterLab does)."""
    value = (parent_request(ipython).get("metadata") or {}).get("cellId")
    return str(value) if value else None


def parent_ids(ipython: Any) -> tuple[str | None, str]:
    """The cell id and the message id of the request being handled."""
    parent = parent_request(ipython)
    return cell_id(ipython), str((parent.get("header") or {}).get("msg_id", ""))


def running_cell_number(ipython: Any) -> int:
    """The execution count of the cell running now (the one with ``%%app``).

    Found from the stack, since IPython versions differ in when they increment the count.
    """
    numbers = getattr(ipython.compile, "_filename_map", {})
    frame: Any = sys._getframe(1)
    found = None
    while frame is not None:
        found = numbers.get(frame.f_code.co_filename, found)
        frame = frame.f_back
    return int(found) if found is not None else int(ipython.execution_count)


def cell_number() -> int | None:
    """The execution count of the cell running now, or None outside IPython."""
    ipython = shell()
    if ipython is None or getattr(ipython, "compile", None) is None:
        return None
    try:
        return running_cell_number(ipython)
    except (AttributeError, TypeError, ValueError):  # a shell that is not IPython's
        return None


def shell_messages_waiting(kernel: Any) -> bool:
    """Whether ``kernel`` has more shell messages queued (ipykernel 6 and 7)."""
    try:
        import zmq  # pyzmq only inside a kernel

        thread = getattr(kernel, "shell_channel_thread", None)
        stream = thread.manager._shell_channel_to_main.to_stream if thread is not None else kernel.shell_stream
        waiting = bool(stream.socket.get(zmq.EVENTS) & zmq.POLLIN)
        if waiting:
            # Reading EVENTS can swallow the edge-triggered wake-up of the kernel's stream:
            # ask the stream to look again, as pyzmq's own ZMQStream does after each message.
            stream.io_loop.add_callback(lambda: stream._handle_events(stream.socket, 0))
        return waiting or _shell_tasks_ready()
    except Exception:  # another kernel layout: no coalescing, never a failure
        return False


_SHELL_COROUTINES = {"run_in_context", "shell_main", "dispatch_shell"}


def _shell_tasks_ready() -> bool:
    """Whether messages the kernel already read wait, as tasks, for the event loop."""
    loop = asyncio.get_running_loop()
    for handle in list(getattr(loop, "_ready", ())):
        task = getattr(getattr(handle, "_callback", None), "__self__", None)
        if not isinstance(task, asyncio.Task):
            continue
        coro: Any = task.get_coro()
        # Only a message not yet started counts; a finished message's task may still be
        # waiting to wrap up.
        shell_message = getattr(coro, "__name__", "") in _SHELL_COROUTINES
        if shell_message and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
            return True
    return False


def call_later(delay: float, fn: Any) -> bool:
    """Call ``fn`` after ``delay`` on the running event loop; False when there is none."""
    try:
        asyncio.get_running_loop().call_later(delay, fn)
    except RuntimeError:
        return False
    return True
