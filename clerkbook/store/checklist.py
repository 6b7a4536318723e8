"""The pre-rotation checklist (documents per rotation) and the student's certifications."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import col, select

from clerkbook.models import DEFAULT_CHECKLIST, Certification, ChecklistItem, ChecklistStatus
from clerkbook.store.base import StoreBase, clean_text, parse_choice
from clerkbook.store.errors import InvalidInput, NotFound
from clerkbook.store.procedures import check_day


def default_checklist(rotation_id: int) -> list[ChecklistItem]:
    """The built-in documents, all still needed, for a new rotation."""
    return [ChecklistItem(rotation_id=rotation_id, name=name, position=position)
            for position, name in enumerate(DEFAULT_CHECKLIST, start=1)]


class ChecklistMixin(StoreBase):
    """Documents to gather before each rotation, and certifications with their expiry dates."""

    # Documents --------------------------------------------------------------------------------------

    def list_checklist(self, *, rotation_id: int | None = None) -> list[ChecklistItem]:
        """A rotation's documents (the current one's by default), in the order they were added."""
        rotation_id = self._rotation_id(rotation_id)
        query = (select(ChecklistItem).where(ChecklistItem.rotation_id == rotation_id)
                 .order_by(col(ChecklistItem.position), col(ChecklistItem.id)))
        with self._read() as session:
            return list(session.exec(query))

    def all_checklists(self) -> list[ChecklistItem]:
        """Every rotation's documents."""
        with self._read() as session:
            return list(session.exec(select(ChecklistItem).order_by(col(ChecklistItem.rotation_id),
                                                                    col(ChecklistItem.position))))

    def add_checklist_item(self, name: str, *, rotation_id: int | None = None, notes: str = "") -> ChecklistItem:
        """Add a document to a rotation's checklist (the current one by default), still needed."""
        name = " ".join(clean_text(name, "Document name").split())
        rotation_id = self._rotation_id(rotation_id)
        with self._write() as session:
            if self._item_named(session, rotation_id, name) is not None:
                raise InvalidInput(f"The checklist already has '{name}'.")
            last = session.exec(select(func.max(ChecklistItem.position))
                                .where(ChecklistItem.rotation_id == rotation_id)).one()
            item = ChecklistItem(rotation_id=rotation_id, name=name, notes=notes.strip(), position=(last or 0) + 1)
            session.add(item)
        return item

    @staticmethod
    def _item_named(session, rotation_id: int, name: str) -> ChecklistItem | None:
        items = session.exec(select(ChecklistItem).where(ChecklistItem.rotation_id == rotation_id))
        return next((item for item in items if item.name.lower() == name.lower()), None)

    def find_checklist_item(self, text: str, *, rotation_id: int | None = None) -> ChecklistItem:
        """The document ``text`` names on a rotation: its id, its name, or the start of one name ("immun")."""
        text = clean_text(text, "Document")
        if text.isdigit():
            item = self.get_checklist_item(int(text))
            if rotation_id is None or item.rotation_id == rotation_id:
                return item
        items = self.list_checklist(rotation_id=rotation_id)
        exact = [item for item in items if item.name.lower() == text.lower()]
        found = exact or [item for item in items if item.name.lower().startswith(text.lower())]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(f"No document '{text}' on the checklist.")
        raise InvalidInput(f"'{text}' could be " + ", ".join(item.name for item in found) + ": type more of it.")

    def get_checklist_item(self, item_id: int) -> ChecklistItem:
        """The checklist document with this id."""
        with self._read() as session:
            return self._get(session, ChecklistItem, item_id, "checklist document")

    def update_checklist_item(self, item_id: int, *, name: str | None = None,
                              status: ChecklistStatus | str | None = None, done: date | None = None,
                              notes: str | None = None, today: date | None = None) -> ChecklistItem:
        """Change a document; made done, it keeps ``done`` as its day (else ``today``); otherwise it has none."""
        with self._write() as session:
            item = self._get(session, ChecklistItem, item_id, "checklist document")
            if name is not None:
                name = " ".join(clean_text(name, "Document name").split())
                other = self._item_named(session, item.rotation_id, name)
                if other is not None and other.id != item.id:
                    raise InvalidInput(f"The checklist already has '{name}'.")
                item.name = name
            if status is not None:
                item.status = parse_choice(ChecklistStatus, status, "status")
            if done is not None:
                item.done_date = check_day(done, "The day it was done")
            if ChecklistStatus(item.status) == ChecklistStatus.DONE:
                if item.done_date is None:
                    item.done_date = today or date.today()
            else:
                item.done_date = None
            if notes is not None:
                item.notes = notes.strip()
            self._touch(item)
            session.add(item)
        return item

    def delete_checklist_item(self, item_id: int) -> ChecklistItem:
        """Take a document off the checklist (a visa a citizen does not need) and return it as it was."""
        with self._write() as session:
            item = self._get(session, ChecklistItem, item_id, "checklist document")
            session.delete(item)
        return item

    # Certifications ---------------------------------------------------------------------------------

    def add_certification(self, name: str, *, expires: date | None = None, notes: str = "") -> Certification:
        """Record a certification and the day it expires (None: it does not)."""
        name = " ".join(clean_text(name, "Certification name").split())
        if expires is not None:
            check_day(expires, "The expiry date")
        with self._write() as session:
            cert = Certification(name=name, expires_date=expires, notes=notes.strip())
            session.add(cert)
        return cert

    def list_certifications(self) -> list[Certification]:
        """Every certification, the first to expire first (those that never expire last)."""
        with self._read() as session:
            certs = list(session.exec(select(Certification).order_by(col(Certification.id))))
        return sorted(certs, key=lambda c: (c.expires_date is None, c.expires_date or date.max, c.name.lower()))

    def get_certification(self, cert_id: int) -> Certification:
        """The certification with this id."""
        with self._read() as session:
            return self._get(session, Certification, cert_id, "certification")

    def update_certification(self, cert_id: int, *, name: str | None = None, expires: date | None | object = ...,
                             notes: str | None = None) -> Certification:
        """Change a certification (``expires=None``: it does not expire)."""
        with self._write() as session:
            cert = self._get(session, Certification, cert_id, "certification")
            if name is not None:
                cert.name = " ".join(clean_text(name, "Certification name").split())
            if expires is not ...:
                cert.expires_date = None if expires is None else check_day(expires, "The expiry date")
            if notes is not None:
                cert.notes = notes.strip()
            self._touch(cert)
            session.add(cert)
        return cert

    def delete_certification(self, cert_id: int) -> Certification:
        """Delete a certification and return it as it was."""
        with self._write() as session:
            cert = self._get(session, Certification, cert_id, "certification")
            session.delete(cert)
        return cert
