"""Contacts: role, rotation, notes, thank-you and last update days."""

from __future__ import annotations

from datetime import date

import pytest

from clerkbook.models import ContactRole
from clerkbook.store import InvalidInput, Notebook, NotFound


def test_add_update_and_list(rotation_nb: Notebook) -> None:
    attending = rotation_nb.add_contact("Dr K", notes="Cardiology interest; wrote my letter")
    coordinator = rotation_nb.add_contact("Clerkship office", role="coordinator")
    assert attending.role == ContactRole.ATTENDING and attending.rotation_id == rotation_nb.current_rotation().id
    thanked = rotation_nb.update_contact(attending.id, thanked=date(2026, 12, 19))
    assert thanked.thanked_date == date(2026, 12, 19) and thanked.last_update_date is None
    assert rotation_nb.update_contact(attending.id, last_update=date(2027, 3, 1)).last_update_date == date(2027, 3, 1)
    assert rotation_nb.update_contact(attending.id, thanked=None).thanked_date is None
    assert [c.id for c in rotation_nb.list_contacts()] == [attending.id, coordinator.id]


def test_bad_role_and_empty_name_are_refused(rotation_nb: Notebook) -> None:
    with pytest.raises(InvalidInput, match="Unknown role 'nurse'"):
        rotation_nb.add_contact("Charge nurse", role="nurse")
    with pytest.raises(InvalidInput, match="Name is empty"):
        rotation_nb.add_contact("")
    assert rotation_nb.list_contacts() == []


def test_a_contact_outlives_its_rotation(rotation_nb: Notebook) -> None:
    contact = rotation_nb.add_contact("Dr K")
    with rotation_nb.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM rotation")
    assert rotation_nb.get_contact(contact.id).rotation_id is None
    rotation_nb.delete_contact(contact.id)
    with pytest.raises(NotFound):
        rotation_nb.get_contact(contact.id)
