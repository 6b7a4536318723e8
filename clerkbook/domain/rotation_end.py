"""What ending a rotation asks and says, the same words in the app and on the command line."""

from __future__ import annotations

from pathlib import Path


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def purge_question(name: str, patients: int, notes: int, *, ended: str | None = None) -> str:
    """The question asked before ending rotation ``name`` and shredding its patients' text.

    ``ended``: the day an already ended rotation ended ("6 Nov"); its end date stays, so only the shredding is
    asked about.
    """
    opening = f"{name} ended on {ended}. Shred" if ended else f"End {name} and shred"
    return (f"{opening} the clinical text of its {_plural(patients, 'patient')}: bed labels, one-liners, "
            "their to-dos and sign-out contingencies, the titles, sections and revisions of its "
            f"{_plural(notes, 'note')}, and its procedures' notes? Teaching points, questions, reflections, the daily "
            "log, the procedure log (name, day, role, supervisor) and the counts are kept. This cannot be undone.")


def purge_done(name: str, counts: dict[str, int], *, checkpointed: bool, backups: Path | None) -> str:
    """What was shredded, and where old copies of the text may still be."""
    text = (f"Ended {name}: shredded the labels of {_plural(counts.get('patients', 0), 'patient')}, "
            f"{_plural(counts.get('todos', 0), 'to-do')}, {_plural(counts.get('notes', 0), 'note')} and "
            f"{_plural(counts.get('revisions', 0), 'revision')}; deleted text was overwritten in the file.")
    if not checkpointed:
        text += " Another window has the notebook open: the old pages leave the file once it closes."
    if backups is not None:
        text += f" Backups taken before now still hold the old text: delete them in {backups} if they must go too."
    return text
