"""The clerkship logs together: procedures, feedback, letters and contacts, as one part of the notebook."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from clerkbook.models import Contact, Feedback, Letter, Procedure
from clerkbook.store.checklist import ChecklistMixin
from clerkbook.store.contacts import ContactsMixin
from clerkbook.store.daily import DailyMixin
from clerkbook.store.feedback import FeedbackMixin
from clerkbook.store.letters import LettersMixin
from clerkbook.store.procedures import ProceduresMixin
from clerkbook.store.rotation_end import RotationEndMixin
from clerkbook.store.signout import SignoutMixin


class ClerkshipMixin(ProceduresMixin, FeedbackMixin, LettersMixin, ContactsMixin, ChecklistMixin,
                      DailyMixin, RotationEndMixin, SignoutMixin):
    """Everything beside the notes that a clerkship asks a student to keep track of."""

    def clerkship_counts(self) -> dict[str, int]:
        """How many procedures, pieces of feedback, letters and contacts the notebook holds."""
        tables = {"procedures": Procedure, "feedback": Feedback, "letters": Letter, "contacts": Contact}
        with self._read() as session:
            return {name: session.exec(select(func.count()).select_from(model)).one() for name, model in tables.items()}
