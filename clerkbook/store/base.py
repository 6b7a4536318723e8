"""The session plumbing every part of the store shares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from clerkbook.models import utcnow
from clerkbook.store.engine import writer
from clerkbook.store.errors import InvalidInput, NotFound


class StoreBase:
    """Holds the engine; gives short read and write transactions."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._writer = writer(engine)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        # One short IMMEDIATE transaction per call: committed on success, rolled
        # back entirely on any error, so nothing is ever half-written.
        with Session(self._writer, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @staticmethod
    def _get(session: Session, model: type, entry_id: int, what: str):
        row = session.get(model, entry_id)
        if row is None:
            raise NotFound(f"No {what} with id {entry_id}.")
        return row

    @staticmethod
    def _touch(row) -> None:
        row.updated_at = utcnow()


def clean_text(value: str | None, what: str, *, required: bool = True) -> str:
    """Strip ``value``; refuse an empty one when it is required."""
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"{what} is empty.")
    return text


def parse_choice(enum_cls, value, what: str):
    """``value`` as a member of ``enum_cls``, or a one-line error listing the choices."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum_cls)
        raise InvalidInput(f"Unknown {what} '{value}': use one of {choices}.") from None
