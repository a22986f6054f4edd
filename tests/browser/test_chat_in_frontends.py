"""The chat tutorial notebook (notebooks/chat.ipynb) in real JupyterLab, Notebook 7 and Voilà.

A user types a message into the chat box of the streaming bot and presses Enter: the
message appears as the user's, the reply is written word by word (a MutationObserver in
the page records the assistant's text as it grows) and goes into the history, the box is
empty again and stays pinned at the bottom of the app, and the avatars are inline SVG.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import (
    Server,
    open_and_run,
    run_all_cells,
    start_lab,
    start_notebook,
    start_voila,
    tag,
    tagged,
    wait_kernel_idle,
)

pytestmark = pytest.mark.browser

T = 20_000
CHAT = Path(__file__).parents[2] / "notebooks" / "chat.ipynb"
REPLY = "Hello there! How can I help you today?"

# Records every text the last assistant message shows, on the page's clock.
RECORD = """(app) => {
  window.__reply = [];
  const look = () => {
    const messages = app.querySelectorAll('.jupyter-state-chat-message-assistant');
    const last = messages[messages.length - 1];
    const text = last ? last.textContent.trim() : '';
    const seen = window.__reply;
    if (text && (seen.length === 0 || seen[seen.length - 1] !== text)) seen.push(text);
  };
  new MutationObserver(look).observe(app, { subtree: true, childList: true, characterData: true });
}"""


@pytest.fixture(scope="module")
def chat_lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_lab(tmp_path_factory.mktemp("chat-lab"), [CHAT])
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def chat_notebook7(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_notebook(tmp_path_factory.mktemp("chat-nb7"), [CHAT])
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def chat_voila(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_voila(tmp_path_factory.mktemp("chat-voila"), CHAT)
    try:
        yield server
    finally:
        server.stop()


def the_chat_answers(page: Page, app: Locator, screenshot: Callable[..., Any], name: str) -> None:
    box = app.locator(".jupyter-state-chat-input textarea")
    expect(box).to_be_visible(timeout=T)
    # Run All ends with an ordinary cell that adds a message and reruns the app: wait for it.
    expect(app.get_by_text("This message was added from an ordinary cell.")).to_be_visible(timeout=T)
    before = app.locator(".jupyter-state-chat-message").count()
    clear = app.get_by_role("button", name="Clear chat")
    tag(clear, "clear")
    app.evaluate(RECORD)
    box.click()
    box.fill("hello")
    box.press("Enter")
    assistant = app.locator(".jupyter-state-chat-message-assistant").last
    expect(assistant).to_have_text(REPLY, timeout=T)
    user = app.locator(".jupyter-state-chat-message-user").last
    expect(user).to_have_text("hello")
    assert app.locator(".jupyter-state-chat-message").count() == before + 2
    seen = page.evaluate("window.__reply")
    partial = [text for text in seen if REPLY.startswith(text) and text != REPLY]
    assert len(partial) >= 2, f"the reply was not seen being written: {seen}"
    expect(box).to_have_value("")
    # the box is below every message, and its slot sticks to the bottom of the view
    box_top = box.bounding_box()["y"]  # type: ignore[index]
    assert all(m["y"] < box_top for m in app.locator(".jupyter-state-chat-message").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect())"))
    assert box.evaluate("el => getComputedStyle(el.closest('.jupyter-state-slot') || el.closest('.jupyter-state-chat-input')).position") == "sticky"
    avatars = app.locator(".jupyter-state-chat-message-user svg, .jupyter-state-chat-message-assistant svg")
    assert avatars.count() >= 2
    assert tagged(clear, "clear")  # the button kept its DOM node through the streamed run
    screenshot(app, name)


def chat_app(page: Page) -> Locator:
    return page.locator(".jupyter-state-app").filter(has_text="Simple chat")


def test_jupyterlab_chat_answers_a_typed_message(chat_lab: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab()
    open_and_run(tab.page, chat_lab, CHAT.name, 2)
    the_chat_answers(tab.page, chat_app(tab.page), screenshot, "lab_chat")
    assert not tab.own_errors(), tab.errors


def test_notebook7_chat_answers_a_typed_message(chat_notebook7: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab()
    tab.page.goto(chat_notebook7.url(f"/notebooks/{CHAT.name}"))
    wait_kernel_idle(tab.page)
    run_all_cells(tab.page)
    expect(tab.page.locator(".jupyter-state-app")).to_have_count(2, timeout=60_000)
    the_chat_answers(tab.page, chat_app(tab.page), screenshot, "notebook7_chat")
    assert not tab.own_errors(), tab.errors


def test_voila_chat_answers_a_typed_message(chat_voila: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab(width=1000, height=900)
    tab.page.goto(chat_voila.url("/"))
    expect(tab.page.locator(".jupyter-state-app")).to_have_count(2, timeout=60_000)
    the_chat_answers(tab.page, chat_app(tab.page), screenshot, "voila_chat")
    assert not tab.own_errors(), tab.errors
