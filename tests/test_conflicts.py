"""Two windows on one note: the later save never silently discards the earlier one.

The other window is a real second process writing the same file through the store, as a second
clerkbook (or ``clerkbook`` on the command line) would.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import TextArea

from clerkbook.store import open_notebook
from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.screens.note_editor import NoteEditorScreen
from clerkbook.ui.screens.reflection_editor import ReflectionEditorScreen
from clerkbook.ui.settings import UiSettings

NOW = datetime(2026, 11, 25, 10, 15, tzinfo=ZoneInfo("America/New_York"))
WEEK = "2026-W48"


@pytest.fixture
def nb_path(tmp_path):
    path = tmp_path / "nb.db"
    with open_notebook(path) as nb:
        nb.add_rotation("Medicine", site="Lakeside Medical Center", start=date(2026, 11, 9))
        patient = nb.add_patient("B12", "67M", "CHF exacerbation")
        nb.create_note("soap", patient_id=patient.id, title="Day 3", sections={"plan": "Continue diuresis."})
    return path


def other_process(path, code: str) -> str:
    """Run ``code`` (with ``nb`` open on ``path``) in another Python process; its printed output."""
    script = f"from clerkbook.store import open_notebook\nwith open_notebook({str(path)!r}) as nb:\n"
    script += textwrap.indent(textwrap.dedent(code), "    ")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def note_of(path):
    with open_notebook(path) as nb:
        note = nb.list_notes()[0]
        return note, nb.list_note_revisions(note.id)


# Store ------------------------------------------------------------------------------------


def test_a_save_over_another_process_save_keeps_both(nb_path):
    with open_notebook(nb_path) as mine:
        note = mine.list_notes()[0]
        base = {"title": note.title, "status": "draft", **note.sections}
        other_process(nb_path, f"nb.save_note({note.id}, sections={{'plan': 'Start IV furosemide 40 mg.'}})")
        saved = mine.save_note_since(note.id, base, sections={"plan": "Continue diuresis; daily weights."})
        assert saved.conflict
    note, revisions = note_of(nb_path)
    assert note.plan == "Continue diuresis; daily weights."
    kept = [r for r in revisions if r.reason == "conflict"]
    assert [json.loads(r.content)["plan"] for r in kept] == ["Start IV furosemide 40 mg."]
    # The first text, replaced by the other process, is a revision too: every version is somewhere.
    assert "Continue diuresis." in [json.loads(r.content)["plan"] for r in revisions]


def test_the_other_process_in_turn_keeps_ours(nb_path):
    with open_notebook(nb_path) as nb:
        note_id = nb.list_notes()[0].id
    script = f"""
        note = nb.get_note({note_id})
        base = {{"plan": note.plan}}
        import sys
        print("loaded", flush=True)
        sys.stdin.readline()  # the test saves from this process's rival meanwhile
        print(nb.save_note_since({note_id}, base, sections={{"plan": "B's plan"}}).conflict, flush=True)
    """
    code = f"from clerkbook.store import open_notebook\nwith open_notebook({str(nb_path)!r}) as nb:\n"
    code += textwrap.indent(textwrap.dedent(script), "    ")
    rival = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert rival.stdout.readline().strip() == "loaded"
        with open_notebook(nb_path) as nb:
            assert not nb.save_note_since(note_id, {"plan": "Continue diuresis."},
                                          sections={"plan": "A's plan"}).conflict
        out, _ = rival.communicate("go\n", timeout=60)
    finally:
        rival.kill()
    assert out.strip() == "True"
    note, revisions = note_of(nb_path)
    assert note.plan == "B's plan"
    assert [json.loads(r.content)["plan"] for r in revisions if r.reason == "conflict"] == ["A's plan"]


def test_changes_to_different_fields_merge_without_a_conflict(nb_path):
    with open_notebook(nb_path) as mine:
        note = mine.list_notes()[0]
        base = {"title": note.title, "status": "draft", **note.sections}
        other_process(nb_path, f"nb.save_note({note.id}, sections={{'assessment': 'CHF, improving.'}})")
        saved = mine.save_note_since(note.id, base, sections={"subjective": "Breathing easier."})
        assert not saved.conflict
    note, revisions = note_of(nb_path)
    assert (note.subjective, note.assessment, note.plan) == ("Breathing easier.", "CHF, improving.",
                                                              "Continue diuresis.")
    assert all(r.reason != "conflict" for r in revisions)


def test_reflections_keep_both_too(nb_path):
    with open_notebook(nb_path) as mine:
        mine.save_reflection(WEEK, {"went_well": "Presented on rounds."})
        other_process(nb_path, f"nb.save_reflection({WEEK!r}, {{'went_well': 'Placed my first IV.'}})")
        saved = mine.save_reflection_since(WEEK, {"went_well": "Presented on rounds."},
                                           {"went_well": "Presented on rounds, twice."})
        assert saved.conflict
        revisions = mine.list_reflection_revisions(WEEK)
        assert mine.get_reflection(WEEK).went_well == "Presented on rounds, twice."
    assert [json.loads(r.content)["went_well"] for r in revisions if r.reason == "conflict"] == [
        "Placed my first IV."]


# The editors tell the user ----------------------------------------------------------------


async def wait_until(pilot, condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never held")


async def save_all(app, pilot) -> None:
    """Save what the editor holds (a slow machine may have autosaved only part of the typing)."""
    await pilot.press("ctrl+s")
    done = asyncio.Event()
    app.after_writes(done.set)
    await asyncio.wait_for(done.wait(), 5)
    await pilot.pause()


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_note_editor_says_another_window_changed_the_note(nb_path):
    with open_notebook(nb_path) as nb:
        note_id = nb.list_notes()[0].id
        app = ClerkbookApp(nb, clock=lambda: NOW, settings=UiSettings(), autosave_delay=0.2)
        async with app.run_test(size=(110, 40)) as pilot:
            app.open_note(note_id)
            await wait_until(pilot, lambda: isinstance(app.screen, NoteEditorScreen) and app.screen.autosave.ready)
            other_process(nb_path, f"nb.save_note({note_id}, sections={{'plan': 'Other window plan.'}})")
            plan = app.screen.query_one("#text-plan", TextArea)
            plan.focus()
            await pilot.press(*" Daily weights.")
            await wait_until(pilot, lambda: any("Another window changed this note" in n for n in notices(app)))
            message = next(n for n in notices(app) if "Another window" in n)
            assert "kept in revisions (ctrl+r)" in message
            await save_all(app, pilot)
            # ctrl+r really shows the kept text.
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "RevisionsScreen")
            await pilot.pause(0.3)
        revisions = nb.list_note_revisions(note_id)
        assert any(r.reason == "conflict" and "Other window plan." in r.content for r in revisions)
        assert nb.get_note(note_id).plan == "Continue diuresis. Daily weights."


async def test_reflection_editor_says_so_too_with_the_key_as_remapped(nb_path):
    with open_notebook(nb_path) as nb:
        nb.save_reflection(WEEK, {"went_well": "Presented on rounds."})
        settings = UiSettings(keymap={"editor.revisions": "f8"})
        app = ClerkbookApp(nb, clock=lambda: NOW, settings=settings, autosave_delay=0.2)
        async with app.run_test(size=(110, 40)) as pilot:
            app.open_reflection(WEEK)
            await wait_until(pilot, lambda: isinstance(app.screen, ReflectionEditorScreen)
                             and app.screen.autosave.ready)
            other_process(nb_path, f"nb.save_reflection({WEEK!r}, {{'went_well': 'Placed my first IV.'}})")
            await pilot.press(*" Twice.")
            await wait_until(pilot, lambda: any("Another window changed this reflection" in n
                                                for n in notices(app)))
            assert any("kept in revisions (f8)" in n for n in notices(app))
            await save_all(app, pilot)
        assert nb.get_reflection(WEEK).went_well == "Presented on rounds. Twice."
        assert any(r.reason == "conflict" and "first IV" in r.content for r in nb.list_reflection_revisions(WEEK))
