"""The theme in a real JupyterLab (issue 17): geometry and colour, measured, not looked at.

A long-label slider gets a wide track, slider values sit above their thumbs and follow
them (never clipped, at the ends too), select_slider shows its option labels, labels sit
above their inputs, every input of the column shares its left and right edges, the toggle's
state is visible, and alerts and st.exception's box keep WCAG AA text contrast in
JupyterLab Dark, Dark High Contrast and Light. Screenshots
land in artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import (
    Server,
    line,
    open_and_run,
    start_lab,
    tag,
    tagged,
    wait_kernel_idle,
    write_notebook,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "theme.ipynb"
T = 15_000

SETUP = "import jupyter_state as st\n"

APP = """\
%%app
st.session_state.runs = st.session_state.get("runs", 0) + 1
st.title("Survey")
useful = st.slider("How useful was this quickstart, on a scale from zero to ten?", 0, 10, 5, key="useful")
st.write(f"Useful: {useful} (run {st.session_state.runs})")
years = st.slider("Years", 1800, 2000, (1800, 2000), key="years")
st.write(f"Years: {years[0]}-{years[1]}")
st.slider("Share", 0.0, 100.0, 40.0, format="%.1f%%", key="share")
color = st.select_slider("Color", ["red", "orange", "yellow", "green", "blue"], value="green", key="color")
quarter = st.select_slider("Quarter", ["Jan", "Feb", "Mar", "Apr", "May"], value=("Jan", "Mar"), key="quarter")
st.write(f"Color: {color}, quarter: {quarter[0]}-{quarter[1]}")
st.slider("Locked", 0, 10, 3, disabled=True, key="locked")
with st.columns(3)[2]:
    st.slider("Narrow", 0, 1000000, (0, 1000000), key="narrow")
st.text_input("Nickname (forgotten while hidden)", key="nick")
celsius = st.number_input("Celsius", value=20.0, key="celsius")
st.write(f"Celsius is {celsius}")
st.selectbox("City", ["Paris", "Berlin"], key="city")
picked = st.multiselect("Toppings", ["ham", "olives", "pineapple"], key="toppings", max_selections=2)
st.write("Toppings: " + (", ".join(picked) or "none"))
st.time_input("Alarm", value=__import__("datetime").time(14, 45, 33, 123456), step=1, key="alarm")
st.text_input("Hidden label", key="hidden", label_visibility="hidden")
st.toggle("Dark mode", key="dark")
st.button("Send", key="send")
st.button("Go", key="go", type="primary", icon="🚀")
st.button("More", key="more", type="tertiary")
st.button("Wide", key="wide", type="primary", width="stretch")
st.error("Something failed")
st.warning("Careful")
st.info("For your information")
st.success("Saved")
st.info("Drawn, not a font glyph", icon=":material/info:")
st.success("An emoji the user chose", icon="🎉")
try:
    1 / 0
except ZeroDivisionError as e:
    st.exception(e)
"""

#: the widgets whose input must fill the column (root class -> the input inside it)
INPUTS = {
    "useful": ".jupyter-state-slider-track",
    "years": ".jupyter-state-slider-track",
    "share": ".jupyter-state-slider-track",
    "color": ".jupyter-state-slider-track",
    "quarter": ".jupyter-state-slider-track",
    "locked": ".jupyter-state-slider-track",
    "nick": "input",
    "celsius": "input",
    "city": "select",
    "toppings": ".jupyter-state-ms-control",
    "alarm": "input",
    "hidden": "input",
}


@pytest.fixture(scope="module")
def theme_lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("lab-theme")
    server = start_lab(tmp, [write_notebook(tmp / "root" / NOTEBOOK, [SETUP, APP])])
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def tab(theme_lab: Server, new_tab: Callable[..., Any]) -> Iterator[Any]:
    tab = new_tab()
    open_and_run(tab.page, theme_lab, NOTEBOOK, 1)
    yield tab


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, locator
    return {"left": box["x"], "right": box["x"] + box["width"], "top": box["y"], "bottom": box["y"] + box["height"], "width": box["width"]}


def _widget(page: Any, key: str) -> Any:
    return page.locator(f".jupyter-state-app .jupyter-state-key-{key}")


def _center(box: dict[str, float]) -> float:
    return (box["left"] + box["right"]) / 2


#: whether no ancestor that clips (overflow other than visible: the output area, the
#: notebook's scroller) cuts the element off at the left or right
_UNCLIPPED_JS = """el => {
  const r = el.getBoundingClientRect();
  for (let a = el.parentElement; a; a = a.parentElement) {
    if (getComputedStyle(a).overflowX === 'visible') continue;
    const b = a.getBoundingClientRect();
    if (r.left < b.left - 0.5 || r.right > b.right + 0.5) return false;
  }
  return el.scrollWidth <= el.clientWidth + 1 && getComputedStyle(el).visibility === 'visible';
}"""


def _values_sit_above_their_thumbs(root: Any, texts: list[str]) -> list[dict[str, float]]:
    """Each value text is above its thumb, over it, wholly visible, inside the app; their boxes."""
    app = _box(root.page.locator(".jupyter-state-app"))
    values, thumbs = root.locator(".jupyter-state-slider-value"), root.locator(".jupyter-state-slider-thumb")
    expect(values).to_have_text(texts, timeout=T)
    boxes = []
    for i in range(len(texts)):
        value, thumb = _box(values.nth(i)), _box(thumbs.nth(i))
        assert value["bottom"] <= thumb["top"] + 1, (i, value, thumb)  # above
        assert thumb["top"] - value["bottom"] <= 12, (i, value, thumb)  # just above, not far off
        assert value["left"] - 1 <= _center(thumb) <= value["right"] + 1, (i, value, thumb)  # over it
        assert app["left"] - 0.5 <= value["left"] and value["right"] <= app["right"] + 0.5, (i, value, app)  # not clipped
        assert values.nth(i).evaluate(_UNCLIPPED_JS), (i, value)
        boxes.append(value)
    if len(boxes) == 2:
        assert boxes[0]["right"] <= boxes[1]["left"], boxes  # the two values never overlap
    return boxes


def test_a_long_label_slider_has_a_wide_track_and_its_value_above_the_thumb(tab: Any, screenshot: Callable[..., Any]) -> None:
    page = tab.page
    app = _box(page.locator(".jupyter-state-app"))
    useful = _widget(page, "useful")
    track = _box(useful.locator(".jupyter-state-slider-track"))
    assert track["width"] >= 0.6 * app["width"], (track, app)
    label = _box(useful.locator(".jupyter-state-widget-label"))
    [value] = _values_sit_above_their_thumbs(useful, ["5"])
    assert label["bottom"] <= value["top"] + 1, (label, value)
    assert abs(_center(value) - (track["left"] + track["width"] / 2)) <= 2, (value, track)  # 5 of 0..10: the middle
    screenshot(useful, "theme_slider_long_label")
    screenshot(page.locator(".jupyter-state-app"), "theme_light")


def test_range_values_at_the_track_ends_are_not_clipped(tab: Any) -> None:
    years = _widget(tab.page, "years")
    app = _box(tab.page.locator(".jupyter-state-app"))
    low, high = _values_sit_above_their_thumbs(years, ["1800", "2000"])
    assert low["left"] - app["left"] <= 8 and app["right"] - high["right"] <= 8, (low, high, app)  # at the ends
    _values_sit_above_their_thumbs(_widget(tab.page, "share"), ["40.0%"])  # Streamlit's format=


def test_the_value_follows_the_thumb_by_keyboard_and_a_drag_is_one_run(tab: Any) -> None:
    page = tab.page
    app = page.locator(".jupyter-state-app")
    useful = _widget(page, "useful")
    thumb = useful.locator(".jupyter-state-slider-thumb")
    tag(thumb, "useful-thumb")
    before = _center(_box(thumb))
    thumb.focus()
    page.keyboard.press("ArrowRight")
    expect(line(app, "Useful: 6 (run 2)")).to_be_visible(timeout=T)
    [value] = _values_sit_above_their_thumbs(useful, ["6"])
    track = _box(useful.locator(".jupyter-state-slider-track"))
    assert abs(_center(_box(thumb)) - before - track["width"] / 10) <= 2  # one step of ten
    assert abs(_center(value) - _center(_box(thumb))) <= 1

    # A drag past the end: the value follows the thumb while it moves, one run at the end.
    wait_kernel_idle(page)
    start = _box(thumb)
    y = (start["top"] + start["bottom"]) / 2
    page.mouse.move(_center(start), y)
    page.mouse.down()
    page.mouse.move(track["left"] + 0.8 * track["width"], y, steps=5)
    expect(useful.locator(".jupyter-state-slider-value")).to_have_text("8")  # before the mouse is up
    assert abs(_center(_box(useful.locator(".jupyter-state-slider-value"))) - _center(_box(thumb))) <= 1
    page.mouse.move(track["right"] + 40, y, steps=5)
    page.mouse.up()
    expect(line(app, "Useful: 10 (run 3)")).to_be_visible(timeout=T)  # one run for the whole drag
    wait_kernel_idle(page)
    expect(line(app, "Useful: 10 (run 3)")).to_be_visible()  # and no other after it
    _values_sit_above_their_thumbs(useful, ["10"])
    assert tagged(thumb, "useful-thumb")  # the same view throughout


def test_select_slider_shows_its_option_labels(tab: Any, screenshot: Callable[..., Any]) -> None:
    page = tab.page
    app = page.locator(".jupyter-state-app")
    _values_sit_above_their_thumbs(_widget(page, "color"), ["green"])
    quarter = _widget(page, "quarter")
    _values_sit_above_their_thumbs(quarter, ["Jan", "Mar"])
    end = quarter.locator(".jupyter-state-slider-thumb").nth(1)
    assert end.get_attribute("aria-valuetext") == "Mar"
    end.focus()
    page.keyboard.press("ArrowRight")
    expect(line(app, "Color: green, quarter: Jan-Apr")).to_be_visible(timeout=T)
    _values_sit_above_their_thumbs(quarter, ["Jan", "Apr"])
    # the bounds under the track's ends, shown while the slider has the focus (or the pointer)
    bounds = quarter.locator(".jupyter-state-slider-ticks span")
    expect(bounds).to_have_text(["Jan", "May"])
    expect(bounds.first).to_be_visible()
    track = _box(quarter.locator(".jupyter-state-slider-track"))
    assert _box(bounds.first)["top"] >= track["bottom"] and _box(bounds.last)["right"] >= track["right"]
    screenshot(quarter, "theme_select_slider")


def test_a_range_thumb_stops_at_the_other_and_both_values_stay_readable(tab: Any, screenshot: Callable[..., Any]) -> None:
    page = tab.page
    years = _widget(page, "years")
    end = years.locator(".jupyter-state-slider-thumb").nth(1)
    end.focus()
    page.keyboard.press("Home")  # as far left as it goes: onto the start thumb, not past it
    expect(line(page.locator(".jupyter-state-app"), "Years: 1800-1800")).to_be_visible(timeout=T)
    values = years.locator(".jupyter-state-slider-value")
    expect(values).to_have_text(["1800", "1800"])
    low, high = _box(values.nth(0)), _box(values.nth(1))
    app, thumb = _box(page.locator(".jupyter-state-app")), _box(end)
    assert low["right"] <= high["left"] and low["left"] >= app["left"] - 0.5, (low, high, app)  # side by side
    assert max(low["bottom"], high["bottom"]) <= thumb["top"] + 1
    screenshot(years, "theme_range_slider_ends_together")
    page.keyboard.press("End")
    expect(line(page.locator(".jupyter-state-app"), "Years: 1800-2000")).to_be_visible(timeout=T)
    wait_kernel_idle(page)


def test_values_stay_inside_a_narrow_column(tab: Any) -> None:
    narrow = _widget(tab.page, "narrow")
    column = _box(narrow)
    low, high = _values_sit_above_their_thumbs(narrow, ["0", "1000000"])
    assert column["left"] - 0.5 <= low["left"] and high["right"] <= column["right"] + 0.5, (low, high, column)


def test_a_disabled_slider_does_not_move(tab: Any) -> None:
    page = tab.page
    locked = _widget(page, "locked")
    thumb = locked.locator(".jupyter-state-slider-thumb")
    assert thumb.get_attribute("aria-disabled") == "true" and thumb.get_attribute("tabindex") == "-1"
    track = _box(locked.locator(".jupyter-state-slider-track"))
    # the view moves a thumb as soon as the pointer or a key does, before the kernel answers:
    # read at once, so that a kernel putting the value back would not hide a move
    page.mouse.click(track["left"] + 0.9 * track["width"], track["top"] + 2)
    assert thumb.get_attribute("aria-valuenow") == "3"
    thumb.press("End")
    assert thumb.get_attribute("aria-valuenow") == "3"
    expect(locked.locator(".jupyter-state-slider-value")).to_have_text("3")


def test_labels_sit_above_their_inputs_and_inputs_share_both_edges(tab: Any) -> None:
    page = tab.page
    lefts, rights, label_lefts = [], [], []
    for key, inner in INPUTS.items():
        root = _widget(page, key)
        field = _box(root.locator(inner).first)
        if key != "hidden":
            label = _box(root.locator(".widget-label, .jupyter-state-widget-label").first)
            assert label["bottom"] <= field["top"] + 1, (key, label, field)
            label_lefts.append(label["left"])
        else:  # label_visibility="hidden": no label, but its space is kept
            assert field["top"] - _box(root)["top"] >= 15
        lefts.append(_box(root)["left"])
        rights.append(_box(root)["right"])
    assert max(lefts) - min(lefts) <= 1 and max(rights) - min(rights) <= 1, (lefts, rights)
    assert max(label_lefts) - min(label_lefts) <= 1, label_lefts  # the labels' text too
    app = _box(page.locator(".jupyter-state-app"))
    assert rights[0] - lefts[0] >= 0.95 * min(app["width"], 704)


def test_time_input_shows_a_time_with_microseconds(tab: Any) -> None:
    field = _widget(tab.page, "alarm").locator("input")
    assert field.input_value() == "14:45:33.123"


def test_the_toggle_visibly_flips(tab: Any) -> None:
    page = tab.page
    switch = _widget(page, "dark").locator("input[type=checkbox]")

    def look() -> tuple[str, str]:
        return switch.evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el, '::before').transform]")

    off = look()
    switch.click()
    expect(switch).to_be_checked(timeout=T)
    wait_kernel_idle(page)
    on = look()
    assert on[0] != off[0] and on[1] != off[1], (off, on)


def test_buttons_are_as_wide_as_their_label(tab: Any) -> None:
    button = _widget(tab.page, "send")
    app = _box(tab.page.locator(".jupyter-state-app"))
    assert _box(button)["width"] < 0.3 * app["width"]
    assert button.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"


def test_button_types_differ_as_streamlit_draws_them(tab: Any) -> None:
    page = tab.page

    def look(key: str) -> list[str]:
        return list(_widget(page, key).evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).borderTopColor]"))

    secondary, primary, tertiary = look("send"), look("go"), look("more")
    assert primary[0] != secondary[0], (primary, secondary)  # filled with the accent colour
    assert tertiary[0] in ("rgba(0, 0, 0, 0)", "transparent") and tertiary[1] in ("rgba(0, 0, 0, 0)", "transparent"), tertiary
    assert _widget(page, "go").inner_text().startswith("🚀")
    column = _box(page.locator(".jupyter-state-app"))
    assert _box(_widget(page, "send"))["width"] < 0.3 * column["width"]
    assert _box(_widget(page, "wide"))["width"] > 0.9 * column["width"]


def test_title_is_bold_and_alerts_have_no_emoji(tab: Any) -> None:
    page = tab.page
    weight = page.locator(".jupyter-state-app h1").first.evaluate("el => getComputedStyle(el).fontWeight")
    assert int(weight) >= 700
    alerts = page.locator(".jupyter-state-app .jupyter-state-alert")
    expect(alerts).to_have_count(6)
    # no icon unless icon= is given (Streamlit 1.67): the first four are their text alone
    assert [alerts.nth(i).inner_text().strip() for i in range(4)] == ["Something failed", "Careful", "For your information", "Saved"]
    assert all(alerts.nth(i).locator("svg, .jupyter-state-icon").count() == 0 for i in range(4))
    # a Material icon is an inline SVG drawn in the text's colour, an emoji stays the user's
    icon = alerts.nth(4).locator("svg[data-icon=info]")
    expect(icon).to_be_visible()
    box = icon.bounding_box()
    assert box is not None and 14 <= box["width"] <= 24 and 14 <= box["height"] <= 24, box
    assert icon.evaluate("el => getComputedStyle(el).color === getComputedStyle(el.closest('.jupyter-state-alert')).color")
    assert alerts.nth(4).inner_text().strip() == "Drawn, not a font glyph"
    assert alerts.nth(5).inner_text().split() == ["🎉", "An", "emoji", "the", "user", "chose"]


#: The WCAG 2.x contrast ratio of every piece of text inside an element against what is
#: really behind it: the backgrounds of the element and of its ancestors, composited (the
#: alpha of a semi-transparent colour, or of a colour-mix, counts), and the text colour's
#: own alpha over that. Returns the lowest ratio and where it was found.
_CONTRAST_JS = """root => {
  const canvas = document.createElement('canvas').getContext('2d');
  const rgba = s => { canvas.clearRect(0, 0, 1, 1); canvas.fillStyle = '#000'; canvas.fillStyle = s; canvas.fillRect(0, 0, 1, 1);
                      const d = canvas.getImageData(0, 0, 1, 1).data; return [d[0], d[1], d[2], d[3] / 255]; };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
    let colour = [255, 255, 255];  // the canvas under everything
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = c => { const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  let worst = {ratio: Infinity, text: '', fg: '', bg: ''};
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement, bg = behind(el), fg = over(rgba(getComputedStyle(el).color), bg);
    const [a, b] = [lum(fg), lum(bg)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio, text: node.textContent.trim().slice(0, 40), fg: fg.map(Math.round).join(','), bg: bg.map(Math.round).join(',')};
  }
  return worst;
}"""

#: st.exception's box: the error output inside the app
EXCEPTION = ".jupyter-state-app .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


@pytest.mark.parametrize("theme", ["JupyterLab Dark", "JupyterLab Dark High Contrast", "JupyterLab Light"])
def test_alerts_have_aa_contrast(tab: Any, theme: str, screenshot: Callable[..., Any]) -> None:
    page = tab.page
    page.evaluate("t => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})", theme)
    page.wait_for_function("t => document.body.dataset.jpThemeName === t", arg=theme, timeout=T)
    page.wait_for_timeout(500)  # the theme's stylesheet applies after the attribute
    alerts = page.locator(".jupyter-state-app .jupyter-state-alert")
    boxes = [alerts.nth(i) for i in range(alerts.count())]
    exception = page.locator(EXCEPTION)
    expect(exception).to_have_count(1)
    expect(exception).to_contain_text("ZeroDivisionError")
    worst = [box.evaluate(_CONTRAST_JS) for box in [*boxes, exception]]
    print(theme, [(w["text"], round(w["ratio"], 2), w["fg"], w["bg"]) for w in worst])
    assert len(worst) == 7 and all(w["ratio"] >= 4.5 for w in worst), worst
    # each kind is tinted: its background differs from the page's and from the other kinds'
    page_bg = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    tints = [box.evaluate("el => getComputedStyle(el).backgroundColor") for box in boxes[:4]]
    assert page_bg not in tints and len(set(tints)) == 4, (page_bg, tints)
    _values_sit_above_their_thumbs(_widget(page, "years"), ["1800", "2000"])  # in every theme
    name = "_".join(theme.lower().split()[1:])  # dark, dark_high_contrast, light
    screenshot(page.locator(".jupyter-state-app"), f"theme_{name}")
    screenshot(page.locator(".jupyter-state-app .jupyter-state-alert, " + EXCEPTION).last, f"theme_exception_{name}")


def test_multiselect_shows_chips_picks_by_search_removes_and_keeps_its_limit(tab: Any, screenshot: Callable[..., Any]) -> None:
    page = tab.page
    app = page.locator(".jupyter-state-app")
    box = _widget(page, "toppings")
    search = box.locator("input")
    chips = box.locator(".jupyter-state-ms-chip")
    tag(box, "toppings")
    expect(search).to_have_attribute("placeholder", "Choose options")
    search.click()
    expect(box.locator(".jupyter-state-ms-option")).to_have_text(["ham", "olives", "pineapple"])
    search.fill("apple")  # search as you type
    expect(box.locator(".jupyter-state-ms-option")).to_have_text(["pineapple"])
    search.press("Enter")
    expect(line(app, "Toppings: pineapple")).to_be_visible(timeout=T)
    search.click()
    box.locator(".jupyter-state-ms-option", has_text="ham").click()
    expect(line(app, "Toppings: pineapple, ham")).to_be_visible(timeout=T)
    expect(chips).to_have_text(["pineapple×", "ham×"])
    # max_selections=2: the dropdown offers nothing more and says why
    search.click()
    expect(box.locator(".jupyter-state-ms-option")).to_have_count(0)
    expect(box.locator(".jupyter-state-ms-note")).to_have_text("You can only select up to 2 options. Remove an option first.")
    screenshot(box, "theme_multiselect_full")
    box.get_by_role("button", name="Remove pineapple").click()
    expect(line(app, "Toppings: ham")).to_be_visible(timeout=T)
    expect(chips).to_have_text(["ham×"])
    assert tagged(box, "toppings")  # the same view throughout


def test_number_input_shows_streamlit_format_and_steps(tab: Any) -> None:
    page = tab.page
    root = _widget(page, "celsius")
    field = root.locator("input")
    expect(field).to_have_value("20.00")  # "%0.2f", as Streamlit shows a float
    tag(field, "celsius")
    root.get_by_role("button", name="Increment").click()
    expect(field).to_have_value("20.01", timeout=T)
    wait_kernel_idle(page)
    field.fill("36.6")
    field.press("Enter")
    expect(field).to_have_value("36.60", timeout=T)
    root.get_by_role("button", name="Decrement").click()
    expect(field).to_have_value("36.59", timeout=T)
    expect(line(page.locator(".jupyter-state-app"), "Celsius is 36.59")).to_be_visible(timeout=T)
    assert tagged(field, "celsius")


def test_a_focused_slider_leaves_other_keys_to_the_notebook(tab: Any) -> None:
    page = tab.page
    app = page.locator(".jupyter-state-app")
    wait_kernel_idle(page)
    runs = int(app.locator(".jp-RenderedMarkdown", has_text="Useful:").inner_text().split("(run ")[1].rstrip(")\n "))
    thumb = _widget(page, "useful").locator(".jupyter-state-slider-thumb")
    thumb.focus()
    page.keyboard.press("ArrowLeft")  # the slider's key
    expect(line(app, f"Useful: 9 (run {runs + 1})")).to_be_visible(timeout=T)
    wait_kernel_idle(page)
    thumb.focus()
    page.keyboard.press("Shift+Enter")  # JupyterLab's: runs the cell, and the app in place
    expect(line(app, f"Useful: 9 (run {runs + 2})")).to_be_visible(timeout=T)
    expect(page.locator(".jupyter-state-app")).to_have_count(1)
