"""The clerkship screen under Pilot: tabs of logs, adding, editing, deleting by keyboard, and reminders."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from clerkbook.domain.days import show_day
from clerkbook.ui.dialogs.confirm import ConfirmDialog
from clerkbook.ui.dialogs.entry_form import EntryForm
from clerkbook.ui.screens.clerkship import ClerkshipScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import NOW, make_app, ward_notebook

TODAY = NOW.date()


@pytest.fixture
def nb(tmp_path: Path):
    notebook = ward_notebook(tmp_path / "ward.db")
    yield notebook
    notebook.close()


def cells(screen, table_id: str) -> list[list[str]]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_screen(pilot, **kwargs) -> ClerkshipScreen:
    screen = ClerkshipScreen(**kwargs)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def fill(pilot, values: dict[str, str]) -> None:
    form = pilot.app.screen
    assert isinstance(form, EntryForm)
    for field_id, value in values.items():
        form.query_one(f"#{field_id}", Input).value = value
    await pilot.pause()


async def test_add_a_procedure_with_suggested_name_and_see_the_counts(nb):
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        assert cells(screen, "table-procedure") == []
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, EntryForm) and form.focused.id == "name"
        await pilot.press(*"venip", "right")  # accept the suggestion
        assert form.query_one("#name", Input).value == "Venipuncture"
        form.query_one("#role", Select).value = "performed"
        await fill(pilot, {"day": "yesterday", "supervisor": "PGY-2"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        yesterday = TODAY - timedelta(days=1)
        assert cells(screen, "table-procedure") == [[f"{yesterday.day} {yesterday:%b}", "Venipuncture", "performed",
                                                     "PGY-2", "", "Surgery", ""]]
        await pilot.press("2")
        assert screen.active_tab == "counts"
        assert cells(screen, "table-counts") == [["Venipuncture", "1", "0", "0", "1", "1"]]


async def test_a_bad_day_is_shown_in_the_form_and_nothing_saved(nb):
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("a")
        await fill(pilot, {"name": "ABG", "day": "tomorrow"})
        await pilot.press("ctrl+s")
        form = app.screen
        assert isinstance(form, EntryForm)
        assert "still to come" in text_of(form, "#problem") and form.focused.id == "day"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and nb.list_procedures() == []


async def test_edit_with_enter_and_delete_after_confirming(nb):
    nb.add_procedure("ABG", day=date(2026, 11, 20), role="observed")
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, EntryForm) and form.query_one("#name", Input).value == "ABG"
        form.query_one("#role", Select).value = "assisted"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert nb.list_procedures()[0].role == "assisted"
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert len(nb.list_procedures()) == 1
        await pilot.press("d", "y")
        await settle(pilot)
        assert nb.list_procedures() == [] and cells(screen, "table-procedure") == []


async def test_feedback_then_acted_on_it(nb):
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("3", "a")
        await fill(pilot, {"giver": "Dr K", "said": "Lead with the assessment", "will_change": "One-liner first"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cells(screen, "table-feedback")[0][1:6] == ["", "Dr K", "", "Lead with the assessment", "One-liner first"]
        await pilot.press("x")
        await fill(pilot, {"acted_text": "Presented B12 with a one-liner"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        feedback = nb.list_feedback()[0]
        assert (feedback.acted_date, feedback.acted_text) == (TODAY, "Presented B12 with a one-liner")
        row = cells(screen, "table-feedback")[0]
        assert row[1] == f"✓ {show_day(TODAY, TODAY)}" and "Presented B12" in row[6]


async def test_letter_checklist_and_next_status(nb):
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("4", "a")
        form = app.screen
        await fill(pilot, {"attending": "Dr K", "deadline": "2027-09-15"})
        form.query_one("#sent_cv", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cells(screen, "table-letter")[0][:5] == ["Dr K", "to ask", "", "15 Sep 2027", "CV"]
        await pilot.press("s")
        await settle(pilot)
        letter = nb.list_letters()[0]
        assert letter.status == "asked" and letter.asked_date == TODAY


async def test_contacts_thank_you_key_only_on_the_contacts_tab(nb):
    nb.add_contact("Dr K")
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("t")  # not on the procedures tab
        await settle(pilot)
        assert nb.list_contacts()[0].thanked_date is None
        await pilot.press("5", "t")
        await settle(pilot)
        assert nb.list_contacts()[0].thanked_date == TODAY
        assert cells(screen, "table-contact")[0][3] == f"{TODAY.day} {TODAY:%b}"


async def test_reminders_line_and_tab(nb):
    nb.add_letter("Dr M", status="asked", deadline=TODAY + timedelta(days=3))
    nb.add_letter("Dr K", status="agreed", deadline=TODAY + timedelta(days=18))
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        line = screen.query_one("#reminder-line", Static)
        assert text_of(screen, "#reminder-line") == ("1 reminder (6 shows all): Letter from Dr M is due in 3 days, "
                                                     f"{(TODAY + timedelta(days=3)).day} Nov (asked).")
        assert line.has_class("-urgent")
        # An IMG's letters pass through ECFMG: the later deadline is warned of too.
        img = await open_screen(pilot, img=True)
        assert text_of(img, "#reminder-line").startswith("2 reminders")
        await pilot.press("6")
        assert "ECFMG" in text_of(img, "#reminder-list") and "Dr K" in text_of(img, "#reminder-list")
        await pilot.press("escape")
        assert app.screen is screen


async def test_no_reminders(nb):
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        assert text_of(screen, "#reminder-line") == "No reminders."


async def test_before_any_rotation_adding_says_what_to_do(tmp_path: Path):
    from clerkbook.store import open_notebook

    with open_notebook(tmp_path / "empty.db") as empty:
        app = make_app(empty)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            screen = await open_screen(pilot)
            assert text_of(screen, "#clerkship-heading") == "Clerkship · no rotation yet"
            await pilot.press("4", "a")
            await pilot.pause()
            assert app.screen is screen
            assert any("No rotation yet" in str(n.message) for n in app._notifications)


async def test_a_refused_feedback_edit_reopens_the_form_with_what_was_typed(nb):
    entry = nb.add_feedback("Lead with the assessment", day=TODAY - timedelta(days=5), giver="Dr K")
    nb.act_on_feedback(entry.id, "Presented B12 with a one-liner", day=TODAY - timedelta(days=3))
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("3", "enter")
        # Received after it was acted on: the notebook refuses it.
        await fill(pilot, {"day": "yesterday", "will_change": "Assessment before the plan, every time"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#will_change", Input).value == "Assessment before the plan, every time"
        assert form.query_one("#day", Input).value == (TODAY - timedelta(days=1)).isoformat()
        assert "before it was received" in text_of(form, "#problem")
        await fill(pilot, {"day": (TODAY - timedelta(days=4)).isoformat()})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        saved = nb.list_feedback()[0]
        assert (saved.received_date, saved.will_change) == (TODAY - timedelta(days=4),
                                                            "Assessment before the plan, every time")


async def test_a_refused_acted_on_reopens_its_form_with_what_was_typed(nb):
    nb.add_feedback("Lead with the assessment", day=TODAY - timedelta(days=2), giver="Dr K")
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("3", "x")
        await fill(pilot, {"acted_date": (TODAY - timedelta(days=6)).isoformat(),
                           "acted_text": "Presented B12 with a one-liner"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#acted_text", Input).value == "Presented B12 with a one-liner"
        assert "before it was received" in text_of(form, "#problem")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and nb.list_feedback()[0].acted_text == ""


async def test_after_an_add_the_cursor_is_on_the_new_row(nb):
    older = nb.add_feedback("Examine before you order", day=TODAY - timedelta(days=3), giver="Dr S")
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("3", "a")
        await fill(pilot, {"giver": "Dr K", "said": "Lead with the assessment"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#table-feedback", DataTable).cursor_row == 0  # the newest sorts first
        await pilot.press("x")  # so "acted on" is about the new feedback
        await fill(pilot, {"acted_text": "Presented B12 assessment first"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        acted = {f.id: f.acted_text for f in nb.list_feedback()}
        assert acted[older.id] == "" and "Presented B12 assessment first" in acted.values()
        await pilot.press("4", "a")  # the same on every log
        await fill(pilot, {"attending": "Dr Zhou"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = screen.query_one("#table-letter", DataTable)
        assert table.get_row_at(table.cursor_row)[0] == "Dr Zhou"


async def test_the_digits_show_their_tabs_from_every_tab(nb):
    # The reminders tab (6) has no table: from the checklist, focus left behind used to bring the checklist back.
    tabs = ["procedures", "counts", "feedback", "letters", "contacts", "reminders", "checklist"]
    app = make_app(nb)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot)
        for digit, wanted in enumerate(tabs, start=1):
            for key, shown in ((str(digit), wanted), ("6", "reminders")):
                await pilot.press(key)
                await pilot.pause()
                assert screen.active_tab == shown, f"{key} left {screen.active_tab} shown"
        await pilot.press("7", "5")
        await pilot.pause()
        assert screen.active_tab == "contacts" and screen.focused.id == "table-contact"


async def test_every_log_form_fits_a_40_row_terminal(nb):
    from textual.containers import Vertical

    nb.add_feedback("Lead with the assessment", day=TODAY - timedelta(days=2), giver="Dr K")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot)
        for keys, title in ((["1", "a"], "Add procedure"), (["3", "a"], "Add feedback"),
                            (["3", "e"], "Edit feedback: the feedback of"),
                            (["4", "a"], "Add letter"), (["5", "a"], "Add contact"), (["7", "a"], "Add document"),
                            (["7", "tab", "a"], "Add certification")):
            await pilot.press(*keys)
            await pilot.pause()
            form = app.screen
            assert isinstance(form, EntryForm) and text_of(form, "#heading").startswith(title)
            box = form.query_one(Vertical)
            assert box.max_scroll_y == 0, f"{title}: {box.virtual_size.height} rows"
            assert form.query_one("#heading").region.y >= 0 and box.region.bottom <= 40
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
