"""New notes start from their kind's headings."""

from __future__ import annotations

import pytest

from clerkbook.domain.note_templates import note_template
from clerkbook.models import NOTE_SECTIONS, NoteKind


@pytest.mark.parametrize("kind", list(NoteKind))
def test_template_fills_only_the_kinds_sections(kind, rotation_nb) -> None:
    template = note_template(kind.value)
    assert set(template) <= set(NOTE_SECTIONS[kind])
    note = rotation_nb.create_note(kind, sections=template)
    assert note.assessment.strip() != "" and note.plan.startswith("1.")


def test_hp_template_walks_the_exam_by_system() -> None:
    exam = note_template("hp")["physical_exam"]
    assert [line.split(":")[0] for line in exam.splitlines()][:5] == ["General", "Vitals", "HEENT", "Neck", "CV"]


def test_templates_are_copies() -> None:
    note_template("soap")["plan"] = "changed"
    assert note_template("soap")["plan"] == "1. "
