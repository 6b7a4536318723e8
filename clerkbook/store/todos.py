"""Patient to-dos: labs to follow, imaging to check, consults to see."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, func, or_, select

from clerkbook.models import Patient, Todo, TodoKind
from clerkbook.store.base import StoreBase, clean_text, moment, parse_choice, stamps
from clerkbook.store.errors import InvalidInput

_UNSET = object()


def _aware(value: datetime | None, what: str) -> datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise InvalidInput(f"{what} needs a time zone.")
    return value


class TodosMixin(StoreBase):
    """Adding, listing, completing, reordering and deleting to-dos."""

    def add_todo(
        self,
        text: str,
        *,
        kind: TodoKind | str = TodoKind.TASK,
        patient_id: int | None = None,
        due_at: datetime | None = None,
        rotation_id: int | None = None,
        at: datetime | None = None,
    ) -> Todo:
        """Add a to-do at the end of the rotation's list (the patient's rotation if one is given)."""
        text = clean_text(text, "To-do text")
        kind = parse_choice(TodoKind, kind, "kind")
        _aware(due_at, "Due time")
        with self._write() as session:
            if patient_id is not None:
                patient = self._get(session, Patient, patient_id, "patient")
                rotation_id = patient.rotation_id
            elif rotation_id is None:
                rotation_id = self.require_current_rotation().id
            last = session.exec(select(func.max(Todo.position)).where(Todo.rotation_id == rotation_id)).one()
            todo = Todo(
                rotation_id=rotation_id,
                patient_id=patient_id,
                text=text,
                kind=kind,
                due_at=due_at,
                position=(last or 0) + 1,
                **stamps(at),
            )
            session.add(todo)
        return todo

    def get_todo(self, todo_id: int) -> Todo:
        """The to-do with this id."""
        with self._read() as session:
            return self._get(session, Todo, todo_id, "to-do")

    def list_todos(self, *, rotation_id: int | None = None, include_done: bool = False,
                   done_since: datetime | None = None) -> list[Todo]:
        """The rotation's to-dos: open ones first, soonest due first (so overdue lead), undated last.

        ``include_done`` adds every done to-do; ``done_since`` only those done since then.
        """
        rotation_id = self._rotation_id(rotation_id)
        query = select(Todo).where(Todo.rotation_id == rotation_id)
        if done_since is not None and not include_done:
            query = query.where(or_(col(Todo.done_at).is_(None), col(Todo.done_at) >= done_since))
        elif not include_done:
            query = query.where(col(Todo.done_at).is_(None))
        query = query.order_by(
            col(Todo.done_at).is_not(None),
            col(Todo.due_at).is_(None),
            col(Todo.due_at),
            col(Todo.position),
            col(Todo.id),
        )
        with self._read() as session:
            return list(session.exec(query))

    def complete_todo(self, todo_id: int, *, when: datetime | None = None) -> Todo:
        """Mark a to-do done (at ``when``, default now). Completing a done to-do keeps its first time."""
        with self._write() as session:
            todo = self._get(session, Todo, todo_id, "to-do")
            if todo.done_at is None:
                todo.done_at = moment(when)
                self._touch(todo, when)
                session.add(todo)
        return todo

    def reopen_todo(self, todo_id: int) -> Todo:
        """Mark a done to-do as open again."""
        with self._write() as session:
            todo = self._get(session, Todo, todo_id, "to-do")
            todo.done_at = None
            self._touch(todo)
            session.add(todo)
        return todo

    def update_todo(
        self,
        todo_id: int,
        *,
        text: str | None = None,
        kind: TodoKind | str | None = None,
        due_at: datetime | None | object = _UNSET,
        patient_id: int | None | object = _UNSET,
    ) -> Todo:
        """Change a to-do's text, kind, due time (None clears it) or patient (None makes it general)."""
        with self._write() as session:
            todo = self._get(session, Todo, todo_id, "to-do")
            if text is not None:
                todo.text = clean_text(text, "To-do text")
            if kind is not None:
                todo.kind = parse_choice(TodoKind, kind, "kind")
            if due_at is not _UNSET:
                todo.due_at = _aware(due_at, "Due time")
            if patient_id is not _UNSET:
                if patient_id is not None:
                    self._get(session, Patient, patient_id, "patient")
                todo.patient_id = patient_id
            self._touch(todo)
            session.add(todo)
        return todo

    def move_todo(self, todo_id: int, offset: int) -> Todo:
        """Move a to-do up (negative) or down among the open to-dos of the same patient group."""
        with self._write() as session:
            todo = self._get(session, Todo, todo_id, "to-do")
            siblings = list(
                session.exec(
                    select(Todo)
                    .where(
                        Todo.rotation_id == todo.rotation_id,
                        Todo.patient_id == todo.patient_id if todo.patient_id else col(Todo.patient_id).is_(None),
                        col(Todo.done_at).is_(None),
                    )
                    .order_by(col(Todo.position), col(Todo.id))
                )
            )
            if todo not in siblings:
                return todo
            index = siblings.index(todo)
            target = max(0, min(len(siblings) - 1, index + offset))
            if target == index:
                return todo
            siblings.insert(target, siblings.pop(index))
            # Renumber the group; positions only need to be ordered, not dense.
            base = min(item.position for item in siblings)
            for number, item in enumerate(siblings):
                if item.position != base + number:
                    item.position = base + number
                    session.add(item)
            self._touch(todo)
        return todo

    def delete_todo(self, todo_id: int) -> Todo:
        """Delete a to-do and return it as it was, so the caller can offer undo."""
        with self._write() as session:
            todo = self._get(session, Todo, todo_id, "to-do")
            session.delete(todo)
        return todo

    def restore_todo(self, todo: Todo) -> Todo:
        """Put back a to-do returned by :meth:`delete_todo`, with its id and history."""
        with self._write() as session:
            restored = Todo.model_validate(todo.model_dump())
            session.add(restored)
        return restored
