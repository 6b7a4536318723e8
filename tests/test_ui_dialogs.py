"""The dialogs, the quick-capture line and the keys screen, driven through the keyboard."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from textual.binding import Binding
from textual.widgets import DataTable, Input, RadioButton, Select, Static
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from clerkbook.models import NoteKind, TodoKind
from clerkbook.store import open_notebook
from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.dialogs.confirm import ConfirmDialog
from clerkbook.ui.dialogs.new_note import NewNoteDialog
from clerkbook.ui.dialogs.patient_form import PatientForm
from clerkbook.ui.dialogs.text_prompt import TextPrompt
from clerkbook.ui.dialogs.todo_form import TodoForm
from clerkbook.ui.screens.capture import CaptureScreen
from clerkbook.ui.screens.help import HelpScreen, _ui_binding_classes
from clerkbook.ui.settings import UiSettings

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 10, 15, tzinfo=NY)


def frozen_clock() -> datetime:
    return NOW


@pytest.fixture
def nb(tmp_path):
    with open_notebook(tmp_path / "nb.db") as notebook:
        notebook.add_rotation("Surgery", site="Lakeside Medical Center", start=date(2026, 11, 9),
                              end=date(2026, 12, 18))
        yield notebook


@pytest.fixture
def app(nb):
    return ClerkbookApp(nb, clock=frozen_clock, settings=UiSettings(), autosave_delay=0.1)


async def workers_done(app) -> None:
    """Wait for the load workers (not the writer, which runs for the app's lifetime)."""
    for _ in range(3):
        running = [w for w in app.workers if w.group != "writer" and w.state == WorkerState.RUNNING]
        if not running:
            return
        for worker in running:
            try:
                await asyncio.wait_for(worker.wait(), 5)
            except (WorkerCancelled, WorkerFailed):
                pass


async def app_settled(pilot) -> None:
    """Wait until every queued write is done and the screens have reloaded."""
    written = asyncio.Event()
    pilot.app.after_writes(written.set)
    await asyncio.wait_for(written.wait(), 5)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def push(pilot, screen):
    """Push ``screen`` and return a future for its result."""
    result: asyncio.Future = asyncio.get_running_loop().create_future()
    pilot.app.push_screen(screen, lambda value: result.set_result(value))
    await pilot.pause()
    return result


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def type_line(pilot, line: str) -> None:
    await pilot.press(*line)


# Quick capture ----------------------------------------------------------------------------


async def test_capture_todo_for_new_patient(app, nb):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, CaptureScreen)
        await type_line(pilot, "t B12: f/u K+ @4pm")
        assert "To-do (lab) for B12, due 16:00: f/u K+" in text_of(app.screen, "#preview")
        await pilot.press("enter")
        assert not isinstance(app.screen, CaptureScreen)
        await app_settled(pilot)
        [todo] = nb.list_todos()
        assert todo.text == "f/u K+"
        assert todo.kind == TodoKind.LAB
        assert todo.due_at.astimezone(NY) == datetime(2026, 11, 25, 16, 0, tzinfo=NY)
        [patient] = nb.list_patients()
        assert patient.bed == "B12" and todo.patient_id == patient.id


async def test_capture_point_and_question(app, nb):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await type_line(pilot, "p #cardio Beta-blockers after MI reduce mortality -- Dr K")
        await pilot.press("enter")
        await pilot.press("ctrl+n")
        await type_line(pilot, "q Why spironolactone in HFrEF?")
        await pilot.press("enter")
        await app_settled(pilot)
        [point] = nb.list_points()
        assert (point.text, point.topic, point.source) == ("Beta-blockers after MI reduce mortality", "cardio", "Dr K")
        [question] = nb.list_questions()
        assert question.text == "Why spironolactone in HFrEF?"


async def test_capture_bad_line_keeps_text_and_writes_nothing(app, nb):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await type_line(pilot, "t B12: f/u K+ @tomorow")
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        assert screen.query_one("#line", Input).value == "t B12: f/u K+ @tomorow"
        preview = screen.query_one("#preview", Static)
        assert preview.has_class("-error") and "tomorow" in str(preview.render())
        await app_settled(pilot)
        assert nb.list_todos() == [] and nb.list_patients() == []


async def test_capture_shows_user_text_literally(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await type_line(pilot, "q why [K+] low?")
        assert "Question: why [K+] low?" in text_of(app.screen, "#preview")


async def test_escape_keeps_a_draft_that_comes_back(app, nb):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await type_line(pilot, "q dose of furosemide in")
        await pilot.press("escape")
        assert not isinstance(app.screen, CaptureScreen)
        assert app.capture_draft == "q dose of furosemide in"
        await pilot.press("ctrl+n")
        line = app.screen.query_one("#line", Input)
        assert line.value == "q dose of furosemide in"
        assert line.cursor_position == len(line.value)
        await type_line(pilot, " CKD?")
        await pilot.press("enter")
        await app_settled(pilot)
        assert app.capture_draft == ""
        assert [q.text for q in nb.list_questions()] == ["dose of furosemide in CKD?"]
        # A prefilled capture line (a from the to-do pane) is not replaced by the draft.
        app.capture_draft = "q something else"
        app.push_screen(CaptureScreen("t B12: "))
        await pilot.pause()
        assert app.screen.query_one("#line", Input).value == "t B12: "


async def test_line_refused_by_the_store_is_kept_as_draft(tmp_path):
    with open_notebook(tmp_path / "empty.db") as empty:  # no rotation yet: the store refuses
        app = ClerkbookApp(empty, clock=frozen_clock, settings=UiSettings(), autosave_delay=0.1)
        async with app.run_test(size=(120, 40)) as pilot:
            await app_settled(pilot)
            if type(app.screen).__name__ == "RotationForm":  # offered on a first run: not now
                await pilot.press("escape")
            app.push_screen(CaptureScreen())
            await pilot.pause()
            await type_line(pilot, "q why hyponatremia in SIADH?")
            await pilot.press("enter")
            await app_settled(pilot)
            assert app.capture_draft == "q why hyponatremia in SIADH?"
            app.push_screen(CaptureScreen())
            await pilot.pause()
            assert app.screen.query_one("#line", Input).value == "q why hyponatremia in SIADH?"


async def test_up_recalls_previous_captured_lines(app):
    async with app.run_test(size=(120, 40)) as pilot:
        for line in ("q first question", "q second question"):
            await pilot.press("ctrl+n")
            await type_line(pilot, line)
            await pilot.press("enter")
        await app_settled(pilot)
        await pilot.press("ctrl+n")
        await type_line(pilot, "q half")
        line = app.screen.query_one("#line", Input)
        await pilot.press("up")
        assert line.value == "q second question"
        await pilot.press("up", "up")
        assert line.value == "q first question"
        await pilot.press("down", "down")
        assert line.value == "q half"


# To-do form ------------------------------------------------------------------------------


async def test_todo_form_edits_text_kind_and_due(app, nb):
    patient = nb.add_patient("B12", "67M", "CHF exacerbation")
    todo = nb.add_todo("call [IR] re drain", patient_id=patient.id,
                       due_at=datetime(2026, 11, 25, 14, 0, tzinfo=NY))
    async with app.run_test(size=(120, 40)) as pilot:
        result = await push(pilot, TodoForm(todo, [patient], frozen_clock))
        form = app.screen
        assert form.query_one("#text", Input).value == "call [IR] re drain"
        assert form.query_one("#due", Input).value == "2026-11-25 14:00"
        assert "in 3h 45m" in text_of(form, "#due-understood")
        # Text: replace it.
        await pilot.press("ctrl+u", *"call IR re drain placement")
        # Kind: open the list and move from task to consult.
        await pilot.press("tab", "enter", "up", "enter")
        assert form.query_one("#kind", Select).value == "consult"
        # Due: a bad time is refused with the reason, and nothing closes.
        await pilot.press("tab")
        due = form.query_one("#due", Input)
        due.value = ""
        await type_line(pilot, "tomorow 7am")
        assert "Could not understand" in text_of(form, "#due-understood")
        await pilot.press("ctrl+s")
        assert app.screen is form and not result.done()
        assert "tomorow" in text_of(form, "#problem")
        due.value = ""
        await type_line(pilot, "tomorrow 7am")
        assert "tomorrow 07:00" in text_of(form, "#due-understood")
        await pilot.press("enter")
        changes = await result
    assert changes == {"text": "call IR re drain placement", "kind": TodoKind.CONSULT,
                       "due_at": datetime(2026, 11, 26, 7, 0, tzinfo=NY)}
    nb.update_todo(todo.id, **changes)
    assert nb.get_todo(todo.id).kind == TodoKind.CONSULT


async def test_todo_form_returns_only_changes_and_clears_due(app, nb):
    todo = nb.add_todo("CXR read", kind="imaging", due_at=datetime(2026, 11, 25, 12, 0, tzinfo=NY))
    async with app.run_test(size=(120, 40)) as pilot:
        result = await push(pilot, TodoForm(todo, [], frozen_clock))
        await pilot.press("ctrl+s")
        assert await result == {}
        result = await push(pilot, TodoForm(todo, [], frozen_clock))
        app.screen.query_one("#due", Input).value = ""
        await pilot.pause()
        assert "No due time" in text_of(app.screen, "#due-understood")
        app.screen.query_one("#text", Input).value = "  "
        await pilot.press("ctrl+s")
        assert "needs some text" in text_of(app.screen, "#problem")
        app.screen.query_one("#text", Input).value = "CXR read"
        await pilot.press("ctrl+s")
        assert await result == {"due_at": None}
        result = await push(pilot, TodoForm(todo, [], frozen_clock))
        await pilot.press("escape")
        assert await result is None


# Patient form ----------------------------------------------------------------------------


async def test_patient_form_adds_a_patient_through_the_todo_pane(app, nb):
    async with app.run_test(size=(120, 40)) as pilot:
        await app_settled(pilot)
        await pilot.press("P")
        form = app.screen
        assert isinstance(form, PatientForm)
        assert "No names, record numbers or dates of birth." in text_of(form, "#privacy")
        await pilot.press("enter")  # no bed yet: refused
        assert app.screen is form and "bed" in text_of(form, "#problem").lower()
        await type_line(pilot, "B7")
        await pilot.press("enter", *"54F", "enter", *"SBO, NGT to LIWS", "enter")
        assert app.screen is not form
        await app_settled(pilot)
        [patient] = nb.list_patients()
        assert patient.label == "B7 · 54F · SBO, NGT to LIWS"


async def test_patient_form_escape_cancels(app):
    async with app.run_test(size=(120, 40)) as pilot:
        result = await push(pilot, PatientForm())
        await type_line(pilot, "B3")
        await pilot.press("escape")
        assert await result is None


# Confirm and text prompt -----------------------------------------------------------------


@pytest.mark.parametrize(("keys", "answer"), [(["y"], True), (["enter"], True), (["n"], False),
                                              (["escape"], False), (["tab", "enter"], False)])
async def test_confirm_dialog(app, keys, answer):
    async with app.run_test(size=(120, 40)) as pilot:
        result = await push(pilot, ConfirmDialog("Delete “K+ [3.1]”?", "Delete"))
        assert "K+ [3.1]" in text_of(app.screen, "#question")
        await pilot.press(*keys)
        assert await result is answer


async def test_text_prompt_single_and_multiline(app):
    async with app.run_test(size=(120, 40)) as pilot:
        result = await push(pilot, TextPrompt("Rename", "Title", "SOAP"))
        await type_line(pilot, ": B12")
        await pilot.press("enter")
        assert await result == "SOAP: B12"
        result = await push(pilot, TextPrompt("Why [K+] low?", "Answer", "Diuretics", multiline=True))
        assert "Why [K+] low?" in text_of(app.screen, "#title")
        await pilot.press("enter", *"RAAS", "ctrl+s")
        assert await result == "Diuretics\nRAAS"
        result = await push(pilot, TextPrompt("Why?", "Answer", "x", multiline=True))
        await pilot.press("escape")
        assert await result is None


# New note --------------------------------------------------------------------------------


async def test_new_note_without_previous_note_offers_template_only(app, nb):
    patient = nb.add_patient("B12", "67M", "CHF exacerbation")
    async with app.run_test(size=(120, 40)) as pilot:
        result = await push(pilot, NewNoteDialog([patient]))
        dialog = app.screen
        assert dialog.query_one("#title", Input).value == "SOAP note · 25 Nov"
        await pilot.press("right", "enter")  # H&P
        await pilot.press("tab", "enter", "up", "enter")  # the patient (list: B12, No patient)
        await workers_done(app)
        await pilot.pause()
        assert dialog.query_one("#title", Input).value == "H&P: B12 · 25 Nov"
        assert not dialog.query_one("#start").display
        assert "no previous note" in text_of(dialog, "#start-status")
        await pilot.press("ctrl+s")
        assert await result == {"kind": NoteKind.HP, "patient_id": patient.id, "title": "H&P: B12 · 25 Nov",
                                "copy_from": None}


async def test_new_note_offers_copy_of_previous_note(app, nb):
    patient = nb.add_patient("B12", "67M", "CHF exacerbation")
    previous = nb.create_note("progress", patient_id=patient.id, title="Progress [day 2]",
                              at=datetime(2026, 11, 24, 9, 0, tzinfo=NY))
    async with app.run_test(size=(120, 40)) as pilot:
        result = await push(pilot, NewNoteDialog([patient]))
        dialog = app.screen
        dialog.query_one("#patient", Select).value = patient.id
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert dialog.query_one("#start").display
        copy = dialog.query_one("#from-copy", RadioButton)
        assert "Progress [day 2]" in str(copy.label) and "yesterday" in str(copy.label)
        # A title of one's own is kept when the kind changes.
        dialog.query_one("#title", Input).focus()
        await pilot.press("ctrl+u", *"Day 3 progress")
        dialog.query_one("#kind").focus()
        await pilot.press("right", "right", "enter")  # Progress
        assert dialog.query_one("#title", Input).value == "Day 3 progress"
        dialog.query_one("#start").focus()
        await pilot.press("down", "enter")  # copy the previous note
        await pilot.press("ctrl+s")
        choice = await result
    assert choice == {"kind": NoteKind.PROGRESS, "patient_id": patient.id, "title": "Day 3 progress",
                      "copy_from": previous.id}
    note = nb.create_note(**choice)
    assert note.copied_from_id == previous.id


# Keys screen -----------------------------------------------------------------------------


async def test_help_lists_every_key_with_ids(app):
    app.settings.keymap = {"todo.toggle": "t"}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        by_id = {row[3]: row for row in rows}
        assert by_id["todo.toggle"][1] == "t"  # remapped, as the user will press it
        assert by_id["app.capture"][1] == "^n"
        assert any(row[2] == "Quit" and row[1] == "^q" for row in rows)
        assert any("Command palette" in row[2] for row in rows)
        for binding_id in ("points.add_question", "notes.new", "reflection.open", "main.maximize",
                           "capture.previous", "dialog.save", "confirm.yes", "help.close"):
            assert binding_id in by_id, binding_id
        wheres = [row[0] for row in rows if row[0]]
        assert wheres[:6] == ["Everywhere", "Shift screen", "To-dos", "Teaching points & questions", "Notes",
                              "Reflection"]
        assert "keymap.toml" in text_of(app.screen, "#intro") and "[keys]" in text_of(app.screen, "#intro")
        every = [b for cls in _ui_binding_classes() for b in Binding.make_bindings(cls.__dict__["BINDINGS"])]
        missing = {b.id for b in every if b.id and b.description and not b.system} - set(by_id)
        assert not missing
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)
