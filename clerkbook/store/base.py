"""The session plumbing every part of the store shares."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
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
        # The batch session, per thread: app workers must never share one.
        self._local = threading.local()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run several store calls as one transaction: all of them are saved, or none.

        Used where a half-done job would be worse than none (filling the demo,
        importing). Calls in the block see each other's changes.
        """
        if getattr(self._local, "session", None) is not None:
            yield
            return
        with Session(self._writer, expire_on_commit=False) as session:
            with session.begin():
                self._local.session = session
                try:
                    yield
                finally:
                    self._local.session = None

    @contextmanager
    def _read(self) -> Iterator[Session]:
        active = getattr(self._local, "session", None)
        if active is not None:
            yield active
            return
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        active = getattr(self._local, "session", None)
        if active is not None:
            yield active
            # Give new rows their ids now; the batch commits at its end.
            active.flush()
            return
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
    def _touch(row, at: datetime | None = None) -> None:
        row.updated_at = moment(at)


def moment(at: datetime | None) -> datetime:
    """``at`` if given (it must be timezone-aware), else now.

    Store methods take ``at`` so that imports and the demo can write entries
    with their real past moments; everyday callers leave it out.
    """
    if at is None:
        return utcnow()
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput("A moment needs a time zone.")
    return at


def stamps(at: datetime | None) -> dict[str, datetime]:
    """created_at and updated_at both set to :func:`moment` of ``at``."""
    when = moment(at)
    return {"created_at": when, "updated_at": when}


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
