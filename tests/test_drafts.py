"""Drafts: unsent text of the capture line and of answers reaches the notebook and comes back."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date

import pytest
from textual.widgets import Input, TextArea

from clerkbook.store import open_notebook
from clerkbook.store.drafts import CAPTURE_DRAFT
from clerkbook.store.errors import InvalidInput
from clerkbook.ui.dialogs.text_prompt import TextPrompt, answer_draft, point_draft
from clerkbook.ui.opener import open_entry
from clerkbook.ui.screens.capture import CaptureScreen
from clerkbook.ui.widgets.points_pane import PointsList
from tests.ui_helpers import make_app

DELAY = 0.2  # make_app's autosave delay


@pytest.fixture
def nb_path(tmp_path):
    path = tmp_path / "nb.db"
    with open_notebook(path) as nb:
        nb.add_rotation("Medicine", site="Lakeside Medical Center", start=date(2026, 11, 9))
    return path


@pytest.fixture
def nb(nb_path):
    with open_notebook(nb_path) as notebook:
        yield notebook


def stored_draft(path, key: str) -> str | None:
    """The draft as another program reading the file sees it."""
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT text FROM draft WHERE key = ?", (key,)).fetchone()
    finally:
        connection.close()
    return row[0] if row else None


async def settle(app, pilot) -> None:
    done = asyncio.Event()
    app.after_writes(done.set)
    for _ in range(200):
        await pilot.pause(0.02)
        if done.is_set():
            break
    await pilot.pause(0.05)


async def wait_until(pilot, condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never held")


# Store ------------------------------------------------------------------------------------


def test_draft_is_kept_replaced_and_cleared(nb, nb_path):
    assert nb.get_draft(CAPTURE_DRAFT) == ""
    nb.save_draft(CAPTURE_DRAFT, "t B12: f/u")
    nb.save_draft(CAPTURE_DRAFT, "t B12: f/u K+ @4pm")
    assert stored_draft(nb_path, CAPTURE_DRAFT) == "t B12: f/u K+ @4pm"
    assert [d.key for d in nb.list_drafts()] == [CAPTURE_DRAFT]
    nb.save_draft(CAPTURE_DRAFT, "   ")  # emptied on purpose
    assert stored_draft(nb_path, CAPTURE_DRAFT) is None
    nb.save_draft("answer:3", "loop diuretics")
    nb.clear_draft("answer:3")
    assert nb.list_drafts() == []


def test_draft_needs_a_name(nb):
    with pytest.raises(InvalidInput):
        nb.save_draft("", "text")


def test_drafts_survive_reopening_and_another_process_sees_them(nb_path):
    with open_notebook(nb_path) as first:
        first.save_draft(CAPTURE_DRAFT, "q why hyponatremia in SIADH?")
    with open_notebook(nb_path) as again:
        assert again.get_draft(CAPTURE_DRAFT) == "q why hyponatremia in SIADH?"


# The capture line -------------------------------------------------------------------------


async def test_typing_reaches_the_notebook_within_the_delay_and_comes_back_after_a_restart(nb, nb_path):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press(*"q dose of furosemide in CKD")
        # Not submitted, not escaped: only the debounce writes it.
        await wait_until(pilot, lambda: stored_draft(nb_path, CAPTURE_DRAFT) == "q dose of furosemide in CKD",
                         timeout=DELAY + 8)
    # A new run (the old one "crashed": its memory is gone, only the file remains).
    with open_notebook(nb_path) as fresh:
        app = make_app(fresh)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+n")
            line = app.screen.query_one("#line", Input)
            await wait_until(pilot, lambda: line.value == "q dose of furosemide in CKD")
            assert app.screen.query_one("#restored").has_class("-shown")
            await pilot.press(*"?", "enter")
            await settle(app, pilot)
            assert [q.text for q in fresh.list_questions()] == ["dose of furosemide in CKD?"]
            assert stored_draft(nb_path, CAPTURE_DRAFT) is None  # submitted: the draft ends
            await pilot.press("ctrl+n")
            await pilot.pause(0.2)
            assert app.screen.query_one("#line", Input).value == ""
            assert not app.screen.query_one("#restored").has_class("-shown")


async def test_emptying_the_line_clears_the_draft(nb, nb_path):
    nb.save_draft(CAPTURE_DRAFT, "t B12: call family")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        line = app.screen.query_one("#line", Input)
        await wait_until(pilot, lambda: line.value == "t B12: call family")
        await pilot.press("ctrl+u")  # delete to the start: the line is emptied on purpose
        await wait_until(pilot, lambda: stored_draft(nb_path, CAPTURE_DRAFT) is None, timeout=DELAY + 8)


async def test_escape_writes_the_draft_at_once(nb, nb_path):
    app = make_app(nb)
    app.autosave_delay = 30  # the debounce never fires: only Escape can have written it
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause(0.1)
        await pilot.press(*"p #renal FENa < 1% prerenal")
        await pilot.press("escape")
        await settle(app, pilot)
        assert stored_draft(nb_path, CAPTURE_DRAFT) == "p #renal FENa < 1% prerenal"


async def test_a_refused_line_stays_as_the_draft(tmp_path):
    path = tmp_path / "empty.db"
    with open_notebook(path) as empty:  # no rotation: the store refuses every capture
        app = make_app(empty)
        app.autosave_delay = 30
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            if type(app.screen).__name__ == "RotationForm":
                await pilot.press("escape")
            app.push_screen(CaptureScreen())
            await pilot.pause(0.1)
            await pilot.press(*"q why SIADH?", "enter")
            await wait_until(pilot, lambda: stored_draft(path, CAPTURE_DRAFT) == "q why SIADH?", timeout=10)


async def test_a_prefilled_line_left_untouched_is_not_a_draft(nb, nb_path):
    nb.save_draft(CAPTURE_DRAFT, "q kept from before")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(CaptureScreen("t B12: "))
        await pilot.pause(DELAY * 3)
        await pilot.press("escape")
        await settle(app, pilot)
        assert stored_draft(nb_path, CAPTURE_DRAFT) == "q kept from before"


# Answers ----------------------------------------------------------------------------------


async def test_an_answer_being_typed_is_kept_and_offered_back(nb, nb_path):
    key = answer_draft(7)
    results = []
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(TextPrompt("Why furosemide in CHF?", "Answer", "", multiline=True, draft=key), results.append)
        await pilot.pause(0.1)
        await pilot.press(*"Loop diuretic: less preload")
        await wait_until(pilot, lambda: stored_draft(nb_path, key) == "Loop diuretic: less preload",
                         timeout=DELAY + 8)
    with open_notebook(nb_path) as fresh:
        app = make_app(fresh)
        async with app.run_test(size=(120, 40)) as pilot:
            app.push_screen(TextPrompt("Why furosemide in CHF?", "Answer", "", multiline=True, draft=key),
                            results.append)
            await pilot.pause(0.05)
            area = app.screen.query_one("#text", TextArea)
            await wait_until(pilot, lambda: area.text == "Loop diuretic: less preload")
            assert app.screen.query_one("#restored").has_class("-shown")
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            await settle(app, pilot)
            assert results == ["Loop diuretic: less preload"]
            assert stored_draft(nb_path, key) is None
            # Another question's prompt is not offered this text.
            fresh.save_draft(key, "stale")
            app.push_screen(TextPrompt("Why spironolactone?", "Answer", "", multiline=True, draft=answer_draft(8)))
            await pilot.pause(0.3)
            assert app.screen.query_one("#text", TextArea).text == ""


async def test_escape_gives_up_an_answer_draft(nb, nb_path):
    key = answer_draft(3)
    nb.save_draft(key, "half an answer")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(TextPrompt("Why?", "Answer", "", multiline=True, draft=key))
        await pilot.pause(0.05)
        area = app.screen.query_one("#text", TextArea)
        await wait_until(pilot, lambda: area.text == "half an answer")
        await pilot.press("escape")
        await settle(app, pilot)
        await settle(app, pilot)
        assert stored_draft(nb_path, key) is None


async def test_keeping_a_draft_does_not_reload_the_screens_below(nb, nb_path):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        reloads = []
        shift = app.screen
        original = shift.reload
        shift.reload = lambda *args, **kwargs: (reloads.append(1), original(*args, **kwargs))
        app.push_screen(CaptureScreen())
        await pilot.pause(0.1)
        await pilot.press(*"t B12: recheck lactate")
        await wait_until(pilot, lambda: stored_draft(nb_path, CAPTURE_DRAFT) == "t B12: recheck lactate",
                         timeout=DELAY + 8)
        await settle(app, pilot)
        # A draft changes nothing the panes show: re-reading the whole shift for it would be wasted work.
        assert reloads == []


# One draft per entry --------------------------------------------------------------------------


def two_points(path):
    """Two points with the same (empty) topic and source: their dialogs have the same title."""
    with open_notebook(path) as notebook:
        first = notebook.add_point("Loop diuretics act on the thick ascending limb")
        second = notebook.add_point("Thiazides act on the distal convoluted tubule")
    return first.id, second.id


async def open_point(app, pilot, how: str, point_id: int) -> TextArea:
    """Open teaching point ``point_id`` from the points pane or as search does; its editor's text area."""
    if how == "pane":
        await wait_until(pilot, lambda: app.screen.query(PointsList))  # mounted after the first pane
        pane = app.screen.query_one(PointsList)
        await wait_until(pilot, lambda: pane.shift is not None and pane.option_count > 1)
        pane.highlighted = pane.get_option_index(f"point-{point_id}")
        pane.action_edit_point()
    else:
        open_entry(app, "teaching_point", point_id)
    await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt) and app.screen.query("#text"))
    await pilot.pause(0.05)
    return app.screen.query_one("#text", TextArea)


@pytest.mark.parametrize("how", ["pane", "search"])
async def test_one_points_unsent_text_is_never_offered_to_another(nb_path, how):
    first, second = two_points(nb_path)
    with open_notebook(nb_path) as notebook:
        app = make_app(notebook)
        async with app.run_test(size=(120, 40)) as pilot:
            area = await open_point(app, pilot, how, first)
            await pilot.press(*" and is blocked by furosemide")
            app.save_editors()  # what quitting does
            await settle(app, pilot)
    assert stored_draft(nb_path, point_draft(first)).endswith("and is blocked by furosemide")
    with open_notebook(nb_path) as notebook:
        app = make_app(notebook)
        async with app.run_test(size=(120, 40)) as pilot:
            area = await open_point(app, pilot, how, second)
            await pilot.pause(0.3)
            await settle(app, pilot)
            assert area.text == "Thiazides act on the distal convoluted tubule"
            assert not app.screen.query_one("#restored").has_class("-shown")
            await pilot.press("ctrl+s")  # unchanged: saving keeps the second point as it was
            await settle(app, pilot)
            await settle(app, pilot)
            assert notebook.get_point(second).text == "Thiazides act on the distal convoluted tubule"
            area = await open_point(app, pilot, how, first)
            await wait_until(pilot, lambda: area.text.endswith("and is blocked by furosemide"))
            assert area.text == "Loop diuretics act on the thick ascending limb and is blocked by furosemide"
            assert app.screen.query_one("#restored").has_class("-shown")


# A read-only notebook -----------------------------------------------------------------------


async def test_a_read_only_notebook_reports_a_refused_save_once_not_at_every_pause(nb_path):
    first, _second = two_points(nb_path)
    with open_notebook(nb_path, read_only=True) as notebook:
        app = make_app(notebook)
        errors = []
        notify = app.notify

        def recorded(message, *args, severity="information", **kwargs):
            if severity == "error":
                errors.append(message)
            return notify(message, *args, severity=severity, **kwargs)

        app.notify = recorded
        async with app.run_test(size=(120, 40)) as pilot:
            await open_point(app, pilot, "pane", first)
            for word in (" and", " is", " blocked"):
                await pilot.press(*word)
                await pilot.pause(DELAY * 3)  # a pause in the typing: the draft would be kept here
            await settle(app, pilot)
            assert errors == []
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            await settle(app, pilot)
            assert len(errors) == 1  # the save itself, refused
            app.push_screen(CaptureScreen())
            await pilot.pause(0.1)
            await pilot.press(*"t B12: recheck")
            await pilot.pause(DELAY * 3)
            await pilot.press(*" lactate")
            await pilot.pause(DELAY * 3)
            await settle(app, pilot)
            assert len(errors) == 1
    with open_notebook(nb_path) as notebook:
        assert notebook.list_drafts() == []
