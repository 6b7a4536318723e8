"""The note and reflection editors, driven from the keyboard: autosave, revisions, copy-forward."""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, OptionList, TextArea

from clerkbook.store import open_notebook
from clerkbook.store.errors import NotebookError
from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.screens.main import MainScreen
from clerkbook.ui.screens.note_editor import NoteEditorScreen
from clerkbook.ui.screens.reflection_editor import ReflectionEditorScreen
from clerkbook.ui.screens.revisions import RevisionsScreen, first_change
from clerkbook.ui.settings import UiSettings
from clerkbook.ui.widgets.autosave import SaveIndicator

NOW = datetime(2026, 11, 25, 10, 15, tzinfo=ZoneInfo("America/New_York"))
THIS_WEEK, LAST_WEEK = "2026-W48", "2026-W47"
SIZE = (110, 40)


@pytest.fixture
def nb_path(tmp_path):
    return tmp_path / "nb.db"


@pytest.fixture
def nb(nb_path):
    """A notebook with a rotation, one patient and one SOAP note."""
    with open_notebook(nb_path) as notebook:
        notebook.add_rotation("Surgery", site="Lakeside Medical Center", start=date(2026, 11, 9),
                              end=date(2026, 12, 18))
        patient = notebook.add_patient("B12", "67M", "CHF exacerbation")
        notebook.create_note("soap", patient_id=patient.id, title="Day 3 progress",
                             sections={"objective": "Afebrile, 2+ pitting edema bilaterally."})
        yield notebook


def note_id(nb) -> int:
    return nb.list_notes()[0].id


def make_app(nb, delay: float = 0.2) -> ClerkbookApp:
    """The app with a frozen clock; tests that count saves pass a long ``delay`` and save by key."""
    return ClerkbookApp(nb, clock=lambda: NOW, settings=UiSettings(), autosave_delay=delay)


async def wait_writes(app, pilot) -> None:
    """Wait until everything queued on the writer so far is written."""
    ev = asyncio.Event()
    app.after_writes(ev.set)
    await asyncio.wait_for(ev.wait(), 5)
    await pilot.pause()


async def wait_until(pilot, condition, timeout: float = 5.0) -> None:
    """Let the app run until ``condition()`` holds (workers answer through messages)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never held")


async def open_note(app, pilot, note: int) -> NoteEditorScreen:
    app.open_note(note)
    await wait_until(pilot, lambda: isinstance(app.screen, NoteEditorScreen) and app.screen.autosave.ready)
    await pilot.pause()
    return app.screen


async def open_reflection(app, pilot, week=None) -> ReflectionEditorScreen:
    app.open_reflection(week)
    await wait_until(pilot, lambda: isinstance(app.screen, ReflectionEditorScreen) and app.screen.autosave.ready)
    await pilot.pause()
    return app.screen


def area(screen, name: str) -> TextArea:
    return screen.query_one(f"#text-{name}", TextArea)


def indicator(screen) -> SaveIndicator:
    return screen.query_one(SaveIndicator)


# Note editor: autosave ----------------------------------------------------------------------


def first_save_fails(nb, monkeypatch, reason: str) -> dict[str, int]:
    """Make the notebook refuse the first note save with ``reason``; the returned dict counts the tries."""
    real_save = nb.save_note_since
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise NotebookError(reason)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(nb, "save_note_since", flaky)
    return calls


async def test_main_screen_opens_note_editor_with_enter(nb):
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.shift is not None)
        await pilot.press("3", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditorScreen) and app.screen.autosave.ready)
        screen = app.screen
        assert area(screen, "subjective").has_focus
        assert screen.query_one("#note-title", Input).value == "Day 3 progress"
        assert area(screen, "objective").text == "Afebrile, 2+ pitting edema bilaterally."
        titles = [str(s.render()) for s in screen.query(".section-title")]
        assert titles == ["Subjective", "Objective", "Assessment", "Plan"]
        assert "B12 · 67M · CHF exacerbation" in str(screen.query_one("#note-patient").render())


async def test_typing_is_saved_after_the_delay_without_leaving(nb, nb_path):
    app = make_app(nb, delay=1.0)  # well above the time between two keys, even on a busy machine
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, note_id(nb))
        await pilot.press(*"Less dyspnea. Slept flat.")
        assert indicator(screen).state == "unsaved"
        assert nb.get_note(note_id(nb)).subjective == ""  # debounced: nothing while typing
        await pilot.pause(1.3)
        await wait_writes(app, pilot)
        assert app.screen is screen and area(screen, "subjective").has_focus
        assert nb.get_note(note_id(nb)).subjective == "Less dyspnea. Slept flat."
        assert indicator(screen).state == "saved"
        assert str(indicator(screen).render()) == "Saved 10:15"
    with open_notebook(nb_path) as fresh:
        assert fresh.get_note(note_id(fresh)).subjective == "Less dyspnea. Slept flat."


async def test_tab_moves_between_sections_and_blur_saves(nb):
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, note_id(nb))
        await pilot.press(*"No chest pain.", "tab")
        assert area(screen, "objective").has_focus
        await wait_writes(app, pilot)  # leaving the field saved it, long before the delay
        assert nb.get_note(note_id(nb)).subjective == "No chest pain."
        await pilot.press("shift+tab")
        assert area(screen, "subjective").has_focus


async def test_typing_continues_after_the_existing_text(nb):
    nb.save_note(note_id(nb), sections={"subjective": "Less pain today."})
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, note_id(nb))
        await pilot.press(*" Walking in the hall.", "tab", *" Lungs clear.", "escape")
        await wait_writes(app, pilot)
        assert screen is not None
        note = nb.get_note(note_id(nb))
        assert note.subjective == "Less pain today. Walking in the hall."
        assert note.objective == "Afebrile, 2+ pitting edema bilaterally. Lungs clear."


async def test_escape_right_after_typing_saves(nb):
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        await open_note(app, pilot, note_id(nb))
        await pilot.press(*"Net negative 1.2 L.", "escape")
        assert isinstance(app.screen, MainScreen)
        await wait_writes(app, pilot)
        assert nb.get_note(note_id(nb)).subjective == "Net negative 1.2 L."


async def test_quit_right_after_typing_saves_before_exit(nb, nb_path):
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        await open_note(app, pilot, note_id(nb))
        await pilot.press(*"Creatinine stable at 1.1.", "ctrl+q")
    with open_notebook(nb_path) as fresh:
        assert fresh.get_note(note_id(fresh)).subjective == "Creatinine stable at 1.1."


async def test_title_and_status_are_saved(nb, monkeypatch):
    app = make_app(nb, delay=30)
    said = []
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: said.append(message))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, note_id(nb))
        screen.query_one("#note-title", Input).focus()
        await pilot.press("end", *" (HD 3)", "ctrl+s")
        await wait_writes(app, pilot)
        assert nb.get_note(note_id(nb)).title == "Day 3 progress (HD 3)"
        assert said[-1] == "Note saved."
        await pilot.press("tab", "enter", "down", "enter", "ctrl+s")  # on to the status: draft -> reviewed
        await wait_writes(app, pilot)
        assert nb.get_note(note_id(nb)).status.value == "reviewed"
        await pilot.press("ctrl+s")
        assert said[-1] == "Nothing to save: every change is saved."


async def test_every_save_keeps_the_old_text_and_restore_brings_it_back(nb):
    app = make_app(nb, delay=30)
    nid = note_id(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, nid)
        await pilot.press(*"Pain 6/10.", "ctrl+s")
        await wait_writes(app, pilot)
        await pilot.press(*" Pain 2/10 after ketorolac.", "ctrl+s")
        await wait_writes(app, pilot)
        revisions = nb.list_note_revisions(nid)
        assert [json.loads(r.content)["subjective"] for r in revisions] == ["Pain 6/10.", ""]
        assert all(json.loads(r.content)["objective"].startswith("Afebrile") for r in revisions)

        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, RevisionsScreen) and app.screen.rows)
        modal = app.screen
        assert "Pain 6/10." in str(modal.query_one("#revision-text").render())
        await pilot.press("down")  # the older one: before anything was typed
        assert "Pain 6/10." not in str(modal.query_one("#revision-text").render())
        assert "Afebrile" in str(modal.query_one("#revision-text").render())
        await pilot.press("enter")
        assert app.screen is screen
        await wait_writes(app, pilot)
        assert area(screen, "subjective").text == ""
        assert nb.get_note(nid).subjective == ""
        latest = nb.list_note_revisions(nid)[0]
        assert (latest.reason, json.loads(latest.content)["subjective"]) == (
            "restore", "Pain 6/10. Pain 2/10 after ketorolac.")
        assert not screen.autosave.dirty


async def test_revisions_escape_cancels(nb):
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, note_id(nb))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, RevisionsScreen))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert "No earlier versions" in str(options.get_option_at_index(0).prompt)
        await pilot.press("escape")
        assert app.screen is screen
        assert nb.list_note_revisions(note_id(nb)) == []


async def test_reload_never_overwrites_typing(nb):
    app = make_app(nb)
    app.autosave_delay = 30  # the typing stays unsaved until ctrl+s
    nid = note_id(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, nid)
        await pilot.press(*"Typing on the ward")
        # Another save lands (the command line, another window) while this is unsaved.
        app.submit(lambda n: n.save_note(nid, sections={"plan": "Continue IV furosemide."}))
        await wait_writes(app, pilot)
        await pilot.pause(0.05)
        assert area(screen, "subjective").text == "Typing on the ward"
        assert area(screen, "plan").text == ""
        assert screen.autosave.dirty
        await pilot.press("ctrl+s")
        await wait_writes(app, pilot)
        assert nb.get_note(nid).subjective == "Typing on the ward"
        # Saved and clean: the other save's text now shows.
        await wait_until(pilot, lambda: area(screen, "plan").text == "Continue IV furosemide.")
        # With nothing unsaved, a change made elsewhere shows up.
        app.submit(lambda n: n.save_note(nid, sections={"assessment": "CHF exacerbation, improving."}))
        await wait_writes(app, pilot)
        await wait_until(pilot, lambda: area(screen, "assessment").text == "CHF exacerbation, improving.")
        assert area(screen, "subjective").text == "Typing on the ward"
        assert not screen.autosave.dirty


# Copy-forward -----------------------------------------------------------------------------


async def test_copy_forward_marks_unchanged_sections_until_edited(nb):
    source = nb.list_notes()[0]
    nb.save_note(source.id, sections={"subjective": "Orthopnea.", "plan": "Diurese, daily weights."})
    copy = nb.create_note("soap", copy_from=source.id, title="Day 4 progress")
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, copy.id)
        marked = {name for name, section in screen.sections.items() if section.has_class("-unchanged")}
        assert marked == {"subjective", "objective", "plan"}  # assessment was empty: nothing to flag
        plan = screen.sections["plan"]
        assert plan.query_one(".copied-marker").display
        assert not screen.sections["assessment"].query_one(".copied-marker").display
        screen.sections["plan"].text_area.focus()
        await pilot.press("end", *" Add spironolactone.")
        assert not plan.has_class("-unchanged")
        assert not plan.query_one(".copied-marker").display
        assert screen.sections["subjective"].has_class("-unchanged")
        await pilot.press(*["backspace"] * len(" Add spironolactone."))
        assert plan.has_class("-unchanged")  # back to the copied text: flagged again


# Failures -----------------------------------------------------------------------------------


async def test_failed_save_shows_the_error_and_retries_on_the_next_trigger(nb, monkeypatch):
    first_save_fails(nb, monkeypatch, "The notebook is locked by another program.")
    app = make_app(nb, delay=30)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(app, pilot, note_id(nb))
        await pilot.press(*"Walked 100 feet with PT.", "ctrl+s")
        await wait_writes(app, pilot)
        assert indicator(screen).state == "error"
        assert "locked by another program" in str(indicator(screen).render())
        assert indicator(screen).has_class("-error")
        assert screen.autosave.dirty and nb.get_note(note_id(nb)).subjective == ""
        await pilot.press("tab")  # the next trigger (leaving the field) sends it again
        await wait_writes(app, pilot)
        assert nb.get_note(note_id(nb)).subjective == "Walked 100 feet with PT."
        assert indicator(screen).state == "saved"


async def test_a_save_failing_after_close_reopens_the_editor_with_the_text(nb, monkeypatch):
    first_save_fails(nb, monkeypatch, "Disk full.")
    app = make_app(nb)
    said = []
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: said.append(message))
    async with app.run_test(size=SIZE) as pilot:
        first = await open_note(app, pilot, note_id(nb))
        await pilot.press(*"Tolerating diet.", "escape")
        await wait_writes(app, pilot)
        assert "Disk full." in said
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditorScreen) and app.screen.autosave.ready)
        screen = app.screen
        assert screen is not first
        assert area(screen, "subjective").text == "Tolerating diet."
        # Back in the editor, the text is unsaved again and goes out on the next save.
        await wait_until(pilot, lambda: nb.get_note(note_id(nb)).subjective == "Tolerating diet.")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


# Reflection editor ----------------------------------------------------------------------------


async def test_reflection_prompts_weeks_and_revisions(nb, nb_path):
    app = make_app(nb, delay=30)  # saves come from leaving fields, switching weeks, ctrl+s and quitting
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflection(app, pilot)
        assert screen.week == THIS_WEEK
        assert "Week 48 · 23–29 Nov 2026" in str(screen.query_one("#reflection-week").render())
        answers = ["Led rounds.", "Missed a K.", "I like the OR.", "Pre-round early."]
        for answer in answers:
            await pilot.press(*answer, "tab")
        await pilot.press("ctrl+pageup")
        await wait_until(pilot, lambda: screen.week == LAST_WEEK and screen.autosave.ready)
        assert screen.query_one("#field-went_well", TextArea).text == ""
        assert screen.query_one("#field-free_text", TextArea).has_focus  # the field tabbed to stays focused
        await pilot.press(*"Week one.")
        await pilot.press("alt+right")  # saves last week, back to this one
        await wait_until(pilot, lambda: screen.week == THIS_WEEK and screen.autosave.ready)
        await pilot.pause()
        assert [screen.query_one(f"#field-{n}", TextArea).text for n in
                ("went_well", "didnt_go_well", "learned_about_myself", "do_differently")] == answers
        await pilot.press("ctrl+pagedown")  # no later week than this one
        await pilot.pause()
        assert screen.week == THIS_WEEK
        screen.query_one("#field-went_well", TextArea).focus()
        await pilot.press("end", *" Two admits.", "ctrl+s")
        await wait_writes(app, pilot)
        assert nb.get_reflection(LAST_WEEK).free_text == "Week one."
        reflection = nb.get_reflection(THIS_WEEK)
        assert reflection.went_well == "Led rounds. Two admits."
        assert reflection.do_differently == "Pre-round early."
        revisions = nb.list_reflection_revisions(THIS_WEEK)
        assert revisions and json.loads(revisions[0].content)["went_well"] == "Led rounds."

        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, RevisionsScreen) and app.screen.rows)
        await pilot.press("r")
        await wait_writes(app, pilot)
        assert screen.query_one("#field-went_well", TextArea).text == "Led rounds."
        assert nb.get_reflection(THIS_WEEK).went_well == "Led rounds."
        await pilot.press("end", *" Quiet call.", "ctrl+q")
    with open_notebook(nb_path) as fresh:
        assert fresh.get_reflection(THIS_WEEK).went_well == "Led rounds. Quiet call."


async def test_reflection_escape_saves(nb):
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        await open_reflection(app, pilot, LAST_WEEK)
        await pilot.press(*"Learned to read a chest film.", "escape")
        assert isinstance(app.screen, MainScreen)
        await wait_writes(app, pilot)
        assert nb.get_reflection(LAST_WEEK).went_well == "Learned to read a chest film."


# Pieces -------------------------------------------------------------------------------------


def test_first_change_names_the_section_and_words():
    fields = [("subjective", "Subjective"), ("plan", "Plan")]
    assert first_change({"subjective": "a b", "plan": "Diurese."}, {"subjective": "a b", "plan": "Diurese, daily weights."},
                        fields) == "Plan: Diurese."
    assert first_change({"plan": ""}, {"plan": "Start furosemide."}, fields) == (
        "Plan: before “Start furosemide.” was added")
    assert first_change({"plan": "x"}, {"plan": "x"}, fields) == "no text changes"


async def test_a_lost_terminal_saves_the_editor_trying_again_after_a_failure_then_ends(nb, monkeypatch):
    calls = first_save_fails(nb, monkeypatch, "The notebook is locked by another program.")
    app = make_app(nb, delay=30)
    app.TERMINAL_RETRY_S = 0.2
    async with app.run_test(size=SIZE) as pilot:
        await open_note(app, pilot, note_id(nb))
        await pilot.press(*"Ambulating with PT.")
        app.terminal_lost()  # what the hang-up watch calls
        await wait_until(pilot, lambda: not app.is_running)
    assert calls["n"] == 2
    assert nb.get_note(note_id(nb)).subjective == "Ambulating with PT."
