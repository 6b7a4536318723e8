"""The search screen: results as you type, filters, odd input, and opening what was found."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select, Static

from clerkbook.ui.dialogs.text_prompt import TextPrompt
from clerkbook.ui.screens.note_editor import NoteEditorScreen
from clerkbook.ui.screens.search import SearchScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import make_app, ward_notebook


@pytest.fixture
def nb(tmp_path: Path):
    notebook = ward_notebook(tmp_path / "ward.db")
    notebook.add_point("Spironolactone: check K+ and creatinine within a week", topic="cardio")
    note = notebook.create_note("soap", title="Day 2 SOAP")
    notebook.save_note(note.id, sections={"plan": "Continue spironolactone, repeat BMP tomorrow"})
    yield notebook
    notebook.close()


def results(screen) -> list[str]:
    options = screen.query_one("#results", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def status(screen) -> str:
    return str(screen.query_one("#search-status", Static).render())


async def search_for(pilot, text: str) -> SearchScreen:
    if not isinstance(pilot.app.screen, SearchScreen):
        await pilot.press("ctrl+f")
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one("#query", Input).value = ""
    await pilot.press(*text)
    await pilot.pause(0.2)
    await settle(pilot)
    await pilot.pause(0.05)
    return screen


async def test_results_appear_as_you_type_with_prefixes(nb):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(pilot, "spiro")
        found = results(screen)
        assert len(found) == 2
        assert any("Point" in line and "cardio" in line for line in found)
        assert any("Note" in line and "Day 2 SOAP" in line for line in found)
        assert "2 found" in status(screen)


async def test_kind_filter_and_nothing_found(nb):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(pilot, "spiro")
        screen.query_one("#kind", Select).value = "note"
        await pilot.pause(0.2)
        await settle(pilot)
        assert len(results(screen)) == 1 and "Day 2 SOAP" in results(screen)[0]
        screen = await search_for(pilot, "zzzyx")
        assert results(screen) == [] and "Nothing found" in status(screen)


@pytest.mark.parametrize("typed", ['"', '"unbalanced', "a*b", "(", "AND", "OR OR", "NOT", "col:x", "^x",
                                   "NEAR(a b)", "-x", "K+ )"])
async def test_fts_syntax_typed_by_a_user_never_shows_an_error(nb, typed: str):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(pilot, typed)
        assert "error" not in status(screen).lower()
        assert "sqlite" not in status(screen).lower()


async def test_enter_opens_the_first_hit_and_a_note_opens_in_its_editor(nb):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(pilot, "BMP tomorrow")
        assert len(results(screen)) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditorScreen)


async def test_a_point_opens_for_editing_and_the_change_is_saved(nb):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(pilot, "creatinine")
        assert len(results(screen)) == 1
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one("#text").text = "Spironolactone: K+ and creatinine at 1 week, then monthly"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert any("then monthly" in p.text for p in nb.list_points())


async def test_scope_toggle_limits_to_the_current_rotation(nb):
    from datetime import date

    # The entries belong to the surgery rotation; the current one is now medicine, with nothing in it yet.
    nb.add_rotation("Medicine", site="Riverside General", start=date(2027, 1, 4), make_current=True)
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(pilot, "spiro")
        assert len(results(screen)) == 2
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        await settle(pilot)
        assert results(screen) == [] and "Nothing found in this rotation" in status(screen)
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        await settle(pilot)
        assert len(results(screen)) == 2


async def test_slash_on_the_shift_screen_opens_search(nb):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)


# The clerkship logs ---------------------------------------------------------------------------------------

@pytest.fixture
def logs(nb):
    """Two of each clerkship log, the first in clinic, the second on the ward; a day of the daily log.

    Returns the ids of the first ones: lists show the newest first, so selecting them takes a move.
    """
    from datetime import date

    ids = {}
    for n, where in reversed(list(enumerate(("clinic", "ward")))):
        ids["procedure"] = nb.add_procedure(f"Suturing {n}", day=date(2026, 11, 10 + n), notes=f"In {where}").id
        ids["feedback"] = nb.add_feedback(f"Presentations in {where} run long", day=date(2026, 11, 12 + n),
                                          giver=f"Dr. Okafor {n}", context="Rounds").id
        ids["letter"] = nb.add_letter(f"Dr. Lindqvist {n}", notes=f"Met in {where}").id
        ids["contact"] = nb.add_contact(f"Priya Raman {n}", role="coordinator" if n else "resident",
                                        notes=f"Coordinator in {where}").id  # by role: the ward's one first
    ids["daily_entry"] = nb.save_daily(date(2026, 11, 18), {"diagnoses": "Adrenal crisis on the ward"}).id
    return ids


async def test_log_hits_are_labelled(nb, logs):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(pilot, "ward")
        found = results(screen)
        for badge, title in (("Procedure", "Suturing 1"), ("Feedback", "Dr. Okafor 1 · Rounds"),
                             ("Letter", "Dr. Lindqvist 1"), ("Contact", "Priya Raman 1"),
                             ("Daily log", "Wed 18 Nov 2026")):
            assert any(line.startswith(badge) and title in line for line in found), (badge, found)
        screen.query_one("#kind", Select).value = "daily_entry"
        await pilot.pause(0.2)
        await settle(pilot)
        assert len(results(screen)) == 1 and "Adrenal crisis" in results(screen)[0]


@pytest.mark.parametrize(("kind", "words", "tab", "name"), [
    ("feedback", "okafor presentations clinic", "feedback", "Dr. Okafor 0"),
    ("procedure", "suturing clinic", "procedures", "Suturing 0"),
    ("letter", "lindqvist clinic", "letters", "Dr. Lindqvist 0"),
    ("contact", "raman clinic", "contacts", "Priya Raman 0"),
])
async def test_a_log_hit_opens_its_tab_on_its_row(nb, logs, kind: str, words: str, tab: str, name: str):
    from clerkbook.ui.screens.clerkship import ClerkshipScreen
    from clerkbook.ui.widgets.log_table import LogTable

    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(pilot, words)
        assert len(results(screen)) == 1
        await pilot.press("enter")
        await settle(pilot)
        clerkship = app.screen
        assert isinstance(clerkship, ClerkshipScreen) and clerkship.active_tab == tab
        table = clerkship.query_one(f"#table-{kind}", LogTable)
        assert table.row_count == 2 and table.entry_id == logs[kind] and table.has_focus
        # The keys of the log work on that row: e edits the entry found.
        await pilot.press("e")
        await settle(pilot)
        heading = str(app.screen.query_one("#heading", Static).render())
        assert heading.startswith("Edit") and name in heading, heading
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_a_daily_hit_opens_that_day(nb, logs):
    from datetime import date

    from clerkbook.ui.screens.daily_editor import DailyEditorScreen

    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "adrenal")
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, DailyEditorScreen) and editor.day == date(2026, 11, 18)
        assert editor.fields["diagnoses"].text == "Adrenal crisis on the ward"
        assert "18 Nov 2026" in str(editor.query_one("#daily-day", Static).render())
