"""The export screen's "fix in place" for what the PHI guard finds in the clerkship lists.

The identifiers planted here are invented for the test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList, TextArea

from clerkbook.ui.dialogs.text_prompt import TextPrompt
from clerkbook.ui.screens.export import ExportScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import make_app, ward_notebook


@pytest.fixture
def nb(tmp_path: Path):
    notebook = ward_notebook(tmp_path / "ward.db")
    yield notebook
    notebook.close()


def findings(screen) -> list[str]:
    options = screen.query_one("#findings", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def fix(pilot, screen: ExportScreen, line_part: str, old: str, new: str) -> None:
    options = screen.query_one("#findings", OptionList)
    options.focus()
    options.highlighted = next(i for i, line in enumerate(findings(screen)) if line_part in line)
    await pilot.press("enter")
    await settle(pilot)
    prompt = pilot.app.screen
    assert isinstance(prompt, TextPrompt)
    field = prompt.query_one("#text")
    text = field.text if isinstance(field, TextArea) else field.value
    assert old in text
    if isinstance(field, TextArea):
        field.text = text.replace(old, new)
    else:
        field.value = text.replace(old, new)
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)
    assert pilot.app.screen is screen


async def test_findings_in_a_procedure_and_a_sign_out_are_fixed_from_the_export_screen(nb, tmp_path: Path):
    procedure = nb.add_procedure("Lumbar puncture", day=date(2026, 11, 21), notes="LP on Mr. Hernandez, clear")
    patient = nb.list_patients()[0]
    nb.set_signout(patient.id, severity="watcher", contingency="If Mrs. Delacroix spikes, cultures")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        lines = findings(screen)
        assert any(line.endswith('Procedure "Lumbar puncture" · notes') for line in lines), lines
        assert any(line.endswith(f'Sign-out "{patient.bed}" · contingency') for line in lines), lines
        await fix(pilot, screen, "Procedure", "Mr. Hernandez", "the patient")
        await fix(pilot, screen, "Sign-out", "Mrs. Delacroix", "she")
        assert [line[:14] for line in findings(screen)] == ["Nothing to fix"]
    assert nb.get_procedure(procedure.id).notes == "LP on the patient, clear"
    assert nb.get_signout(patient.id).contingency == "If she spikes, cultures"
