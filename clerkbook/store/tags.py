"""Tags shared by every kind of entry."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from clerkbook.models import TAGGABLE, Tag, Tagging
from clerkbook.store.base import StoreBase
from clerkbook.store.errors import InvalidInput


def normalise_tag(name: str) -> str:
    """Tags are compared lower-case without a leading '#': "#Cardio" and "cardio" are one tag."""
    return name.strip().lstrip("#").strip().lower()


class TagsMixin(StoreBase):
    """Attach tags to entries and read them back."""

    def _set_tags(self, session: Session, entity: str, entity_id: int, names: Iterable[str]) -> None:
        if entity not in TAGGABLE:
            raise InvalidInput(f"Entries of kind '{entity}' cannot carry tags.")
        for name in dict.fromkeys(filter(None, map(normalise_tag, names))):
            tag = session.exec(select(Tag).where(Tag.name == name)).first()
            if tag is None:
                tag = Tag(name=name)
                session.add(tag)
                session.flush()
            if session.get(Tagging, (tag.id, entity, entity_id)) is None:
                session.add(Tagging(tag_id=tag.id, entity=entity, entity_id=entity_id))

    def add_tags(self, entity: str, entity_id: int, names: Iterable[str]) -> list[str]:
        """Attach tags to an entry; returns all its tags."""
        with self._write() as session:
            self._set_tags(session, entity, entity_id, names)
        return self.tags_for(entity, entity_id)

    def remove_tag(self, entity: str, entity_id: int, name: str) -> None:
        """Take one tag off an entry."""
        with self._write() as session:
            tag = session.exec(select(Tag).where(Tag.name == normalise_tag(name))).first()
            if tag is not None:
                link = session.get(Tagging, (tag.id, entity, entity_id))
                if link is not None:
                    session.delete(link)

    def tags_for(self, entity: str, entity_id: int) -> list[str]:
        """An entry's tags, alphabetically."""
        with self._read() as session:
            query = (
                select(Tag.name)
                .join(Tagging, col(Tagging.tag_id) == col(Tag.id))
                .where(Tagging.entity == entity, Tagging.entity_id == entity_id)
                .order_by(col(Tag.name))
            )
            return list(session.exec(query))

    def list_tags(self) -> list[str]:
        """Every tag in the notebook, alphabetically."""
        with self._read() as session:
            return list(session.exec(select(Tag.name).order_by(col(Tag.name))))
