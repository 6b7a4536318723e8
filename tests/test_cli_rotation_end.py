"""``clerkbook rotation end``: ending a rotation, and the shred bin behind a question (or --yes)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from clerkbook.cli import cli
from clerkbook.domain.clock import local_now
from clerkbook.store import Notebook, open_notebook
from clerkbook.store.rotation_end import PURGED_BED
from tests.test_cli import assert_ok, assert_user_error, run

TODAY = local_now().date()


def ward(nb: Notebook) -> int:
    rotation = nb.add_rotation("Surgery", site="Mercy", start=TODAY - timedelta(days=20),
                               end=TODAY + timedelta(days=10))
    patient = nb.add_patient("B12", "67M", "Kallmann syndrome")
    nb.add_todo("f/u LH and FSH", patient_id=patient.id)
    nb.add_point("GnRH deficiency plus anosmia", patient_id=patient.id)
    return rotation.id


def test_end_without_purge_keeps_everything(db_path: Path, notebook: Notebook) -> None:
    rotation_id = ward(notebook)
    result = run(db_path, "rotation", "end", str(rotation_id))
    assert_ok(result)
    assert result.output.startswith(f"Ended Surgery @ Mercy on {TODAY}. Its patients' text is kept")
    with open_notebook(db_path) as nb:
        assert nb.get_rotation(rotation_id).end_date == TODAY and nb.find_patient("B12") is not None


def test_purge_asks_first_and_no_changes_nothing(db_path: Path, notebook: Notebook) -> None:
    rotation_id = ward(notebook)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "rotation", "end", str(rotation_id), "--purge"],
                                input="n\n")
    assert result.exit_code == 1 and "shred the clinical text of its 1 patient" in result.stderr
    assert "clerkbook: Nothing changed." in result.stderr
    with open_notebook(db_path) as nb:
        assert nb.get_rotation(rotation_id).end_date == TODAY + timedelta(days=10)
        assert nb.find_patient("B12").summary == "Kallmann syndrome"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "rotation", "end", str(rotation_id), "--purge"],
                                input="y\n")
    assert_ok(result)
    assert "shredded the labels of 1 patient, 1 to-do, 0 notes and 0 revisions" in result.stdout


def test_purge_with_yes_for_scripts(db_path: Path, notebook: Notebook) -> None:
    rotation_id = ward(notebook)
    assert_ok(run(db_path, "rotation", "end", str(rotation_id), "--purge", "--yes"))
    with open_notebook(db_path) as nb:
        [patient] = nb.list_patients(rotation_id=rotation_id, include_discharged=True)
        assert (patient.bed, patient.summary) == (PURGED_BED, "")
        assert nb.search("Kallmann") == [] and nb.search("FSH") == []
        assert [p.text for p in nb.list_points(rotation_id=rotation_id)] == ["GnRH deficiency plus anosmia"]


def test_an_unknown_rotation_is_one_line(db_path: Path, notebook: Notebook) -> None:
    assert_user_error(run(db_path, "rotation", "end", "9", "--purge", "--yes"), "No rotation with id 9.")
