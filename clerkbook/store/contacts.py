"""Contacts: the attendings, residents and coordinators worth thanking and keeping up to date."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select

from clerkbook.models import Contact, ContactRole, Rotation
from clerkbook.store.base import StoreBase, clean_text, parse_choice, stamps
from clerkbook.store.procedures import check_day


class ContactsMixin(StoreBase):
    """Adding, listing, updating and deleting contacts."""

    def add_contact(
        self,
        name: str,
        *,
        role: ContactRole | str = ContactRole.ATTENDING,
        notes: str = "",
        thanked: date | None = None,
        last_update: date | None = None,
        rotation_id: int | None = None,
        at: datetime | None = None,
    ) -> Contact:
        """Add a contact met on a rotation (the current one by default)."""
        name = clean_text(name, "Name")
        role = parse_choice(ContactRole, role, "role")
        with self._write() as session:
            if rotation_id is not None:
                self._get(session, Rotation, rotation_id, "rotation")
            contact = Contact(
                rotation_id=self._rotation_id(rotation_id),
                name=name,
                role=role,
                notes=notes.strip(),
                thanked_date=None if thanked is None else check_day(thanked, "The thank-you day"),
                last_update_date=None if last_update is None else check_day(last_update, "The update day"),
                **stamps(at),
            )
            session.add(contact)
        return contact

    def get_contact(self, contact_id: int) -> Contact:
        """The contact with this id."""
        with self._read() as session:
            return self._get(session, Contact, contact_id, "contact")

    def list_contacts(self, *, rotation_id: int | None = None) -> list[Contact]:
        """Every contact (or one rotation's), by role then name."""
        query = select(Contact)
        if rotation_id is not None:
            query = query.where(Contact.rotation_id == rotation_id)
        query = query.order_by(col(Contact.role), col(Contact.name), col(Contact.id))
        with self._read() as session:
            return list(session.exec(query))

    def update_contact(
        self,
        contact_id: int,
        *,
        name: str | None = None,
        role: ContactRole | str | None = None,
        notes: str | None = None,
        thanked: date | None | object = ...,
        last_update: date | None | object = ...,
    ) -> Contact:
        """Change a contact; ``thanked`` and ``last_update`` take a day, or None to clear it."""
        with self._write() as session:
            contact = self._get(session, Contact, contact_id, "contact")
            if name is not None:
                contact.name = clean_text(name, "Name")
            if role is not None:
                contact.role = parse_choice(ContactRole, role, "role")
            if notes is not None:
                contact.notes = notes.strip()
            if thanked is not ...:
                contact.thanked_date = None if thanked is None else check_day(thanked, "The thank-you day")
            if last_update is not ...:
                contact.last_update_date = (None if last_update is None
                                            else check_day(last_update, "The update day"))
            self._touch(contact)
            session.add(contact)
        return contact

    def delete_contact(self, contact_id: int) -> Contact:
        """Delete a contact and return it as it was."""
        with self._write() as session:
            contact = self._get(session, Contact, contact_id, "contact")
            session.delete(contact)
        return contact
