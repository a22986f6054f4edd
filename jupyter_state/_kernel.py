"""What the run loop needs to know about the ipykernel it runs in: is more input queued.

Bursts coalesce (DESIGN.md §3): while further shell messages wait in the kernel's queue, a
run is left to the last of them. ipykernel has no public way to ask, so this module looks
at its queue (the shell socket, and the event loop's tasks for messages already read), and
answers "no" whenever the layout is not the one it knows: then every message simply runs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["call_later", "shell_messages_waiting"]


def shell_messages_waiting(kernel: Any) -> bool:
    """Whether ``kernel`` has more shell messages queued (ipykernel 6 and 7)."""
    try:
        import zmq

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
    import asyncio
    import inspect

    loop = asyncio.get_running_loop()
    for handle in list(getattr(loop, "_ready", ())):
        task = getattr(getattr(handle, "_callback", None), "__self__", None)
        if not isinstance(task, asyncio.Task):
            continue
        coro: Any = task.get_coro()
        # Only a message not yet started counts; a finished message's task may still be
        # waiting to wrap up.
        if getattr(coro, "__name__", "") in _SHELL_COROUTINES and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
            return True
    return False


def call_later(delay: float, fn: Any) -> bool:
    """Call ``fn`` after ``delay`` on the running event loop; False when there is none."""
    import asyncio

    try:
        asyncio.get_running_loop().call_later(delay, fn)
    except RuntimeError:
        return False
    return True
