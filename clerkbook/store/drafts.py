"""Drafts: what was typed into a prompt (the capture line, an answer) and not sent yet.

A prompt writes its text here a second after the typing stops, so a crash, a kill or a flat battery
loses at most that second; the prompt offers the text back the next time it opens.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from clerkbook.models import Draft
from clerkbook.store.base import StoreBase, moment, stamps
from clerkbook.store.draft_keys import CAPTURE_DRAFT
from clerkbook.store.errors import InvalidInput

__all__ = ["CAPTURE_DRAFT", "DraftsMixin"]


class DraftsMixin(StoreBase):
    """One unsent text per prompt, keyed by a short name such as "capture" or "answer:12"."""

    def save_draft(self, key: str, text: str, *, at: datetime | None = None) -> None:
        """Keep ``text`` as the draft of prompt ``key``; blank text clears the draft."""
        key = _check_key(key)
        if not text.strip():
            self.clear_draft(key)
            return
        with self._write() as session:
            draft = session.get(Draft, key)
            if draft is None:
                session.add(Draft(key=key, text=text, **stamps(at)))
            elif draft.text != text:
                draft.text = text
                draft.updated_at = moment(at)
                session.add(draft)

    def get_draft(self, key: str) -> str:
        """The unsent text of prompt ``key``; empty if there is none."""
        with self._read() as session:
            draft = session.get(Draft, _check_key(key))
            return draft.text if draft is not None else ""

    def clear_draft(self, key: str) -> None:
        """Forget the draft of prompt ``key`` (its text was sent, or deliberately emptied)."""
        with self._write() as session:
            draft = session.get(Draft, _check_key(key))
            if draft is not None:
                session.delete(draft)

    def list_drafts(self) -> list[Draft]:
        """Every unsent text, the most recently typed first."""
        with self._read() as session:
            return list(session.exec(select(Draft).order_by(col(Draft.updated_at).desc())))


def _check_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > 64:
        raise InvalidInput("A draft needs a name of 1 to 64 characters.")
    return key
