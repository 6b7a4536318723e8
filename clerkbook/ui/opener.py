"""Open any entry by kind and id: notes, reflections and days of the daily log in their editors; procedures,
feedback, letters and contacts on the clerkship screen, their tab shown and their row selected; the rest in a
text dialog.

Used by search (and anything else that lists entries of mixed kinds). The entry is read in a thread worker;
the dialog or editor opens on the UI thread.
"""

from __future__ import annotations

from clerkbook.store.errors import NotebookError

#: The kinds of entry shown as rows of the clerkship screen's logs.
CLERKSHIP_KINDS = ("procedure", "feedback", "letter", "contact")


def open_entry(app, kind: str, entry_id: int) -> None:
    """Open entry ``entry_id`` of ``kind`` (a kind of :data:`clerkbook.store.search.KIND_CODES`)."""
    if kind == "note":
        app.open_note(entry_id)
        return
    if kind in CLERKSHIP_KINDS:
        app.open_clerkship(kind, entry_id)
        return

    def read() -> None:
        notebook = app.notebook
        try:
            if kind == "reflection":
                week = notebook.week_for_id(entry_id)
                app.call_from_thread(app.open_reflection, week)
            elif kind == "daily_entry":
                # The editor works by day; a notebook holds one entry a day, a few hundred at most.
                day = next((entry.entry_date for entry in notebook.list_daily() if entry.id == entry_id), None)
                if day is None:
                    app.call_from_thread(app.notify, "That day of the daily log was deleted.", severity="warning")
                else:
                    app.call_from_thread(app.open_daily, day)
            elif kind == "todo":
                app.call_from_thread(_edit, app, kind, entry_id, notebook.get_todo(entry_id).text)
            elif kind == "teaching_point":
                app.call_from_thread(_edit, app, kind, entry_id, notebook.get_point(entry_id).text)
            elif kind == "question":
                question = notebook.get_question(entry_id)
                app.call_from_thread(_edit, app, kind, entry_id, question.answer, question.text)
        except NotebookError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error")

    app.run_worker(read, thread=True, group="open-entry")


def _edit(app, kind: str, entry_id: int, text: str, question: str = "") -> None:
    from clerkbook.ui.dialogs.text_prompt import TextPrompt, answer_draft, point_draft

    def saved(value: str | None) -> None:
        if value is None or value == text:
            return
        if kind == "todo":
            app.submit(lambda nb: nb.update_todo(entry_id, text=value))
        elif kind == "teaching_point":
            app.submit(lambda nb: nb.update_point(entry_id, text=value))
        else:
            app.submit(lambda nb: nb.answer_question(entry_id, value))

    if kind == "question":
        app.push_screen(TextPrompt(question, "Answer", text, multiline=True, draft=answer_draft(entry_id)), saved)
    else:
        title = "To-do" if kind == "todo" else "Teaching point"
        # A to-do is one line and keeps no draft; a point is keyed by its id, never by the shared title.
        draft = point_draft(entry_id) if kind == "teaching_point" else None
        app.push_screen(TextPrompt(title, "Text", text, multiline=kind != "todo", draft=draft), saved)
