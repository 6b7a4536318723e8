"""What an import must not bring back: the clinical text that ending a rotation with purge shredded.

An export taken before the purge still holds that text. Merged into the purged notebook, it would otherwise come
back: its to-dos and sign-outs are not in the notebook any more, so they look new; its notes' old text would be
kept as an "import" revision (or win, when edited elsewhere later); their deleted revisions look new.
Importing into an empty notebook still restores an old export whole: there is nothing there to protect.
"""

from __future__ import annotations

from clerkbook.models import PatientStatus
from clerkbook.store.exchange_kinds import KindSpec
from clerkbook.store.exchange_text import note_text, words
from clerkbook.store.rotation_end import PURGED_BED


class Shredded:
    """This notebook's purged patients and rotations, and how each imported entry touching them is taken.

    How a purged note is recognised: ``_purge`` blanks every note whose rotation is the ended one (with or without
    a patient) and stamps it, and every patient of that rotation, with one and the same moment; the patients keep
    the bed ``PURGED_BED``, which is the only lasting mark a purge leaves (a blank note may be a note just
    started). So a rotation holding a patient in that bed was purged, at the latest ``updated_at`` of those
    patients (a second purge stamps them all again), and a note of it created by then was shredded — as is any
    note of a purged patient. A note written in that rotation after the purge is the student's new text and
    merges as usual. (A rotation purged without any patient leaves no mark at all: its notes cannot be told
    from blank ones, and merge as usual.)
    """

    def __init__(self, local: dict[str, list[dict]]) -> None:
        purged = [patient for patient in local["patients"] if patient["bed"] == PURGED_BED]
        self.patients = {patient["uid"] for patient in purged}
        #: Each purged rotation's uid and the moment of its (last) purge.
        self.purged_at: dict[str, str] = {}
        for patient in purged:
            self.purged_at[patient["rotation"]] = max(self.purged_at.get(patient["rotation"], ""),
                                                      patient["updated_at"])
        #: How many of the document's entries were not brought back, or came back without their text.
        self.withheld = 0

    def _before_purge(self, entry: dict) -> bool:
        moment = self.purged_at.get(entry["rotation"])
        return moment is not None and entry["created_at"] <= moment

    def screen(self, kind: KindSpec, entry: dict, local: dict | None) -> tuple[dict | None, bool]:
        """The entry as the merge may take it (None: leave it out), and whether ``local`` keeps its words as is.

        What is left of a shredded patient is what ``_purge`` left: no to-do, no sign-out, notes blank and without
        revisions, procedures without notes or patient, teaching points and questions without patient.
        """
        patient = entry.get("patient")
        if kind.key == "patients":
            if local is not None and local["uid"] in self.patients:
                self._withheld(words(entry) != words(local))
                return entry, True
            if local is None and self._before_purge(entry):
                # A patient of the rotation that only the other notebook knew: it comes in as the purge leaves one.
                self.patients.add(entry["uid"])
                self._withheld(True)
                return entry | {"bed": PURGED_BED, "age_sex": "", "summary": "", "tags": [],
                                "status": PatientStatus.DISCHARGED.value,
                                "discharged_at": entry["discharged_at"] or self.purged_at[entry["rotation"]]}, False
        elif kind.key in ("todos", "patient_signouts"):
            if local is None and patient in self.patients:
                self._withheld(True)
                return None, False
        elif kind.key == "notes":
            if patient in self.patients or self._before_purge(entry) or (
                    local is not None and (local["patient"] in self.patients or self._before_purge(local))):
                if local is None:
                    self._withheld(True)
                    return None, False
                known = {revision["uid"] for revision in local["revisions"]}
                self._withheld(note_text(kind, entry) != note_text(kind, local)
                               or any(revision["uid"] not in known for revision in entry["revisions"]))
                return entry, True
        elif kind.key == "procedures":
            if patient in self.patients or self._before_purge(entry):
                self._withheld(bool(entry["notes"]) and (local is None or local["notes"] != entry["notes"]))
                return entry | {"notes": "", "patient": None if patient in self.patients else patient}, False
        elif kind.key in ("teaching_points", "questions") and patient in self.patients:
            return entry | {"patient": None}, False
        return entry, False

    def _withheld(self, text_left_out: bool) -> None:
        self.withheld += text_left_out

    def report_note(self) -> str | None:
        """The report's one line about what was not brought back, if anything was not."""
        if not self.withheld:
            return None
        entries = "entry" if self.withheld == 1 else "entries"
        return (f"{self.withheld} {entries} of patients whose text was shredded when their rotation ended here "
                "were not brought back (to-dos, sign-outs, note and procedure text, bed labels); importing this "
                "export into an empty notebook restores it whole.")
