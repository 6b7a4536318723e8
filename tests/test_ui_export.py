"""The export screen: what the PHI guard finds, fixing an entry from the list, and writing the export.

The identifiers planted here are invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, RadioSet, Static, TextArea

from clerkbook.ui.dialogs.text_prompt import TextPrompt
from clerkbook.ui.screens.export import ExportScreen
from clerkbook.ui.screens.note_editor import NoteEditorScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import make_app, ward_notebook


@pytest.fixture
def nb(tmp_path: Path):
    notebook = ward_notebook(tmp_path / "ward.db")
    yield notebook
    notebook.close()


def plant(nb) -> None:
    nb.add_point("Mr. Hernandez taught us to recheck K+ after repletion", topic="electrolytes")
    note = nb.create_note("soap", title="Planted note")
    nb.save_note(note.id, sections={"plan": "Call back at (555) 867-5309 tomorrow"})


def summary(screen) -> str:
    return str(screen.query_one("#guard-summary", Static).render())


def findings(screen) -> list[str]:
    options = screen.query_one("#findings", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_export(pilot, tmp_path: Path) -> ExportScreen:
    await pilot.press("ctrl+e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def choose(pilot, screen: ExportScreen, radio_id: str, name: str) -> None:
    radio_set = screen.query_one(f"#{radio_id}", RadioSet)
    button = next(b for b in radio_set.query("RadioButton") if b.name == name)
    button.value = True
    await settle(pilot)


async def test_clean_notebook_says_nothing_found_and_exports(nb, tmp_path: Path):
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, tmp_path)
        assert "nothing found" in summary(screen)
        out = tmp_path / "clean.json"
        await choose(pilot, screen, "format", "json")
        screen.query_one("#out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.2)
        assert json.loads(out.read_text())["format"] == "clerkbook-export"


async def test_findings_are_listed_and_block_the_export(nb, tmp_path: Path):
    plant(nb)
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, tmp_path)
        shown = findings(screen)
        assert len(shown) == 2, shown
        assert any("NAME" in line and "Mr. Hernandez" in line for line in shown)
        assert any("PHONE" in line and "Planted note" in line for line in shown)
        assert "2 possible identifiers" in summary(screen)
        out = tmp_path / "blocked.html"
        await choose(pilot, screen, "format", "html")
        screen.query_one("#out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.2)
        assert not out.exists()


async def test_enter_on_a_finding_opens_the_entry_to_fix_it_and_the_list_updates(nb, tmp_path: Path):
    plant(nb)
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, tmp_path)
        options = screen.query_one("#findings", OptionList)
        options.focus()
        index = next(i for i, line in enumerate(findings(screen)) if "NAME" in line)
        options.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        field = prompt.query_one("#text")
        text = field.text if isinstance(field, TextArea) else field.value
        assert "Mr. Hernandez" in text
        new = text.replace("Mr. Hernandez", "The attending")
        if isinstance(field, TextArea):
            field.text = new
        else:
            field.value = new
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert app.screen is screen
        assert len(findings(screen)) == 1
        assert any(p.text.startswith("The attending") for p in nb.list_points())

        # A finding in a note opens the note editor.
        options.highlighted = 0
        options.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditorScreen)


async def test_an_emptied_fix_comes_back_to_the_dialog_with_the_error(nb, tmp_path: Path):
    plant(nb)
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, tmp_path)
        options = screen.query_one("#findings", OptionList)
        options.focus()
        options.highlighted = next(i for i, line in enumerate(findings(screen)) if "NAME" in line)
        await pilot.press("enter")
        await settle(pilot)
        field = app.screen.query_one("#text")
        if isinstance(field, TextArea):
            field.text = "   "
        else:
            field.value = "   "
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        # The point's text is required: the dialog is back (not the export screen with an error behind it).
        assert isinstance(app.screen, TextPrompt)
        assert any(p.text.startswith("Mr. Hernandez") for p in nb.list_points())


async def test_redact_writes_with_kinds_in_place(nb, tmp_path: Path):
    plant(nb)
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, tmp_path)
        await choose(pilot, screen, "format", "json")
        await choose(pilot, screen, "policy", "redact")
        assert "replaced" in summary(screen)
        out = tmp_path / "redacted.json"
        screen.query_one("#out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.2)
        text = out.read_text()
        assert "[NAME]" in text and "[PHONE]" in text and "Hernandez" not in text


async def test_export_waits_for_an_open_editors_text(nb, tmp_path: Path):
    note = nb.create_note("soap", title="Fresh")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_note(note.id)
        await settle(pilot)
        await pilot.press(*"Afebrile overnight")
        # Straight to export, before the autosave delay: the text must still be in the export.
        app.push_screen(ExportScreen("json"))
        await settle(pilot)
        screen = app.screen
        out = tmp_path / "now.json"
        screen.query_one("#out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.2)
        doc = json.loads(out.read_text())
        assert any("Afebrile overnight" in "".join(n["sections"].values()) for n in doc["notes"])


def test_export_screen_is_in_the_keys_screen():
    from clerkbook.ui.screens.help import known_binding_ids

    assert {"app.export", "export.run", "export.close", "export.check"} <= known_binding_ids()



async def test_the_proposed_path_follows_the_format_until_the_user_types_one(nb, tmp_path: Path):
    app = make_app(nb)
    app.export_folder = tmp_path
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, tmp_path)
        out = screen.query_one("#out", Input)
        assert out.value.endswith("clerkbook-md-2026-11-25")
        await choose(pilot, screen, "format", "html")
        assert out.value.endswith("clerkbook-html-2026-11-25.html")
        out.value = str(tmp_path / "mine.html")
        await pilot.pause()
        await choose(pilot, screen, "format", "json")
        assert out.value == str(tmp_path / "mine.html")


async def test_the_first_finding_is_ready_for_enter(nb, tmp_path: Path):
    plant(nb)
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, tmp_path)
        screen.query_one("#findings", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)


async def test_unsent_fix_text_is_kept_under_its_entry_and_offered_back_only_there(nb, tmp_path: Path):
    long = "Mr. Hernandez taught us to recheck K+ after repletion, and magnesium first if it is low"
    nb.add_point(long, topic="electrolytes")
    nb.add_point("Ms. Okafor showed that a lactate can be normal early in ischemic bowel", topic="surgery")
    uid = next(p.uid for p in nb.list_points() if p.text == long)
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, tmp_path)
        options = screen.query_one("#findings", OptionList)

        async def fix(name: str) -> TextArea:
            options.focus()
            options.highlighted = next(i for i, line in enumerate(findings(screen)) if name in line)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, TextPrompt)
            return app.screen.query_one("#text", TextArea)

        area = await fix("Hernandez")
        area.text = long.replace("Mr. Hernandez", "The attending")
        app.save_editors()  # what quitting does
        await settle(pilot)
        assert nb.get_draft(f"export-fix:teaching_point:{uid}:text").startswith("The attending")
        app.screen.dismiss(None)  # as a crash would leave it: the draft stays
        await settle(pilot)
        area = await fix("Okafor")
        await pilot.pause(0.3)
        assert area.text.startswith("Ms. Okafor")
        await pilot.press("escape")
        await settle(pilot)
        area = await fix("Hernandez")
        await pilot.pause(0.3)
        assert area.text.startswith("The attending")
