"""The shift screen, driven through the keyboard as a student would on the ward."""

from __future__ import annotations

from datetime import timedelta

import pytest
from ui_helpers import NOW, Clock, make_app, ward_notebook

from clerkbook.ui.showcase import settle
from clerkbook.ui.widgets.shift_header import ShiftHeader
from clerkbook.ui.widgets.todo_pane import TodoList


@pytest.fixture
def nb(tmp_path):
    notebook = ward_notebook(tmp_path / "nb.db")
    yield notebook
    notebook.close()


def rows(app) -> list[str]:
    todo_list = app.screen.query_one(TodoList)
    return [str(todo_list.get_option_at_index(i).prompt) for i in range(todo_list.option_count)]


def highlight(app, text: str) -> None:
    todo_list = app.screen.query_one(TodoList)
    todo_list.highlighted = next(i for i, row in enumerate(rows(app)) if text in row)
    todo_list.focus()


async def test_shows_rotation_week_and_overdue_count(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one(ShiftHeader).render())
        assert "Surgery @ Lakeside Medical Center" in header and "week 3 of 6" in header
        assert "1 overdue" in header and "10:15" in header
        shown = rows(app)
        assert shown[0].startswith("B12 · 67M · CHF exacerbation")
        assert any("overdue 15m" in r and "f/u K+ after repletion" in r for r in shown)
        assert any("in 40m" in r for r in shown)
        assert shown.index(next(r for r in shown if r.startswith("General"))) > shown.index(
            next(r for r in shown if r.startswith("B7")))


async def test_toggle_done_and_back(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        highlight(app, "check echo report")
        await pilot.press("space")
        await settle(pilot)
        todo = next(t for t in nb.list_todos(include_done=True) if t.text == "check echo report")
        assert todo.done_at is not None
        # It sinks below the open ones and keeps the highlight.
        assert "[x]" in rows(app)[app.screen.query_one(TodoList).highlighted]
        await pilot.press("x")
        await settle(pilot)
        assert nb.get_todo(todo.id).done_at is None


async def test_delete_and_undo(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        highlight(app, "discharge teaching")
        await pilot.press("d")
        await settle(pilot)
        assert "discharge teaching" not in [t.text for t in nb.list_todos()]
        assert not any("discharge teaching" in r for r in rows(app))
        await pilot.press("u")
        await settle(pilot)
        assert "discharge teaching" in [t.text for t in nb.list_todos()]
        # The highlight comes back to the restored to-do.
        assert "discharge teaching" in rows(app)[app.screen.query_one(TodoList).highlighted]


async def test_reorder_within_a_patient(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        highlight(app, "check echo report")
        await pilot.press("shift+up")
        await settle(pilot)
        b12 = [r for r in rows(app) if "f/u K+" in r or "echo" in r]
        assert "echo" in b12[0]


async def test_hide_done(nb) -> None:
    nb.complete_todo(nb.list_todos()[0].id)
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("[x]" in r for r in rows(app))
        await pilot.press("h")
        assert not any("[x]" in r for r in rows(app))


async def test_discharge_asks_about_open_todos(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        highlight(app, "B7 · 54F")
        await pilot.press("D")
        await pilot.pause()
        assert "open to-do" in str(app.screen.query_one("#question").render())
        await pilot.press("y")
        await settle(pilot)
        assert [p.bed for p in nb.list_patients()] == ["B12"]
        assert not any(r.startswith("B7") for r in rows(app))


async def test_narrow_terminal_shows_one_pane_at_a_time(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = [p.id for p in app.screen.panes if p.display and p.region.height > 0]
        assert shown == ["todo-pane"]
        await pilot.press("2")
        await pilot.pause()
        shown = [p.id for p in app.screen.panes if p.region.height > 0]
        assert shown == ["points-pane"]


async def test_maximise_the_focused_pane(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        pane = app.screen.query_one("#todo-pane")
        assert app.screen.maximized is pane
        await pilot.pause()
        # It fills the screen between the header and the footer.
        assert pane.region.width == 120 and pane.region.height == 38
        await pilot.press("m")
        assert app.screen.maximized is None


async def test_earlier_week_is_one_key_away(nb) -> None:
    nb.save_reflection("2026-W47", {"went_well": "Presented my first admission."})
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        view = app.screen.query_one("#reflection-view")
        assert "this week" in str(view.render())
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "Presented my first admission." in str(view.render())
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert "this week" in str(view.render())


async def test_notification_when_a_todo_becomes_due(nb) -> None:
    clock = Clock()
    nb.add_todo("page cards fellow", kind="consult", due_at=NOW + timedelta(seconds=1))
    app = make_app(nb, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        clock.now = NOW + timedelta(seconds=2)
        await pilot.pause(2.0)
        assert any("page cards fellow" in n.message for n in app._notifications)


async def test_palette_finds_a_patient(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"B7 54F")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        todo_list = app.screen.query_one(TodoList)
        assert todo_list.has_focus and rows(app)[todo_list.highlighted].startswith("B7 · 54F")


async def test_quit_key_exits(nb) -> None:
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_first_start_asks_for_a_rotation(tmp_path) -> None:
    from clerkbook.store import open_notebook

    nb = open_notebook(tmp_path / "empty.db")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"Pediatrics", "enter", *"Riverside General", "enter", *"Ward 5", "enter")
        await pilot.press(*"2026-11-30", "enter", *"2027-01-08", "enter")
        await settle(pilot)
        rotation = nb.current_rotation()
        assert (rotation.specialty, rotation.site, str(rotation.start_date)) == (
            "Pediatrics", "Riverside General", "2026-11-30")
        assert "Pediatrics" in str(app.screen.query_one(ShiftHeader).render())
    nb.close()


async def test_enter_on_a_todo_opens_it_for_editing(nb) -> None:
    from clerkbook.ui.dialogs.todo_form import TodoForm

    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        highlight(app, "check echo report")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodoForm)
